import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../fixtures/process/free-port.js';
import { waitUntil } from '../fixtures/process/wait.js';
import { postgresBuild, startPostgresCluster } from '../fixtures/stack/local/postgres-cluster.js';
import { SeedSnapshotStore, seedSnapshotKey } from '../fixtures/stack/local/seed-snapshot.js';

/**
 * The yardstick for a cold local stack: Logto's own boot with nothing else going on, spawned
 * bare (`node .` in packages/core, as its docs run it) on a database that is up already (a copy
 * of the seed snapshot), from spawn to /api/status 204, polled every 5 ms. Undefined when there
 * is no snapshot to start from.
 */
export async function measureLogtoAlone(o: {
  logtoHome: string;
  node: string;
  seedCacheDir: string | undefined;
}): Promise<number | undefined> {
  if (!o.seedCacheDir) return undefined;
  const snapshot = new SeedSnapshotStore(o.seedCacheDir).find(seedSnapshotKey(o.logtoHome, await postgresBuild()));
  if (!snapshot) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-bench-logto-'));
  const postgres = await startPostgresCluster({
    logFile: join(dir, 'postgres.log'),
    path: process.env.PATH,
    startTimeoutMs: 60_000,
    from: snapshot,
  });
  const [port, adminPort] = await freePorts(2);
  const endpoint = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const logto = spawn(o.node, ['.'], {
    cwd: join(o.logtoHome, 'packages/core'),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DB_URL: postgres.urlFor('logto'),
      ENDPOINT: endpoint,
      ADMIN_ENDPOINT: `http://127.0.0.1:${adminPort}`,
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
    },
    stdio: 'ignore',
  });
  try {
    await waitUntil(
      `Logto alone at ${endpoint}/api/status to answer 204`,
      async () =>
        (await fetch(`${endpoint}/api/status`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined))
          ?.status === 204
          ? true
          : undefined,
      { timeoutMs: 120_000, intervalMs: 5, abort: () => (logto.exitCode === null ? undefined : 'Logto exited') },
    );
    return Math.round(performance.now() - started);
  } finally {
    if (logto.exitCode === null && logto.signalCode === null) {
      const exited = once(logto, 'exit');
      logto.kill('SIGKILL');
      await exited;
    }
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
