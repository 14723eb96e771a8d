import {
  extractCode,
  Mailbox,
  readHarnessSettings,
  sendLikeConnector,
  sendWithSmtpConfig,
  setting,
  smtpConnectorSetup,
  startMailSink,
  uniqueRecipient,
} from '../harness/index.js';
import { summarize, writeResults } from './stats.js';

/**
 * `npm run bench:mail`: mail sink start time, and SES SendEmail accepted → code returned by
 * waitForEmail, over MESSAGES messages sent as Logto's connector sends them; then the same
 * through the sink's SMTP server, as Logto's SMTP connector sends (a new connection each,
 * STARTTLS, AUTH): from the server's 250 (queued) to the code read, and from the send's start.
 * The latter holds smtp-server's fixed 100 ms pause before its greeting (its check for clients
 * that talk too soon, not configurable).
 * Targets: SES latency median <= 250 ms, SMTP queued → code median <= 100 ms, sink ready <= 1 s.
 */
const { BENCH_MESSAGES: messages, BENCH_STARTS: starts } = readHarnessSettings(process.env, {
  BENCH_MESSAGES: setting.int(20, 1, 10_000),
  BENCH_STARTS: setting.int(5, 0, 100),
});

const startTimes: number[] = [];
for (let i = 0; i < starts; i++) {
  const t = performance.now();
  const sink = await startMailSink();
  startTimes.push(performance.now() - t);
  await sink.stop();
}

const sink = await startMailSink({ smtp: true });
const mailbox = await Mailbox.connect(sink.imap, { diagnose: (to) => sink.diagnose(to) });
const latencies: number[] = [];
const smtpLatencies: number[] = [];
const smtpQueuedLatencies: number[] = [];
try {
  for (let i = 0; i < messages; i++) {
    const to = uniqueRecipient(sink.address, `bench-${i}`);
    const code = String(100000 + i);
    await sendLikeConnector({
      endpoint: sink.sesEndpoint,
      to,
      subject: 'Bench code',
      html: `<p>Code <b>${code}</b></p>`,
    });
    const accepted = performance.now(); // SES answered 200
    const got = extractCode(await mailbox.waitForEmail({ to, timeout: 10_000 }));
    latencies.push(performance.now() - accepted);
    if (got !== code) throw new Error(`expected ${code}, read ${got}`);
  }
  const smtp = sink.smtp;
  if (!smtp) throw new Error('the sink started without its SMTP server');
  const { config } = smtpConnectorSetup(
    {
      SMTP_SINK_TLS: 'starttls',
      SMTP_FROM_ADDRESS: undefined,
      SMTP_FROM_NAME: undefined,
      EMAIL_TEMPLATES_FILE: undefined,
    },
    smtp,
  );
  for (let i = 0; i < messages; i++) {
    const to = uniqueRecipient(sink.address, `bench-smtp-${i}`);
    const code = String(200000 + i);
    const sent = performance.now(); // Logto's send begins: connect, EHLO, STARTTLS, AUTH, the mail
    await sendWithSmtpConfig(config, {
      to,
      subject: 'Bench code',
      text: `Code ${code}`,
      html: `<p>Code <b>${code}</b></p>`,
    });
    const queued = performance.now(); // the server's 250: the mail is its to deliver
    const got = extractCode(await mailbox.waitForEmail({ to, timeout: 10_000 }));
    smtpLatencies.push(performance.now() - sent);
    smtpQueuedLatencies.push(performance.now() - queued);
    if (got !== code) throw new Error(`expected ${code}, read ${got}`);
  }
} finally {
  await mailbox.close();
  await sink.stop();
}
const results = {
  sinkReadyMs: summarize(startTimes),
  acceptedToCodeMs: summarize(latencies),
  smtpQueuedToCodeMs: summarize(smtpQueuedLatencies),
  smtpSendToCodeMs: summarize(smtpLatencies),
};
console.log(
  `mail sink ready:       median ${results.sinkReadyMs.median} ms, max ${results.sinkReadyMs.max} ms (n=${starts}; target <= 1000)`,
);
console.log(
  `SES accepted → code:   median ${results.acceptedToCodeMs.median} ms, p95 ${results.acceptedToCodeMs.p95} ms (n=${messages}; target median <= 250)`,
);
console.log(
  `SMTP queued → code:    median ${results.smtpQueuedToCodeMs.median} ms, p95 ${results.smtpQueuedToCodeMs.p95} ms (n=${messages}; target median <= 100)`,
);
console.log(
  `SMTP send → code:      median ${results.smtpSendToCodeMs.median} ms, p95 ${results.smtpSendToCodeMs.p95} ms (n=${messages}; with the server's 100 ms greeting pause)`,
);
console.log(`results: ${writeResults('mail-sink', results)}`);
