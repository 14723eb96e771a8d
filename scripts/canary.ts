import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { canaryJourney } from '../fixtures/index.js';
import {
  appendRun,
  appUnderTest,
  canarySettings,
  chromiumLaunchOptions,
  connectHarness,
  findReusableStack,
  hostHandlesSignals,
  fixedRecipient,
  judge,
  logtoVersion,
  readHarnessSettings,
  readHistory,
  renderTrendReport,
  selectMode,
  SettingError,
  stackOnlyLaunchOptions,
  stackSettings,
  stageNames,
  startStack,
  targetKey,
  toOpenMetrics,
  writeMetricsFile,
  type CanaryRun,
  type CanarySettings,
  type CanaryStage,
  type CanaryTarget,
  type Harness,
  type HarnessSettings,
  type RunningStack,
  type StackInfo,
} from '../harness/index.js';

/**
 * `npm run canary [-- --accept-baseline]`: the guide's sign-in, once, as the canary user
 * (created the first time, never deleted), each stage timed; one line appended to the history,
 * the last run written in OpenMetrics text, the trend report rebuilt. Every run is recorded,
 * however it ends (Ctrl-C aside): one that could not start its journey (Logto down, the M2M app
 * refused, the inbox's login refused) is a failure at `setup`, naming the step. Exits non-zero
 * with one line when the journey fails or the sign-in has regressed against the pinned
 * baseline; `--accept-baseline` makes the current speed the new baseline. Against the stack
 * `npm run stack` keeps running (or a recorded one), else a stack started for the run: in
 * production, E2E_STACK=external with APP_UNDER_TEST=url and MAIL_MODE=ses.
 */
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--accept-baseline');
if (unknown.length > 0) {
  console.error(`canary: unknown argument ${unknown.join(' ')} (the only one is --accept-baseline)`);
  process.exit(2);
}
let all: HarnessSettings;
let canary: CanarySettings;
try {
  all = readHarnessSettings();
  canary = canarySettings(all);
} catch (error) {
  // No settings, no history to write to: a configuration error, not a run.
  console.error(error instanceof SettingError ? error.message : error);
  process.exit(2);
}

let started: RunningStack | undefined;
// Ctrl-C or a kill: what this run started is stopped (a tenant it changed put back) before it ends.
hostHandlesSignals();
let interrupted: Promise<void> | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted ??= (async () => {
      await started?.stop().catch(() => undefined);
      process.exit(130);
    })();
  });
}

const startedAt = new Date();
const settings = (() => {
  try {
    return stackSettings(all);
  } catch (error) {
    return error as Error;
  }
})();
// The target as the settings name it, until a stack says where it is (a run that fails before
// it must still land in the history of the target it meant).
let target: CanaryTarget = {
  mode: all.E2E_STACK ?? (all.LOGTO_ENDPOINT ? 'external' : 'unknown'),
  logto: all.LOGTO_ENDPOINT ?? 'unknown',
  app: all.APP_UNDER_TEST === 'url' ? (all.APP_URL ?? 'unknown') : 'unknown',
};
let step = 'read the settings';
let run: CanaryRun;
let harness: Harness | undefined;
let browser: Browser | undefined;
try {
  if (settings instanceof Error) throw settings;
  step = 'start or adopt the stack';
  const reuse = await findReusableStack(settings.E2E_STACK_FILE);
  let stack: StackInfo;
  if (reuse.reusable) {
    stack = reuse.reusable;
  } else {
    const choice = await selectMode(settings);
    if (choice.mode === 'none') throw new SettingError(choice.why);
    started = await startStack(choice.mode, settings, { app: appUnderTest(all) });
    stack = started.info;
  }
  target = { mode: stack.mode, logto: stack.logto.endpoint, app: stack.app.url };
  step = `log in to the inbox (IMAP ${stack.mail.imap.host}:${stack.mail.imap.port})`;
  harness = await connectHarness(stack);
  step = 'launch Chromium';
  browser = await chromium.launch(
    stackOnlyLaunchOptions(chromiumLaunchOptions(all), [stack.app.url, stack.logto.endpoint]),
  );
  step = "find or create the canary user (Logto's Management API)";
  const address = canary.user ?? fixedRecipient(stack.mail.address, 'canary');
  const users = harness.users();
  if (!(await users.findByEmail(address))) await users.create(address); // kept: the canary's own user
  step = 'the journey';
  mkdirSync(canary.traceDir, { recursive: true });
  const tracePath = canary.trace
    ? join(canary.traceDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.zip`)
    : undefined;
  run = await canaryJourney(browser, harness, { address, stageBudgetMs: canary.stageBudgetMs, tracePath });
} catch (error) {
  run = {
    at: startedAt.toISOString(),
    verdict: 'fail',
    failedStage: 'setup',
    error: `${step}: ${String((error as Error).message ?? error).split('\n')[0]}`,
    stages: {},
    ids: {},
    target,
  };
} finally {
  await browser?.close().catch(() => undefined);
  await harness?.close().catch(() => undefined);
}
if (!(settings instanceof Error)) {
  run.logtoVersion = await logtoVersion(
    { mode: target.mode, endpoint: target.logto },
    { logtoHome: settings.LOGTO_HOME, logtoImage: settings.LOGTO_IMAGE },
  ).catch(() => undefined);
}
if (args.includes('--accept-baseline')) run.baseline = 'accepted';

let code = 1;
try {
  code = record(run, canary);
} catch (error) {
  console.error(`canary: the run could not be recorded: ${(error as Error).message}`);
} finally {
  await started?.stop();
}
process.exit(code);

/** The run into the history, the metrics and the report; prints the verdict; the exit code. */
function record(run: CanaryRun, canary: CanarySettings): number {
  appendRun(canary.historyFile, run);
  // The run's target alone is judged and drawn: another target's runs are another history.
  const history = readHistory(canary.historyFile).filter((r) => targetKey(r.target) === targetKey(run.target));
  const verdict = judge(history, canary.rule);
  mkdirSync(dirname(canary.metricsFile), { recursive: true });
  writeMetricsFile(canary.metricsFile, toOpenMetrics(run, verdict));
  mkdirSync(dirname(canary.reportFile), { recursive: true });
  writeFileSync(canary.reportFile, renderTrendReport(history, { regression: verdict.regression }));
  for (const [stage, ms] of Object.entries(run.stages)) {
    console.log(`  ${stageNames[stage as CanaryStage]}: ${ms} ms`);
  }
  console.log(`  history: ${canary.historyFile} (${history.length} runs of this target); report: ${canary.reportFile}`);
  console.log(verdict.line);
  if (!verdict.ok && process.env.GITHUB_ACTIONS === 'true') {
    console.log(`::error title=Logto sign-in canary::${verdict.line}`);
  }
  return verdict.ok ? 0 : 1;
}
