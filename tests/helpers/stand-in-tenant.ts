import { startMailSink, type MailSink } from '../../harness/mail/sink/mail-sink.js';
import { startLocalLogto } from '../../harness/stack/local/local-logto.js';
import type { LogtoStack } from '../../harness/stack/logto-stack.js';
import type { StackSettings } from '../../harness/stack/stack-settings.js';

/**
 * A Logto that stands in for a team's tenant or staging (a local one the test starts and
 * stops), its "real SES" the mail sink, its inbox the real one; `env` is what a run against it
 * in external mode is given (E2E_STACK=external, MAIL_MODE=ses).
 */
export async function startStandInTenant(
  settings: StackSettings,
  dir: string,
): Promise<{ logto: LogtoStack; sink: MailSink; env: NodeJS.ProcessEnv; stop: () => Promise<void> }> {
  const sink = await startMailSink({ logDir: dir });
  const logto = await startLocalLogto({
    logtoHome: settings.LOGTO_HOME,
    node: settings.LOGTO_NODE,
    sesEndpoint: sink.sesEndpoint,
    logDir: dir,
  }).catch(async (error: unknown) => {
    await sink.stop();
    throw error;
  });
  const env = {
    E2E_STACK: 'external',
    LOGTO_ENDPOINT: logto.endpoint,
    LOGTO_M2M_APP_ID: logto.m2m.clientId,
    LOGTO_M2M_APP_SECRET: logto.m2m.clientSecret,
    MAIL_MODE: 'ses',
    SES_ACCESS_KEY_ID: 'AKIASTANDIN000000000',
    SES_SECRET_ACCESS_KEY: 'stand-in-throwaway',
    SES_REGION: 'us-east-1',
    SES_FROM_ADDRESS: 'noreply@example.test',
    IMAP_HOST: sink.imap.host,
    IMAP_PORT: String(sink.imap.port),
    IMAP_TLS: 'false',
    IMAP_USER: sink.imap.user,
    IMAP_PASSWORD: sink.imap.password,
    MAILBOX_ADDRESS: sink.address,
    IMAP_WAIT: 'noop',
  };
  return {
    logto,
    sink,
    env,
    stop: async () => {
      await logto.stop();
      await sink.stop();
    },
  };
}
