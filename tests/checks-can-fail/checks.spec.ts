import { expect, test } from '../../fixtures/index.js';
import { Inbox } from '../../harness/mail/mailbox/inbox.js';
import { uniqueRecipient } from '../../harness/mail/mailbox/recipient.js';
import { openAppSession } from '../../fixtures/session/app-session.js';

// Each test signs someone in for real, then asks a check for something false: the check must fail.

test('"signed out" fails while signed in, on the app and in Logto', async ({
  flows,
  app,
  inbox,
  users,
  page,
  logtoSessions,
}) => {
  await users.create(inbox.address);
  await flows.signIn();
  await expect(app.expectSignedOut()).rejects.toThrow(/signed-in marker|no claims/);
  // Wherever the test's page is (mid-flow on Logto, or anywhere else): still a session.
  await page.goto('about:blank');
  await expect(app.expectSignedOut()).rejects.toThrow(/signed-in marker|no claims/);
  await expect(logtoSessions.expectSignedOut(page.context(), inbox.address)).rejects.toThrow(
    `Logto still holds this browser's session of ${inbox.address} for the app under test`,
  );
  await app.signOut();
  await app.expectSignedOut();
  await expect(logtoSessions.expectSignedInAs(page.context(), inbox.address)).rejects.toThrow(
    `Logto does not record this browser as signed in as ${inbox.address}`,
  );
});

test('"signed in as X" fails when the browser is signed in as Y, naming both', async ({
  flows,
  app,
  inbox,
  users,
  page,
  logtoSessions,
}) => {
  const someoneElse = inbox.address.replace('@', '-x@');
  await users.create(someoneElse);
  await users.create(inbox.address);
  await flows.signIn();
  await expect(app.expectSignedIn(someoneElse)).rejects.toThrow();
  await expect(logtoSessions.expectSignedInAs(page.context(), someoneElse)).rejects.toThrow(
    `Logto signed this browser in as another user: expected ${someoneElse}, found ${inbox.address}`,
  );
});

test('the app loses its session after Logto signed the user in: the failure says Logto recorded it', async ({
  flows,
  app,
  inbox,
  users,
  page,
}) => {
  await users.create(inbox.address);
  await flows.signIn();
  // The app forgets its session; Logto's session cookie (same host, another port) stays.
  const logtoSession = (await page.context().cookies()).filter((c) => c.name.startsWith('_session'));
  await page.context().clearCookies();
  await page.context().addCookies(logtoSession);
  await page.reload();
  const failure = await app.expectSignedIn(inbox.address).catch((e: unknown) => e as Error);
  expect(String(failure)).toContain(`Setting APP_SIGNED_IN_SELECTOR: ${app.contract.signedInSelector} never appeared`);
  expect(String(failure)).toContain(`the browser is on ${app.url(app.contract.homePath)}`);
  expect(String(failure)).toContain(
    `Logto recorded the sign-in of ${inbox.address} to the app (so the app did not keep its session)`,
  );
});

test('"signed in as X" fails in a browser signed in as Y while X is signed in elsewhere', async ({
  flows,
  inbox,
  users,
  browser,
  mailbox,
  stack,
  logtoSessions,
}) => {
  // X in the test's own browser; Y, another user with an inbox of their own, in a second one.
  await users.create(inbox.address);
  await flows.signIn();
  const y = new Inbox(mailbox, uniqueRecipient(stack.mail.address, 'the other user'));
  await users.create(y.address);
  const other = await openAppSession(browser, stack, y, { logtoSessions });
  try {
    await other.flows.signIn();
    await expect(logtoSessions.expectSignedInAs(other.context, inbox.address)).rejects.toThrow(
      `Logto signed this browser in as another user: expected ${inbox.address}, found ${y.address}`,
    );
  } finally {
    await other.context.close();
  }
});
