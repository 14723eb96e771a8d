import { expectOk, type ManagementApi } from './management-api.js';

/** A one-time token as Logto's Management API answers it (`POST /api/one-time-tokens`). */
export interface OneTimeToken {
  id: string;
  token: string;
  email: string;
  status: 'active' | 'consumed' | 'revoked' | 'expired';
  /** Epoch ms, by Logto's clock. */
  expiresAt: number;
}

/**
 * A one-time token for `email` (Logto 1.27+): what a team's backend creates for a magic link.
 * Logto sends no mail for it: the link is the caller's to compose and send.
 */
export async function createOneTimeToken(
  api: ManagementApi,
  email: string,
  o: { expiresInSeconds?: number } = {},
): Promise<OneTimeToken> {
  return (await expectOk(
    `Create a one-time token for ${email}`,
    api.POST(
      '/api/one-time-tokens' as never,
      {
        body: { email, ...(o.expiresInSeconds ? { expiresIn: o.expiresInSeconds } : {}) },
      } as never,
    ),
  )) as OneTimeToken;
}

/** The token as Logto holds it now (whether something used it up). */
export async function readOneTimeToken(api: ManagementApi, id: string): Promise<OneTimeToken> {
  return (await expectOk(
    `Read the one-time token ${id}`,
    api.GET('/api/one-time-tokens/{id}' as never, { params: { path: { id } } } as never),
  )) as OneTimeToken;
}
