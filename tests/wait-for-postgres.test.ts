import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { freePorts } from '../harness/process/free-port.js';
import { startPostgresCluster } from '../harness/stack/local/postgres-cluster.js';

// The script Logto's container runs before Logto, so that both start together (containers mode).
// Checked here against a real Postgres, with no container runtime needed.
const script = fileURLToPath(new URL('../docker/logto/wait-for-postgres.mjs', import.meta.url));
const run = (...args: string[]) => promisify(execFile)(process.execPath, [script, ...args]);

test('wait-for-postgres: done once Postgres takes a login', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-wait-pg-'));
  const postgres = await startPostgresCluster({
    logFile: join(dir, 'postgres.log'),
    path: process.env.PATH,
    startTimeoutMs: 60_000,
  });
  try {
    await expect(run('127.0.0.1', String(postgres.port), '10000')).resolves.toMatchObject({ stderr: '' });
  } finally {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('wait-for-postgres: nothing listening → exit 1 at its deadline, saying what it saw', async () => {
  const [port] = await freePorts(1);
  await expect(run('127.0.0.1', String(port), '300')).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining(`127.0.0.1:${port} took no login within 300 ms (last: ECONNREFUSED)`),
  });
});
