import { join } from 'node:path';
import { pathAndHome } from '../../config/child-env.js';
import type { PostgresOptions } from './postgres-cluster.js';

export interface LocalLogtoOptions {
  logtoHome: string;
  /** The Node that runs Logto (^22.14). */
  node: string;
  /** The mail sink's SES endpoint (it may still be starting: Logto sends only later); undefined for real SES. */
  sesEndpoint: string | undefined;
  logDir: string;
  startTimeoutMs?: number;
  /** Each phase as it completes (a first run that takes a while is never silent). */
  progress?: (line: string) => void;
  /** Where seeded databases are kept for later stacks (LOGTO_SEED_CACHE); undefined seeds every time. */
  seedCacheDir?: string;
  /** Logto's database is up (or its start failed): what else the stack starts may go now. */
  onDatabaseUp?: () => void;
}

/** What one start shares between its steps: options, the timings it reports, its log paths. */
export interface LocalRun {
  options: LocalLogtoOptions;
  startTimeoutMs: number;
  timings: Record<string, number>;
  /** `name` may be decided by the work (a function read once it ends). */
  timed<T>(name: string | (() => string), work: () => Promise<T>): Promise<T>;
  log(name: string): string;
  pgOptions: PostgresOptions;
}

export function localRun(options: LocalLogtoOptions): LocalRun {
  const timings: Record<string, number> = {};
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const log = (name: string) => join(options.logDir, name);
  return {
    options,
    startTimeoutMs,
    timings,
    log,
    timed: async (name, work) => {
      const started = performance.now();
      try {
        return await work();
      } finally {
        const phase = typeof name === 'string' ? name : name();
        timings[phase] = Math.round(performance.now() - started);
        options.progress?.(`  ${phase}: ${timings[phase]} ms`);
      }
    },
    pgOptions: { logFile: log('postgres.log'), path: pathAndHome().PATH, startTimeoutMs },
  };
}
