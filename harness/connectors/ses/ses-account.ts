import { accountStates, causeTexts, type SesAccount } from '../../../docker/mail/ses-account.mjs';
import { setting } from '../../config/settings.js';
import { sinkFetch, type SinkControl } from '../../mail/sink-control.js';

/**
 * The SES account behind the mail sink, by the names of the states a team meets after the
 * guide. The states themselves, what SES answers in each and what each refusal means are one
 * table, docker/mail/ses-account.mjs, which the sink answers from; this list is its names for
 * TypeScript (a test fails when the two differ).
 */
export const sesAccountPresets = [
  'healthy',
  'sandbox',
  'unverified-sender',
  'dkim-failed',
  'missing-configuration-set',
  'daily-quota-exhausted',
  'send-rate-exceeded',
  'invalid-credentials',
  'sending-paused',
  'probation',
  'shutdown',
  'send-only-key',
  'read-only-key',
  'custom-mail-from',
  'no-dmarc',
] as const;
export type SesAccountPreset = (typeof sesAccountPresets)[number];

/** The table's states by name (for tests that hold the two sides together). */
export const sesAccountStates: Record<string, Partial<SesAccount>> = accountStates;

/**
 * A state beside a preset's: identities are merged into the preset's by name and suppressed
 * addresses added to its list (so a verified recipient in the sandbox keeps the preset's
 * verified sender); any other field replaces the preset's.
 */
export type SesAccountState = Partial<SesAccount>;

/** The sink's account for a whole run (SES_SINK_ACCOUNT). */
export const sesAccountSchema = { SES_SINK_ACCOUNT: setting.oneOf(sesAccountPresets, 'healthy') };

/** Sets the sink's account: for sends to `to` only (a test's own, parallel-safe), or the whole account. */
export async function setSesAccount(
  sink: SinkControl,
  o: { to?: string; preset?: SesAccountPreset; state?: SesAccountState },
): Promise<void> {
  const response = await sinkFetch(sink, '/_account', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(o),
  });
  if (response.status !== 204) {
    throw new Error(`The mail sink refused the SES account state: ${response.status} ${await response.text()}`);
  }
}

/** Turns an account state on for one recipient (what a test calls, through its inbox). */
export type SesAccountSwitch = (to: string, preset: SesAccountPreset, state?: SesAccountState) => Promise<void>;

/**
 * What SES's refusal means, in the words a team needs: the cause the sink's account recorded,
 * with the facts SES named (identities, region, set). E.g. "SES refused the send: the account is
 * in the sandbox and e2e+…@example.test is not a verified identity (region us-east-1)".
 */
export function describeAccountEvent(event: {
  answer: string;
  cause?: string | undefined;
  facts?: Record<string, string> | undefined;
}): string {
  const text = event.cause ? causeTexts[event.cause] : undefined;
  return text ? text(event.facts ?? {}) : `SES answered ${event.answer}`;
}
