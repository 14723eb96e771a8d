import { setting, type Settings } from '../../config/settings.js';
import { loadEmailTemplates } from '../../logto-admin/email-templates.js';
import { emailConnectors } from '../email-connectors.js';
import { templatesFor, type EmailConnectorSetup } from '../logto-email-connector.js';
import { reachFromHarness, type SinkReach } from '../sink-reach.js';
import type { SmtpSinkInfo } from './smtp-sink.js';

/** The SMTP connector's settings with the mail sink (MAIL_CONNECTOR=smtp). */
export const smtpSchema = {
  /** Which of the sink's ports Logto sends to: STARTTLS (as 587) or implicit TLS (as 465). */
  SMTP_SINK_TLS: setting.oneOf(['starttls', 'implicit'] as const, 'starttls'),
  SMTP_FROM_ADDRESS: setting.optionalEmail(),
  /** The sender's display name (non-ASCII names are encoded as RFC 2047 words by nodemailer). */
  SMTP_FROM_NAME: setting.optionalString(),
  EMAIL_TEMPLATES_FILE: setting.optionalString(),
};
export type SmtpSettings = Settings<typeof smtpSchema>;

/**
 * Logto's SMTP connector (nodemailer underneath) configured for the sink's server, field for
 * field as its console has them: AUTH with the run's throwaway account, the certificate trusted
 * as a CA (no `rejectUnauthorized: false`), TLS as the port expects it, and timeouts short
 * enough that a server that never answers fails a test instead of holding Logto for minutes.
 */
export function smtpConnectorSetup(s: SmtpSettings, sink: SmtpSinkInfo): EmailConnectorSetup {
  const implicit = s.SMTP_SINK_TLS === 'implicit';
  return smtpSetup(s, {
    host: sink.host,
    port: implicit ? sink.implicitPort : sink.starttlsPort,
    tls: s.SMTP_SINK_TLS,
    auth: { user: sink.user, pass: sink.password },
    ca: sink.ca,
    address: s.SMTP_FROM_ADDRESS ?? 'noreply@example.test',
  });
}

/**
 * Logto's SMTP connector for a server, the sink's or a team's: the sender (its display name
 * quoted), the templates, TLS as the port speaks it (on a STARTTLS port, STARTTLS or no send:
 * never AUTH in the clear), a CA where the server's certificate has no public one, and timeouts
 * short enough that a server that never answers fails a test instead of holding Logto for minutes.
 */
export function smtpSetup(
  s: Pick<SmtpSettings, 'SMTP_FROM_NAME' | 'EMAIL_TEMPLATES_FILE'>,
  o: {
    host: string;
    port: number;
    tls: 'starttls' | 'implicit';
    auth: { user: string; pass: string } | undefined;
    ca: string | undefined;
    address: string;
  },
): EmailConnectorSetup {
  const implicit = o.tls === 'implicit';
  return {
    factoryId: emailConnectors.smtp.factoryId,
    config: {
      host: o.host,
      port: o.port,
      ...(o.auth ? { auth: o.auth } : {}),
      fromEmail: s.SMTP_FROM_NAME ? `"${s.SMTP_FROM_NAME.replaceAll('"', '\\"')}" <${o.address}>` : o.address,
      templates: templatesFor(emailConnectors.smtp.factoryId, loadEmailTemplates(s.EMAIL_TEMPLATES_FILE)),
      secure: implicit,
      ...(implicit ? {} : { requireTLS: true }),
      ...(o.ca ? { tls: { ca: o.ca } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    },
  };
}

/**
 * The connector's config as the harness connects with it (the doctor, a backend's send): the
 * same server reached where the harness reaches it, its certificate still checked against the
 * name Logto uses (nodemailer's `servername`).
 */
export function smtpConfigFromHarness(
  config: Record<string, unknown>,
  reach: SinkReach | undefined,
): Record<string, unknown> {
  const host = String(config.host ?? '');
  const port = Number(config.port ?? 0);
  const at = reachFromHarness(reach, host, port);
  return at.host === host && at.port === port ? config : { ...config, host: at.host, port: at.port, servername: host };
}
