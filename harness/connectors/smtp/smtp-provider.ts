import { readFileSync } from 'node:fs';
import { expects, required, setting, SettingError, type Settings } from '../../config/settings.js';
import type { EmailConnectorSetup } from '../logto-email-connector.js';
import { smtpSetup, type smtpSchema } from './smtp-connector.js';

/** A team's own SMTP server or relay (MAIL_MODE=real, MAIL_CONNECTOR=smtp): Resend, Postmark, their own. */
export const smtpProviderSchema = {
  SMTP_HOST: setting.optionalString(),
  SMTP_PORT: setting.port(587),
  /** How the port speaks TLS; default: implicit on 465, STARTTLS on any other port. */
  SMTP_TLS: setting.optionalOneOf(['starttls', 'implicit'] as const),
  SMTP_USERNAME: setting.optionalString(),
  SMTP_PASSWORD: setting.optionalString(),
  /** The server's CA (PEM), for a relay whose certificate no public CA signed. */
  SMTP_CA_FILE: setting.optionalString(),
};
/** With the sender and templates the sink's SMTP connector has too (smtpSchema). */
export type SmtpProviderSettings = Settings<typeof smtpProviderSchema & typeof smtpSchema>;

/** The ports whose TLS way is fixed by convention: a mode against them never connects. */
const tlsOfPort: Record<number, { tls: 'starttls' | 'implicit'; why: string }> = {
  587: { tls: 'starttls', why: '587 greets in plain text and upgrades with STARTTLS' },
  25: { tls: 'starttls', why: '25 greets in plain text and upgrades with STARTTLS' },
  465: { tls: 'implicit', why: '465 expects TLS from the first byte' },
};

/**
 * Logto's SMTP connector for the team's server, checked before anything starts: no host, a TLS
 * mode its port cannot speak (Logto #6191: `secure: true` on 587 fails every send with OpenSSL's
 * "wrong version number"; STARTTLS on 465 waits for a greeting that never comes), a CA file that
 * cannot be read, each one line naming the setting and the fix.
 */
export function smtpProviderSetup(s: SmtpProviderSettings): EmailConnectorSetup {
  const host = required(
    s.SMTP_HOST || undefined,
    'SMTP_HOST',
    `${expects.value}: the team's SMTP server (MAIL_CONNECTOR=smtp, MAIL_MODE=real), e.g. smtp.resend.com`,
  );
  const port = s.SMTP_PORT;
  const tls = s.SMTP_TLS ?? (port === 465 ? 'implicit' : 'starttls');
  const fixed = tlsOfPort[port];
  if (fixed && fixed.tls !== tls) {
    throw new SettingError(
      `Setting SMTP_TLS: ${tls} on port ${port} cannot work (${fixed.why}); set SMTP_TLS=${fixed.tls}, or SMTP_PORT=${fixed.tls === 'starttls' ? 465 : 587} for ${tls === 'implicit' ? 'implicit TLS' : 'STARTTLS'}`,
    );
  }
  if (s.SMTP_PASSWORD && !s.SMTP_USERNAME) {
    throw new SettingError('Setting SMTP_USERNAME: expected the SMTP account the password (SMTP_PASSWORD) is for');
  }
  let ca: string | undefined;
  if (s.SMTP_CA_FILE) {
    try {
      ca = readFileSync(s.SMTP_CA_FILE, 'utf8');
    } catch (error) {
      throw new SettingError(
        `Setting SMTP_CA_FILE: cannot read ${s.SMTP_CA_FILE} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); give the PEM file of the server's CA, or leave it unset for a publicly signed server`,
      );
    }
  }
  const address = required(
    s.SMTP_FROM_ADDRESS,
    'SMTP_FROM_ADDRESS',
    `${expects.email}: the sender the team's server lets this account send as`,
  );
  return smtpSetup(s, {
    host,
    port,
    tls,
    auth: s.SMTP_USERNAME ? { user: s.SMTP_USERNAME, pass: s.SMTP_PASSWORD ?? '' } : undefined,
    ca,
    address,
  });
}
