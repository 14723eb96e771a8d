import { expect } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { smtpConnectorSetup, type SmtpSettings } from '../harness/connectors/smtp/smtp-connector.js';
import { diagnoseSmtpDelivery, smtpJournal } from '../harness/connectors/smtp/smtp-diagnosis.js';
import { smtpFaultSwitchFor } from '../harness/connectors/smtp/smtp-faults.js';
import { sendWithSmtpConfig } from '../harness/connectors/smtp/smtp-send.js';
import { extractCode } from '../harness/mail/mailbox/extract-code.js';
import type { MailSink } from '../harness/mail/sink/mail-sink.js';
import { sinkFetch } from '../harness/mail/sink-control.js';
import { listenersOf } from './helpers/listening.js';
import { sinkTest } from './helpers/sink-test.js';

const settings: SmtpSettings = {
  SMTP_SINK_TLS: 'starttls',
  SMTP_FROM_ADDRESS: undefined,
  SMTP_FROM_NAME: undefined,
  EMAIL_TEMPLATES_FILE: undefined,
};

const test = sinkTest({ smtp: true });

/** Sends as Logto's SMTP connector does: nodemailer with the connector's config as the harness sets it. */
function sendAsLogto(
  sink: MailSink,
  to: string,
  o: { tls?: 'starttls' | 'implicit'; name?: string; override?: object } = {},
) {
  const smtp = sink.smtp;
  if (!smtp) throw new Error('the sink has no SMTP server');
  const { config } = smtpConnectorSetup(
    { ...settings, SMTP_SINK_TLS: o.tls ?? 'starttls', SMTP_FROM_NAME: o.name },
    smtp,
  );
  return sendWithSmtpConfig(
    { ...config, ...o.override },
    {
      to,
      subject: 'SignIn: your verification code',
      text: 'Your code is 618204.',
      html: '<p>Your code to sign in is <b>618204</b>.</p>',
    },
  );
}

test.describe("the mail sink's SMTP server: SMTP (STARTTLS or implicit TLS, AUTH) → LMTP → Dovecot → IMAP", () => {
  test('a mail sent as Logto sends it, on either port, arrives with its code and the MX line', async ({
    sink,
    mailbox,
    to,
  }) => {
    for (const tls of ['starttls', 'implicit'] as const) {
      const address = `${to.replace('@', `-${tls}@`)}`;
      expect(await sendAsLogto(sink, address, { tls })).toMatch(/^<.+@example\.test>$/);
      const mail = await mailbox.waitForEmail({ to: address, timeout: 5000 });
      expect(extractCode(mail)).toBe('618204');
      // Proof it came through TLS with AUTH (ESMTPSA), not some other way into the inbox.
      expect(mail.raw.toString('utf8')).toMatch(/by smtp\.mail-sink\.test \(mail sink\) with ESMTPSA/);
      expect((await smtpJournal(sink.smtp!, address)).map((e) => e.answer)).toEqual(['250 queued']);
    }
  });

  test('it listens on 127.0.0.1 only, and its controls need the run’s secret', async ({ sink }) => {
    const smtp = sink.smtp!;
    const ports = [smtp.starttlsPort, smtp.implicitPort, Number(new URL(smtp.control.sesEndpoint).port)];
    const listeners = listenersOf(sink.pids()).filter((l) => ports.includes(l.port));
    expect(listeners.map((l) => l.port).sort()).toEqual([...ports].sort());
    expect(listeners.filter((l) => l.address !== '127.0.0.1')).toEqual([]);
    const refused = await fetch(`${smtp.control.sesEndpoint}/_faults/journal?to=x@example.test`);
    expect(refused.status).toBe(403);
  });

  test('a wrong password, AUTH in the clear and implicit TLS on the STARTTLS port are refused as relays refuse them', async ({
    sink,
    to,
  }) => {
    const smtp = sink.smtp!;
    await expect(sendAsLogto(sink, to, { override: { auth: { user: smtp.user, pass: 'wrong' } } })).rejects.toThrow(
      /535 5\.7\.8/,
    );
    // No STARTTLS, so AUTH would go in the clear: the server will not take it.
    await expect(sendAsLogto(sink, to, { override: { ignoreTLS: true, requireTLS: false } })).rejects.toThrow(
      /538|530|5\.7/,
    );
    // Logto issue #6191: `secure: true` (implicit TLS) against the submission port (587's way).
    await expect(
      sendAsLogto(sink, to, { override: { secure: true, connectionTimeout: 5000, greetingTimeout: 5000 } }),
    ).rejects.toThrow(/wrong version number|packet length too long|ssl|tls|Greeting never received/i);
  });

  test('faults per recipient: 5xx and 4xx at RCPT and DATA, a mail never delivered; each on the record', async ({
    sink,
    mailbox,
    to,
  }) => {
    const fail = smtpFaultSwitchFor({ connector: 'smtp', smtp: sink.smtp }, () => undefined);
    await fail(to, 'rcpt-permanent');
    await expect(sendAsLogto(sink, to)).rejects.toThrow(/550 5\.1\.1/);
    await fail(to, 'data-temporary');
    await expect(sendAsLogto(sink, to)).rejects.toThrow(/451 4\.7\.1/);
    await fail(to, 'never-delivered');
    await sendAsLogto(sink, to); // a 250: no error
    const diagnosis = await diagnoseSmtpDelivery(sink.smtp!, to);
    expect(diagnosis).toContain('RCPT (fault "rcpt-permanent" injected) answered 550');
    expect(diagnosis).toContain('DATA (fault "data-temporary" injected) answered 451');
    expect(diagnosis).toContain('DATA (fault "never-delivered" injected) answered 250 accepted, never delivered');
    await expect(mailbox.waitForEmail({ to, timeout: 1000 })).rejects.toThrow();
    // Faults are used up: the next mail goes through.
    await sendAsLogto(sink, to);
    expect(extractCode(await mailbox.waitForEmail({ to, timeout: 5000 }))).toBe('618204');
    const unknown = await sinkFetch(sink.smtp!.control, '/_faults', {
      method: 'POST',
      body: JSON.stringify({ to, fault: 'melted' }),
    });
    expect(((await unknown.json()) as { message: string }).message).toContain('Unknown SMTP fault "melted"');
  });

  test('a non-ASCII sender name arrives as the name, encoded as RFC 2047 words', async ({ sink, mailbox, to }) => {
    await sendAsLogto(sink, to, { name: 'ทีมงาน Logto' });
    const mail = await mailbox.waitForEmail({ to, timeout: 5000 });
    expect(mail.raw.toString('utf8')).toMatch(/^From: =\?UTF-8\?/m);
    const parsed = await simpleParser(mail.raw);
    expect(parsed.from?.value[0]).toEqual({ name: 'ทีมงาน Logto', address: 'noreply@example.test' });
  });
});
