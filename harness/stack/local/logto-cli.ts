import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { pathAndHome } from '../../config/child-env.js';
import { ManagedProcess } from '../../process/managed-process.js';
import type { LogtoInstallation } from './logto-installation.js';

/**
 * Logto's CLI rewrites `packages/cli/alteration-scripts` inside the installation on every
 * seed, and Logto's core does the same at every boot (its alteration check), so two of them
 * from one installation at once break each other (EEXIST): one at a time, across processes,
 * through a lock beside that folder (`alteration-scripts.lock`, removed on release). Not in the
 * temp dir: every process on this installation must meet the same lock, whatever its TMPDIR
 * (a run with a TMPDIR of its own once booted beside another and both broke). `work` runs once
 * the lock is held.
 */
export async function holdingInstallation<T>(
  installation: LogtoInstallation,
  waitMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const lockTarget = join(installation.home, 'packages', 'cli', 'alteration-scripts');
  const release = await lockfile.lock(lockTarget, {
    realpath: false, // nothing to create but the lock itself, removed on release
    stale: 30_000,
    // Waits as long as Logto may take to start (LOGTO_START_TIMEOUT_MS): another holder is that much.
    retries: { retries: Math.ceil(waitMs / 75), minTimeout: 50, maxTimeout: 100 },
  });
  try {
    return await work();
  } finally {
    await release();
  }
}

export async function runSeed(installation: LogtoInstallation, dbUrl: string, logFile: string): Promise<void> {
  await runCli(
    installation,
    ['db', 'seed', '--swe'],
    { DB_URL: dbUrl },
    logFile,
    "Seeding the database with Logto's CLI (db seed --swe)",
  );
}

export async function linkConnectors(installation: LogtoInstallation, logFile: string): Promise<void> {
  await runCli(
    installation,
    ['connector', 'link', '-p', installation.home],
    {},
    logFile,
    'Linking the connectors (connector link)',
  );
}

async function runCli(
  installation: LogtoInstallation,
  args: string[],
  extraEnv: NodeJS.ProcessEnv,
  logFile: string,
  what: string,
): Promise<void> {
  const proc = new ManagedProcess({
    name: `logto-cli ${args.join(' ')}`,
    command: installation.node,
    args: [installation.cli, ...args],
    cwd: installation.home,
    env: { ...pathAndHome(), ...extraEnv },
    logFile,
    hint: 'set LOGTO_NODE to a Node ^22.14 binary',
  });
  await proc.started;
  const timeout = setTimeout(() => void proc.stop(0), 120_000);
  const { code, signal } = await proc.exited;
  clearTimeout(timeout);
  await proc.stop();
  if (code !== 0) {
    throw new Error(
      `${what} failed (${signal ? `killed by ${signal}` : `exit code ${code}`}); last lines of ${logFile}:\n${proc.tail(12)}`,
    );
  }
}
