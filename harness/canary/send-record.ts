import type { ManagementApi } from '../logto-admin/management-api.js';
import { sinkFetch, type SinkControl } from '../connectors/ses/ses-faults.js';
import { isStackMode, stackModes } from '../stack/stack-modes.js';

interface LogEntry {
  id: string;
  key: string;
  createdAt: number;
  /** The entry's own payload sits under `payload.payload`. */
  payload: { payload?: { identifier?: { value?: string } } };
}

/**
 * Logto's audit log entry of the code's send to `address` at or after `since`: the
 * experience API logs each send as Interaction.<event>.Verification.EmailVerificationCode.Create.
 */
export async function logtoSendLogId(api: ManagementApi, address: string, since: Date): Promise<string | undefined> {
  const { data } = await api.GET('/api/logs', {
    params: { query: { logKey: 'Interaction.SignIn.Verification.EmailVerificationCode.Create', page_size: 20 } },
  });
  const entries = (data ?? []) as unknown as LogEntry[];
  return entries.find(
    (e) =>
      e.createdAt >= since.getTime() - 1000 &&
      e.payload.payload?.identifier?.value?.toLowerCase() === address.toLowerCase(),
  )?.id;
}

/** The SES MessageId of the newest send to `address`, as the mail sink's SES recorded it. */
export async function sinkMessageId(sink: SinkControl, address: string): Promise<string | undefined> {
  const response = await sinkFetch(sink, '/store');
  if (!response.ok) return undefined;
  const { emails } = (await response.json()) as {
    emails: { messageId: string; destination?: { to?: string[] }; at?: number }[];
  };
  return emails.filter((e) => e.destination?.to?.some((to) => to.toLowerCase() === address.toLowerCase())).at(-1)
    ?.messageId;
}

/** Real SES names its mail `<MessageId@<region>.amazonses.com>`: the MessageId, read back. */
export function sesMessageIdOf(messageIdHeader: string | undefined): string | undefined {
  return /^<?([^@>]+)@[\w.-]*amazonses\.com>?$/.exec(messageIdHeader ?? '')?.[1];
}

/** Logto's version, as the stack's mode knows it (see `stackModes`); none before a stack. */
export async function logtoVersion(
  stack: { mode: string; endpoint: string },
  o: { logtoHome: string; logtoImage: string },
): Promise<string | undefined> {
  return isStackMode(stack.mode) ? stackModes[stack.mode].logtoVersion(stack.endpoint, o) : undefined;
}
