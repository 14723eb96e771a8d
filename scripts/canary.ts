import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium } from '@playwright/test';
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
  toOpenMetrics,
  type CanaryStage,
  type RunningStack,
  type StackInfo,
} from '../harness/index.js';

/**
 * `npm run canary`: the guide's sign-in, once, as the canary user (created the first time,
 * never deleted), each stage timed; one line appended to the history, the last run written in
 * OpenMetrics text, the trend report rebuilt. Exits non-zero with one line when the journey
 * fails (the stage, its identifiers) or when the time to signed in has regressed. Against the
 * stack `npm run stack` keeps running (or a recorded one), else a stack started for the run:
 * in production, E2E_STACK=external with APP_UNDER_TEST=url and MAIL_MODE=ses.
 */
let started: RunningStack | undefined;
let code: number;
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
try {
  const all = readHarnessSettings();
  const canary = canarySettings(all);
  const settings = stackSettings(all);
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
  const harness = await connectHarness(stack);
  const browser = await chromium.launch(
    stackOnlyLaunchOptions(chromiumLaunchOptions(all), [stack.app.url, stack.logto.endpoint]),
  );
  try {
    const address = canary.user ?? fixedRecipient(stack.mail.address, 'canary');
    const users = harness.users();
    if (!(await users.findByEmail(address))) await users.create(address); // kept: the canary's own user
    mkdirSync(canary.traceDir, { recursive: true });
    const tracePath = canary.trace
      ? join(canary.traceDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.zip`)
      : undefined;
    const run = await canaryJourney(browser, harness, { address, stageBudgetMs: canary.stageBudgetMs, tracePath });
    run.logtoVersion = await logtoVersion(
      { mode: stack.mode, endpoint: stack.logto.endpoint },
      { logtoHome: settings.LOGTO_HOME, logtoImage: settings.LOGTO_IMAGE },
    );
    appendRun(canary.historyFile, run);
    mkdirSync(dirname(canary.metricsFile), { recursive: true });
    writeFileSync(canary.metricsFile, toOpenMetrics(run));
    const history = readHistory(canary.historyFile);
    const verdict = judge(history, canary.rule);
    mkdirSync(dirname(canary.reportFile), { recursive: true });
    writeFileSync(canary.reportFile, renderTrendReport(history, { regression: verdict.regression }));
    for (const [stage, ms] of Object.entries(run.stages)) {
      console.log(`  ${stageNames[stage as CanaryStage]}: ${ms} ms`);
    }
    console.log(`  history: ${canary.historyFile} (${history.length} runs); report: ${canary.reportFile}`);
    console.log(verdict.line);
    if (!verdict.ok && process.env.GITHUB_ACTIONS === 'true') {
      console.log(`::error title=Logto sign-in canary::${verdict.line}`);
    }
    code = verdict.ok ? 0 : 1;
  } finally {
    await browser.close();
    await harness.close();
  }
} catch (error) {
  console.error(error instanceof SettingError ? error.message : error);
  code = 1;
} finally {
  await started?.stop();
}
process.exit(code);
