import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordStack, startStack, type RunningStack } from '../../harness/index.js';
import { appUnderTestOf, stackSettingsOf } from './settings-of.js';

/**
 * A local stack with the mail sink and the sample app, recorded in a temp dir as `npm run stack`
 * records one, so that a program run as a user runs it (E2E_STACK_FILE=record) adopts it.
 */
export async function recordedLocalStack(
  prefix: string,
): Promise<{ dir: string; stack: RunningStack; record: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const stack = await startStack(
    'local',
    { ...stackSettingsOf(), MAIL_MODE: 'sink', E2E_LOG_DIR: join(dir, 'stack-logs') },
    { app: appUnderTestOf({}) },
  );
  const record = join(dir, 'stack.json');
  const forget = recordStack(stack.info, record);
  return {
    dir,
    stack,
    record,
    stop: async () => {
      forget();
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
