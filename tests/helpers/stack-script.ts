import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * `npm run stack` as a user starts it (its own process, in `cwd`), resolved once it says the
 * stack is ready; its record and logs go to `dir`. The caller stops (or kills) it.
 */
export async function startStackScript(
  cwd: string,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; record: string; output: () => string }> {
  const record = join(dir, 'stack.json');
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/stack.ts'], {
    cwd,
    env: { ...process.env, MAIL_MODE: 'sink', E2E_STACK_FILE: record, E2E_LOG_DIR: join(dir, 'logs'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
      if (output.includes('Ctrl-C stops it')) resolve();
    });
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => reject(new Error(`npm run stack exited early (${code}):\n${output}`)));
  });
  return { child, record, output: () => output };
}
