import '../fixtures/config/load-env.js';
import { spawnSync } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../fixtures/browser.js';
import { connectManagementApi } from '../fixtures/logto-admin/management-api.js';
import { UserFactory } from '../fixtures/logto-admin/users.js';
import { extractCode } from '../fixtures/mailbox/extract-code.js';
import { Mailbox } from '../fixtures/mailbox/mailbox.js';
import { uniqueRecipient } from '../fixtures/mailbox/recipient.js';
import { SampleAppPage } from '../fixtures/pages/sample-app-page.js';
import { SignInExperiencePage } from '../fixtures/pages/sign-in-experience-page.js';
import { selectMode } from '../fixtures/stack/select-mode.js';
import { stackSettingsFromEnv } from '../fixtures/stack/stack-settings.js';
import { mailboxOptions, startStack, type StackInfo } from '../fixtures/stack/start-stack.js';
import { summarize, writeResults } from './stats.js';

/**
 * `npm run bench`: cold stack starts (with their parts), N sign-ups and N sign-ins through the
 * real pipeline, code latency (Logto's send-code answer, i.e. SES accepted → code read), and
 * the whole suite's wall time with 2 workers. Prints a summary and writes JSON.
 */
const flows = Number(process.env.BENCH_FLOWS ?? 10);
const coldStarts = Number(process.env.BENCH_STACK_STARTS ?? 5);
const settings = stackSettingsFromEnv();
const choice = await selectMode(settings);
if (choice.mode === 'none') throw new Error(choice.why);

// 1. Cold starts: a fresh stack each time (local: new Postgres cluster, seed, boot, M2M, setup).
const starts: Record<string, number>[] = [];
for (let i = 0; i < coldStarts; i++) {
  const stack = await startStack(choice.mode, settings);
  starts.push(stack.info.timings);
  await stack.stop();
}

// 2. Flows on one stack.
const stack = await startStack(choice.mode, settings);
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

async function timedFlow(kind: 'signUp' | 'signIn', info: StackInfo, i: number): Promise<number> {
  const address = uniqueRecipient(info.mail.address, `bench-${kind}-${i}`);
  if (kind === 'signIn') await users.create(address);
  const context = await browser.newContext();
  await context.route(
    (url) => !url.href.startsWith(info.app.url) && !url.href.startsWith(info.logto.endpoint),
    (route) => route.abort(),
  );
  const page: Page = await context.newPage();
  const app = new SampleAppPage(page, info.app.url);
  const logto = new SignInExperiencePage(page, info.logto.endpoint);
  const started = performance.now();
  await (kind === 'signUp' ? app.startSignUp() : app.startSignIn());
  const sent = page.waitForResponse(
    (r) => r.url().endsWith('/api/experience/verification/verification-code') && r.request().method() === 'POST',
  );
  await logto.submitEmail(address);
  await sent;
  const accepted = performance.now();
  const code = extractCode(await mailbox.waitForEmail({ to: address, timeout: 10_000 }));
  codeLatency.push(performance.now() - accepted);
  const answer = await logto.enterCode(code);
  if (answer.status !== 200) throw new Error(`${kind} ${i}: Logto refused the code (${answer.code})`);
  await app.expectSignedIn(address);
  const elapsed = performance.now() - started;
  if (kind === 'signUp') await users.findByEmail(address);
  await context.close();
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
console.log(`whole suite (2 workers)    ${suiteMs} ms   ${suiteSummary}   target <= 60000`);
console.log(`results: ${writeResults('pipeline', results)}`);
