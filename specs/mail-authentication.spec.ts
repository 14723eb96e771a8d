import { expect, isReservedDomain, test } from '../fixtures/index.js';

// The code mail as inboxes judge it: DKIM, SPF and DMARC (the mail sink sends as SES does, for the
// account's state, and publishes the domain's records), and SpamAssassin's score. States need the
// sink; with real SES they skip, and the healthy one judges the real mail against real DNS.
const JUDGED = { tag: '@faults' };

test('healthy: DMARC passes through aligned DKIM (SES signs with the domain key, and with its own)', async ({
  flows,
  inbox,
  stack,
}) => {
  test.skip(
    stack.mail.connector !== 'ses',
    `the mail sink signs as SES does; through MAIL_CONNECTOR=${stack.mail.connector} nothing signs it (a relay or service without DKIM set up): judge it with MAIL_CONNECTOR=ses`,
  );
  const { email } = await flows.signUp();
  const domain = email.from?.split('@').pop() ?? '';
  test.skip(
    stack.mail.mode === 'ses' && isReservedDomain(domain),
    `the sender's domain ${domain} is reserved (RFC 6761) and has no DNS to judge it by: send from your real domain (SES_FROM_ADDRESS)`,
  );
  const auth = await inbox.authentication(email);
  test.info().annotations.push({ type: 'authentication', description: auth?.summary ?? 'not judged' });
  expect(
    auth?.dkim.filter((d) => d.result === 'pass' && d.aligned),
    'a passing DKIM signature of the From domain',
  ).toHaveLength(1);
  expect(auth?.dmarc).toMatchObject({ result: 'pass', alignedBy: expect.arrayContaining(['dkim']) });
  // A real inbox's own verdict, where there is one, agrees.
  if (auth?.receiver?.dmarc)
    expect(auth.receiver.dmarc, "the receiving inbox's Authentication-Results").toBe(auth.dmarc.result);
});

test(
  'SES signs with amazonses.com too, and SPF passes for its MAIL FROM, which does not align with the sender',
  JUDGED,
  async ({ inbox, flows }) => {
    await inbox.sesAccount('healthy');
    const { email } = await flows.signUp();
    const auth = await inbox.authentication(email);
    expect(auth?.dkim).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ domain: 'example.test', result: 'pass', aligned: true }),
        expect.objectContaining({ domain: 'amazonses.com', result: 'pass', aligned: false }),
      ]),
    );
    expect(auth?.spf).toEqual({ domain: 'amazonses.com', result: 'pass', aligned: false });
    expect(auth?.dmarc).toEqual({ result: 'pass', policy: 'quarantine', alignedBy: ['dkim'] });
  },
);

test(
  'DKIM failing: the mail comes, fails DMARC, and p=quarantine sends it to spam',
  JUDGED,
  async ({ inbox, flows }) => {
    await inbox.sesAccount('dkim-failed');
    const { email } = await flows.signUp();
    const auth = await inbox.authentication(email);
    // No custom MAIL FROM and no domain DKIM: nothing aligns with example.test.
    expect(auth?.dkim.map((d) => `${d.domain} ${d.result}`)).toEqual(['amazonses.com pass']);
    expect(auth?.spf).toMatchObject({ result: 'pass', aligned: false });
    expect(auth?.dmarc).toEqual({ result: 'fail', policy: 'quarantine', alignedBy: [] });
    test.info().annotations.push({
      type: 'the inbox would quarantine it',
      description: `${auth?.summary}: the code reaches the spam folder, if it reaches the inbox at all`,
    });
  },
);

test(
  'a custom MAIL FROM: SPF aligns, and DMARC holds through it even with DKIM failing',
  JUDGED,
  async ({ inbox, flows }) => {
    await inbox.sesAccount('dkim-failed', { mailFromDomain: 'mail.example.test' });
    const { email } = await flows.signUp();
    const auth = await inbox.authentication(email);
    expect(auth?.spf).toEqual({ domain: 'mail.example.test', result: 'pass', aligned: true });
    expect(auth?.dmarc).toEqual({ result: 'pass', policy: 'quarantine', alignedBy: ['spf'] });
  },
);

test("the guide's templates stay under SpamAssassin's threshold (5.0)", async ({ inbox, flows }) => {
  const { email } = await flows.signUp({ subject: /^Register:/ });
  const spam = await inbox.spamReport(email);
  test.info().annotations.push({ type: 'spam score', description: spam.summary });
  expect(spam.threshold).toBe(5);
  expect(spam.score, spam.summary).toBeLessThan(spam.threshold);
  // Logto's SES connector sends HTML only: SpamAssassin counts it (docs/mail-authentication.md).
  expect(spam.rules.map((r) => r.name)).toContain('MIME_HTML_ONLY');
});
