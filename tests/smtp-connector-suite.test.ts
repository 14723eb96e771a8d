import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { isLogtoInstallation } from '../harness/stack/local/logto-installation.js';
import { noLogtoMessage } from '../harness/stack/logto-stack.js';
import { runSuite, withJsonReport } from './helpers/run-suite.js';
import { stackSettingsOf } from './helpers/settings-of.js';
import { testWithTempDir } from './helpers/temp-dir.js';

const settings = stackSettingsOf();
const test = testWithTempDir('logto-e2e-smtp-');

// The specs that need SES itself (its faults, its account, the mail signed as SES signs it) or
// the opt-in slow one skip, each saying so; every other spec runs, its mail through SMTP.
const allowedSkips = [
  'SES faults and account states need the AWS SES connector',
  'the mail sink signs as SES does; its SMTP server (MAIL_CONNECTOR=smtp) signs nothing',
  'opt-in (about 75 s',
];

test.describe("the suite through Logto's SMTP connector (MAIL_CONNECTOR=smtp)", () => {
  test.describe.configure({ timeout: 600_000 });
  test.skip(!isLogtoInstallation(settings.LOGTO_HOME), noLogtoMessage);

  test('every spec that needs no SES passes with its mail through the sink’s SMTP server, STARTTLS and AUTH', async ({
    dir,
  }) => {
    const run = await runSuite(dir, { E2E_STACK: 'local', MAIL_MODE: 'sink', MAIL_CONNECTOR: 'smtp' }, withJsonReport);
    expect(run.code, run.output).toBe(0);
    expect(run.counts, run.output).toEqual({ passed: 58, failed: 0, skipped: 25 });
    const skips = run.annotations.filter((a) => a.startsWith('skip: ')).map((a) => a.slice('skip: '.length));
    expect(skips.filter((s) => !allowedSkips.some((allowed) => s.startsWith(allowed)))).toEqual([]);
    // The mail went through SMTP: the sink's SMTP server queued it, over TLS with AUTH.
    const [runLogs] = readdirSync(join(dir, 'logs'));
    const queued = readFileSync(join(dir, 'logs', runLogs ?? '', 'smtp-front.log'), 'utf8')
      .split('\n')
      .filter((line) => /250 queued for .* \(ESMTPSA\)$/.test(line));
    expect(queued.length, 'mails the SMTP server queued').toBeGreaterThanOrEqual(50);
  });
});
