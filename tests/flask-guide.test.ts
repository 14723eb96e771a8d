import { expect } from '@playwright/test';
import { isLogtoInstallation } from '../harness/stack/local/logto-installation.js';
import { noLogtoMessage } from '../harness/stack/logto-stack.js';
import { flaskGuideApp, noPythonSdk, pythonHasSdk } from './helpers/python.js';
import { testWithTempDir } from './helpers/temp-dir.js';
import { runSuite, withJsonReport } from './helpers/run-suite.js';
import { stackSettingsOf } from './helpers/settings-of.js';

const settings = stackSettingsOf();

const guideApp = { E2E_STACK: 'local', MAIL_MODE: 'sink', ...flaskGuideApp };
/** The specs that start at the app and meet Logto's first screen. */
const journeys = [
  'specs/sign-up.spec.ts',
  'specs/sign-in.spec.ts',
  'specs/existing-or-new.spec.ts',
  'specs/sign-out.spec.ts',
];

const test = testWithTempDir('logto-e2e-flask-');

test.describe("the guide's Flask app (apps/flask-guide, Logto's Python SDK) as the guide writes it", () => {
  test.describe.configure({ timeout: 420_000 });
  test.skip(!isLogtoInstallation(settings.LOGTO_HOME), noLogtoMessage);
  test.skip(!pythonHasSdk, noPythonSdk);

  test('the whole suite is green against it, started by command with no contract setting (2 workers)', async ({
    dir,
  }) => {
    const run = await runSuite(dir, { ...guideApp, E2E_GREP_INVERT: '@slow|@templates' });
    expect(run.code, run.output).toBe(0);
    // Only what the guide's app can't do skips: say its cookie's name (the cookie-flags spec), and
    // pass a magic link's parameters on to Logto (its /sign-in takes none: the 5 magic-link specs);
    // and the SMTP and HTTP mail faults (specs/smtp-faults.spec.ts, 6, specs/smtp-connector.tenant.spec.ts,
    // 4, specs/http-mail-faults.spec.ts, 3), as the run's Logto sends through SES.
    expect(run.counts, run.output).toMatchObject({ failed: 0, skipped: 1 + 5 + 10 + 3 });
    expect(run.output).toContain("skipped 10: SMTP faults need the mail sink's SMTP server");
    expect(run.output).toContain("skipped 1: the app under test's session cookie is not named: set APP_SESSION_COOKIE");
    expect(run.output).toContain('skipped 5: the app under test takes no magic link');
    expect(run.counts?.passed).toBeGreaterThanOrEqual(22);
  });

  for (const [firstScreen, signIn, signUp] of [
    ['identifier:sign_in', 'identifier-sign-in', 'identifier-sign-in'],
    ['identifier:register', 'identifier-register', 'identifier-register'],
    ['register', 'register', 'register'],
  ] as const) {
    test(`started with first screen ${firstScreen}: the journeys go through Logto's ${signIn} screen`, async ({
      dir,
    }) => {
      const run = await runSuite(dir, { ...guideApp, LOGTO_FIRST_SCREEN: firstScreen }, [
        ...withJsonReport,
        ...journeys,
      ]);
      expect(run.code, run.output).toBe(0);
      expect(run.counts, run.output).toMatchObject({ failed: 0 });
      expect(run.annotations).toEqual(
        expect.arrayContaining([
          `first screen: signIn: Logto's ${signIn} screen`,
          `first screen: signUp: Logto's ${signUp} screen`,
        ]),
      );
    });
  }
});

test.describe('the sample app asking for an identifier-only first screen', () => {
  test.describe.configure({ timeout: 420_000 });
  test.skip(!isLogtoInstallation(settings.LOGTO_HOME), noLogtoMessage);

  test("started by command with LOGTO_FIRST_SCREEN=identifier:sign_in: the journeys start on Logto's identifier sign-in screen", async ({
    dir,
  }) => {
    const run = await runSuite(
      dir,
      {
        E2E_STACK: 'local',
        MAIL_MODE: 'sink',
        APP_UNDER_TEST: 'command',
        APP_COMMAND: 'node --import tsx apps/sample-app/src/main.ts',
        APP_SIGN_UP_PATH: '/sign-up',
        APP_CLAIMS_PATH: '/me',
        APP_EMAIL_SELECTOR: '[data-testid="user-email"]',
        LOGTO_FIRST_SCREEN: 'identifier:sign_in',
      },
      [...withJsonReport, ...journeys],
    );
    expect(run.code, run.output).toBe(0);
    expect(run.counts, run.output).toMatchObject({ failed: 0 });
    // Its sign-up route asks for the register screen; its sign-in route for the identifier one.
    expect(run.annotations).toEqual(
      expect.arrayContaining([
        "first screen: signIn: Logto's identifier-sign-in screen",
        "first screen: signUp: Logto's register screen",
      ]),
    );
  });
});
