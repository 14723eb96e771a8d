import '../fixtures/config/load-env.js';
import { spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { appUnderTestFromEnv } from '../fixtures/app-under-test/app-settings.js';
import { chromiumLaunchOptions } from '../fixtures/browser.js';
import { connectManagementApi } from '../fixtures/logto-admin/management-api.js';
import { UserFactory } from '../fixtures/logto-admin/users.js';
import { Inbox } from '../fixtures/mailbox/inbox.js';
import { Mailbox } from '../fixtures/mailbox/mailbox.js';
import { uniqueRecipient } from '../fixtures/mailbox/recipient.js';
import { openAppSession } from '../fixtures/session/app-session.js';
import { mailboxOptions } from '../fixtures/stack/mail-delivery.js';
import { selectMode } from '../fixtures/stack/select-mode.js';
import { stackSettingsFromEnv } from '../fixtures/stack/stack-settings.js';
import { startStack, type StackInfo } from '../fixtures/stack/start-stack.js';
import { measureCommandAppStart } from './app-start.js';
import { summarize, writeResults } from './stats.js';

/**
 * `npm run bench`: cold stack starts (with their parts), N sign-ups and N sign-ins through the
 * real pipeline, code latency (Logto's send-code answer, i.e. SES accepted → code read), and
 * the whole suite's wall time with 2 workers. Prints a summary and writes JSON.
 */
const flows = Number(process.env.BENCH_FLOWS ?? 10);
const coldStarts = Number(process.env.BENCH_STACK_STARTS ?? 5);
const settings = stackSettingsFromEnv();
const app = appUnderTestFromEnv();
const choice = await selectMode(settings);
if (choice.mode === 'none') throw new Error(choice.why);

// 1. Cold starts: a fresh stack each time (local: new Postgres cluster, seed, boot, M2M, setup).
const starts: Record<string, number>[] = [];
for (let i = 0; i < coldStarts; i++) {
  const stack = await startStack(choice.mode, settings, { app });
  starts.push(stack.info.timings);
  await stack.stop();
}

// 2. Flows on one stack.
const stack = await startStack(choice.mode, settings, { app });

// 2a. Command mode's start overhead (express-sdk-app), against that app's own time to answer.
const appStart = await measureCommandAppStart(
  'node --import tsx apps/express-sdk-app/src/main.ts',
  {
    logtoEndpoint: stack.info.logto.endpoint,
    appId: stack.info.app.id ?? 'bench',
    appSecret: 'bench-app-secret',
    sessionSecret: 'b'.repeat(64),
  },
  Number(process.env.BENCH_APP_STARTS ?? 5),
);
const browser = await chromium.launch(chromiumLaunchOptions());
const mailbox = await Mailbox.connect(stack.info.mail.imap, mailboxOptions(stack.info.mail));
const users = new UserFactory(connectManagementApi(stack.info.logto, stack.info.logto.m2m));
const signUps: number[] = [];
const signIns: number[] = [];
const codeLatency: number[] = [];
try {
  for (let i = 0; i < flows; i++) signUps.push(await timedFlow('signUp', stack.info, i));
  for (let i = 0; i < flows; i++) signIns.push(await timedFlow('signIn', stack.info, i));
} finally {
  await users.deleteAll();
  await mailbox.close();
  await browser.close();
  await stack.stop();
}

/** One journey through the same session, page objects and flows as the specs use. */
async function timedFlow(kind: 'signUp' | 'signIn', info: StackInfo, i: number): Promise<number> {
  const inbox = new Inbox(mailbox, uniqueRecipient(info.mail.address, `bench-${kind}-${i}`));
  if (kind === 'signIn') await users.create(inbox.address);
  const session = await openAppSession(browser, info, inbox);
  let accepted = 0;
  session.page.on('response', (r) => {
    if (r.url().endsWith('/api/experience/verification/verification-code') && r.request().method() === 'POST')
      accepted = performance.now();
  });
  const started = performance.now();
  const { code } = await session.flows.requestCode(kind);
  codeLatency.push(performance.now() - accepted);
  await session.flows.enterCodeAndLand(code);
  const elapsed = performance.now() - started;
  if (kind === 'signUp') await users.findByEmail(inbox.address);
  await session.context.close();
  return elapsed;
}

// 3. The whole suite, as users run it.
const suiteStarted = performance.now();
const suite = spawnSync('npx', ['playwright', 'test', '--reporter=dot'], {
  env: { ...process.env, E2E_WORKERS: '2' },
  encoding: 'utf8',
});
const suiteMs = Math.round(performance.now() - suiteStarted);
const suiteSummary = suite.stdout.trim().split('\n').at(-1);

const partNames = Object.keys(starts[0] ?? {});
const results = {
  mode: choice.mode,
  stackStartMs: Object.fromEntries(partNames.map((k) => [k, summarize(starts.map((s) => s[k] ?? NaN))])),
  signUpFlowMs: summarize(signUps),
  signInFlowMs: summarize(signIns),
  codeLatencyMs: summarize(codeLatency),
  commandAppStartMs: {
    harness: summarize(appStart.harness),
    bare: summarize(appStart.bare),
    overheadMedian: Math.round(summarize(appStart.harness).median - summarize(appStart.bare).median),
  },
  suite: { wallMs: suiteMs, workers: 2, exitCode: suite.status, summary: suiteSummary },
};
const row = (name: string, s: { median: number; p95: number; n: number }, target: string) =>
  console.log(
    `${name.padEnd(26)} median ${String(s.median).padStart(5)} ms   p95 ${String(s.p95).padStart(5)} ms   n=${s.n}   ${target}`,
  );
console.log(`Benchmark (${choice.mode} stack, ${choice.why})`);
row('stack start (cold)', results.stackStartMs.total ?? { median: NaN, p95: NaN, n: 0 }, 'target median <= 6000');
for (const part of partNames.filter((p) => p !== 'total'))
  row(`  ${part}`, results.stackStartMs[part] ?? { median: NaN, p95: NaN, n: 0 }, '');
row('sign-up flow', results.signUpFlowMs, 'target median <= 2000');
row('sign-in flow', results.signInFlowMs, 'target median <= 1700');
row('code latency', results.codeLatencyMs, 'target median <= 250');
row('command app start (harness)', results.commandAppStartMs.harness, '');
row('  the app alone (bare)', results.commandAppStartMs.bare, '');
console.log(`  overhead (median - median)  ${results.commandAppStartMs.overheadMedian} ms   target <= 300`);
console.log(`whole suite (2 workers)    ${suiteMs} ms   ${suiteSummary}   target <= 60000`);
console.log(`results: ${writeResults('pipeline', results)}`);
