import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startMailSink } from '../harness/mail/sink/mail-sink.js';
import { sendLikeConnector } from '../harness/connectors/ses/send-like-connector.js';
import { extractCode } from '../harness/mail/mailbox/extract-code.js';
import { Mailbox } from '../harness/mail/mailbox/mailbox.js';
import { uniqueRecipient } from '../harness/mail/mailbox/recipient.js';
import { externalInboxOf } from './helpers/settings-of.js';

// The real-SES path's inbox side, as the nightly configures it (IMAP over TLS, IDLE, settings
// from env), against the local Dovecot with a self-signed certificate trusted by file.
test('a real inbox over TLS, configured from env, waiting on IMAP IDLE', async () => {
  const sink = await startMailSink({ tls: true });
  const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-ca-'));
  try {
    const tls = sink.imapTls;
    if (!tls?.ca) throw new Error('the sink did not start IMAPS');
    writeFileSync(join(dir, 'ca.pem'), tls.ca);
    const inbox = externalInboxOf({
      IMAP_HOST: '127.0.0.1',
      IMAP_PORT: String(tls.port),
      IMAP_TLS: 'true',
      IMAP_USER: tls.user,
      IMAP_PASSWORD: tls.password,
      IMAP_TLS_CA_FILE: join(dir, 'ca.pem'),
      MAILBOX_ADDRESS: sink.address,
    });
    expect(inbox.wait).toBe('idle');
    const mailbox = await Mailbox.connect(inbox.imap, { wait: inbox.wait });
    try {
      const to = uniqueRecipient(inbox.address, 'real-inbox');
      const waiting = mailbox.waitForEmail({ to, timeout: 10_000 });
      await sendLikeConnector({ endpoint: sink.sesEndpoint, to, subject: 'over TLS', html: '<p>Code 731904</p>' });
      expect(extractCode(await waiting)).toBe('731904');
    } finally {
      await mailbox.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sink.stop();
  }
});
