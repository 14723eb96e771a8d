import { expectOk, providerMessage, type ManagementApi } from './management-api.js';

/** One code send Logto logged (the experience API's EmailVerificationCode.Create): when, and how it went. */
export interface CodeSendEntry {
  id: string;
  key: string;
  at: Date;
  result: string;
  /** Logto's error when it failed: its code, message and the provider's own words. */
  error?: { code?: string | undefined; message?: string | undefined; provider?: string | undefined };
}

const events = ['SignIn', 'Register', 'ForgotPassword'] as const;

/**
 * Logto's audit log of the code sends to `address` since `since` (oldest first): the same in every
 * mode (a local Logto, a container, Logto Cloud, real SES), read only when something failed.
 */
export async function codeSendsTo(api: ManagementApi, address: string, since: Date): Promise<CodeSendEntry[]> {
  const wanted = address.toLowerCase();
  const lists = await Promise.all(
    events.map((event) =>
      expectOk(
        `Read Logto's audit log of ${event} code sends`,
        api.GET('/api/logs', {
          params: {
            query: {
              logKey: `Interaction.${event}.Verification.EmailVerificationCode.Create`,
              start_time: String(since.getTime() - 1000),
              page_size: 20,
            },
          },
        }),
      ),
    ),
  );
  return lists
    .flat()
    .filter((entry) => JSON.stringify(entry.payload).toLowerCase().includes(`"${wanted}"`))
    .map((entry) => {
      const payload = entry.payload as { result?: string; error?: { code?: string; message?: string; data?: unknown } };
      return {
        id: entry.id,
        key: entry.key,
        at: new Date(entry.createdAt),
        result: payload.result ?? 'unknown',
        ...(payload.error
          ? {
              error: {
                code: payload.error.code,
                message: payload.error.message,
                provider: providerMessage(payload.error.data),
              },
            }
          : {}),
      };
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}
