import { expect, test } from '../../fixtures/index.js';

// Run only by tests/own-app-suites.test.ts: a real sign-in, then a failure, to see what a red run leaves.
test('signs in, then fails on purpose', async ({ flows, inbox, users }) => {
  await users.create(inbox.address);
  await flows.signIn();
  expect('this harness self-test', 'fails here on purpose').toBe('a red run');
});
