import { test } from '../fixtures/index.js';

test('sign-out: the app and Logto both forget the session', async ({ flows, app, logto, inbox, users }) => {
  await users.create(inbox.address);
  await flows.signIn();

  await test.step('sign out through Logto', async () => {
    await app.signOut();
    await app.expectSignedOut();
  });

  await test.step('the next sign-in asks for the email again', async () => {
    await app.startSignIn();
    await logto.entryScreen();
  });
  await flows.signIn();
});

test('signing out on one device leaves the other signed in', async ({ flows, app, sessions, inbox, users }) => {
  await users.create(inbox.address);
  await flows.signIn();
  const other = await sessions.open();
  await other.flows.signIn();

  await app.signOut();
  await app.expectSignedOut();
  await other.app.goto();
  await other.app.expectSignedIn(inbox.address);
});
