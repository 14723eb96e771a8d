import { expect, test } from '../fixtures/index.js';

// What a person at the browser sees when SES misbehaves, and what the harness says about the
// missing mail. Each fault hits only this test's address, so these run in parallel with the rest.

// `--grep-invert @faults` leaves them out (they test SES and Logto, not the app under test).
const FAULTS = { tag: '@faults' };

// Logto's AWS SDK retries throttling and 5xx answers (3 attempts), never a rejection.
const refusals = [
  { fault: 'rejected', attempts: 1, answer: '400 MessageRejected' },
  { fault: 'throttled', attempts: 3, answer: '429 TooManyRequestsException' },
  { fault: 'unavailable', attempts: 3, answer: '503 ServiceUnavailable' },
] as const;

for (const { fault, attempts, answer } of refusals) {
  test(
    `SES ${fault}: Logto shows its connector error, no code screen, no mail, no session`,
    FAULTS,
    async ({ inbox, flows, logto, app }) => {
      await inbox.failNextSend(fault);
      await flows.start('signUp');
      const refused = await logto.requestCodeFor(inbox.address);
      expect(refused).toMatchObject({ status: 400, code: 'connector.invalid_response' });
      await expect(logto.toast, 'the page shows Logto’s message for the refusal').toHaveText(refused.message ?? '');
      await logto.expectScreen('register');
      const why = await inbox.expectNoEmail();
      expect(why).toContain(`SES fault "${fault}" was injected: ${attempts} attempt(s) answered ${answer}`);
      await app.expectSignedOut();
    },
  );
}

test(
  'SES rejected at sign-in: the same error for an existing user, who stays signed out',
  FAULTS,
  async ({ inbox, flows, logto, app, users }) => {
    await users.create(inbox.address);
    await inbox.failNextSend('rejected');
    await flows.start('signIn');
    expect(await logto.requestCodeFor(inbox.address)).toMatchObject({
      status: 400,
      code: 'connector.invalid_response',
    });
    await expect(logto.toast).toBeVisible();
    await logto.expectScreen('sign-in');
    expect(await inbox.expectNoEmail()).toContain('SES fault "rejected" was injected');
    await app.expectSignedOut();
  },
);

test(
  'SES accepts but never delivers: the code screen waits for a mail that never comes',
  FAULTS,
  async ({ inbox, flows, logto, app }) => {
    await inbox.failNextSend('never-delivered');
    await flows.start('signUp');
    expect(await logto.requestCodeFor(inbox.address)).toMatchObject({ status: 200, code: undefined });
    await logto.expectScreen('verification-code');
    const why = await inbox.expectNoEmail();
    expect(why).toContain('SES fault "never-delivered" was injected: 1 attempt(s) answered 200 accepted');
    await app.expectSignedOut();
  },
);

test(
  'SES slow: the page gives up after 10 s with a timeout toast, and the code arrives anyway',
  FAULTS,
  async ({ inbox, flows, logto, app }) => {
    test.setTimeout(test.info().timeout + 30_000);
    // SES holds its answer 15 s; Logto waits for it, the page's request gives up after 10 s.
    await inbox.failNextSend('slow', { delayMs: 15_000 });
    await flows.start('signUp');
    await logto.requestCodeUntilThePageGivesUp(inbox.address);
    await expect(logto.toast, 'the page says its request timed out').toBeVisible();
    // SES still holds the mail (5 s more): the harness names the fault.
    const why = await inbox.expectNoEmail(1000);
    expect(why).toContain('SES fault "slow" was injected: 1 attempt(s) answered held 15000 ms, then passed on');
    await logto.expectScreen('register');
    await app.expectSignedOut();

    const late = await inbox.waitForCode({ timeout: 30_000 });
    expect(late.code, 'SES passed the mail on once it answered').toMatch(/^\d{6}$/);
    await logto.expectScreen('register');
  },
);
