import { expect, test } from '../fixtures/index.js';

// What a person at the browser sees when the SMTP server refuses Logto's mail, and what the
// harness says about it (MAIL_CONNECTOR=smtp; with another connector they skip, saying so). Each
// fault hits only this test's address, so these run in parallel with the rest.
const FAULTS = { tag: '@faults' };

// A relay's replies at RCPT TO and at the end of DATA: nodemailer (in Logto's SMTP connector)
// gives up on each, and Logto answers with its connector error, the server's reply in its data.
const refusals = [
  { fault: 'rcpt-permanent', reply: '550 5.1.1' },
  { fault: 'rcpt-temporary', reply: '451 4.3.0' },
  { fault: 'data-permanent', reply: '554 5.7.1' },
  { fault: 'data-temporary', reply: '451 4.7.1' },
] as const;

for (const { fault, reply } of refusals) {
  test(
    `SMTP ${fault}: Logto shows its connector error, no code screen, no mail, no session`,
    FAULTS,
    async ({ inbox, flows, logto, app }) => {
      await inbox.failNextSmtp(fault);
      await flows.start('signUp');
      const refused = await logto.requestCodeFor(inbox.address);
      expect(refused).toMatchObject({ status: 400, code: 'connector.general' });
      expect(refused.provider, "Logto's answer carries the server's reply").toContain(reply);
      await expect(logto.toast, 'the page shows Logto’s message for the refusal').toHaveText(refused.message ?? '');
      await logto.expectScreen('register');
      const why = await inbox.expectNoEmail();
      expect(why).toContain(`(fault "${fault}" injected) answered ${reply}`);
      await app.expectSignedOut();
    },
  );
}

test(
  'SMTP accepts but never delivers: the code screen waits for a mail that never comes',
  FAULTS,
  async ({ inbox, flows, logto, app }) => {
    await inbox.failNextSmtp('never-delivered');
    await flows.start('signUp');
    expect(await logto.requestCodeFor(inbox.address)).toMatchObject({ status: 200, code: undefined });
    await logto.expectScreen('verification-code');
    expect(await inbox.expectNoEmail()).toContain(
      '(fault "never-delivered" injected) answered 250 accepted, never delivered',
    );
    await app.expectSignedOut();
  },
);

test(
  'a sign-up whose mail the server refuses fails naming the reply, not a URL it never reached',
  FAULTS,
  async ({ inbox, flows }) => {
    await inbox.failNextSmtp('rcpt-permanent');
    const failed = await flows.signUp().then(
      () => new Error('the sign-up went through'),
      (error: Error) => error,
    );
    expect(failed.message).toContain('550 5.1.1 Recipient address rejected');
    expect(failed.message).toContain("the mail (the sink's SMTP server)");
  },
);
