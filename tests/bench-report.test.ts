import { expect, test } from '@playwright/test';
import { formatRatio, formatRow, summarize } from '../bench/stats.js';

test('the bench says "not run" for a figure it did not measure, never 0 ms or NaN', () => {
  const nothing = summarize([]);
  expect(formatRow('command app start (harness)', nothing)).toMatch(/^command app start \(harness\)\s+\(not run\)/);
  expect(formatRow('x', nothing)).not.toMatch(/NaN|\b0 ms/);
  expect(formatRatio('cold stack / Logto alone', NaN, 'target <= 1.2')).toContain('(not run)');
  expect(formatRatio('suite 2 workers / 1 worker', undefined, '')).toContain('(not run)');
  // Measured figures are shown as they are.
  expect(formatRow('code latency', summarize([40, 42, 44]))).toMatch(/median\s+42 ms\s+p95\s+44 ms\s+n=3/);
  expect(formatRatio('sign-up flow / bare sign-up', 1.0833, '')).toContain('1.08x');
});
