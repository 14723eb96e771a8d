import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { readSettings, setting } from '../harness/config/settings.js';
import { noPythonSdk, PYTHON, pythonHasSdk } from './helpers/python.js';
import { runSuite, withJsonReport } from './helpers/run-suite.js';
import { stackSettingsOf } from './helpers/settings-of.js';
import { testWithTempDir } from './helpers/temp-dir.js';
import { skipWithoutLogto, testLogtoMode } from './helpers/test-logto.js';

// Logto's own Flask sample (samples/flask.py of logto-io/python), run unmodified from a clone:
// the suite as a team would point it at an app it did not write, by command and settings only.
const settings = stackSettingsOf();
const { LOGTO_PYTHON_REPO } = readSettings({ LOGTO_PYTHON_REPO: setting.optionalString() });
const sample = LOGTO_PYTHON_REPO ? join(LOGTO_PYTHON_REPO, 'samples', 'flask.py') : undefined;
const test = testWithTempDir('logto-e2e-flask-sample-');

test.describe("Logto's Flask sample (logto-io/python samples/flask.py), unmodified", () => {
  test.describe.configure({ timeout: 420_000 });
  skipWithoutLogto(settings);
  test.skip(!pythonHasSdk, noPythonSdk);
  test.skip(
    !sample || !existsSync(sample),
    `no clone of Logto's Python repository: set LOGTO_PYTHON_REPO to one (git clone https://github.com/logto-io/python)${LOGTO_PYTHON_REPO ? `; ${LOGTO_PYTHON_REPO} has no samples/flask.py` : ''}`,
  );

  test("the suite is green against it by command; the callback's 200 to a forged state is reported, not failed", async ({
    dir,
  }) => {
    const app = {
      E2E_STACK: testLogtoMode(settings) ?? 'local',
      MAIL_MODE: 'sink',
      APP_UNDER_TEST: 'command',
      APP_CWD: LOGTO_PYTHON_REPO,
      // Its own routes and environment, as its readme has them; nothing of it edited.
      APP_CALLBACK_PATH: '/sign-in-callback',
      APP_SIGNED_IN_SELECTOR: 'a[href="/sign-out"]',
      APP_COMMAND: `LOGTO_REDIRECT_URI=$APP_BASE_URL/sign-in-callback LOGTO_POST_LOGOUT_REDIRECT_URI=$APP_BASE_URL/ APP_SECRET_KEY=$APP_SESSION_SECRET "${PYTHON}" -m flask --app samples.flask run --host 127.0.0.1 --port $PORT`,
      E2E_GREP_INVERT: '@slow|@templates',
    };
    const run = await runSuite(dir, app, withJsonReport);
    expect(run.code, run.output).toBe(0);
    expect(run.counts, run.output).toMatchObject({ failed: 0 });
    expect(run.counts?.passed, run.output).toBeGreaterThanOrEqual(20);
    expect(run.output).toMatch(
      /^noted: the callback answered 200 to a forged state \(it redeemed no code and signed no one in/m,
    );
    // Asked for, the status fails the spec (and only it).
    const strict = await runSuite(dir, { ...app, E2E_STRICT_CALLBACK_STATUS: 'true' }, [
      'specs/sign-in.spec.ts',
      '-g',
      'forged state',
    ]);
    expect(strict.counts, strict.output).toEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(strict.output).toContain(
      'the callback refuses a forged state with an error status (E2E_STRICT_CALLBACK_STATUS)',
    );
  });
});
