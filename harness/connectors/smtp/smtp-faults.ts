import { askFrontForFault } from '../sink-front.js';
import type { SmtpSinkInfo } from './smtp-sink.js';

/**
 * The sink's SMTP faults (smtp-front.mjs answers them), per recipient so parallel tests never
 * see each other's: the replies a relay gives at RCPT TO and at the end of DATA, temporary (4xx)
 * and permanent (5xx); an RCPT answered late; a mail accepted (250) that never arrives.
 */
export const smtpFaults = [
  'rcpt-temporary',
  'rcpt-permanent',
  'data-temporary',
  'data-permanent',
  'slow',
  'never-delivered',
] as const;
export type SmtpFault = (typeof smtpFaults)[number];

export interface SmtpFaultOptions {
  /** How many mails to this address answer the fault; default 1. */
  sends?: number;
  /** `slow` only: how long RCPT's answer waits (ms); default 12 000. */
  delayMs?: number;
}

export type SmtpFaultSwitch = (to: string, fault: SmtpFault, options?: SmtpFaultOptions) => Promise<void>;

/** Why a run has no SMTP faults (empty: it has them, the sink's SMTP server being Logto's). */
export function smtpFaultsSkipReason(mail: { connector: string; smtp?: SmtpSinkInfo | undefined }): string {
  return mail.smtp
    ? ''
    : mail.connector === 'smtp'
      ? "SMTP faults need the mail sink's SMTP server: this run's Logto sends through the team's own (MAIL_MODE=real), which is not the harness's to fail; run with MAIL_MODE=sink"
      : `SMTP faults need the mail sink's SMTP server: this run's Logto sends through ${mail.connector} (MAIL_CONNECTOR=${mail.connector}); run with MAIL_CONNECTOR=smtp`;
}

/** The switch for a run's mail path: the sink's SMTP server, or one that skips the spec saying why. */
export function smtpFaultSwitchFor(
  mail: { connector: string; smtp?: SmtpSinkInfo | undefined },
  skip: (reason: string) => void,
): SmtpFaultSwitch {
  const smtp = mail.smtp;
  if (smtp) {
    return (to, fault, options = {}) => askFrontForFault(smtp.control, 'SMTP server', { to, fault, ...options });
  }
  const reason = smtpFaultsSkipReason(mail);
  return async () => {
    skip(reason);
    throw new Error(reason);
  };
}
