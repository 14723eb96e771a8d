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
