import { expect, test } from '@playwright/test';
import type { FullResult, Suite, TestCase } from '@playwright/test/reporter';
import SummaryLineReporter from '../harness/reporting/summary-line-reporter.js';

type Status = 'passed' | 'failed' | 'skipped' | 'interrupted';

/** A test as the reporter sees it: its results' statuses and the outcome Playwright gives. */
function fakeTest(statuses: Status[], outcome: ReturnType<TestCase['outcome']>, skipReason?: string): TestCase {
  return {
    results: statuses.map((status) => ({ status })),
    outcome: () => outcome,
    annotations: skipReason ? [{ type: 'skip', description: skipReason }] : [],
  } as unknown as TestCase;
}

/** The lines the reporter prints at the end of a run of `tests` that ended `status`. */
function summaryOf(tests: TestCase[], status: FullResult['status']): string[] {
  const lines: string[] = [];
  const log = console.log;
  // These runs are made up: they must not add to CI's count (the reporter appends to SUMMARY_FILE).
  const summaryFile = process.env.SUMMARY_FILE;
  delete process.env.SUMMARY_FILE;
  console.log = (line: string) => lines.push(line);
  try {
    const reporter = new SummaryLineReporter();
    reporter.onBegin({} as never, { allTests: () => tests } as unknown as Suite);
    reporter.onEnd({ status } as FullResult);
  } finally {
    console.log = log;
    if (summaryFile !== undefined) process.env.SUMMARY_FILE = summaryFile;
  }
  return lines;
}

test('a finished run counts each test once by its outcome, a skip with its reason', () => {
  const lines = summaryOf(
    [
      fakeTest(['passed'], 'expected'),
      fakeTest(['failed', 'passed'], 'flaky'),
      fakeTest(['skipped'], 'skipped', 'why'),
    ],
    'passed',
  );
  expect(lines).toEqual(['skipped 1: why', '2 passed, 0 failed, 1 skipped']);
});

test('an interrupted run never ends "0 failed": what did not finish is counted as failed', () => {
  const lines = summaryOf(
    [fakeTest(['passed'], 'expected'), fakeTest(['interrupted'], 'skipped'), fakeTest([], 'skipped')],
    'interrupted',
  );
  expect(lines).toEqual(['interrupted: 2 test(s) did not finish (counted as failed)', '1 passed, 2 failed, 0 skipped']);
  // Stopped before any test began: still not green.
  expect(summaryOf([fakeTest([], 'skipped')], 'interrupted').at(-1)).toBe('0 passed, 1 failed, 0 skipped');
});

test('users a test could not delete are named in the last lines', () => {
  const kept = fakeTest(['passed'], 'expected');
  (kept.annotations as { type: string; description?: string }[]).push({
    type: 'user not deleted',
    description: 'Delete the user e2e+x@example.test failed: Logto answered 500',
  });
  expect(summaryOf([kept], 'passed')).toEqual([
    'left behind: Delete the user e2e+x@example.test failed: Logto answered 500',
    '1 passed, 0 failed, 0 skipped',
  ]);
});

test('a run that broke around its tests (global setup) is one failure', () => {
  expect(summaryOf([fakeTest([], 'skipped')], 'failed')).toEqual([
    'skipped 1: did not run',
    '0 passed, 1 failed, 1 skipped',
  ]);
});
