import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { boundedResolver } from '../harness/mail/judging/mail-dns.js';
import { mailJudge } from '../harness/mail/judging/mail-judge.js';
import { scoreMail } from '../harness/mail/judging/spam-score.js';
import { noSpamd, startSpamd, type RunningSpamd } from '../harness/mail/judging/spamd.js';
import { receiverResults, verifyMail } from '../harness/mail/judging/verify-mail.js';
import { freePort } from '../harness/process/free-port.js';

// The mail as inboxes judge it, the parts: SpamAssassin's score (and what an HTML-only body costs),
// the receiving inbox's own verdict read back, and each way judging can fail, in one line.
const test = base.extend<object, { spamd: RunningSpamd }>({
  spamd: [
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-spamd-'));
      const spamd = await startSpamd({ logDir: dir });
      await use(spamd);
      await spamd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

/** The guide's Register mail as Logto's SES connector sends it: HTML only (Body.Html), as SES delivers it. */
const html = '<p>Your verification code is <strong>123456</strong>. It expires in 10 minutes.</p>';
const headers = [
  'Received: from a8-20.smtp-out.amazonses.com (a8-20.smtp-out.amazonses.com [54.240.8.20]) by mx.example.test with ESMTPS id 1; Thu, 03 Dec 2026 10:00:00 +0000',
  'From: noreply@example.test',
  'To: e2e@example.test', // as SES writes Destination's addresses: no angle brackets
  'Subject: Register: your verification code',
  'Date: Thu, 03 Dec 2026 10:00:00 +0000',
  'Message-ID: <0100018c-test@email.amazonses.com>',
  'MIME-Version: 1.0',
];
const htmlOnly = Buffer.from([...headers, 'Content-Type: text/html; charset=utf-8', '', html, ''].join('\r\n'));
const withText = Buffer.from(
  [
    ...headers,
    'Content-Type: multipart/alternative; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Your verification code is 123456. It expires in 10 minutes.',
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    '--b1--',
    '',
  ].join('\r\n'),
);

test.describe('the mail as inboxes judge it', () => {
  test("what Logto's HTML-only body costs in SpamAssassin's score, beside the same mail with a text part", async ({
    spamd,
  }, testInfo) => {
    test.skip('missing' in spamd.address, noSpamd);
    if ('missing' in spamd.address) return;
    const [only, both] = await Promise.all([scoreMail(spamd.address, htmlOnly), scoreMail(spamd.address, withText)]);
    await testInfo.attach('scores', {
      body: `HTML only: ${only.summary}\nwith a text part: ${both.summary}\n`,
      contentType: 'text/plain',
    });
    // HTML only, and with SES's bracketless To, one rule more: what a text part would save.
    expect(only.rules.map((r) => r.name)).toEqual(expect.arrayContaining(['MIME_HTML_ONLY', 'TO_NO_BRKTS_HTML_ONLY']));
    expect(both.rules.map((r) => r.name)).not.toContain('MIME_HTML_ONLY');
    expect(both.rules.map((r) => r.name)).not.toContain('TO_NO_BRKTS_HTML_ONLY');
    expect(only.score, `${only.summary} against ${both.summary}`).toBeGreaterThan(both.score);
    expect(only.score).toBeLessThan(only.threshold);
  });

  test('the receiving inbox’s own Authentication-Results are read back, to compare with the harness’s verdict', () => {
    const received = Buffer.from(
      `Authentication-Results: mx.google.com;\r\n       dkim=pass header.i=@example.test header.s=abc;\r\n       spf=pass (google.com: domain of x@amazonses.com designates 54.240.8.20 as permitted sender) smtp.mailfrom=x@amazonses.com;\r\n       dmarc=pass (p=QUARANTINE sp=QUARANTINE dis=NONE) header.from=example.test\r\n${headers.join('\r\n')}\r\n\r\nx\r\n`,
    );
    expect(receiverResults(received.toString())).toEqual({ dkim: 'pass', spf: 'pass', dmarc: 'pass' });
  });

  test('each way judging fails is one line: a mail it cannot parse, a DNS that does not answer, a spamd that is not there', async () => {
    // A DNS that never answers: the verdict comes anyway, each lookup ending in its bound.
    const silent = boundedResolver(() => new Promise<never>(() => undefined), 200);
    const judged = await verifyMail(htmlOnly, silent);
    expect(judged.dmarc.result).not.toBe('pass');
    await expect(silent('_dmarc.example.test', 'TXT')).rejects.toThrow(
      /^DNS did not answer for TXT _dmarc.example.test within 200 ms$/,
    );
    // spamd gone: one line naming where it was asked.
    const port = await freePort();
    await expect(scoreMail({ host: '127.0.0.1', port }, htmlOnly, 500)).rejects.toThrow(
      new RegExp(`^spamd at 127\\.0\\.0\\.1:${port} could not score the mail: connect ECONNREFUSED`),
    );
    // No spamd on the machine: only the score is missing, saying how to get it.
    const judge = mailJudge({ mode: 'ses', spamd: { missing: noSpamd } });
    expect(judge.noScore).toBe(noSpamd);
    await expect(judge.score(htmlOnly)).rejects.toThrow(noSpamd);
    // Not a mail at all.
    await expect(verifyMail(Buffer.from('\u0000\u0001 not a message'), silent)).rejects.toThrow(
      /^The mail could not be judged: it has no From header/,
    );
  });
});
