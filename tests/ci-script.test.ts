import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { testWithTempDir } from './helpers/temp-dir.js';

const test = testWithTempDir('logto-e2e-ci-');

/** .ci/run's part for a machine with no Logto: the specs counted as skipped, into SUMMARY_FILE. */
function skippedMainJob(dir: string, config?: string) {
  const summary = join(dir, 'summary.jsonl');
  const run = spawnSync('bash', ['.ci/skipped-main-job.sh', 'no Logto here', ...(config ? [config] : [])], {
    env: { ...process.env, SUMMARY_FILE: summary },
    encoding: 'utf8',
  });
  return { code: run.status, output: `${run.stdout}${run.stderr}`, summary: readFileSync(summary, 'utf8').trim() };
}

test.describe('CI without a Logto', () => {
  test.describe.configure({ timeout: 120_000 });

  test('counts the specs as skipped, saying why', ({ dir }) => {
    const run = skippedMainJob(dir);
    expect(run.code, run.output).toBe(0);
    const { skipped, failed } = JSON.parse(run.summary) as { skipped: number; failed: number };
    expect(failed).toBe(0);
    expect(skipped).toBeGreaterThanOrEqual(20);
    expect(run.output).toContain(`skipped ${skipped}: the e2e specs, no Logto here`);
  });

  test('a config that cannot load is red, with its error (never "skipped 0")', ({ dir }) => {
    const run = skippedMainJob(dir, 'tests/broken-config/playwright.config.ts');
    expect(run.code).toBe(1);
    expect(run.summary).toBe('{"passed":0,"failed":1,"skipped":0}');
    expect(run.output).toContain('this config is broken on purpose');
  });
});
