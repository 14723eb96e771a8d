import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { readWorkflow, runJob, type StepRecord } from './helpers/actions-runner.js';

// The canary workflow's own steps, run as a GitHub runner runs them (the shell GitHub uses for
// each step, `if:` by GitHub's expression library), with stand-ins for `npm run canary` and `gh`
// on PATH: the alarm must go off on FAILED and on REGRESSION, and only then.
const workflow = readWorkflow('.github/workflows/canary.yml');
const standIns = resolve('tests/stand-ins/github');
const secrets = {
  LOGTO_ENDPOINT: 'https://tenant.example',
  APP_URL: 'https://app.example',
  LOGTO_M2M_APP_ID: 'm2m-id',
  LOGTO_M2M_APP_SECRET: 'm2m-secret-value',
  IMAP_HOST: 'imap.example',
  IMAP_USER: 'canary',
  IMAP_PASSWORD: 'imap-password-value',
  MAILBOX_ADDRESS: 'canary@example.test',
};
const succeed = () => ({ outcome: 'success' as const });

/** `warm`: the cache gives back the history (canary/ exists); cold: the first run, nothing restored. */
function runCanaryJob(dir: string, scenario: string, o: { openIssue?: string; warm?: boolean } = {}) {
  const checkout = join(dir, 'checkout');
  mkdirSync(checkout, { recursive: true });
  const actions = {
    'actions/checkout': succeed,
    'actions/setup-node': succeed,
    'actions/cache/restore': () => {
      if (o.warm) {
        mkdirSync(join(checkout, 'canary'), { recursive: true });
        writeFileSync(join(checkout, 'canary/history.jsonl'), '{}\n');
      }
      return { outcome: 'success' as const };
    },
    'actions/cache/save': succeed,
    'actions/upload-artifact': succeed,
  };
  const log = join(dir, 'stand-ins.log');
  writeFileSync(log, '');
  const { steps, result } = runJob({
    workflow,
    job: 'canary',
    cwd: checkout,
    runnerTemp: join(dir, 'runner-temp'),
    baseEnv: {
      PATH: `${standIns}:/usr/local/bin:/usr/bin:/bin`,
      HOME: dir,
      STAND_IN_LOG: log,
      CANARY_SCENARIO: scenario,
      GH_OPEN_ISSUE: o.openIssue ?? '',
    },
    secrets,
    github: { event_name: 'schedule', run_id: '4242' },
    uses: actions,
  });
  const calls = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
  const step = (id: string) => steps.find((s) => s.id === id) as StepRecord;
  const alarm = steps.find((s) => /alarm/i.test(s.name)) as StepRecord;
  return { steps, result, calls, canary: step('canary'), alarm, checkout };
}

test.describe('the canary workflow, run as GitHub runs it', () => {
  for (const warm of [false, true]) {
    test(`a passing canary, ${warm ? 'its history restored' : 'on a cold cache'}: a green job, and nobody is asked to open an issue`, ({}, testInfo) => {
      const run = runCanaryJob(testInfo.outputPath(), 'pass', { warm });
      expect(run.canary.outcome, run.canary.log).toBe('success');
      expect(run.result).toBe('success');
      expect(run.calls.filter((c) => c.startsWith('gh '))).toEqual([]);
      expect(run.alarm.outcome).toBe('skipped');
      expect(existsSync(join(run.checkout, 'canary/history.jsonl')), 'the history kept for the cache').toBe(true);
    });
  }

  for (const [scenario, verdict, warm] of [
    ['failed', /^canary FAILED at inboxArrival .*: no mail to canary@example.test within 60000 ms/, true],
    ['regression', /^canary REGRESSION: time to signed in: median of the last 5 runs 8010 ms/, true],
    ['failed', /^canary FAILED at inboxArrival /, false],
  ] as const) {
    test(`a canary ${scenario.toUpperCase()}${warm ? '' : ' on a cold cache'}: the step fails, and the alarm opens an issue with the verdict`, ({}, testInfo) => {
      const run = runCanaryJob(testInfo.outputPath(), scenario, { warm });
      expect(run.canary.outcome, `the canary step's outcome (its log: ${run.canary.log})`).toBe('failure');
      expect(run.alarm.outcome, run.alarm.log).toBe('success');
      const create = run.calls.find((c) => c.startsWith('gh issue create'));
      expect(create, run.calls.join('\n')).toBeDefined();
      const body = /--body (\$'.*'|\S+)/.exec(create ?? '')?.[1] ?? '';
      expect(decodeBashQuoted(body)).toMatch(verdict);
      expect(decodeBashQuoted(body)).toContain('https://github.com/team/logto-e2e/actions/runs/4242');
      expect(run.result).toBe('failure');
    });
  }

  test('a FAILED canary with the alarm already open: a comment on that issue, no second issue', ({}, testInfo) => {
    const run = runCanaryJob(testInfo.outputPath(), 'failed', { openIssue: '17', warm: true });
    expect(run.calls.some((c) => c.startsWith('gh issue comment 17 --body'))).toBe(true);
    expect(run.calls.some((c) => c.startsWith('gh issue create'))).toBe(false);
  });

  test('a canary that crashes before its verdict: a red job naming that, and no production alarm', ({}, testInfo) => {
    const run = runCanaryJob(testInfo.outputPath(), 'crash', { warm: true });
    expect(run.canary.outcome).toBe('failure');
    expect(run.result).toBe('failure');
    expect(run.calls.filter((c) => c.startsWith('gh issue'))).toEqual([]);
    expect(run.steps.map((s) => s.log).join('\n')).toMatch(/::error title=The canary did not reach a verdict::/);
  });
});

/** A bash %q word back to its text ($'…' with escapes, or a plain word with backslashes). */
function decodeBashQuoted(word: string): string {
  if (word.startsWith("$'")) {
    return word.slice(2, -1).replace(/\\n/g, '\n').replace(/\\'/g, "'").replace(/\\\\/g, '\\');
  }
  return word.replace(/\\(.)/g, '$1');
}
