import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { freePorts } from '../harness/process/free-port.js';
import { isAlive, ManagedProcess, SpawnError } from '../harness/process/managed-process.js';
import { findSystemBinary } from '../harness/process/system-binary.js';
import { navigateRetryingNetworkChange } from '../fixtures/pages/network-retry.js';

test('a program that cannot be started is one line naming the part, the command and what to do', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-spawn-'));
  try {
    const notExecutable = join(dir, 'not-executable');
    writeFileSync(notExecutable, '#!/bin/sh\n', { mode: 0o644 });
    for (const [command, says] of [
      [notExecutable, 'is not executable or not reachable by the user it runs as (EACCES)'],
      [join(dir, 'missing'), 'was not found (ENOENT)'],
    ] as const) {
      const proc = new ManagedProcess({
        name: 'the part',
        command,
        args: [],
        logFile: join(dir, 'part.log'),
        hint: 'install the part',
      });
      const error = await proc.started.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SpawnError);
      expect(String((error as Error).message)).toBe(
        `the part could not be started: ${command} ${says}; install the part`,
      );
      expect(proc.running).toBe(false);
      expect(proc.exitDescription).toBe((error as Error).message);
      await proc.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('system programs are found outside PATH where Debian puts them (a normal user has no /usr/sbin)', () => {
  test.skip(
    !findSystemBinary('dovecot', undefined),
    'Dovecot is not installed (bash scripts/bootstrap.sh installs it)',
  );
  expect(findSystemBinary('dovecot', '/usr/local/bin:/usr/bin:/bin')).toMatch(/^\/(usr\/)?(local\/)?sbin\/dovecot$/);
  expect(findSystemBinary('no-such-program-e2e', '/usr/bin:/bin')).toBeUndefined();
});

test('a navigation aborted by a network change is retried once and reported; other failures are not retried', async () => {
  const reported: string[] = [];
  let calls = 0;
  const flaky = async () => {
    calls++;
    if (calls === 1) throw new Error('page.goto: net::ERR_NETWORK_CHANGED at http://127.0.0.1:1/sign-in');
    return 'loaded';
  };
  expect(await navigateRetryingNetworkChange('open /sign-in', flaky, (d) => reported.push(d))).toBe('loaded');
  expect([calls, reported]).toEqual([2, ['open /sign-in: retried once after net::ERR_NETWORK_CHANGED']]);

  calls = 0;
  const alwaysChanging = async () => {
    calls++;
    throw new Error('page.goto: net::ERR_NETWORK_CHANGED');
  };
  await expect(navigateRetryingNetworkChange('open /', alwaysChanging)).rejects.toThrow('ERR_NETWORK_CHANGED');
  expect(calls, 'once, not more').toBe(2);

  calls = 0;
  const refused = async () => {
    calls++;
    throw new Error('page.goto: net::ERR_CONNECTION_REFUSED');
  };
  await expect(navigateRetryingNetworkChange('open /', refused)).rejects.toThrow('ERR_CONNECTION_REFUSED');
  expect(calls, 'never retried').toBe(1);
});

test('a wait in progress keeps the process alive (it does not end with code 0 mid-start)', () => {
  const script = `import { waitUntil } from './harness/process/wait.ts';
await waitUntil('nothing', () => undefined, { timeoutMs: 300, intervalMs: 50 }).catch((e) => console.log(e.message));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  expect(run.stdout.trim()).toBe('Timed out after 300 ms waiting for nothing');
});

test('Ctrl-C of a script with no handler of its own stops what it started, even with a library exit hook listening', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/sink-without-handler.ts'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const { pids, sigintListeners } = JSON.parse(line) as { pids: number[]; sigintListeners: number };
    expect(sigintListeners, 'a library hook listens besides the harness (the case that hung)').toBeGreaterThan(1);
    expect(pids.filter(isAlive).length).toBeGreaterThan(0);
    child.kill('SIGINT');
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    expect(signal ?? code, 'the script ends, by the signal').toBe('SIGINT');
    await expect.poll(() => pids.filter(isAlive), { timeout: 5000, intervals: [50] }).toEqual([]);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

test('free ports: distinct, and below the ephemeral range that outgoing connections draw from (Linux)', async () => {
  const range = existsSync('/proc/sys/net/ipv4/ip_local_port_range')
    ? readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number)
    : undefined;
  test.skip(!range, 'no /proc/sys/net/ipv4/ip_local_port_range here: free ports are the OS’s pick');
  const ports = await freePorts(20);
  expect(new Set(ports).size).toBe(20);
  for (const port of ports) expect(port).toBeLessThan(range?.[0] ?? 0);
});

test('the tail of a process holds a line the moment its output listener sees it, and the last words of one that exits', async () => {
  // A start that fails on a log line reads the tail at once: the CI run that found this read a
  // log file the write stream had not flushed yet and reported "last lines: (empty)".
  const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-tail-'));
  try {
    const stays = new ManagedProcess({
      name: 'stays',
      command: process.execPath,
      args: ['-e', 'console.error("Error while initializing app: boom"); setInterval(() => {}, 1000);'],
      logFile: join(dir, 'stays.log'),
    });
    const seen = await new Promise<string>((resolve) =>
      stays.onOutput((chunk) => {
        if (chunk.includes('initializing')) resolve(stays.tail(5));
      }),
    );
    await stays.stop();
    expect(seen).toContain('Error while initializing app: boom');
    expect(readFileSync(join(dir, 'stays.log'), 'utf8')).toContain('Error while initializing app: boom');

    // Its last words come just after its 'exit' (written by a child once the leader is gone):
    // the exit is recorded once the output has drained, not before.
    const dies = new ManagedProcess({
      name: 'dies',
      command: 'sh',
      args: ['-c', '(while kill -0 $$ 2>/dev/null; do :; done; echo last words >&2) & exit 3'],
      logFile: join(dir, 'dies.log'),
    });
    await dies.exited;
    expect(dies.tail(3)).toBe('last words\n\n[harness] dies exited with code 3');
    await dies.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
