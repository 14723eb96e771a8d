import {
  extractCode,
  Mailbox,
  readHarnessSettings,
  sendLikeConnector,
  setting,
  startMailSink,
  uniqueRecipient,
} from '../harness/index.js';
import { summarize, writeResults } from './stats.js';

/**
 * `npm run bench:mail`: mail sink start time, and SES SendEmail accepted → code returned by
 * waitForEmail, over MESSAGES messages sent as Logto's connector sends them.
 * Targets: latency median <= 250 ms, sink ready <= 1 s.
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
