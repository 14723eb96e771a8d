import { pathAndHome } from '../../config/child-env.js';
import type { M2mCredentials } from '../../logto-admin/management-api.js';
import { ManagedProcess } from '../../process/managed-process.js';
import { waitUntil } from '../../process/wait.js';
import type { LogtoStack } from '../logto-stack.js';
import type { DatabaseGate } from './database-gate.js';
import type { LocalRun } from './local-run.js';
import { holdingInstallation } from './logto-cli.js';
import type { LogtoInstallation } from './logto-installation.js';
import { loopbackOnlyNodeArgs } from './loopback-only.js';
import type { RunningPostgres } from './postgres-cluster.js';

/**
 * How Logto's server is run on 127.0.0.1 ports: its endpoints and its environment, which holds
 * only what Logto needs (the harness's own settings, AWS keys say, stay out).
 */
export function logtoServer(o: { port: number; adminPort: number; dbUrl: string; sesEndpoint?: string | undefined }): {
  endpoint: string;
  adminEndpoint: string;
  env: NodeJS.ProcessEnv;
} {
  const endpoint = `http://127.0.0.1:${o.port}`;
  const adminEndpoint = `http://127.0.0.1:${o.adminPort}`;
  return {
    endpoint,
    adminEndpoint,
    env: {
      ...pathAndHome(),
      NODE_ENV: 'production',
      DB_URL: o.dbUrl,
      ENDPOINT: endpoint,
      ADMIN_ENDPOINT: adminEndpoint,
      PORT: String(o.port),
      ADMIN_PORT: String(o.adminPort),
      ...(o.sesEndpoint ? { AWS_ENDPOINT_URL_SESV2: o.sesEndpoint } : {}),
    },
  };
}

export interface BootedLogto {
  process: ManagedProcess;
  endpoint: string;
  adminEndpoint: string;
  m2m: M2mCredentials;
}

/**
 * Logto on the given ports, and the M2M app in its database meanwhile, until /api/status
 * answers 204. Holds the installation lock until then: Logto's alteration check rewrites files
 * in the installation that another booting Logto is reading. Logto is stopped on failure.
 */
export async function bootLogto(
  run: LocalRun,
  installation: LogtoInstallation,
  o: {
    ports: number[];
    dbUrl: string;
    gate: DatabaseGate | undefined;
    onSpawned?: () => void;
    createM2m: () => Promise<M2mCredentials>;
    /** Another part of the start failed: give up at once. */
    abort: AbortSignal | undefined;
  },
): Promise<BootedLogto> {
  const [port = 0, adminPort = 0] = o.ports;
  const server = logtoServer({ port, adminPort, dbUrl: o.dbUrl, sesEndpoint: run.options.sesEndpoint });
  const { endpoint, adminEndpoint } = server;
  const env = { ...server.env, ...o.gate?.env };
  const spawned: { logto?: ManagedProcess } = {};
  try {
    const { started, m2m, logto } = await holdingInstallation(installation, run.startTimeoutMs, async () => {
      o.abort?.throwIfAborted();
      const started = performance.now();
      const booting = new ManagedProcess({
        name: 'logto',
        command: installation.node,
        args: [...loopbackOnlyNodeArgs, ...(o.gate?.nodeArgs ?? []), '.'],
        cwd: installation.coreDir,
        env,
        logFile: run.log('logto.log'),
        hint: 'set LOGTO_NODE to a Node ^22.14 binary',
      });
      spawned.logto = booting;
      await booting.started;
      o.onSpawned?.();
      // Logto logs a failed start and stays up without listening: that is the end of the wait too.
      let initFailed = false;
      booting.onOutput((chunk) => {
        if (chunk.includes('Error while initializing app')) initFailed = true;
      });
      const [m2mResult, ready] = await Promise.allSettled([
        run.timed('m2m', o.createM2m),
        waitUntil(
          `Logto at ${endpoint}/api/status to answer 204`,
          async () =>
            (await fetch(`${endpoint}/api/status`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined))
              ?.status === 204
              ? true
              : undefined,
          {
            timeoutMs: run.startTimeoutMs,
            intervalMs: 50,
            abort: () => {
              if (o.abort?.aborted) return `the start failed elsewhere (${String(o.abort.reason)})`;
              if (!booting.running)
                return `Logto ${booting.exitDescription}; last lines of its log:\n${booting.tail(15)}`;
              return initFailed ? `Logto could not start; last lines of its log:\n${booting.tail(15)}` : undefined;
            },
            seen: () => `no 204; last lines of Logto's log:\n${booting.tail(10)}`,
          },
        ),
      ]);
      if (ready.status === 'rejected' || m2mResult.status === 'rejected') {
        // Stopped while the lock is held: a Logto still in its alteration check when the next
        // boot takes the lock breaks that boot (EEXIST in packages/cli/alteration-scripts).
        await booting.stop();
        // Logto's own failure explains more than a failed insert into its database.
        throw ready.status === 'rejected' ? ready.reason : (m2mResult as PromiseRejectedResult).reason;
      }
      return { started, m2m: m2mResult.value, logto: booting };
    });
    run.timings.logtoBoot = Math.round(performance.now() - started);
    run.options.progress?.(`  logtoBoot: ${run.timings.logtoBoot} ms (Logto answers at ${endpoint})`);
    return { process: logto, endpoint, adminEndpoint, m2m };
  } catch (error) {
    await spawned.logto?.stop();
    throw error;
  }
}

/** The booted Logto and its Postgres as the stack's Logto (stopped together). */
export function localStack(run: LocalRun, logto: BootedLogto, db: RunningPostgres): LogtoStack {
  return {
    mode: 'local',
    endpoint: logto.endpoint,
    adminEndpoint: logto.adminEndpoint,
    tenantId: 'default',
    resource: 'https://default.logto.app/api',
    m2m: logto.m2m,
    secrets: [db.password],
    logs: [
      { name: 'logto.log', path: logto.process.logFile },
      // A stack from the seed snapshot ran no seed.
      ...(run.timings.seed === undefined ? [] : [{ name: 'logto-seed.log', path: run.log('logto-seed.log') }]),
      { name: 'postgres.log', path: db.logFile },
    ],
    timings: run.timings,
    stop: async () => {
      await logto.process.stop();
      await db.stop();
    },
  };
}
