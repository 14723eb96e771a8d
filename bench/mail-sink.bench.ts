import { startMailSink } from '../harness/mail/sink/mail-sink.js';
import { sendLikeConnector } from '../harness/mail/sink/send-like-connector.js';
import { extractCode } from '../harness/mail/mailbox/extract-code.js';
import { Mailbox } from '../harness/mail/mailbox/mailbox.js';
import { uniqueRecipient } from '../harness/mail/mailbox/recipient.js';
import { summarize, writeResults } from './stats.js';

/**
 * `npm run bench:mail`: mail sink start time, and SES SendEmail accepted → code returned by
 * waitForEmail, over MESSAGES messages sent as Logto's connector sends them.
 * Targets: latency median <= 250 ms, sink ready <= 1 s.
 */
const messages = Number(process.env.BENCH_MESSAGES ?? 20);
const starts = Number(process.env.BENCH_STARTS ?? 5);

const startTimes: number[] = [];
for (let i = 0; i < starts; i++) {
  const t = performance.now();
  const sink = await startMailSink();
  startTimes.push(performance.now() - t);
  await sink.stop();
}

const sink = await startMailSink();
const mailbox = await Mailbox.connect(sink.imap, { diagnose: (to) => sink.diagnose(to) });
const latencies: number[] = [];
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
} finally {
  await mailbox.close();
  await sink.stop();
}
const results = { sinkReadyMs: summarize(startTimes), acceptedToCodeMs: summarize(latencies) };
console.log(
  `mail sink ready:       median ${results.sinkReadyMs.median} ms, max ${results.sinkReadyMs.max} ms (n=${starts}; target <= 1000)`,
);
console.log(
  `SES accepted → code:   median ${results.acceptedToCodeMs.median} ms, p95 ${results.acceptedToCodeMs.p95} ms (n=${messages}; target median <= 250)`,
);
console.log(`results: ${writeResults('mail-sink', results)}`);
