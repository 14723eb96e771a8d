import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { expect, test } from '@playwright/test';

// This test makes its own trace; Playwright's would be in the way.
test.use({ trace: 'off' });

test('npm run trace serves the trace viewer where only a system Chromium exists, and it shows the trace', async ({
  browser,
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-trace-'));
  let viewer: ChildProcessByStdio<null, Readable, Readable> | undefined;
  try {
    const zip = join(dir, 'trace.zip');
    const traced = await browser.newContext();
    await traced.tracing.start({ snapshots: true });
    const tracedPage = await traced.newPage();
    await tracedPage.setContent('<h1>a traced page</h1>');
    await traced.tracing.stop({ path: zip });
    await traced.close();

    const started = spawn(process.execPath, ['--import', 'tsx', 'scripts/show-trace.ts', zip], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    viewer = started;
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      started.stdout.on('data', (c: Buffer) => {
        output += c.toString();
        const served = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
        if (served) resolve(served);
      });
      started.stderr.on('data', (c: Buffer) => (output += c.toString()));
      started.once('exit', (code) => reject(new Error(`the viewer exited (${code}):\n${output}`)));
    });
    await page.goto(url);
    await expect(page.getByText('Set content').first()).toBeVisible();
  } finally {
    try {
      if (viewer?.pid) process.kill(-viewer.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
