import { expect, test } from '../fixtures/index.js';

test('sign-in: a user created by API signs in with the SignIn code', async ({ flows, app, inbox, users }) => {
  const user = await users.create(inbox.address);

  await flows.signIn({ subject: /^SignIn:/ });

  expect(await app.signedInUser()).toMatchObject({ sub: user.id, email: inbox.address, email_verified: true });
});

test('a callback with a forged state is refused and signs no one in', async ({ app, logto, page }) => {
  await app.startSignIn(); // the app now holds a sign-in session with the real state
  await logto.entryScreen();
  const response = await page.goto(app.url(`${app.contract.callbackPath}?code=forged-code&state=forged-state`));
  expect(response?.status(), 'the callback refuses it').toBeGreaterThanOrEqual(400);
  await app.goto();
  await app.expectSignedOut();
});
