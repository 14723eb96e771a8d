import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManagementApi } from '../logto-admin/management-api.js';
import { sinkFetch, type SinkControl } from '../mail/ses-faults.js';

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

/**
 * Logto's version, as the stack knows it: a local installation's core package, a container's
 * image tag. Logto serves no version (its OpenAPI document says "Cloud" everywhere), so an
 * existing Logto's is what its OpenAPI document says, marked as such.
 */
export async function logtoVersion(
  stack: { mode: string; endpoint: string },
  o: { logtoHome: string; logtoImage: string },
): Promise<string | undefined> {
  if (stack.mode === 'local') {
    const manifest = join(o.logtoHome, 'packages/core/package.json');
    return existsSync(manifest)
      ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version
      : undefined;
  }
  if (stack.mode === 'containers') return o.logtoImage.split(':').at(1) ?? o.logtoImage;
  const response = await fetch(`${stack.endpoint}/api/swagger.json`, { signal: AbortSignal.timeout(10_000) }).catch(
    () => undefined,
  );
  if (!response?.ok) return undefined;
  const version = ((await response.json().catch(() => ({}))) as { info?: { version?: string } }).info?.version;
  return version && `${version} (its OpenAPI document)`;
}
