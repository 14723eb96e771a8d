import { expect, test, type SesAccountPreset } from '../fixtures/index.js';

// The SES account problems teams meet after the guide, as the person at the browser sees them
// and as the team needs them explained. Each state applies to this test's address only (the
// mail sink's account judges its sends), so these run in parallel with the rest.
const ACCOUNT = { tag: '@faults' };

// Logto 1.42's connector turns every SES error into connector.invalid_response: the page
// cannot tell them apart. The harness's message names the cause. Throttling is retried by
// Logto's AWS SDK (3 attempts); a rejection or a bad key is not.
const refusals: { state: SesAccountPreset; cause: (address: string) => string }[] = [
  {
    state: 'sandbox',
    cause: (address) =>
      `SES refused the send: the account is in the sandbox and ${address} is not a verified identity (region us-east-1)`,
  },
  {
    state: 'unverified-sender',
    cause: () => 'SES refused the send: the sender noreply@example.test is not a verified identity (region us-east-1)',
  },
  {
    state: 'missing-configuration-set',
    cause: () => "SES refused the send: the connector's configuration set e2e-events does not exist in the account",
  },
  {
    state: 'daily-quota-exhausted',
    cause: () =>
      "SES refused the send: the account's daily sending quota is used up (LimitExceededException: Daily message quota exceeded) (3 attempt(s))",
  },
  {
    state: 'send-rate-exceeded',
    cause: () =>
      "SES refused the send: the account's maximum send rate is exceeded (TooManyRequestsException: Maximum sending rate exceeded) (3 attempt(s))",
  },
  {
    state: 'invalid-credentials',
    cause: () => "SES refused the send: the connector's access key is not valid (UnrecognizedClientException)",
  },
  {
    state: 'sending-paused',
    cause: () => 'SES refused the send: sending is paused for the account (SendingPausedException)',
  },
  {
    state: 'shutdown',
    cause: () => 'SES refused the send: the account is shut down by SES enforcement (AccountSuspendedException)',
  },
  {
    state: 'read-only-key',
    cause: () =>
      "SES refused the send: the connector's key may not send (AccessDeniedException: not authorized to perform ses:SendEmail)",
  },
];

for (const { state, cause } of refusals) {
  test(
    `SES account ${state}: flows.signUp() fails naming the cause, after what the browser showed and what Logto said`,
    ACCOUNT,
    async ({ inbox, flows, logto, app }) => {
      await inbox.sesAccount(state);
      const failure = await flows.signUp().then(
        () => new Error('the sign-up went through'),
        (error: Error) => error,
      );
      // One message, in the order a reader needs it: the step and its first error; the screen
      // and its toast; Logto's code and what it means, with SES's own words; the mail's fate
      // from the sink's journal; Logto's audit log of the send.
      expect(failure.message).toMatch(
        new RegExp(
          [
            `^submit ${escape(inbox.address)} failed: `,
            `the browser: Logto's /register screen, showing "The connector's response is invalid\\."`,
            'Logto answered POST /api/experience/verification/verification-code with 400 connector\\.invalid_response \\(the email connector',
            '; the provider said: \\S',
            `the mail \\(the sink's SES\\): ${escape(cause(inbox.address))}`,
            `Logto's audit log: 1 code send\\(s\\) to ${escape(inbox.address)}, the last Interaction\\.Register\\.Verification\\.EmailVerificationCode\\.Create at .*: Error — `,
          ].join('[^]*'),
        ),
      );
      await expect(logto.toast, 'the page shows Logto’s message for the refusal').toHaveText(
        "The connector's response is invalid.",
      );
      await logto.expectScreen('register');
      await app.expectSignedOut();
    },
  );
}

test(
  'SES account suppression: SES accepts, the code screen waits, and the harness says the address is suppressed',
  ACCOUNT,
  async ({ inbox, flows, logto }) => {
    await inbox.sesAccount('healthy', { suppressed: [inbox.address] });
    await flows.start('signUp');
    expect(await logto.requestCodeFor(inbox.address)).toMatchObject({ status: 200, code: undefined });
    await logto.expectScreen('verification-code');
    expect(await inbox.expectNoEmail()).toContain(
      "SES accepted the send and dropped it: the address is on the account's suppression list",
    );
  },
);

// States SES still sends in: the doctor flags them (DKIM failing, probation), or cannot read
// the account with the key (the guide's least privilege, ses:SendEmail only).
for (const state of ['dkim-failed', 'probation', 'send-only-key'] as const) {
  test(`SES account ${state}: the mail still comes (the doctor's to flag)`, ACCOUNT, async ({ inbox, flows, app }) => {
    await inbox.sesAccount(state);
    await flows.signUp();
    await app.expectSignedIn(inbox.address);
  });
}

test(
  'SES sandbox with the test address verified: its mail comes (the preset keeps its verified sender)',
  ACCOUNT,
  async ({ inbox, flows, app }) => {
    // Beside the preset, not instead of it: the sandbox's verified sender stays verified.
    await inbox.sesAccount('sandbox', {
      identities: { [inbox.address]: { verification: 'SUCCESS', dkim: 'NOT_STARTED' } },
    });
    await flows.signUp();
    await app.expectSignedIn(inbox.address);
  },
);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
