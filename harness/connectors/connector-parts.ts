import type { Settings } from '../config/settings.js';
import type { MailDeliveryInfo } from '../mail/delivery.js';
import type { MailConnectorName } from './email-connectors.js';
import { httpConnectorSetup } from './http/http-connector.js';
import { httpProviderSetup, type httpProviderSchema } from './http/http-provider.js';
import type { EmailConnectorSetup } from './logto-email-connector.js';
import { sesConnectorSetup, type SesConnectorConfig } from './ses/ses-connector.js';
import { smtpConnectorSetup, type smtpSchema } from './smtp/smtp-connector.js';
import { smtpProviderSetup, type smtpProviderSchema } from './smtp/smtp-provider.js';

/** What the connectors' parts read of the run's settings. */
export type ConnectorSettings = Settings<typeof smtpSchema & typeof smtpProviderSchema & typeof httpProviderSchema> & {
  /** The AWS SES connector's configuration (throwaway keys with the sink). */
  connector: SesConnectorConfig | undefined;
};

/**
 * Logto's email connector for a run, by MAIL_CONNECTOR: for the mail sink's front, or for the
 * team's real provider (MAIL_MODE=real, checked when the settings are read). One entry per row
 * of email-connectors.ts (the compiler holds them together).
 */
export const connectorParts: Record<
  MailConnectorName,
  {
    forSink(s: ConnectorSettings, mail: MailDeliveryInfo): EmailConnectorSetup | undefined;
    forProvider(s: ConnectorSettings): EmailConnectorSetup | undefined;
    /** The provider's secrets among the settings: masked in every log, report and trace. */
    secrets(s: ConnectorSettings): (string | undefined)[];
  }
> = {
  ses: {
    forSink: (s) => s.connector && sesConnectorSetup(s.connector),
    forProvider: (s) => s.connector && sesConnectorSetup(s.connector),
    secrets: (s) => [s.connector?.accessKeySecret],
  },
  smtp: {
    forSink: (s, mail) => {
      if (!mail.smtp) throw new Error('MAIL_CONNECTOR=smtp: the mail delivery has no SMTP server');
      return smtpConnectorSetup(s, mail.smtp);
    },
    forProvider: smtpProviderSetup,
    secrets: (s) => [s.SMTP_PASSWORD],
  },
  http: {
    forSink: (_s, mail) => {
      if (!mail.http) throw new Error('MAIL_CONNECTOR=http: the mail delivery has no HTTP mail service');
      return httpConnectorSetup(mail.http);
    },
    forProvider: httpProviderSetup,
    secrets: (s) => [s.HTTP_MAIL_AUTHORIZATION],
  },
};
