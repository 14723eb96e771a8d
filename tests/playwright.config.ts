import '../harness/config/load-env.js';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../harness/browser.js';
import { headedRun } from '../harness/config/headed-run.js';
import { scaled } from '../harness/config/timeouts.js';
import { readHarnessSettings } from '../harness/settings.js';

const settings = readHarnessSettings();

/** The harness's own tests (`npm test`): its parts, and with a Logto, its setup against it. */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.test.ts',
  fullyParallel: true,
  workers: 2,
  timeout: scaled(60_000, settings.E2E_TIMEOUT_SCALE),
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['../harness/reporting/summary-line-reporter.ts']],
  outputDir: '../test-results/harness',
  use: { launchOptions: chromiumLaunchOptions(settings, { headed: headedRun() }), trace: 'retain-on-failure' },
});
