import { expect, requireApp, test } from '../fixtures/index.js';

// `npm run bench` times the Register test as the second of this file, in a worker that has run
// a test already: keep another test first.
test('sign-up: the session cookie is httpOnly, sameSite lax, and renewed at sign-in', async ({ flows, app, page }) => {
  requireApp(app, 'sessionCookie');
  const sessionCookie = async () =>
    (await page.context().cookies(app.baseUrl)).find((c) => c.name === app.contract.sessionCookie);
  const { code } = await flows.requestCode('signUp');
  const before = await sessionCookie();
  expect(before, 'the app keeps the sign-in session in its cookie').toBeDefined();

  await flows.enterCodeAndLand(code);
  const after = await sessionCookie();
  expect(after).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  expect(after?.value, 'a new session once signed in (no fixation)').not.toBe(before?.value);
});

test('sign-up: a new address gets the Register code and ends signed in', async ({ flows, app, inbox, users }) => {
  await flows.signUp({ subject: /^Register:/ });

  const claims = await app.signedInUser();
  expect(claims).toMatchObject({ email: inbox.address, email_verified: true });
  const user = await users.findByEmail(inbox.address);
  expect(user, 'the user exists in Logto').toBeDefined();
  expect(user?.id, 'with the ID token subject').toBe(claims?.sub);
});
