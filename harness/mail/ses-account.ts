import { setting } from '../config/settings.js';
import { sinkFetch, type SinkControl } from './sink-control.js';

/**
 * The SES account behind the mail sink (docker/mail/ses-account.mjs answers as SES does in
 * each state): the states a team meets after the guide, by name.
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
] as const;
export type SesAccountPreset = (typeof sesAccountPresets)[number];

type IdentityStatus = 'SUCCESS' | 'PENDING' | 'FAILED' | 'NOT_STARTED' | 'TEMPORARY_FAILURE';

/** A state beside or instead of a preset's. */
export interface SesAccountState {
  credentials?: 'valid' | 'invalid';
  sandbox?: boolean;
  identities?: Record<string, { verification: IdentityStatus; dkim: IdentityStatus }>;
  configurationSets?: string[];
  /** Addresses on the account-level suppression list (lower case). */
  suppressed?: string[];
  max24HourSend?: number;
  sentLast24Hours?: number;
  maxSendRate?: number;
}

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
 * with the identities and region SES named. E.g. "SES refused the send: the account is in the
 * sandbox and e2e+…@example.test is not a verified identity (region us-east-1)".
 */
export function describeAccountEvent(event: { answer: string; cause?: string | undefined }): string {
  const failed = /failed the check in region ([\w-]+): (.+)$/.exec(event.answer);
  const region = failed?.[1]?.toLowerCase() ?? 'unknown';
  const identities = failed?.[2] ?? '';
  switch (event.cause) {
    case 'sandbox':
      return `SES refused the send: the account is in the sandbox and ${identities} is not a verified identity (region ${region})`;
    case 'unverified-sender':
      return `SES refused the send: the sender ${identities} is not a verified identity (region ${region})`;
    case 'missing-configuration-set':
      return `SES refused the send: the connector's configuration set ${/<([^>]+)>/.exec(event.answer)?.[1] ?? ''} does not exist in the account`;
    case 'daily-quota-exhausted':
      return "SES refused the send: the account's daily sending quota is used up (ThrottlingException: Daily message quota exceeded)";
    case 'send-rate-exceeded':
      return "SES refused the send: the account's maximum send rate is exceeded (ThrottlingException: Maximum sending rate exceeded)";
    case 'invalid-credentials':
      return "SES refused the send: the connector's access key is not valid (UnrecognizedClientException)";
    case 'suppressed':
      return "SES accepted the send and dropped it: the address is on the account's suppression list";
    default:
      return `SES answered ${event.answer}`;
  }
}
