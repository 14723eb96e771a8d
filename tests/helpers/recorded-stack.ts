import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordStack, startStack, type RunningStack } from '../../harness/index.js';
import type { DoctorTarget } from '../../harness/doctor/doctor.js';
import { appUnderTestOf, stackSettingsOf } from './settings-of.js';
import { requireTestLogtoMode } from './test-logto.js';

/**
 * A stack with the mail sink and the sample app (local, or in containers where the tests' Logto
 * is), recorded in a temp dir as `npm run stack` records one, so that a program run as a user
 * runs it (E2E_STACK_FILE=record) adopts it.
 */
export async function recordedStack(
  prefix: string,
  /** Settings on top of the tests' (MAIL_CONNECTOR…). */
  env: NodeJS.ProcessEnv = {},
): Promise<{ dir: string; stack: RunningStack; record: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const settings = stackSettingsOf({ ...process.env, ...env });
  const stack = await startStack(
    requireTestLogtoMode(settings),
    { ...settings, MAIL_MODE: 'sink', E2E_LOG_DIR: join(dir, 'stack-logs') },
    { app: appUnderTestOf({}) },
  ).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
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

/** The doctor's target for a recorded stack's Logto, app and inbox (no addresses to check against suppression). */
export function doctorTargetOf(info: RunningStack['info']): DoctorTarget {
  return {
    logto: info.logto,
    app: { baseUrl: info.app.url, contract: info.app.contract },
    inbox: { imap: info.mail.imap, address: info.mail.address, wait: info.mail.wait },
    sendsTo: [],
    sesEndpoint: undefined,
    reach: info.mail.reach,
    timeoutScale: info.timeoutScale,
  };
}

/** The doctor's lines on a stack's tenant before its email connector's own checks, by name. */
export const tenantDoctorLines = [
  '✔ Logto reachable',
  '✔ M2M app with Management API access',
  '✔ Email connector',
  "✔ Sign-in experience (the guide's)",
  "✔ The app's redirect URIs",
];
