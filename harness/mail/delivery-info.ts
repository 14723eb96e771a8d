import type { MailConnectorName } from '../connectors/email-connectors.js';
import type { SmtpSinkInfo } from '../connectors/smtp/smtp-sink.js';
import type { HttpSinkInfo } from '../connectors/http/http-sink.js';
import type { SinkReach } from '../connectors/sink-reach.js';
import type { SinkControl } from '../connectors/ses/ses-faults.js';
import type { SpamdAddress } from './judging/spam-score.js';
import type { ImapSettings, WaitStrategy } from './mailbox/imap-settings.js';

/** How mail gets from Logto to the tests' inbox, in a form workers can be handed (JSON). */
export interface MailDeliveryInfo {
  mode: 'sink' | 'ses';
  /** The email connector Logto sends with (MAIL_CONNECTOR). */
  connector: MailConnectorName;
  /** The sink's SMTP server (MAIL_CONNECTOR=smtp): what Logto's SMTP connector is given. */
  smtp?: SmtpSinkInfo;
  /** The sink's HTTP mail service (MAIL_CONNECTOR=http): what Logto's HTTP email connector posts to. */
  http?: HttpSinkInfo;
  /** Where the harness reaches the sink's servers Logto is given (containers mode: their published ports). */
  reach?: SinkReach;
  imap: ImapSettings;
  /** The inbox address; each test plus-addresses it. */
  address: string;
  wait: WaitStrategy;
  /** The SES emulator (sink mode): Logto's AWS_ENDPOINT_URL_SESV2, and where to diagnose. */
  sesEndpoint?: string;
  /** The sink's store and fault controls, with the run's secret (sink mode). */
  sink?: SinkControl;
  emulatorLog?: string;
  /** SpamAssassin's spamd, which scores every mail (started with the stack); or why there is none. */
  spamd?: SpamdAddress;
}
