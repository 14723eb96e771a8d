import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePorts,
  logtoServer,
  loopbackOnlyNodeArgs,
  ManagedProcess,
  postgresBuild,
  removeDirOnExit,
  seedSnapshotKey,
  SeedSnapshotStore,
  startPostgresCluster,
  waitUntil,
} from '../harness/index.js';

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
  const forgetDir = removeDirOnExit(dir);
  const postgres = await startPostgresCluster({
    logFile: join(dir, 'postgres.log'),
    path: process.env.PATH,
    startTimeoutMs: 60_000,
    from: snapshot,
  });
  let logto: ManagedProcess | undefined;
  try {
    const [port = 0, adminPort = 0] = await freePorts(2);
    const server = logtoServer({ port, adminPort, dbUrl: postgres.urlFor('logto') });
    const started = performance.now();
    const booting = new ManagedProcess({
      name: 'logto (alone)',
      command: o.node,
      args: [...loopbackOnlyNodeArgs, '.'],
      cwd: join(o.logtoHome, 'packages/core'),
      env: server.env,
      logFile: join(dir, 'logto.log'),
    });
    logto = booting;
    await waitUntil(
      `Logto alone at ${server.endpoint}/api/status to answer 204`,
      async () =>
        (await fetch(`${server.endpoint}/api/status`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined))
          ?.status === 204
          ? true
          : undefined,
      {
        timeoutMs: 120_000,
        intervalMs: 5,
        abort: () => (booting.running ? undefined : `Logto ${booting.exitDescription}:\n${booting.tail(15)}`),
      },
    );
    return Math.round(performance.now() - started);
  } finally {
    await logto?.stop();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
    forgetDir();
  }
}
