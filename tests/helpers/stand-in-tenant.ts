import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOk, type ManagementApi } from '../../harness/logto-admin/management-api.js';
import { createOwnedM2mApp } from '../../harness/logto-admin/owned-m2m.js';
import type { ImapSettings } from '../../harness/mail/mailbox/imap-settings.js';
import type { SmtpSinkInfo } from '../../harness/connectors/smtp/smtp-sink.js';
import { startMailSink } from '../../harness/mail/sink/mail-sink.js';
import type { SinkControl } from '../../harness/mail/sink-control.js';
import { startLocalLogto } from '../../harness/stack/local/local-logto.js';
import type { LogtoStack } from '../../harness/stack/logto-stack.js';
import type { StackSettings } from '../../harness/stack/stack-settings.js';
import { requireTestLogtoMode } from './test-logto.js';

/** The stand-in's "real SES" (the mail sink) and its inbox. */
export interface StandInMail {
  sesEndpoint: string;
  control: SinkControl;
  imap: ImapSettings;
  address: string;
}

/**
 * A Logto that stands in for a team's tenant or staging (one the test starts and stops: local,
 * or in containers where the tests' Logto is), as it is before the guide's setup; its "real SES"
 * the mail sink, its inbox the real one; `env` is what a run against it in external mode is
 * given (E2E_STACK=external, MAIL_MODE=ses).
 */
export async function startStandInTenant(
  settings: StackSettings,
  dir: string,
  o: { provider?: 'ses' | 'smtp' } = {},
): Promise<{ logto: LogtoStack; sink: StandInMail; env: NodeJS.ProcessEnv; stop: () => Promise<void> }> {
  if (o.provider === 'smtp') return standInWithSmtp(settings, dir);
  const started =
    requireTestLogtoMode(settings) === 'containers' ? await inContainers(settings, dir) : await local(settings, dir);
  const { logto, sink } = started;
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
    ...inboxEnv(sink),
  };
  return { ...started, env };
}

/**
 * The stand-in whose team sends through its own SMTP relay (the sink's SMTP server: STARTTLS,
 * AUTH, its certificate signed by no public CA, so given as SMTP_CA_FILE); `env` is a run with
 * MAIL_MODE=real and MAIL_CONNECTOR=smtp against it. Local only: Logto must reach the relay.
 */
async function standInWithSmtp(settings: StackSettings, dir: string) {
  if (requireTestLogtoMode(settings) === 'containers') {
    throw new Error(
      "the SMTP stand-in needs a local Logto (LOGTO_HOME): a Logto in a container cannot reach the host's relay",
    );
  }
  const mailSink = await startMailSink({ logDir: dir, smtp: true });
  const smtp = mailSink.smtp;
  if (!smtp) throw new Error('the mail sink started without its SMTP server');
  const caFile = join(dir, 'relay-ca.pem');
  writeFileSync(caFile, smtp.ca, { mode: 0o600 });
  const logto = await startLocalLogto({
    logtoHome: settings.LOGTO_HOME,
    node: settings.LOGTO_NODE,
    sesEndpoint: undefined,
    logDir: dir,
  }).catch(async (error: unknown) => {
    await mailSink.stop();
    throw error;
  });
  const sink = {
    sesEndpoint: mailSink.sesEndpoint,
    control: mailSink.control,
    imap: mailSink.imap,
    address: mailSink.address,
  };
  return {
    logto,
    sink,
    smtp,
    env: {
      E2E_STACK: 'external',
      LOGTO_ENDPOINT: logto.endpoint,
      LOGTO_M2M_APP_ID: logto.m2m.clientId,
      LOGTO_M2M_APP_SECRET: logto.m2m.clientSecret,
      ...smtpRelayEnv(smtp, caFile),
      ...inboxEnv(sink),
    },
    stop: async () => {
      await logto.stop();
      await mailSink.stop();
    },
  };
}

/** The stand-in's inbox as a run's real inbox (IMAP_HOST…). */
function inboxEnv(sink: StandInMail): NodeJS.ProcessEnv {
  return {
    IMAP_HOST: sink.imap.host,
    IMAP_PORT: String(sink.imap.port),
    IMAP_TLS: 'false',
    IMAP_USER: sink.imap.user,
    IMAP_PASSWORD: sink.imap.password,
    MAILBOX_ADDRESS: sink.address,
    IMAP_WAIT: 'noop',
  };
}

/** A run's settings for a team's SMTP relay (MAIL_MODE=real, MAIL_CONNECTOR=smtp): the sink's server standing in. */
export function smtpRelayEnv(smtp: SmtpSinkInfo, caFile: string): NodeJS.ProcessEnv {
  return {
    MAIL_MODE: 'real',
    MAIL_CONNECTOR: 'smtp',
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.starttlsPort),
    SMTP_USERNAME: smtp.user,
    SMTP_PASSWORD: smtp.password,
    SMTP_CA_FILE: caFile,
    SMTP_FROM_ADDRESS: 'team@example.test',
  };
}

async function local(settings: StackSettings, dir: string) {
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
  return {
    logto,
    sink,
    stop: async () => {
      await logto.stop();
      await sink.stop();
    },
  };
}

/** Postgres, Logto and the mail sink in containers (Logto's SES endpoint the sink's), nothing set up. */
async function inContainers(settings: StackSettings, dir: string) {
  const { startContainerStack } = await import('../../harness/stack/containers/container-stack.js');
  const stack = await startContainerStack(
    { ...settings, MAIL_MODE: 'sink' },
    { logDir: mkdtempSync(join(dir, 'containers-')), provisionM2m: createOwnedM2mApp },
  );
  const info = stack.mail?.info;
  if (!info?.sink || !info.sesEndpoint) {
    await stack.logto.stop();
    throw new Error('the container stack started without its mail sink');
  }
  return {
    logto: stack.logto,
    sink: { sesEndpoint: info.sesEndpoint, control: info.sink, imap: info.imap, address: info.address },
    stop: async () => {
      await stack.mail?.stop();
      await stack.logto.stop();
    },
  };
}

/** The team's own SES connector configuration, before the harness meets its tenant. */
export const teamSesConfig = {
  accessKeyId: 'AKIATEAMOWNKEY000000',
  accessKeySecret: 'team-own-secret',
  region: 'eu-west-1',
  emailAddress: 'team@example.test',
  templates: ['Register', 'SignIn', 'ForgotPassword', 'Generic'].map((usageType) => ({
    usageType,
    subject: `Team ${usageType}`,
    content: '<p>{{code}}</p>',
  })),
};

/** A team's tenant before the harness meets it: its own SES connector, username + password sign-in. */
export async function teamTenant(api: ManagementApi): Promise<void> {
  await expectOk(
    'The team has its own SES connector',
    api.POST('/api/connectors', { body: { connectorId: 'aws-ses-mail', config: teamSesConfig } }),
  );
  await expectOk(
    'The team signs in by username and password',
    api.PATCH('/api/sign-in-exp', {
      body: {
        signInMode: 'SignIn',
        signUp: { identifiers: ['username'], password: true, verify: false },
        signIn: {
          methods: [{ identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true }],
        },
      },
    }),
  );
}
