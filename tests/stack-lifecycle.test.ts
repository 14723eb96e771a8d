import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startStackScript } from './helpers/stack-script.js';
import { isAlive } from '../harness/process/managed-process.js';
import { isLogtoInstallation } from '../harness/stack/local/logto-installation.js';
import { noLogtoMessage } from '../harness/stack/logto-stack.js';
import { findReusableStack } from '../harness/stack/stack-registry.js';
import { descendants } from './helpers/processes.js';
import { stackSettingsOf } from './helpers/settings-of.js';

const settings = stackSettingsOf();

/**
 * A checkout as a new user makes one: under a 0700 directory whose path has spaces (as root,
 * Postgres runs as another user, who cannot traverse it). Hard links: instant, no extra space.
 */
function checkoutIn0700Dir(): { dir: string; checkout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'logto e2e 0700 '));
  chmodSync(dir, 0o700);
  const checkout = join(dir, 'my project');
  mkdirSync(checkout);
  const leaveOut = new Set([
    '.git',
    'test-results',
    'playwright-report',
    'blob-report',
    'stack-logs',
    '.stack',
    '.env',
  ]);
  for (const entry of readdirSync('.').filter((e) => !leaveOut.has(e))) {
    const copy = spawnSync('cp', ['-al', entry, join(checkout, entry)]);
    if (copy.status !== 0) throw new Error(`could not copy ${entry}: ${copy.stderr.toString()}`);
  }
  return { dir, checkout };
}

/** `npm run stack` (local) in `cwd`, ready; its temp dirs go to `temp` (to check none is left). */
async function startLocalStackScript(cwd: string, dir: string, temp: string, env: NodeJS.ProcessEnv = {}) {
  const { child, record } = await startStackScript(cwd, dir, { TMPDIR: temp, E2E_STACK: 'local', ...env });
  const pids = descendants(child.pid ?? -1);
  expect(pids.length, 'Postgres, Logto, Dovecot and the SES emulator run').toBeGreaterThanOrEqual(4);
  return { child, record, pids };
}

/** A temp root reachable by other users (as /tmp is). */
function tempRoot(): string {
  const temp = mkdtempSync(join(tmpdir(), 'logto-e2e-tmp-'));
  chmodSync(temp, 0o755);
  return temp;
}

/** The harness's own temp dirs left in `temp` (tsx keeps its compile cache there too). */
const leftIn = (temp: string) => readdirSync(temp).filter((d) => d.startsWith('logto-e2e-'));

test('npm run stack from a checkout under a 0700 dir with spaces: starts, and Ctrl-C stops every process it started', async () => {
  test.skip(!isLogtoInstallation(settings.LOGTO_HOME), noLogtoMessage);
  test.setTimeout(180_000);
  const { dir, checkout } = checkoutIn0700Dir();
  const temp = tempRoot();
  let child: ChildProcess | undefined;
  try {
    const started = await startLocalStackScript(checkout, dir, temp, {
      // A normal user's PATH: no /usr/sbin, where Dovecot lives.
      PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    });
    child = started.child;
    expect(existsSync(started.record)).toBe(true);
    const reuse = await findReusableStack(started.record);
    expect(reuse.reusable?.mode, 'a test run would reuse it').toBe('local');

    child.kill('SIGINT');
    await once(child, 'exit');
    await expect.poll(() => started.pids.filter(isAlive), { timeout: 5000, intervals: [50] }).toEqual([]);
    expect(existsSync(started.record)).toBe(false);
    expect(leftIn(temp), 'temp dirs left behind').toEqual([]);
  } finally {
    if (child?.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
  }
});

test('SIGKILL of the process that started the stack: the reaper stops every process and removes every temp dir', async () => {
  test.skip(!isLogtoInstallation(settings.LOGTO_HOME), noLogtoMessage);
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-sigkill-'));
  const temp = tempRoot();
  let child: ChildProcess | undefined;
  try {
    const started = await startLocalStackScript(process.cwd(), dir, temp);
    child = started.child;
    expect(leftIn(temp).length, 'Postgres and the mail sink have temp dirs').toBeGreaterThanOrEqual(2);
    child.kill('SIGKILL'); // no handler, no exit hook runs
    await once(child, 'exit');
    await expect.poll(() => started.pids.filter(isAlive), { timeout: 10_000, intervals: [50] }).toEqual([]);
    await expect.poll(() => leftIn(temp), { timeout: 5000, intervals: [50] }).toEqual([]);
  } finally {
    if (child?.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
  }
});

test('a stale stack record (its process gone) is detected, said so and removed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-stale-'));
  const record = join(dir, 'stack.json');
  try {
    // A PID that is certainly gone: a child that has already exited.
    const gone = spawn(process.execPath, ['-e', '0']);
    await once(gone, 'exit');
    writeFileSync(
      record,
      JSON.stringify({
        pid: gone.pid,
        info: { mode: 'local', logto: { endpoint: 'http://127.0.0.1:9' }, app: { url: 'http://127.0.0.1:9' } },
      }),
    );
    const reuse = await findReusableStack(record);
    expect(reuse.reusable).toBeUndefined();
    expect(reuse.note).toContain(`is stale (its process ${gone.pid} is gone); starting a new one`);
    expect(existsSync(record)).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
