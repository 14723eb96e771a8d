import { expect, test, waitForLogtoTime } from '../fixtures/index.js';

/**
 * Magic links as Logto 1.27+ serves them: a one-time token from the Management API, a link to the
 * app's magic-link route mailed to the person, Logto's sign-in page verifying the token. Each
 * refusal is read as Logto answers it (its code), and the token's fate from Logto's own record.
 */

test('a magic link signs its address in without a code, and only once', async ({
  page,
  magicLinks,
  app,
  users,
  inbox,
  sessions,
}) => {
  const user = await users.create(inbox.address);
  const { link, token } = await magicLinks.send();

  await page.goto(link);

  await app.expectSignedIn(inbox.address);
  expect(await app.signedInUser()).toMatchObject({ sub: user.id, email: inbox.address });
  expect(await magicLinks.status(token), 'the token after its sign-in').toBe('consumed');

  // Forwarded or clicked again, in a browser without the first one's session.
  const other = await sessions.open();
  const refused = other.logto.nextRefusal();
  await other.page.goto(link);
  expect((await refused).code, "Logto's answer to the link's second use").toBe('one_time_token.token_consumed');
  await other.app.expectAppSignedOut();
});

test("a link scanner's visit leaves the link working", async ({ page, playwright, magicLinks, app, users, inbox }) => {
  await users.create(inbox.address);
  const { link, token } = await magicLinks.send();

  // A mail provider's scanner fetches the link without running the page's scripts.
  const scanner = await playwright.request.newContext();
  const fetched = await scanner.get(link);
  await scanner.dispose();
  expect(fetched.ok(), `the scanner's fetch of the link answered ${fetched.status()}`).toBe(true);
  expect(await magicLinks.status(token), 'the token after the scanner').toBe('active');

  await page.goto(link);
  await app.expectSignedIn(inbox.address);
});

test('an expired magic link is refused and signs no one in', async ({
  page,
  magicLinks,
  app,
  logto,
  users,
  inbox,
  stack,
}) => {
  await users.create(inbox.address);
  const { link, token } = await magicLinks.send({ expiresInSeconds: 1 });
  await waitForLogtoTime(stack.logto.endpoint, new Date(token.expiresAt + 1000), 30_000);

  const refused = logto.nextRefusal();
  await page.goto(link);

  expect((await refused).code, "Logto's answer to an expired link").toBe('one_time_token.token_expired');
  await app.expectAppSignedOut();
});

test("a link whose token is another address's is refused", async ({ page, magicLinks, app, logto, users, inbox }) => {
  await users.create(inbox.address);
  const { link } = await magicLinks.send({ tokenFor: `someone-else.${inbox.address}` });

  const refused = logto.nextRefusal();
  await page.goto(link);

  expect((await refused).code, "Logto's answer to a token under another address").toBe('one_time_token.email_mismatch');
  await app.expectAppSignedOut();
});
