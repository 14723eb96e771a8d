import { expect, test } from '../fixtures/index.js';

test('sign-up: a new address gets the Register code and ends signed in', async ({ flows, app, inbox, users }) => {
  await flows.signUp({ subject: /^Register:/ });

  const me = await app.me();
  expect(me).toMatchObject({ authenticated: true, email: inbox.address, email_verified: true });
  const user = await users.findByEmail(inbox.address);
  expect(user?.id, 'the user exists in Logto with the ID token subject').toBe(me.sub);
});

test('sign-up: the session cookie is httpOnly and sameSite lax', async ({ flows, page, stack }) => {
  await flows.signUp();
  const cookie = (await page.context().cookies(stack.app.url)).find((c) => c.name === 'sample_app_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
});
