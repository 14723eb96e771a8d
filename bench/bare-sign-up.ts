import type { Browser } from '@playwright/test';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';

/**
 * The baseline the harness is judged against: one sign-up as a plain Playwright script would do
 * it, with no harness code at all (no page objects, no fixtures, no Inbox): goto the app's sign-up
 * route, type the address, read the code with a raw IMAP NOOP loop, type it, wait for home.
 */
export interface BareTarget {
  signUpUrl: string;
  /** The app's sign-in route (a user that exists signs in there). */
  signInUrl?: string;
  /** The app's sign-out route, and the sign-in link its home shows once signed out. */
  signOutUrl?: string;
  signInLinkSelector?: string;
  homeUrl: string;
  signedInSelector: string;
  imap: { host: string; port: number; secure: boolean; user: string; password: string };
}

export interface BareSession {
  /**
   * One sign-up of `address`: ms from a new browser context to the signed-in home page and the
   * context closed (a test's duration covers its context too).
   */
  signUp(address: string): Promise<number>;
  /** The same for a sign-in of an existing user, from the app's sign-in route. */
  signIn(address: string): Promise<number>;
  /** A sign-in, then the app's sign-out until its home shows the sign-in link (the canary's journey, bare). */
  signInAndOut(address: string): Promise<number>;
  close(): Promise<void>;
}

/** A raw imapflow login with INBOX open: what a plain script would use. */
export async function openRawInbox(settings: BareTarget['imap']): Promise<ImapFlow> {
  const imap = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: { user: settings.user, pass: settings.password },
    logger: false,
    doSTARTTLS: false,
  });
  await imap.connect();
  await imap.mailboxOpen('INBOX');
  return imap;
}

export async function openBareSession(browser: Browser, target: BareTarget): Promise<BareSession> {
  const imap = await openRawInbox(target.imap);
  const journey = async (url: string, address: string, signOut = false) => {
    const started = performance.now();
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      const nextUid = imap.mailbox ? imap.mailbox.uidNext : 1;
      await page.goto(url);
      await page.locator('input[name="identifier"]').fill(address);
      await page.locator('button[name="submit"]').click();
      const code = await codeFor(imap, address, nextUid);
      await page.locator('input[name="passcode_0"]').fill(code);
      await page.waitForURL((url) => url.href.startsWith(target.homeUrl));
      await page.locator(target.signedInSelector).waitFor();
      if (signOut && target.signOutUrl && target.signInLinkSelector) {
        await page.goto(target.signOutUrl);
        await page.locator(target.signInLinkSelector).waitFor();
      }
    } finally {
      await context.close();
    }
    return performance.now() - started;
  };
  return {
    signUp: (address) => journey(target.signUpUrl, address),
    signIn: (address) => journey(target.signInUrl ?? target.signUpUrl, address),
    signInAndOut: (address) => journey(target.signInUrl ?? target.signUpUrl, address, true),
    close: () => imap.logout(),
  };
}

/** The code in the first mail to `address` at or above `fromUid`. */
function codeFor(imap: ImapFlow, address: string, fromUid: number): Promise<string> {
  return firstMailPart(
    imap,
    address,
    fromUid,
    'code',
    (mail) => /\b(\d{6})\b/.exec(`${mail.subject ?? ''} ${mail.html || mail.text || ''}`)?.[1],
  );
}

/**
 * NOOP every 20 ms (as the harness polls) until a message to `address` at or above `fromUid` is
 * there and `pick` finds what is wanted in it (a code, a link); what it found.
 */
export async function firstMailPart(
  imap: ImapFlow,
  address: string,
  fromUid: number,
  what: string,
  pick: (mail: ParsedMail) => string | undefined,
): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    for await (const msg of imap.fetch(`${fromUid}:*`, { uid: true, envelope: true, source: true }, { uid: true })) {
      if (msg.uid < fromUid || !msg.envelope?.to?.some((a) => a.address === address) || !msg.source) continue;
      const found = pick(await simpleParser(msg.source));
      if (found) return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 20)); // the poll interval of a bounded NOOP loop
    await imap.noop();
  }
  throw new Error(`bare script: no ${what} for ${address} within 15 s`);
}
