import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { request, type Browser } from '@playwright/test';
import type { ManagementApi, SesConnectorConfig } from '../harness/index.js';
import { firstMailPart, openRawInbox, type BareTarget } from './bare-sign-up.js';

/**
 * The magic-link spec's baseline (its scanner test, "a link scanner's visit leaves the link
 * working") as a plain script does it, with no harness code: the user and the one-time token by
 * Management API calls, the link mailed through SES, read back over raw IMAP, fetched as a
 * scanner would, the token's status read, then the person's click and the app's signed-in home;
 * the user deleted, as the spec's fixture does. The same authenticated API client as the specs'
 * (its token cached), so the two differ by the harness alone.
 */
export interface BareMagicLinkTarget {
  api: ManagementApi;
  connector: SesConnectorConfig;
  sesEndpoint: string | undefined;
  /** The app's magic-link route (the sample's /sign-in), absolute. */
  magicLinkUrl: string;
  homeUrl: string;
  signedInSelector: string;
  imap: BareTarget['imap'];
}

export async function openBareMagicLink(
  browser: Browser,
  target: BareMagicLinkTarget,
): Promise<{ run(address: string): Promise<number>; close(): Promise<void> }> {
  const imap = await openRawInbox(target.imap);
  const { api, connector } = target;
  const ses = new SESv2Client({
    region: connector.region,
    credentials: { accessKeyId: connector.accessKeyId, secretAccessKey: connector.accessKeySecret },
    ...(target.sesEndpoint ? { endpoint: target.sesEndpoint } : {}),
  });
  const run = async (address: string) => {
    const started = performance.now();
    const context = await browser.newContext();
    const page = await context.newPage();
    let userId: string | undefined;
    try {
      const user = await api.POST('/api/users', { body: { primaryEmail: address } });
      userId = user.data?.id;
      const token = (await api.POST('/api/one-time-tokens' as never, { body: { email: address } } as never))
        .data as unknown as { id: string; token: string };
      const link = new URL(target.magicLinkUrl);
      link.searchParams.set('one_time_token', token.token);
      link.searchParams.set('login_hint', address);
      const nextUid = imap.mailbox ? imap.mailbox.uidNext : 1;
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: connector.emailAddress,
          Destination: { ToAddresses: [address] },
          Content: {
            Simple: {
              Subject: { Data: 'Your sign-in link' },
              Body: { Html: { Data: `<p><a href="${link.href.replaceAll('&', '&amp;')}">sign in</a></p>` } },
            },
          },
        }),
      );
      const mailed = await firstMailPart(imap, address, nextUid, 'link', (mail) =>
        /href="([^"]+)"/.exec(mail.html || '')?.[1]?.replaceAll('&amp;', '&'),
      );
      const scanner = await request.newContext();
      await scanner.get(mailed);
      await scanner.dispose();
      const status = (
        await api.GET('/api/one-time-tokens/{id}' as never, { params: { path: { id: token.id } } } as never)
      ).data as unknown as { status: string };
      if (status.status !== 'active')
        throw new Error(`bare magic link: the token is ${status.status} after the scanner`);
      await page.goto(mailed);
      await page.waitForURL((url) => url.href.startsWith(target.homeUrl));
      await page.locator(target.signedInSelector).waitFor();
    } finally {
      await context.close();
      if (userId) await api.DELETE('/api/users/{userId}', { params: { path: { userId } } });
    }
    return performance.now() - started;
  };
  return {
    run,
    close: async () => {
      ses.destroy();
      await imap.logout();
    },
  };
}
