import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { chromiumLaunchOptions, headedRun, readHarnessSettings } from '../harness/index.js';

const bundled = (() => {
  try {
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
})();

test.describe('which Chromium a run uses', () => {
  test.skip(bundled, "Playwright's own Chromium is installed here, and it is always the one used");

  test('headless: the headless shell when it exists, else the full browser; headed: the full browser', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-browser-'));
    try {
      const shell = join(dir, 'chromium-headless-shell');
      const full = join(dir, 'chromium');
      writeFileSync(shell, '');
      writeFileSync(full, '');
      const env = { CHROMIUM_HEADLESS_PATH: shell, CHROMIUM_PATH: full };
      expect(chromiumLaunchOptions(readHarnessSettings(env)).executablePath).toBe(shell);
      expect(chromiumLaunchOptions(readHarnessSettings(env), { headed: true }).executablePath).toBe(full);
      rmSync(shell);
      expect(chromiumLaunchOptions(readHarnessSettings(env)).executablePath).toBe(full);
      rmSync(full);
      expect(() => chromiumLaunchOptions(readHarnessSettings(env))).toThrow(
        /^No Chromium: .*CHROMIUM_PATH=.* does not exist/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('a headed run is known from the runner’s command line, and in its workers from what the runner left them', () => {
  const runnerEnv: NodeJS.ProcessEnv = {};
  expect(headedRun(['node', 'playwright', 'test'], runnerEnv)).toBe(false);
  expect(headedRun(['node', 'playwright', 'test', '--headed'], runnerEnv)).toBe(true);
  // A worker: no command line, the runner's environment.
  expect(headedRun(['node', 'worker'], { ...runnerEnv })).toBe(true);
  expect(headedRun(['node', 'worker'], { PWDEBUG: '1' })).toBe(true);
});
