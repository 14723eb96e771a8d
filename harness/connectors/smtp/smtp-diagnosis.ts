import { frontJournal } from '../sink-front.js';
import type { SmtpSinkInfo } from './smtp-sink.js';

/** What the sink's SMTP server did with mail to one address. */
export interface SmtpEvent {
  at: string;
  /** Where in the SMTP dialogue (RCPT, DATA) or after it (relay). */
  stage: 'RCPT' | 'DATA' | 'relay';
  fault?: string;
  answer: string;
}

/** The sink's SMTP journal for `to`, oldest first. */
export async function smtpJournal(smtp: SmtpSinkInfo, to: string): Promise<SmtpEvent[]> {
  return frontJournal<SmtpEvent>(smtp.control, 'SMTP server', to);
}

/** Why a mail to `to` may be missing, from the SMTP server's side: for timeout messages. */
export async function diagnoseSmtpDelivery(smtp: SmtpSinkInfo, to: string): Promise<string> {
  const events = await smtpJournal(smtp, to).catch((error: Error) => error);
  if (events instanceof Error) return `the sink's SMTP server did not answer (${events.message})`;
  if (events.length === 0) return `the SMTP server received no mail for ${to} (Logto never reached RCPT TO for it)`;
  return `the SMTP server, for ${to}: ${events
    .map((e) => `${e.stage}${e.fault ? ` (fault "${e.fault}" injected)` : ''} answered ${e.answer}`)
    .join('; ')}`;
}
