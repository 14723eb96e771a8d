import { appSchema } from './app-under-test/app-settings.js';
import { browserSchema } from './browser.js';
import { canarySchema } from './canary/canary-settings.js';
import { readSettings, setting, type EnvSchema, type Settings } from './config/settings.js';
import { timeoutSchema } from './config/timeouts.js';
import { connectorSchema } from './connectors/ses/ses-settings.js';
import { smtpSchema } from './connectors/smtp/smtp-connector.js';
import { smtpProviderSchema } from './connectors/smtp/smtp-provider.js';
import { httpProviderSchema } from './connectors/http/http-provider.js';
import { imapSchema } from './mail/mailbox/imap-settings.js';
import { sesAccountSchema } from './connectors/ses/ses-account.js';
import { stackSchema } from './stack/stack-settings.js';

/** The Playwright runner's own settings (playwright.config.ts). */
export const runnerSchema = {
  E2E_WORKERS: setting.int(2, 1, 64),
  E2E_SLOW_SPECS: setting.bool(false),
  E2E_STRICT_CALLBACK_STATUS: setting.bool(false),
  E2E_JUDGE_MAIL: setting.bool(true),
  E2E_GREP_INVERT: setting.optionalRegExp(),
  E2E_TRACE_FILMSTRIP: setting.bool(false),
  E2E_TRACE_SNAPSHOTS: setting.bool(true),
};

/**
 * Every setting the harness reads, each declared beside the code that uses it. Read together,
 * once, at the edge (the Playwright config, global setup, a script, the bench): a malformed
 * value fails the run at start, whatever mode would have used it. What a mode requires (APP_URL
 * in url mode, the SES keys with real SES) the plain functions of these settings require.
 */
export const harnessSchema = {
  ...timeoutSchema,
  ...runnerSchema,
  ...browserSchema,
  ...stackSchema,
  ...appSchema,
  ...connectorSchema,
  ...smtpSchema,
  ...smtpProviderSchema,
  ...httpProviderSchema,
  ...imapSchema,
  ...sesAccountSchema,
  ...canarySchema,
};

export type HarnessSettings = Settings<typeof harnessSchema>;

/** Reads the harness's settings (dotenv already applied), and a program's own `extra` ones. */
export function readHarnessSettings<E extends EnvSchema = Record<never, never>>(
  env: NodeJS.ProcessEnv = process.env,
  extra?: E,
): HarnessSettings & Settings<E> {
  return readSettings({ ...harnessSchema, ...extra }, env) as HarnessSettings & Settings<E>;
}
