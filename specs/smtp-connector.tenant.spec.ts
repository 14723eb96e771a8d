import { emailConnectors, expect, smtpFaultsSkipReason, test, type HarnessWorkerFixtures } from '../fixtures/index.js';

// The SMTP connector set up wrong, as teams set it up wrong (Logto #6191, #3784): what the person
// at the browser sees, and what the harness names. Each changes the tenant's connector (put back
// after the test), so they run in the serialized tenant-settings project, against the sink's
// SMTP server only: a team's relay is not the harness's to misconfigure.
const smtp = emailConnectors.smtp.factoryId;

/** The sink's SMTP server as Logto reaches it, or the skip that names what the spec needs. */
function sinkSmtp(stack: HarnessWorkerFixtures['stack']) {
  const reason = smtpFaultsSkipReason(stack.mail);
  test.skip(!stack.mail.smtp, reason);
  return { connector: { factoryId: smtp, skipReason: reason }, server: stack.mail.smtp! };
}
const FAULTS = { tag: '@faults' };

/** Mistakes Logto's connector gives up on at once: its answer carries nodemailer's (or OpenSSL's) words. */
const refusals = [
  {
    mistake: 'a refused AUTH (the wrong password)',
    patch: (server: { user: string }) => ({ auth: { user: server.user, pass: 'not-the-password' } }),
    says: /Invalid login: 535 5\.7\.8/,
  },
  {
    mistake: 'implicit TLS on the STARTTLS port (Logto #6191: 587 with secure: true)',
    patch: () => ({ secure: true, requireTLS: undefined }),
    // OpenSSL's words, as Logto passes them on.
    says: /wrong version number/,
  },
];

test.describe('@tenant-settings the SMTP connector set up wrong', () => {
  for (const { mistake, patch, says } of refusals) {
    test(
      `${mistake}: Logto shows its connector error in the server's or OpenSSL's words, no code screen, no mail`,
      FAULTS,
      async ({ stack, tenant, flows, logto, inbox, app }) => {
        const { connector, server } = sinkSmtp(stack);
        await tenant.setEmailConnectorConfig(connector, patch(server));
        await flows.start('signUp');
        const refused = await logto.requestCodeFor(inbox.address);
        expect(refused).toMatchObject({ status: 400, code: 'connector.general' });
        expect(refused.provider, "Logto's answer carries the words").toMatch(says);
        await expect(logto.toast).toHaveText(refused.message ?? '');
        await logto.expectScreen('register');
        expect(await inbox.expectNoEmail()).toContain('Logto never reached RCPT TO for it');
        await app.expectSignedOut();
      },
    );
  }

  test(
    "STARTTLS on the implicit-TLS port (465 with secure: false): the server never greets; with Logto's own 30 s greeting timeout the page gives up first",
    FAULTS,
    async ({ stack, tenant, flows, logto, inbox, app }) => {
      const { connector, server } = sinkSmtp(stack);
      // Logto's defaults for the timeouts, as a team that never set them has them.
      await tenant.setEmailConnectorConfig(connector, {
        port: server.implicitPort,
        secure: false,
        requireTLS: true,
        greetingTimeout: 30_000,
      });
      await flows.start('signUp');
      await logto.requestCodeUntilThePageGivesUp(inbox.address);
      await expect(logto.toast, 'the page says its request timed out').toBeVisible();
      await logto.expectScreen('register');
      expect(await inbox.expectNoEmail(1000)).toContain('Logto never reached RCPT TO for it');
      await app.expectSignedOut();
    },
  );

  test(
    'a non-ASCII sender name (Logto #3784): it goes as RFC 2047 words, and the inbox shows the name',
    FAULTS,
    async ({ stack, tenant, flows }) => {
      const { connector } = sinkSmtp(stack);
      const name = 'Équipe Logto — 東京';
      await tenant.setEmailConnectorConfig(connector, { fromEmail: `"${name}" <noreply@example.test>` });
      const { email } = await flows.signUp();
      expect(email.fromName).toBe(name);
      expect(email.from).toBe('noreply@example.test');
      // Gmail refuses raw 8-bit in a header: the From line on the wire is ASCII.
      const fromLine = /^From: .*(?:\r\n[ \t].*)*/m.exec(email.raw.toString('latin1'))?.[0] ?? '';
      expect(fromLine).toMatch(/=\?UTF-8\?[BQ]\?/i);
      expect(
        [...fromLine].every((c) => c.charCodeAt(0) < 128),
        fromLine,
      ).toBe(true);
    },
  );
});
