import { expect, test } from '../fixtures/index.js';

// What a person at the browser sees when the team's mail service (Logto's HTTP email connector
// posts to it) fails, and what the harness says (MAIL_CONNECTOR=http; with another connector they
// skip, saying so). Each fault hits only this test's address.
const FAULTS = { tag: '@faults' };

// Logto's connector posts once (no retry of a POST) and answers its connector error, the
// service's answer in its data.
const refusals = [
  { fault: 'server-error', answer: '500 mail service: internal error' },
  { fault: 'token-refused', answer: '401 mail service: the token is not valid' },
] as const;

for (const { fault, answer } of refusals) {
  test(
    `HTTP mail ${fault}: Logto shows its connector error, no code screen, no mail, no session`,
    FAULTS,
    async ({ inbox, flows, logto, app }) => {
      await inbox.failNextHttp(fault);
      await flows.start('signUp');
      const refused = await logto.requestCodeFor(inbox.address);
      expect(refused).toMatchObject({ status: 400, code: 'connector.general' });
      expect(refused.provider, "Logto's answer carries the service's own words").toContain(answer.slice(4));
      await expect(logto.toast, 'the page shows Logto’s message for the refusal').toHaveText(refused.message ?? '');
      await logto.expectScreen('register');
      expect(await inbox.expectNoEmail()).toContain(`(fault "${fault}" injected) answered ${answer}`);
      await app.expectSignedOut();
    },
  );
}

test(
  'the HTTP mail service accepts but never delivers: the code screen waits for a mail that never comes',
  FAULTS,
  async ({ inbox, flows, logto, app }) => {
    await inbox.failNextHttp('never-delivered');
    await flows.start('signUp');
    expect(await logto.requestCodeFor(inbox.address)).toMatchObject({ status: 200, code: undefined });
    await logto.expectScreen('verification-code');
    expect(await inbox.expectNoEmail()).toContain(
      '(fault "never-delivered" injected) answered 204 accepted, never delivered',
    );
    await app.expectSignedOut();
  },
);
