import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { freePort, readHarnessSettings } from '../harness/index.js';

/**
 * `npm run trace -- <trace.zip>`: Playwright's trace viewer where only a system Chromium
 * exists (`npx playwright show-trace` wants Playwright's own browser and fails there). It
 * serves the viewer on 127.0.0.1 and prints the URL; with a display, it opens it in
 * CHROMIUM_PATH. With Playwright's browser installed it is plain `show-trace`.
 */
const zip = process.argv[2];
if (!zip || !existsSync(zip)) {
  console.error(`Usage: npm run trace -- <path to trace.zip>${zip ? ` (${zip} does not exist)` : ''}`);
  process.exit(1);
}
const { CHROMIUM_PATH } = readHarnessSettings();
const bundled = (() => {
  try {
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
})();
const port = await freePort();
const viewer = spawn(
  'npx',
  ['playwright', 'show-trace', ...(bundled ? [] : ['--host', '127.0.0.1', '--port', String(port)]), zip],
  { stdio: 'inherit', env: { ...process.env, BROWSER: 'none' } },
);
if (!bundled) {
  const url = `http://127.0.0.1:${port}`;
  console.log(`Trace viewer: ${url}  (open it in any browser; Ctrl-C stops it)`);
  if (process.env.DISPLAY && existsSync(CHROMIUM_PATH)) {
    spawn(CHROMIUM_PATH, [`--app=${url}`, '--no-first-run'], { stdio: 'ignore', detached: true }).unref();
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => viewer.kill(signal));
viewer.on('exit', (code) => process.exit(code ?? 0));
