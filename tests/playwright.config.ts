import '../harness/config/load-env.js';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, headedRun } from '../harness/browser.js';
import { scaled, timeoutScaleFromEnv } from '../harness/config/timeouts.js';

/** The harness's own tests (`npm test`): its parts, and with a Logto, its setup against it. */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.test.ts',
  fullyParallel: true,
  workers: 2,
  timeout: scaled(60_000, timeoutScaleFromEnv()),
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['../harness/reporting/summary-line-reporter.ts']],
  outputDir: '../test-results/harness',
  use: { launchOptions: chromiumLaunchOptions(process.env, { headed: headedRun() }), trace: 'retain-on-failure' },
});
