import { expect, test } from '../fixtures/index.js';

test('sign-in: a user created by API signs in with the SignIn code', async ({ flows, app, inbox, users }) => {
  const user = await users.create(inbox.address);

  await flows.signIn({ subject: /^SignIn:/ });

  expect(await app.me()).toMatchObject({
    authenticated: true,
    sub: user.id,
    email: inbox.address,
    email_verified: true,
  });
});

test('a callback with a forged state is refused with a 4xx page', async ({ app, logto, page, stack }) => {
  await app.startSignIn(); // the app now holds a sign-in session with the real state
  await logto.expectScreen('sign-in');
  const response = await page.goto(`${stack.app.url}/callback?code=forged-code&state=forged-state`);
  expect(response?.status()).toBe(400);
  await expect(page.getByTestId('callback-error')).toHaveAttribute(
    'data-code',
    'callback_uri_verification.state_mismatched',
  );
  expect(await app.me()).toEqual({ authenticated: false });
});
