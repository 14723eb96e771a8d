import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { isLogtoInstallation } from '../harness/stack/local/logto-installation.js';
import { noLogtoMessage } from '../harness/stack/logto-stack.js';
import { runSuite, withJsonReport } from './helpers/run-suite.js';
import { stackSettingsOf } from './helpers/settings-of.js';
import { testWithTempDir } from './helpers/temp-dir.js';

const settings = stackSettingsOf();
const test = testWithTempDir('logto-e2e-connector-');

/** A skip that names what the spec needs and this connector lacks; anything else is a finding. */
const skipsFor = (connector: string) => [
  'SES faults and account states need the AWS SES connector',
  `the mail sink signs as SES does; through MAIL_CONNECTOR=${connector} nothing signs it`,
  'SMTP faults need the mail sink',
  'HTTP mail faults need the mail sink',
  'opt-in (about 75 s',
  // HTTP only: Logto posts the usage type, the code and the locale; its templates do nothing there.
  ...(connector === 'http'
    ? ["the tenant's http-email connector carries no templates", "needs Logto's email templates"]
    : []),
];

/** The suite through one connector, in local mode with the sink: its counts and its front's log. */
async function suiteThrough(dir: string, connector: string, frontLog: string) {
  const run = await runSuite(dir, { E2E_STACK: 'local', MAIL_MODE: 'sink', MAIL_CONNECTOR: connector }, withJsonReport);
  const skips = run.annotations.filter((a) => a.startsWith('skip: ')).map((a) => a.slice('skip: '.length));
  const [runLogs] = readdirSync(join(dir, 'logs'));
  const log = readFileSync(join(dir, 'logs', runLogs ?? '', frontLog), 'utf8').split('\n');
  return { run, unexplainedSkips: skips.filter((s) => !skipsFor(connector).some((known) => s.startsWith(known))), log };
}

test.describe("the suite through Logto's other email connectors (MAIL_CONNECTOR)", () => {
  test.describe.configure({ timeout: 600_000 });
  test.skip(!isLogtoInstallation(settings.LOGTO_HOME), noLogtoMessage);

  test('smtp: every spec that needs no SES passes, its mail through the sink’s SMTP server over STARTTLS with AUTH', async ({
    dir,
  }) => {
    const { run, unexplainedSkips, log } = await suiteThrough(dir, 'smtp', 'smtp-front.log');
    expect(run.code, run.output).toBe(0);
    expect(run.counts, run.output).toEqual({ passed: 62, failed: 0, skipped: 28 });
    expect(unexplainedSkips).toEqual([]);
    const queued = log.filter((line) => /250 queued for .* \(ESMTPSA\)$/.test(line));
    expect(queued.length, 'mails the SMTP server queued').toBeGreaterThanOrEqual(50);
  });

  test("http: every spec that needs neither SES nor Logto's templates passes, its mail posted to the sink's mail service", async ({
    dir,
  }) => {
    const { run, unexplainedSkips, log } = await suiteThrough(dir, 'http', 'http-front.log');
    expect(run.code, run.output).toBe(0);
    expect(run.counts, run.output).toEqual({ passed: 28, failed: 0, skipped: 62 });
    expect(unexplainedSkips).toEqual([]);
    const accepted = log.filter((line) => /204 accepted for .* \(\w+\)$/.test(line));
    expect(accepted.length, 'posts the mail service accepted').toBeGreaterThanOrEqual(20);
  });
});
