import './harness/config/load-env.js';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import type { HarnessOptions } from './fixtures/index.js';
import { chromiumLaunchOptions } from './harness/browser.js';
import { headedRun } from './harness/config/headed-run.js';
import { scaled } from './harness/config/timeouts.js';
import { readHarnessSettings } from './harness/settings.js';

// The runner's edge: every setting read here, once (global setup, in this process, reads its own).
const settings = readHarnessSettings();
const {
  E2E_WORKERS,
  E2E_SLOW_SPECS,
  E2E_STRICT_CALLBACK_STATUS,
  E2E_JUDGE_MAIL,
  E2E_GREP_INVERT,
  E2E_TRACE_FILMSTRIP,
  E2E_TRACE_SNAPSHOTS,
} = settings;
const scale = settings.E2E_TIMEOUT_SCALE;
// Absolute, so configs that extend this one (the harness's own tests) resolve the same files.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** Specs that change tenant-wide settings. */
const tenantSpecs = /\.tenant\.spec\.ts$/;

/**
 * The main job: the email passwordless specs against a real Logto, a real inbox and a real
 * browser. Global setup starts (or reuses) the stack once for all workers.
 */
export default defineConfig<HarnessOptions>({
  testDir: here('./specs'),
  globalSetup: here('./harness/global-setup.ts'),
  fullyParallel: true,
  workers: E2E_WORKERS,
  // The command line's --grep-invert does not reach the `pipeline` project when it runs as the
  // `tenant-settings` project's dependency; this does, in every project.
  ...(E2E_GREP_INVERT ? { grepInvert: E2E_GREP_INVERT } : {}),
  timeout: scaled(60_000, scale),
  expect: { timeout: scaled(10_000, scale) },
  forbidOnly: !!process.env.CI,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }],
    [here('./harness/reporting/summary-line-reporter.ts')],
  ],
  outputDir: 'test-results/e2e',
  use: {
    launchOptions: chromiumLaunchOptions(settings, { headed: headedRun() }),
    // Every test records a trace (kept when it fails). The DOM snapshots (with the network) are
    // what the viewer shows per action, about 0.3-0.5 s a test on 2 cores, most of it in the
    // first page load; the screencast filmstrip costs about a second a test.
    trace: {
      mode: 'retain-on-failure',
      snapshots: E2E_TRACE_SNAPSHOTS,
      sources: true,
      screenshots: E2E_TRACE_FILMSTRIP,
    },
    // Off: the fixtures shoot a failed test's pages themselves (Playwright's `only-on-failure`
    // shoots every page of every test as it closes, and drops the picture when it passed).
    screenshot: 'off',
    locale: 'en-US',
    slowSpecs: E2E_SLOW_SPECS,
    strictCallbackStatus: E2E_STRICT_CALLBACK_STATUS,
    judgeMail: E2E_JUDGE_MAIL,
  },
  projects: [
    // Everything that leaves tenant-wide settings alone runs fully parallel...
    { name: 'pipeline', testIgnore: tenantSpecs },
    // ...then the tests that change them, one at a time (each restores what it changed). By
    // file, not by tag: a project's grep would override the command line's --grep/--grep-invert.
    {
      name: 'tenant-settings',
      testMatch: tenantSpecs,
      dependencies: ['pipeline'],
      workers: 1,
      fullyParallel: false,
    },
  ],
});
