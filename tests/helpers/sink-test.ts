import { test as base } from '@playwright/test';
import { Mailbox } from '../../harness/mail/mailbox/mailbox.js';
import { uniqueRecipient } from '../../harness/mail/mailbox/recipient.js';
import { startMailSink, type MailSink, type MailSinkOptions } from '../../harness/mail/sink/mail-sink.js';

/**
 * Tests of the mail sink itself: one sink and one IMAP login per worker, and each test's own
 * address (`to`). `onStarted` runs once the sink is up (where a sender takes its endpoint from).
 */
export function sinkTest(options: MailSinkOptions = {}, onStarted: (sink: MailSink) => void = () => undefined) {
  return base.extend<{ to: string }, { sink: MailSink; mailbox: Mailbox }>({
    sink: [
      async ({}, use) => {
        const sink = await startMailSink(options);
        onStarted(sink);
        await use(sink);
        await sink.stop();
      },
      { scope: 'worker' },
    ],
    mailbox: [
      async ({ sink }, use) => {
        const mailbox = await Mailbox.connect(sink.imap, { diagnose: (to) => sink.diagnose(to) });
        await use(mailbox);
        await mailbox.close();
      },
      { scope: 'worker' },
    ],
    to: async ({ sink }, use, testInfo) => use(uniqueRecipient(sink.address, testInfo.title)),
  });
}
