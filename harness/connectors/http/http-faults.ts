import { askFrontForFault, frontJournal } from '../sink-front.js';
import type { HttpSinkInfo } from './http-sink.js';

/**
 * The sink's HTTP mail service's faults (http-front.mjs answers them), per recipient: a 500, a
 * refused token (401), an answer held back, a mail accepted and never delivered.
 */
export const httpMailFaults = ['server-error', 'token-refused', 'slow', 'never-delivered'] as const;
export type HttpMailFault = (typeof httpMailFaults)[number];

export interface HttpMailFaultOptions {
  sends?: number;
  /** `slow` only: how long the answer waits (ms); default 12 000. */
  delayMs?: number;
}

export type HttpMailFaultSwitch = (to: string, fault: HttpMailFault, options?: HttpMailFaultOptions) => Promise<void>;

/** The switch for a run's mail path: the sink's HTTP service, or one that skips the spec saying why. */
export function httpFaultSwitchFor(
  mail: { connector: string; http?: HttpSinkInfo | undefined },
  skip: (reason: string) => void,
): HttpMailFaultSwitch {
  const http = mail.http;
  if (http)
    return (to, fault, options = {}) => askFrontForFault(http.control, 'HTTP mail service', { to, fault, ...options });
  const reason = `HTTP mail faults need the mail sink's HTTP mail service: this run's Logto sends through ${mail.connector} (MAIL_CONNECTOR=${mail.connector}); run with MAIL_CONNECTOR=http`;
  return async () => {
    skip(reason);
    throw new Error(reason);
  };
}

interface HttpMailEvent {
  at: string;
  type?: string;
  fault?: string;
  answer: string;
}

/** Why a mail to `to` may be missing, from the HTTP service's side: for timeout messages. */
export async function diagnoseHttpDelivery(http: HttpSinkInfo, to: string): Promise<string> {
  const events = await frontJournal<HttpMailEvent>(http.control, 'HTTP mail service', to).catch((e: Error) => e);
  if (events instanceof Error) return `the sink's HTTP mail service did not answer (${events.message})`;
  if (events.length === 0) return `the HTTP mail service got no post for ${to} (Logto never posted it)`;
  return `the HTTP mail service, for ${to}: ${events
    .map(
      (e) =>
        `a post${e.type ? ` (${e.type})` : ''}${e.fault ? ` (fault "${e.fault}" injected)` : ''} answered ${e.answer}`,
    )
    .join('; ')}`;
}
