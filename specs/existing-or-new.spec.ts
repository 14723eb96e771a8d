import { expect, test } from '../fixtures/index.js';

test('an existing email on sign-up ends signed in as that user', async ({ flows, app, logto, inbox, users }) => {
  const user = await users.create(inbox.address);
  const { code } = await flows.requestCode('signUp');
  await logto.enterCode(code);

  await test.step('"already exists, sign in instead"', () => logto.confirmDialog());
  await app.expectSignedIn(inbox.address);
  expect((await app.signedInUser())?.sub).toBe(user.id);
});

test('an unregistered email on sign-in ends signed up', async ({ flows, app, logto, inbox, users }) => {
  const { code } = await flows.requestCode('signIn');
  await logto.enterCode(code);

  await test.step('"no account, create one"', () => logto.confirmDialog());
  await app.expectSignedIn(inbox.address);
  const user = await users.findByEmail(inbox.address);
  expect(user, 'the new user exists in Logto').toBeDefined();
  expect((await app.signedInUser())?.sub).toBe(user?.id);
});
