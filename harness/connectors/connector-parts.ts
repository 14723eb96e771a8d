import type { Settings } from '../config/settings.js';
import type { MailDeliveryInfo } from '../mail/delivery-info.js';
import type { MailSinkOptions } from '../mail/sink/mail-sink.js';
import { diagnoseHttpDelivery } from './http/http-faults.js';
import { diagnoseDelivery } from './ses/ses-diagnosis.js';
import { diagnoseSmtpDelivery } from './smtp/smtp-diagnosis.js';
import type { MailConnectorName } from './email-connectors.js';
import { httpConnectorSetup } from './http/http-connector.js';
import { httpProviderSetup, type httpProviderSchema } from './http/http-provider.js';
import type { EmailConnectorSetup } from './logto-email-connector.js';
import type { ContainerFront } from './container-front.js';
import { smtpContainerFront } from './smtp/smtp-container-front.js';
import { httpContainerFront } from './http/http-container-front.js';
import type { EmailTemplate } from '../logto-admin/email-templates.js';
import { sesConnectorSetup, type SesConnectorConfig } from './ses/ses-connector.js';
import { smtpConnectorSetup, type smtpSchema } from './smtp/smtp-connector.js';
import { smtpProviderSetup, type smtpProviderSchema } from './smtp/smtp-provider.js';

/** What the connectors' parts read of the run's settings. */
export type ConnectorSettings = Settings<typeof smtpSchema & typeof smtpProviderSchema & typeof httpProviderSchema> & {
  /** The AWS SES connector's configuration (throwaway keys with the sink). */
  connector: SesConnectorConfig | undefined;
};

/** A front's account of the mail to one address: for a mail that never came. */
export interface SinkJournal {
  name: string;
  read(to: string): Promise<string>;
}

/**
 * Each connector's parts the rest of the harness asks for, by MAIL_CONNECTOR: its front in the
 * local mail sink, that front's journal, Logto's connector for the sink or for the team's real
 * provider (MAIL_MODE=real, checked when the settings are read), and the provider's secrets. One
 * entry per row of email-connectors.ts (the compiler holds them together).
 */
export const connectorParts: Record<
  MailConnectorName,
  {
    /** What the local mail sink starts beside Dovecot for this connector (SES's emulator always runs). */
    sinkFront(templates: EmailTemplate[]): Pick<MailSinkOptions, 'smtp' | 'http'>;
    /** Its front in the sink's container (containers mode); none: the SES emulator serves it. */
    containerFront(templates: EmailTemplate[]): Promise<ContainerFront | undefined>;
    /** The front's journal where the run has the sink (none with real mail). */
    sinkJournal(mail: MailDeliveryInfo): SinkJournal | undefined;
    forSink(s: ConnectorSettings, mail: MailDeliveryInfo): EmailConnectorSetup | undefined;
    forProvider(s: ConnectorSettings): EmailConnectorSetup | undefined;
    /** The provider's secrets among the settings: masked in every log, report and trace. */
    secrets(s: ConnectorSettings): (string | undefined)[];
  }
> = {
  ses: {
    sinkFront: () => ({}),
    containerFront: async () => undefined,
    sinkJournal: (mail) => {
      const sink = mail.mode === 'sink' ? mail.sink : undefined;
      return (
        sink && {
          name: "the sink's SES",
          read: (to) => diagnoseDelivery({ ...sink, emulatorLog: mail.emulatorLog }, to),
        }
      );
    },
    forSink: (s) => s.connector && sesConnectorSetup(s.connector),
    forProvider: (s) => s.connector && sesConnectorSetup(s.connector),
    secrets: (s) => [s.connector?.accessKeySecret],
  },
  smtp: {
    sinkFront: () => ({ smtp: true }),
    containerFront: () => smtpContainerFront(),
    sinkJournal: ({ smtp }) => smtp && { name: "the sink's SMTP server", read: (to) => diagnoseSmtpDelivery(smtp, to) },
    forSink: (s, mail) => {
      if (!mail.smtp) throw new Error('MAIL_CONNECTOR=smtp: the mail delivery has no SMTP server');
      return smtpConnectorSetup(s, mail.smtp);
    },
    forProvider: smtpProviderSetup,
    secrets: (s) => [s.SMTP_PASSWORD],
  },
  http: {
    sinkFront: (templates) => ({ http: { templates } }),
    containerFront: async (templates) => httpContainerFront(templates),
    sinkJournal: ({ http }) =>
      http && { name: "the sink's HTTP mail service", read: (to) => diagnoseHttpDelivery(http, to) },
    forSink: (_s, mail) => {
      if (!mail.http) throw new Error('MAIL_CONNECTOR=http: the mail delivery has no HTTP mail service');
      return httpConnectorSetup(mail.http);
    },
    forProvider: httpProviderSetup,
    secrets: (s) => [s.HTTP_MAIL_AUTHORIZATION],
  },
};
