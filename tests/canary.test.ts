import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  canaryStages,
  connectManagementApi,
  checkRegression,
  fixedRecipient,
  isLogtoInstallation,
  judge,
  renderTrendReport,
  toOpenMetrics,
  UserFactory,
  type CanaryRun,
} from '../harness/index.js';
import { sesFaultSwitch } from '../harness/mail/ses-faults.js';
import { noLogtoMessage } from '../harness/stack/logto-stack.js';
import { recordedLocalStack } from './helpers/recorded-stack.js';
import { stackSettingsOf } from './helpers/settings-of.js';

const settings = stackSettingsOf();
const rule = { window: 3, baseline: 6, maxSlowdown: 0.5 };

/** A made-up passing run `i` minutes after 09:00 that took `ms` to sign in. */
function run(i: number, ms: number, o: Partial<CanaryRun> = {}): CanaryRun {
  return {
    at: new Date(Date.UTC(2026, 11, 3, 9, i)).toISOString(),
    verdict: 'pass',
    stages: { signInPage: 400, sesAccepted: 300, inboxArrival: 80, signedIn: ms - 780 },
    timeToCode: ms - 500,
    timeToSignedIn: ms,
    ids: {},
    target: { mode: 'local', logto: 'http://127.0.0.1:1', app: 'http://127.0.0.1:2' },
    ...o,
  };
}

test.describe('the verdict', () => {
  test('a steady history passes; a slowed window fails as a regression, naming both medians', () => {
    const steady = Array.from({ length: 9 }, (_, i) => run(i, 2000 + (i % 3) * 50));
    expect(judge(steady, rule)).toMatchObject({ ok: true, line: expect.stringMatching(/^canary ok/) });
    const slowed = [...steady.slice(0, 6), run(6, 3400), run(7, 3500), run(8, 3300)];
    const verdict = judge(slowed, rule);
    expect(verdict.ok).toBe(false);
    expect(verdict.line).toMatch(
      /^canary REGRESSION: .*last 3 runs 3400 ms, is more than 50% over the 6 runs before \(20\d\d ms\)/,
    );
    expect(checkRegression(slowed, rule)).toMatchObject({ windowRuns: [6, 7, 8], baselineRuns: [0, 1, 2, 3, 4, 5] });
    // Slower, but within the share: not a regression.
    expect(judge([...steady.slice(0, 6), run(6, 2800), run(7, 2900), run(8, 2700)], rule).ok).toBe(true);
  });

  test('too short a history is judged on the last run alone; a failed run fails naming its stage and identifiers', () => {
    expect(checkRegression([run(0, 2000), run(1, 9000)], rule)).toBeUndefined();
    const failed = run(2, 0, {
      verdict: 'fail',
      failedStage: 'sesAccepted',
      error: 'over its budget of 2000 ms (CANARY_STAGE_BUDGET_MS)',
      ids: { logtoLogId: 'log-1', trace: '/tmp/t.zip' },
    });
    expect(judge([run(0, 2000), failed], rule).line).toBe(
      "canary FAILED at sesAccepted (the email submitted → Logto's answer (SES accepted)): over its budget of 2000 ms (CANARY_STAGE_BUDGET_MS) [logtoLogId log-1, trace /tmp/t.zip]",
    );
  });

  test('the last run in OpenMetrics text: success, each stage in seconds, # EOF', () => {
    const text = toOpenMetrics(run(0, 2100));
    expect(text).toContain('logto_canary_success 1\n');
    expect(text).toContain('logto_canary_stage_duration_seconds{stage="ses_accepted"} 0.300\n');
    expect(text).toContain('logto_canary_time_to_signed_in_seconds 2.100\n');
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(toOpenMetrics(run(1, 0, { verdict: 'fail', stages: {}, timeToSignedIn: undefined }))).toContain(
      'logto_canary_success 0\n',
    );
  });
});

test('the trend report in Chromium: labelled axes, one point per run, failures marked, the regression window shaded', async ({
  page,
}, testInfo) => {
  const history = [
    ...Array.from({ length: 6 }, (_, i) => run(i, 2000 + (i % 2) * 100)),
    run(6, 0, {
      verdict: 'fail',
      failedStage: 'inboxArrival',
      error: 'no mail',
      stages: { signInPage: 400 },
      timeToSignedIn: undefined,
    }),
    run(7, 3300),
    run(8, 3400),
    run(9, 3500),
  ];
  const verdict = judge(history, rule);
  const file = testInfo.outputPath('report.html');
  writeFileSync(file, renderTrendReport(history, { regression: verdict.regression }));
  await page.goto(`file://${file}`);
  const chart = page.getByRole('img', { name: 'Canary sign-in stages over time' });
  await expect(chart).toBeVisible();
  await expect(chart.locator('text.axis-label')).toHaveText(['run (start time, UTC)', 'duration (seconds)']);
  // One point per passing run in the end-to-end series; the failed run a marker of its own.
  await expect(chart.locator('[data-series="timeToSignedIn"] circle.point')).toHaveCount(9);
  await expect(chart.locator('g.failure')).toHaveCount(1);
  await expect(chart.locator('g.failure')).toHaveAttribute('data-run', '6');
  await expect(chart.locator('rect.band[data-band="regression window (slower)"]')).toHaveCount(1);
  await testInfo.attach('trend report', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});

test.describe('npm run canary against a live stack', () => {
  test.skip(!isLogtoInstallation(settings.LOGTO_HOME), noLogtoMessage);
  test.describe.configure({ mode: 'serial' });

  test('five runs make five history lines, every stage timed and the identifiers filled; an injected SES slow fails naming the SES stage', async () => {
    test.setTimeout(300_000);
    const { dir, stack, record, stop } = await recordedLocalStack('logto-e2e-canary-');
    const env = {
      ...process.env,
      E2E_STACK_FILE: record,
      CANARY_HISTORY: join(dir, 'history.jsonl'),
      CANARY_METRICS: join(dir, 'last-run.prom'),
      CANARY_REPORT: join(dir, 'report.html'),
      CANARY_TRACES: join(dir, 'traces'),
      SUMMARY_FILE: '',
    };
    const canary = async (extra: Record<string, string> = {}) => {
      const child = spawn('npm', ['run', '-s', 'canary'], {
        env: { ...env, ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const [status] = (await once(child, 'close')) as [number | null];
      return { status, out };
    };
    try {
      for (let i = 0; i < 5; i++) {
        const result = await canary();
        expect(result.status, result.out).toBe(0);
        expect(result.out).toMatch(/^canary ok: time to signed in \d+ ms/m);
      }
      const lines = readFileSync(env.CANARY_HISTORY, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as CanaryRun);
      expect(lines).toHaveLength(5);
      for (const line of lines) {
        expect(line.verdict).toBe('pass');
        for (const stage of canaryStages) expect(line.stages[stage], stage).toBeGreaterThanOrEqual(0);
        expect(line.timeToSignedIn).toBeGreaterThan(line.timeToCode ?? Infinity);
        expect(line.ids.logtoLogId).toMatch(/\w+/);
        expect(line.ids.sesMessageId).toMatch(/\w+/);
        expect(line.ids.messageId).toMatch(/^<.+>$/);
        expect(line.logtoVersion).toMatch(/^\d+\.\d+\.\d+/);
        expect(line.target).toEqual({ mode: 'local', logto: stack.info.logto.endpoint, app: stack.info.app.url });
      }
      // Five sends, five different mails, each found by its own identifiers.
      expect(new Set(lines.map((l) => l.ids.sesMessageId)).size).toBe(5);
      expect(new Set(lines.map((l) => l.ids.logtoLogId)).size).toBe(5);
      expect(readFileSync(env.CANARY_METRICS, 'utf8')).toContain('logto_canary_success 1\n');

      // SES holds its answer 4 s; the stage's budget is 2 s: the run fails there, and says so.
      const sink = stack.info.mail.sink;
      if (!sink) throw new Error('the local stack has a mail sink');
      await sesFaultSwitch(sink)(fixedRecipient(stack.info.mail.address, 'canary'), 'slow', { delayMs: 4000 });
      const slow = await canary({ CANARY_STAGE_BUDGET_MS: '2000' });
      expect(slow.status).toBe(1);
      expect(slow.out).toMatch(
        /^canary FAILED at sesAccepted \(the email submitted → Logto's answer \(SES accepted\)\): over its budget of 2000 ms .*trace /m,
      );
      const last = readFileSync(env.CANARY_HISTORY, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as CanaryRun)
        .at(-1);
      expect(last).toMatchObject({ verdict: 'fail', failedStage: 'sesAccepted' });
      expect(readFileSync(env.CANARY_METRICS, 'utf8')).toContain('logto_canary_success 0\n');
      expect(readFileSync(env.CANARY_REPORT, 'utf8')).toContain('6 runs, 1 failed');
      // The user is the canary's own: created once, kept, the one signed in every run.
      const canaryUser = fixedRecipient(stack.info.mail.address, 'canary');
      const users = new UserFactory(connectManagementApi(stack.info.logto, stack.info.logto.m2m));
      expect(await users.findByEmail(canaryUser), 'the canary user after six runs').toMatchObject({
        primaryEmail: canaryUser,
      });
    } finally {
      await stop();
    }
  });
});
