import type { SinkControl } from '../sink-control.js';
import { realResolver, sinkResolver } from './mail-dns.js';
import { scoreMail, type SpamdAddress, type SpamReport } from './spam-score.js';
import { verifyMail, type MailAuthentication } from './verify-mail.js';

/** Judges a mail as inboxes do: its authentication (DKIM, SPF, DMARC) and a spam filter's score. */
export interface MailJudge {
  authenticate(raw: Buffer): Promise<MailAuthentication>;
  score(raw: Buffer): Promise<SpamReport>;
  /** Why there is no spam score (no spamd), in one line; undefined when there is one. */
  noScore: string | undefined;
}

/**
 * The judge for a run's mail: DNS from the mail sink's zone (the records the domain and SES
 * publish in the account's state) or real DNS for real mail; spamd where the stack has one.
 */
export function mailJudge(mail: {
  sink?: SinkControl | undefined;
  mode: 'sink' | 'ses';
  spamd?: SpamdAddress | undefined;
}): MailJudge {
  // The sink's zone is read afresh for each mail: a test's own state may have added records.
  const sink = mail.mode === 'sink' ? mail.sink : undefined;
  const real = realResolver();
  const spamd = mail.spamd ?? { missing: 'no spamd was started with this stack' };
  return {
    authenticate: (raw) => verifyMail(raw, sink ? sinkResolver(sink) : real),
    score: (raw) => ('missing' in spamd ? Promise.reject(new Error(spamd.missing)) : scoreMail(spamd, raw)),
    noScore: 'missing' in spamd ? spamd.missing : undefined,
  };
}
