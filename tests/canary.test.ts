import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  canaryStages,
  connectManagementApi,
  fixedRecipient,
  freePort,
  recordStack,
  setSesAccount,
  judge,
  judgeHistory,
  renderTrendReport,
  toOpenMetrics,
  UserFactory,
  type CanaryRun,
} from '../harness/index.js';
import { Mailbox } from '../harness/mail/mailbox/mailbox.js';
import { sesFaultSwitch } from '../harness/connectors/ses/ses-faults.js';
import { smtpJournal } from '../harness/connectors/smtp/smtp-diagnosis.js';
import { smtpFaultSwitchFor } from '../harness/connectors/smtp/smtp-faults.js';
import { liveCredentialsInTrace } from './helpers/live-credentials.js';
import { recordedStack } from './helpers/recorded-stack.js';
import { stackSettingsOf } from './helpers/settings-of.js';
import { skipWithoutLogto } from './helpers/test-logto.js';

const settings = stackSettingsOf();
const rule = { window: 3, baseline: 6, spreadK: 4, floorMs: 300, rebaselineAfter: 0 };
/** The defaults (.env.example): what a team's canary judges with. */
const defaults = { window: 5, baseline: 20, spreadK: 4, floorMs: 300, rebaselineAfter: 168 };

/** A made-up passing run `i` minutes after 09:00 that took `ms` to sign in. */
function run(i: number, ms: number, o: Partial<CanaryRun> = {}): CanaryRun {
  return {
    at: new Date(Date.UTC(2026, 11, 3, 9, i)).toISOString(),
    verdict: 'pass',
    stages: { signInPage: 400, sesAccepted: 300, inboxArrival: 80, signedIn: ms - 780 },
    timeToCode: ms - 500,
    timeToSignedIn: ms,
    ids: {},
    logtoVersion: '1.42.0',
    target: { mode: 'local', logto: 'http://127.0.0.1:1', app: 'http://127.0.0.1:2' },
    ...o,
  };
}
/** Steady noise around `ms` (±4%, the same every time: a test that can fail, never flakes). */
const noisy = (i: number, ms: number) => Math.round(ms * (1 + 0.04 * Math.sin(i * 2.7)));
/** The verdict the canary would have given after each run of `history`. */
const verdicts = (history: CanaryRun[], r = defaults) => history.map((_, i) => judge(history.slice(0, i + 1), r));

test.describe('the verdict', () => {
  test('a steady history passes; a slowed window fails as a regression, naming the metric, its median and the limit', () => {
    const steady = Array.from({ length: 9 }, (_, i) => run(i, 2000 + (i % 3) * 50));
    expect(judge(steady, rule)).toMatchObject({ ok: true, kind: 'ok', line: expect.stringMatching(/^canary ok/) });
    const slowed = [...steady.slice(0, 6), run(6, 3400), run(7, 3500), run(8, 3300)];
    const verdict = judge(slowed, rule);
    expect(verdict).toMatchObject({ ok: false, kind: 'regression' });
    expect(verdict.line).toMatch(
      /^canary REGRESSION: time to signed in: median of the last 3 runs 3400 ms is over the limit 2\d{3} ms \(baseline median 2050 ms/,
    );
    expect(verdict.line).toContain(
      'signedIn (the code typed → back on the app, signed in): median of the last 3 runs 2620 ms',
    );
    expect(verdict.line).toMatch(/\[baseline learnt, 6 runs .*Logto 1\.42\.0; moves only with --accept-baseline\]$/);
    expect(verdict.regression).toMatchObject({ windowRuns: [6, 7, 8], baselineRuns: [0, 1, 2, 3, 4, 5] });
    // Slower, but within the baseline's spread and the floor: not a regression.
    expect(judge([...steady.slice(0, 6), run(6, 2250), run(7, 2300), run(8, 2200)], rule).ok).toBe(true);
  });

  test('a sustained 2x slowdown is a regression on every run until someone accepts it (the old verdict said ok after 12)', () => {
    const history = [
      ...Array.from({ length: 25 }, (_, i) => run(i, noisy(i, 4000))),
      ...Array.from({ length: 40 }, (_, i) => run(25 + i, noisy(25 + i, 8000))),
    ];
    const slowRuns = verdicts(history).slice(25);
    // The window's median turns slow on the third slow run of five, and stays so.
    expect(slowRuns.slice(0, 2).map((v) => v.kind)).toEqual(['ok', 'ok']);
    expect(slowRuns.slice(2).filter((v) => v.kind !== 'regression').length, 'runs judged ok while 2x slower').toBe(0);
    // Accepted: the slower speed is learnt as the new normal, and then holds.
    const accepted = [...history, run(65, 8000, { baseline: 'accepted' })];
    const after = [...accepted, ...Array.from({ length: 20 }, (_, i) => run(66 + i, noisy(66 + i, 8000)))];
    expect(judge(accepted, defaults).line).toMatch(/learning the baseline: 5 of 20/);
    const last = judge(after, defaults);
    expect(last.kind).toBe('ok');
    expect(last.line).toMatch(/baseline accepted, 20 runs/);
  });

  test('a creeping slowdown (+3% a run, x19 over 100 runs) is caught and stays caught (the old verdict never flagged it)', () => {
    const history = [
      ...Array.from({ length: 25 }, (_, i) => run(i, noisy(i, 3000))),
      ...Array.from({ length: 100 }, (_, i) => run(25 + i, Math.round(noisy(25 + i, 3000) * 1.03 ** (i + 1)))),
    ];
    const judged = verdicts(history).slice(25);
    const first = judged.findIndex((v) => v.kind === 'regression');
    expect(first, 'the run at which the creep is flagged').toBeGreaterThanOrEqual(0);
    expect(first, 'flagged within the first 15% of slowdown').toBeLessThan(10);
    expect(judged.slice(first).every((v) => v.kind === 'regression')).toBe(true);
  });

  test('failed and timed-out runs in the window count as slow: a flaky canary is a regression even when its last run passed', () => {
    const steady = Array.from({ length: 25 }, (_, i) => run(i, noisy(i, 4000)));
    const failed = (i: number) =>
      run(i, 0, {
        verdict: 'fail',
        failedStage: 'inboxArrival',
        stages: { signInPage: 400, sesAccepted: 300 },
        timeToSignedIn: undefined,
      });
    const verdict = judge([...steady, failed(25), run(26, 4000), failed(27), failed(28), run(29, 4010)], defaults);
    expect(verdict.kind).toBe('regression');
    expect(verdict.line).toMatch(
      /^canary REGRESSION \(3 failed, counted as slow\): time to signed in: median of the last 5 runs failed/,
    );
    // The stages the failed runs reached are judged as they went: fast.
    expect(verdict.line).not.toContain('signInPage');
  });

  test("each target and Logto version is judged on its own runs; a new version is held to the old one's baseline until it has its own", () => {
    const a = { mode: 'external', logto: 'https://a.example', app: 'https://app-a.example' };
    const b = { mode: 'external', logto: 'https://b.example', app: 'https://app-b.example' };
    // A, then a second target B (a slower site) canaried alongside: each steady against itself
    // (together, B's runs made A's window look twice as slow: a false alarm every other run).
    const two = [
      ...Array.from({ length: 25 }, (_, i) => run(i, noisy(i, 4000), { target: a })),
      ...Array.from({ length: 40 }, (_, i) =>
        i % 2 ? run(25 + i, noisy(i, 4000), { target: a }) : run(25 + i, noisy(i, 8000), { target: b }),
      ),
    ];
    expect(verdicts(two).filter((v) => !v.ok).length, 'false alarms').toBe(0);
    // Then B slows by half: B's runs are judged against B's baseline, and A's stay ok.
    const bSlowed = [
      ...two,
      ...Array.from({ length: 20 }, (_, i) =>
        i % 2 ? run(65 + i, noisy(i, 4000), { target: a }) : run(65 + i, noisy(i, 12000), { target: b }),
      ),
    ];
    expect(judge(bSlowed.slice(0, -1), defaults).kind, 'B last').toBe('regression');
    expect(judge(bSlowed, defaults).kind, 'A last').toBe('ok');
    // An upgrade that doubles the time: flagged against the old version's baseline, not learnt.
    const upgraded = [
      ...Array.from({ length: 25 }, (_, i) => run(i, noisy(i, 4000), { target: a })),
      ...Array.from({ length: 10 }, (_, i) => run(25 + i, noisy(25 + i, 8000), { target: a, logtoVersion: '1.43.0' })),
    ];
    const last = judge(upgraded, defaults);
    expect(last.kind).toBe('regression');
    expect(last.line).toMatch(
      /Logto 1\.42\.0's baseline until this version has 20 healthy runs of its own \(0 so far\)/,
    );
    // A run that could not learn its version (Logto down) is its target's latest version's.
    const down = run(35, 0, {
      target: a,
      verdict: 'fail',
      failedStage: 'setup',
      stages: {},
      timeToSignedIn: undefined,
      logtoVersion: undefined,
    });
    expect(judgeHistory([...upgraded, down], defaults).at(-1)?.check?.fallbackFrom).toBe('1.42.0');
  });

  test('the baseline is pinned again only after the stated number of healthy runs, from the newest ones, and says so', () => {
    const r = { ...rule, rebaselineAfter: 10 };
    const history = Array.from({ length: 16 }, (_, i) => run(i, noisy(i, 2000 + i * 10)));
    const judged = judgeHistory(history, r);
    expect(judged[5]?.pinned).toBe('learnt');
    expect(judged[15]?.pinned).toBe('re-pinned');
    expect(judge(history.slice(0, 15), r).line).toMatch(/after 10 healthy runs in a row \(9 so far\)/);
    expect(judge([...history, run(16, 2170)], r).line).toMatch(/baseline re-pinned, 6 runs/);
  });

  test('the mail as inboxes judge it: a check or the spam score turning from pass to fail is an alarm, as a failed stage is', () => {
    const judged = (i: number, dmarc: string, score = 2.1) =>
      run(i, 2000, {
        mail: { authentication: { dkim: dmarc, spf: 'pass', dmarc }, spam: { score, threshold: 5 } },
      });
    expect(judge([judged(0, 'pass'), judged(1, 'pass')], rule).ok).toBe(true);
    expect(judge([judged(0, 'pass'), judged(1, 'fail')], rule)).toMatchObject({
      ok: false,
      kind: 'failed',
      line: 'canary FAILED at mail judgement: DKIM turned from pass to fail; DMARC turned from pass to fail (now dkim=fail spf=pass dmarc=fail): inboxes would put the code in spam',
    });
    expect(judge([judged(0, 'pass'), judged(1, 'pass', 5.3)], rule).line).toMatch(
      /^canary FAILED at mail judgement: the spam score turned from 2\.1 to 5\.3 \(the threshold is 5\.0\)/,
    );
    // Failing already last time: not a new alarm (the first one said it).
    expect(judge([judged(0, 'fail'), judged(1, 'fail')], rule).ok).toBe(true);
  });

  test('too short a history is learnt, not judged; a failed run fails naming its stage and identifiers; setup is a stage', () => {
    expect(judge([run(0, 2000), run(1, 9000)], rule)).toMatchObject({
      ok: true,
      line: expect.stringMatching(/learning the baseline: 2 of 6 healthy runs/),
    });
    const failed = run(2, 0, {
      verdict: 'fail',
      failedStage: 'sesAccepted',
      error: 'over its budget of 2000 ms (CANARY_STAGE_BUDGET_MS)',
      ids: { logtoLogId: 'log-1', trace: '/tmp/t.zip' },
    });
    expect(judge([run(0, 2000), failed], rule).line).toBe(
      "canary FAILED at sesAccepted (the email submitted → Logto's answer (its provider accepted: SES, the SMTP server, the mail service)): over its budget of 2000 ms (CANARY_STAGE_BUDGET_MS) [logtoLogId log-1, trace /tmp/t.zip]",
    );
    const setup = run(3, 0, {
      verdict: 'fail',
      failedStage: 'setup',
      error: 'start or adopt the stack: The Logto at … does not answer',
      stages: {},
    });
    expect(judge([setup], rule).line).toMatch(
      /^canary FAILED at setup \(before the journey: .*\): start or adopt the stack: /,
    );
  });

  test('the last run in OpenMetrics text: success, each stage in seconds, # EOF', () => {
    const text = toOpenMetrics(run(0, 2100));
    expect(text).toContain('logto_canary_success 1\n');
    expect(text).toContain('logto_canary_stage_duration_seconds{stage="ses_accepted"} 0.300\n');
    expect(text).toContain('logto_canary_time_to_signed_in_seconds 2.100\n');
    expect(text.endsWith('# EOF\n')).toBe(true);
    const failed = toOpenMetrics(
      run(1, 0, { verdict: 'fail', failedStage: 'setup', stages: {}, timeToSignedIn: undefined }),
      {
        kind: 'failed',
      },
    );
    expect(failed).toContain('logto_canary_success 0\n');
    expect(failed).toContain(
      'logto_canary_verdict{verdict="failed"} 1\nlogto_canary_verdict{verdict="regression"} 0\n',
    );
    expect(failed).toContain('logto_canary_failed_stage{stage="setup"} 1\n');
    expect(failed).toContain(`logto_canary_last_run_timestamp_seconds ${Date.UTC(2026, 11, 3, 9, 1) / 1000}\n`);
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

test('Logto down: the run is on the record (history line, metrics with its timestamp and verdict), and the alarm line names the stage', async ({}, testInfo) => {
  const dir = testInfo.outputPath();
  const history = join(dir, 'history.jsonl');
  const metrics = join(dir, 'last-run.prom');
  const target = { mode: 'external', logto: `http://127.0.0.1:${await freePort()}`, app: 'https://app.example.test' };
  // The previous run passed: its metrics say so until this run replaces them.
  writeFileSync(history, `${JSON.stringify(run(0, 2000, { target }))}\n`);
  writeFileSync(metrics, toOpenMetrics(run(0, 2000, { target }), { kind: 'ok' }));
  const child = spawn('npm', ['run', '-s', 'canary'], {
    env: {
      ...process.env,
      E2E_STACK: 'external',
      E2E_STACK_FILE: join(dir, 'no-stack.json'),
      LOGTO_ENDPOINT: target.logto,
      LOGTO_M2M_APP_ID: 'canary-m2m',
      LOGTO_M2M_APP_SECRET: 'canary-m2m-secret',
      APP_UNDER_TEST: 'url',
      APP_URL: target.app,
      // As canary.yml runs it: the tenant only checked, so no SES keys (it sends with its own).
      MAIL_MODE: 'ses',
      E2E_TENANT_SETUP: 'check',
      IMAP_HOST: '127.0.0.1',
      IMAP_USER: 'canary',
      IMAP_PASSWORD: 'canary-imap-password',
      MAILBOX_ADDRESS: 'canary@example.test',
      CANARY_HISTORY: history,
      CANARY_METRICS: metrics,
      CANARY_REPORT: join(dir, 'report.html'),
      CANARY_TRACES: join(dir, 'traces'),
      E2E_LOG_DIR: join(dir, 'logs'),
      SUMMARY_FILE: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const before = Math.floor(Date.now() / 1000);
  const [status] = (await once(child, 'close')) as [number | null];
  expect(status, out).toBe(1);
  expect(out).toMatch(
    new RegExp(
      `^canary FAILED at setup \\(before the journey.*\\): start or adopt the stack: The Logto at LOGTO_ENDPOINT=${target.logto} does not answer /api/status`,
      'm',
    ),
  );
  const lines = readFileSync(history, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as CanaryRun);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatchObject({ verdict: 'fail', failedStage: 'setup', target });
  const text = readFileSync(metrics, 'utf8');
  expect(text).toContain('logto_canary_success 0\n');
  expect(text).toContain('logto_canary_verdict{verdict="failed"} 1\n');
  expect(text).toContain('logto_canary_failed_stage{stage="setup"} 1\n');
  const stamp = Number(/logto_canary_last_run_timestamp_seconds (\d+)/.exec(text)?.[1]);
  expect(stamp, "the run's own time, for a collector's staleness alert").toBeGreaterThanOrEqual(before - 5);
  expect(
    readdirSync(dir).filter((f) => f.includes('.tmp')),
    'no temp file left by the atomic write',
  ).toEqual([]);
});

/** What `npm run canary` is given to adopt a recorded stack, its files in `dir`. */
function canaryEnv(dir: string, record: string) {
  return {
    ...process.env,
    E2E_STACK_FILE: record,
    CANARY_HISTORY: join(dir, 'history.jsonl'),
    CANARY_METRICS: join(dir, 'last-run.prom'),
    CANARY_REPORT: join(dir, 'report.html'),
    CANARY_TRACES: join(dir, 'traces'),
    SUMMARY_FILE: '',
  };
}

/** `npm run canary` as a scheduler runs it: its exit status and its output. */
async function runCanary(env: NodeJS.ProcessEnv): Promise<{ status: number | null; out: string }> {
  const child = spawn('npm', ['run', '-s', 'canary'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const [status] = (await once(child, 'close')) as [number | null];
  return { status, out };
}

test.describe('npm run canary against a live stack', () => {
  skipWithoutLogto(settings);
  test.describe.configure({ mode: 'serial' });

  test('five runs make five history lines, every stage timed and the identifiers filled; an injected SES slow fails naming the SES stage', async () => {
    test.setTimeout(300_000);
    const { dir, stack, record, stop } = await recordedStack('logto-e2e-canary-');
    const env = canaryEnv(dir, record);
    const canary = (extra: Record<string, string> = {}) => runCanary({ ...env, ...extra });
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
        expect(line.target).toEqual({
          mode: stack.info.mode,
          logto: stack.info.logto.endpoint,
          app: stack.info.app.url,
        });
      }
      // Five sends, five different mails, each found by its own identifiers.
      expect(new Set(lines.map((l) => l.ids.sesMessageId)).size).toBe(5);
      expect(new Set(lines.map((l) => l.ids.logtoLogId)).size).toBe(5);
      expect(readFileSync(env.CANARY_METRICS, 'utf8')).toContain('logto_canary_success 1\n');

      // SES holds its answer 12 s; the stage's budget is 5 s: the run fails there, and says so.
      const sink = stack.info.mail.sink;
      if (!sink) throw new Error('the local stack has a mail sink');
      const canaryAddress = fixedRecipient(stack.info.mail.address, 'canary');
      const mailbox = await Mailbox.connect(stack.info.mail.imap);
      const beforeSlow = await mailbox.newestUid(canaryAddress);
      await sesFaultSwitch(sink)(canaryAddress, 'slow', { delayMs: 12_000 });
      const slow = await canary({ CANARY_STAGE_BUDGET_MS: '5000' });
      expect(slow.status).toBe(1);
      expect(slow.out).toMatch(
        /^canary FAILED at sesAccepted \(the email submitted → Logto's answer \(its provider accepted: SES, the SMTP server, the mail service\)\): over its budget of 5000 ms .*trace /m,
      );
      // SES still accepts the held send, after the run gave up: its mail lands before the next run
      // starts (a run takes only mail newer than the inbox's newest), not in the middle of it.
      await mailbox
        .waitForEmail({ to: canaryAddress, afterUid: beforeSlow, timeout: 30_000 })
        .finally(() => mailbox.close());
      const last = readFileSync(env.CANARY_HISTORY, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as CanaryRun)
        .at(-1);
      expect(last).toMatchObject({ verdict: 'fail', failedStage: 'sesAccepted' });
      // What a canary run uploads holds no live credential: its trace's cookies and auth
      // headers masked, and no secret of the run in any file it wrote.
      expect(last?.ids.trace).toBeDefined();
      const scanned = await liveCredentialsInTrace(last?.ids.trace ?? '');
      expect(scanned.live, 'live credentials in the failed run’s trace').toEqual([]);
      expect(scanned.masked, 'the trace held the canary user’s session, masked').toBeGreaterThan(0);
      const written = readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .map((f) => join(dir, f))
        .filter((f) => statSync(f).isFile() && !f.includes('stack-logs') && !f.endsWith('stack.json'));
      const corpus = written
        .map((f) =>
          f.endsWith('.zip') ? spawnSync('unzip', ['-p', f], { encoding: 'latin1' }).stdout : readFileSync(f, 'latin1'),
        )
        .join('\n');
      for (const secret of stack.secrets)
        expect(corpus.includes(secret), 'a secret of the run in the canary’s files').toBe(false);
      expect(readFileSync(env.CANARY_METRICS, 'utf8')).toContain('logto_canary_success 0\n');
      expect(readFileSync(env.CANARY_REPORT, 'utf8')).toContain('6 runs, 1 failed');
      // Every run judged the mail as inboxes do: DKIM, SPF, DMARC and the spam score, on the record.
      for (const line of lines) {
        expect(line.mail?.authentication).toEqual({ dkim: 'pass', spf: 'pass', dmarc: 'pass' });
        expect(line.mail?.spam?.score).toBeLessThan(5);
      }
      // A DNS change breaks DKIM: the mail still comes, and the verdict is an alarm.
      await setSesAccount(sink, { to: fixedRecipient(stack.info.mail.address, 'canary'), preset: 'dkim-failed' });
      const unsigned = await canary();
      await setSesAccount(sink, { to: fixedRecipient(stack.info.mail.address, 'canary'), preset: 'healthy' });
      expect(unsigned.status, unsigned.out).toBe(1);
      expect(unsigned.out).toMatch(
        /^canary FAILED at mail judgement: DKIM turned from pass to fail; DMARC turned from pass to fail/m,
      );

      // SES refuses the canary's send (its address in the sandbox): the verdict names why, on its one line.
      await setSesAccount(sink, { to: fixedRecipient(stack.info.mail.address, 'canary'), preset: 'sandbox' });
      const refused = await canary();
      await setSesAccount(sink, { to: fixedRecipient(stack.info.mail.address, 'canary'), preset: 'healthy' });
      expect(refused.status).toBe(1);
      expect(refused.out).toMatch(
        /^canary FAILED at sesAccepted .*: Logto answered 400 connector\.invalid_response .*; the provider said: Email address is not verified\. .*; the mail \(the sink's SES\): SES refused the send: the account is in the sandbox and e2e\+canary@example\.test is not a verified identity/m,
      );

      // An outage before the journey is on the record too: the M2M app refused, the inbox's login
      // refused. Each run a failed `setup` line naming the step, and the metrics say so.
      const lastRun = () =>
        JSON.parse(readFileSync(env.CANARY_HISTORY, 'utf8').trim().split('\n').at(-1) ?? '{}') as CanaryRun;
      const broken = join(dir, 'broken-stack.json');
      const { info } = stack;
      const outages = [
        {
          info: { ...info, logto: { ...info.logto, m2m: { ...info.logto.m2m, clientSecret: 'not-the-secret' } } },
          error: /^find or create the canary user \(Logto's Management API\): .*401 Unauthorized/,
        },
        {
          info: { ...info, mail: { ...info.mail, imap: { ...info.mail.imap, password: 'not-the-password' } } },
          error: new RegExp(`^log in to the inbox \\(IMAP 127\\.0\\.0\\.1:${info.mail.imap.port}\\): `),
        },
      ];
      for (const outage of outages) {
        const forget = recordStack(outage.info, broken);
        const down = await canary({ E2E_STACK_FILE: broken });
        forget();
        expect(down.status, down.out).toBe(1);
        expect(down.out).toMatch(/^canary FAILED at setup \(before the journey/m);
        expect(lastRun()).toMatchObject({
          verdict: 'fail',
          failedStage: 'setup',
          error: expect.stringMatching(outage.error),
        });
        expect(lastRun().target, 'the same target as its passing runs').toEqual(lines[0]?.target);
        const metrics = readFileSync(env.CANARY_METRICS, 'utf8');
        expect(metrics).toContain('logto_canary_success 0\n');
        expect(metrics).toContain('logto_canary_failed_stage{stage="setup"} 1\n');
      }
      // The user is the canary's own: created once, kept, the one signed in every run.
      const canaryUser = fixedRecipient(stack.info.mail.address, 'canary');
      const users = new UserFactory(connectManagementApi(stack.info.logto, stack.info.logto.m2m));
      expect(await users.findByEmail(canaryUser), 'the canary user after ten runs').toMatchObject({
        primaryEmail: canaryUser,
      });
    } finally {
      await stop();
    }
  });

  test("through SMTP (MAIL_CONNECTOR=smtp): runs pass through the sink's SMTP server; a RCPT held past the stage's budget fails naming the provider's stage", async () => {
    test.setTimeout(300_000);
    const { dir, stack, record, stop } = await recordedStack('logto-e2e-canary-smtp-', { MAIL_CONNECTOR: 'smtp' });
    const env = canaryEnv(dir, record);
    const history = env.CANARY_HISTORY;
    const canary = (extra: Record<string, string> = {}) => runCanary({ ...env, ...extra });
    try {
      const smtp = stack.info.mail.smtp;
      if (!smtp) throw new Error('MAIL_CONNECTOR=smtp: the stack has the sink’s SMTP server');
      const canaryAddress = fixedRecipient(stack.info.mail.address, 'canary');
      const ok = await canary();
      expect(ok.status, ok.out).toBe(0);
      const [line] = readFileSync(history, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as CanaryRun);
      expect(line?.verdict).toBe('pass');
      for (const stage of canaryStages) expect(line?.stages[stage], stage).toBeGreaterThanOrEqual(0);
      // The mail came through the SMTP server (its journal), not the sink's SES (no SES MessageId).
      const journal = await smtpJournal(smtp, canaryAddress);
      expect(journal.map((e) => e.answer)).toContain('250 queued');
      expect(line?.ids.sesMessageId).toBeUndefined();

      await smtpFaultSwitchFor(stack.info.mail, () => undefined)(canaryAddress, 'slow', { delayMs: 12_000 });
      const slow = await canary({ CANARY_STAGE_BUDGET_MS: '5000' });
      expect(slow.status).toBe(1);
      expect(slow.out).toMatch(
        /^canary FAILED at sesAccepted \(the email submitted → Logto's answer \(its provider accepted: SES, the SMTP server, the mail service\)\): over its budget of 5000 ms/m,
      );
    } finally {
      await stop();
    }
  });
});
