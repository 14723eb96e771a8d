import { userInfo } from 'node:os';
import { join } from 'node:path';
import { pathAndHome } from '../../config/child-env.js';
import { freePort } from '../../process/free-port.js';
import { ManagedProcess } from '../../process/managed-process.js';
import { findSystemBinary } from '../../process/system-binary.js';
import { tcpAccepts, waitUntil } from '../../process/wait.js';
import type { SpamdAddress } from './spam-score.js';

/** Why there is no spamd here, and how to get one (one line). */
export const noSpamd =
  'no spamd here: the spam score is skipped; install spamassassin and spamd (bash scripts/bootstrap.sh)';

export interface RunningSpamd {
  address: SpamdAddress;
  process: ManagedProcess | undefined;
  /** Resolves once spamd takes connections (it loads its rules first). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * SpamAssassin's spamd on a free 127.0.0.1 port, local rules only (-L: this machine reaches no
 * blocklist), one child, nobody's preferences, niced. Its address is known at once; it loads its
 * rules (about two seconds of a core) while the stack goes on, and the first score waits for it.
 * No spamd installed: the stack goes on without a spam score, and the address says why.
 */
export async function startSpamd(o: { logDir: string; path?: string | undefined }): Promise<RunningSpamd> {
  const binary = findSystemBinary('spamd', o.path ?? pathAndHome().PATH);
  if (!binary)
    return { address: { missing: noSpamd }, process: undefined, ready: Promise.resolve(), stop: async () => undefined };
  const port = await freePort();
  // Niced: the score is judged off the code's path, and must not take a core from the browser
  // or Logto while a test runs (2 cores).
  const nice = findSystemBinary('nice', o.path ?? pathAndHome().PATH);
  const proc = new ManagedProcess({
    name: 'spamd',
    command: nice ?? binary,
    args: [
      ...(nice ? ['-n', '19', binary] : []),
      `--listen=127.0.0.1:${port}`,
      '--local',
      '--max-children=1',
      '--min-children=1',
      '--nouser-config',
      '--syslog=stderr',
      ...(userInfo().uid === 0 ? ['--username=nobody'] : []),
    ],
    env: { PATH: pathAndHome().PATH },
    logFile: join(o.logDir, 'spamd.log'),
    hint: 'install spamassassin and spamd (bash scripts/bootstrap.sh)',
  });
  await proc.started;
  const ready = waitUntil(
    `spamd to accept connections on 127.0.0.1:${port}`,
    async () => ((await tcpAccepts(port)) ? true : undefined),
    {
      timeoutMs: 60_000,
      intervalMs: 50,
      abort: () => (proc.running ? undefined : `spamd ${proc.exitDescription}:\n${proc.tail()}`),
      seen: () => proc.tail(3),
    },
  ).then(() => undefined);
  ready.catch(() => undefined); // a spamd that never comes is said by the scores that wait for it
  return { address: { host: '127.0.0.1', port }, process: proc, ready, stop: () => proc.stop() };
}
