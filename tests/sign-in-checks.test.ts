import { expect } from '@playwright/test';
import { isLogtoInstallation } from '../harness/stack/local/logto-installation.js';
import { noLogtoMessage } from '../harness/stack/logto-stack.js';
import { flaskGuideApp, noPythonSdk, pythonHasSdk } from './helpers/python.js';
import { testWithTempDir } from './helpers/temp-dir.js';
import { runSuite } from './helpers/run-suite.js';
import { stackSettingsOf } from './helpers/settings-of.js';

const settings = stackSettingsOf();

const test = testWithTempDir('logto-e2e-checks-');

/** tests/checks-can-fail: a real sign-in, then each check asked for something false must fail. */
const checks = ['-c', 'tests/checks-can-fail/playwright.config.ts'];

test.describe('the sign-in checks can fail', () => {
  test.describe.configure({ timeout: 300_000 });
  test.skip(!isLogtoInstallation(settings.LOGTO_HOME), noLogtoMessage);

  test('with the sample app (the page shows the email, a claims route): signed in as another, signed out while signed in, a lost session', async ({
    dir,
  }) => {
    const run = await runSuite(dir, { E2E_STACK: 'local', MAIL_MODE: 'sink' }, checks);
    expect(run.code, run.output).toBe(0);
    expect(run.counts, run.output).toEqual({ passed: 4, failed: 0, skipped: 0 });
  });

  test("with the guide's Flask app (nothing on the page but a sign-out link): Logto's record alone tells", async ({
    dir,
  }) => {
    test.skip(!pythonHasSdk, noPythonSdk);
    const run = await runSuite(dir, { E2E_STACK: 'local', MAIL_MODE: 'sink', ...flaskGuideApp }, checks);
    expect(run.code, run.output).toBe(0);
    expect(run.counts, run.output).toEqual({ passed: 4, failed: 0, skipped: 0 });
  });

  test('the forged-state spec fails against the sample built without its state check', async ({ dir }) => {
    const run = await runSuite(
      dir,
      {
        E2E_STACK: 'local',
        MAIL_MODE: 'sink',
        APP_UNDER_TEST: 'command',
        APP_COMMAND: 'node --import tsx tests/apps/no-state-check-app.ts',
        APP_SIGN_UP_PATH: '/sign-up',
        APP_CLAIMS_PATH: '/me',
        APP_EMAIL_SELECTOR: '[data-testid="user-email"]',
      },
      ['specs/sign-in.spec.ts', '-g', 'forged state'],
    );
    expect(run.code, run.output).toBe(1);
    expect(run.counts, run.output).toEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(run.output).toContain('codes the app redeemed');
  });
});
