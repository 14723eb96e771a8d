import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AppHandover,
  freePort,
  handoverEnv,
  httpAnswers,
  startCommandApp,
  waitUntil,
  withoutHarnessSecrets,
} from '../harness/index.js';

/**
 * Command mode's start overhead, in one run: the harness starting an app (sh -c, process
 * group, log file, readiness poll) against the app's own time to answer, measured bare (the
 * same command spawned directly, polled every 5 ms). Interleaved, so both see the same machine.
 */
export async function measureCommandAppStart(
  command: string,
  handover: Omit<AppHandover, 'port' | 'baseUrl'>,
  rounds: number,
): Promise<{ harness: number[]; bare: number[] }> {
  const harness: number[] = [];
  const bare: number[] = [];
  const logDir = mkdtempSync(join(tmpdir(), 'logto-e2e-bench-app-'));
  try {
    for (let i = 0; i < rounds; i++) {
      const env = async () => {
        const port = await freePort();
        const full = { ...handover, port, baseUrl: `http://127.0.0.1:${port}` };
        return { full, env: { ...withoutHarnessSecrets(process.env), ...handoverEnv(full) } };
      };
      {
        const { full, env: e } = await env();
        const t = performance.now();
        const app = await startCommandApp({
          command,
          cwd: process.cwd(),
          baseUrl: full.baseUrl,
          env: e,
          logFile: join(logDir, `app-${i}.log`),
          startTimeoutMs: 30_000,
        });
        harness.push(performance.now() - t);
        await app.stop();
      }
      {
        const { full, env: e } = await env();
        const t = performance.now();
        const [program = '', ...args] = command.split(' ');
        const child = spawn(program, args, { env: e, stdio: 'ignore', detached: true });
        await waitUntil('the bare app to answer', () => httpAnswers(full.baseUrl), {
          timeoutMs: 30_000,
          intervalMs: 5,
        });
        bare.push(performance.now() - t);
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      }
    }
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
  return { harness, bare };
}
