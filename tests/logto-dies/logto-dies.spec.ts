import { test } from '../../fixtures/index.js';

// Run only by tests/stack-faults.test.ts, which starts the stack and names Logto's PID.
test('signs up, then Logto is killed', async ({ flows }) => {
  await flows.signUp();
  process.kill(Number(process.env.E2E_SELF_TEST_LOGTO_PID), 'SIGKILL');
});

for (const n of [1, 2, 3]) {
  test(`a sign-up after Logto stopped (${n})`, async ({ flows }) => {
    await flows.signUp();
  });
}
