import { expect, test } from '../fixtures/index.js';

test('sign-out: the app and Logto both forget the session', async ({ flows, app, logto, inbox, users }) => {
  await users.create(inbox.address);
  const first = await flows.signIn();

  await test.step('sign out through Logto', async () => {
    await app.signOut();
    await app.expectSignedOut();
    expect(await app.me()).toEqual({ authenticated: false });
  });

  await test.step('the next sign-in asks for the email again', async () => {
    await app.startSignIn();
    await logto.expectScreen('sign-in');
  });
  const second = await flows.signIn();
  expect(second.email.uid, 'a new code was needed').not.toBe(first.email.uid);
});
