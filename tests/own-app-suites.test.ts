import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startSampleApp } from '../apps/sample-app/src/server.js';
import { redirectUrisFor, sampleAppContract } from '../harness/app-under-test/app-contract.js';
import { connectManagementApi, expectOk } from '../harness/logto-admin/management-api.js';
import { runSetup } from '../harness/logto-admin/setup/run-setup.js';
import { freePort } from '../harness/process/free-port.js';
import { isLogtoInstallation } from '../harness/stack/local/logto-installation.js';
import { noLogtoMessage } from '../harness/stack/logto-stack.js';
import { runSuite, type SuiteRun } from './helpers/run-suite.js';
import { startStandInTenant } from './helpers/stand-in-tenant.js';
import { sesSetupOf, stackSettingsOf } from './helpers/settings-of.js';

const settings = stackSettingsOf();

/**
 * What these runs leave out: the SES-fault and Logto-limit specs and the template matrix test
 * the mail path and Logto, not the app under test (they have runs of their own), and the opt-in
 * @slow ones.
 */
const appIndependent = { E2E_GREP_INVERT: '@faults|@limits|@slow|@templates' };
/**
 * How many specs need the mail sink and skip with real SES: SES faults (specs/ses-faults.spec.ts, 6),
 * the SES account's states (specs/ses-account.spec.ts, 14) and the mail judged per state
 * (specs/mail-authentication.spec.ts, 3); and the healthy mail's judgement, skipped for the
 * stand-in's sender at example.test, which real DNS never answers for (1).
 */
const sesFaultSpecs = 6 + 14 + 3 + 1;
/**
 * The SMTP and HTTP mail faults (specs/smtp-faults.spec.ts 6, specs/smtp-connector.tenant.spec.ts
 * 4, http-mail-faults.spec.ts 3): skipped where Logto sends through SES.
 */
const smtpFaultSpecs = 6 + 4 + 3;
/**
 * The magic-link specs (specs/magic-link.spec.ts, 4, and one with email sign-in off in
 * specs/every-email.tenant.spec.ts): skipped for an app that names no magic-link route.
 */
const magicLinkSpecs = 4 + 1;
/**
 * The tenant-settings specs these runs keep (specs/every-email.tenant.spec.ts 9,
 * specs/sign-in-experience.tenant.spec.ts 3; the expired code's is @slow), less the magic link's
 * (its own skip first): on a tenant the run only checks, each skips where it would change it.
 */
const tenantSpecsOnCheckedTenant = 9 + 3 - 1;
/** The tests a summary's "skipped N: …" lines count, for the lines that match. */
const skippedFor = (output: string, reason: RegExp) =>
  [...output.matchAll(/^\s*skipped (\d+): (.*)$/gm)]
    .filter((m) => reason.test(m[2] ?? ''))
    .reduce((n, m) => n + Number(m[1]), 0);

/** The express-sdk-app (Logto's Express SDK) as a user's app: its settings file, no spec edited. */
const expressSdkApp = { DOTENV_CONFIG_PATH: 'apps/express-sdk-app/harness.dotenv' };

/** `npx playwright test` as a user runs it (the README's words), into a folder of its own. */
const test = base.extend<{ dir: string; runSuite: (env: NodeJS.ProcessEnv, args?: string[]) => Promise<SuiteRun> }>({
  dir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-suite-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  runSuite: async ({ dir }, use) => use((env, args) => runSuite(dir, env, args)),
});

test.describe('the specs against apps other than the in-process sample', () => {
  test.describe.configure({ mode: 'serial', timeout: 420_000 });
  test.skip(!isLogtoInstallation(settings.LOGTO_HOME), noLogtoMessage);

  test('npx playwright test is green against the express-sdk-app started by command (2 workers)', async ({
    runSuite,
    dir,
  }) => {
    const run = await runSuite({ E2E_STACK: 'local', MAIL_MODE: 'sink', ...expressSdkApp, ...appIndependent });
    expect(run.code, run.output).toBe(0);
    const counts = run.counts;
    // Logto's Express SDK's routes pass no extra parameters on: no magic links (and said so).
    expect(counts, run.output).toMatchObject({ failed: 0, skipped: magicLinkSpecs });
    expect(run.output).toContain(`skipped ${magicLinkSpecs}: the app under test takes no magic link`);
    expect(counts?.passed).toBeGreaterThanOrEqual(16);
    const logs = readdirSync(join(dir, 'logs'));
    expect(
      logs.some((run) => existsSync(join(dir, 'logs', run, 'app.log'))),
      "the app's log is kept",
    ).toBe(true);
  });

  test('npx playwright test is green against the sample in url mode, on a Logto it was registered with', async ({
    runSuite,
    dir,
  }) => {
    // As a team would have it: a Logto (here a local one, standing in for staging), the app
    // registered with it (npm run logto:setup does the same), the app running at its URL.
    const tenant = await startStandInTenant(settings, dir);
    const { logto } = tenant;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let app: Awaited<ReturnType<typeof startSampleApp>> | undefined;
    try {
      const setup = await runSetup(connectManagementApi(logto, logto.m2m), {
        app: { name: 'Sample app (url mode)', ...redirectUrisFor(url, sampleAppContract) },
        connector: sesSetupOf('sink'),
      });
      app = await startSampleApp(
        {
          logtoEndpoint: logto.endpoint,
          appId: setup.app?.id ?? '',
          appSecret: setup.app?.secret ?? '',
          sessionSecret: 'url-mode-sample-session-secret-0123456789',
        },
        port,
      );
      const run = await runSuite({
        ...tenant.env,
        APP_UNDER_TEST: 'url',
        APP_URL: url,
        APP_SIGN_UP_PATH: '/sign-up',
        APP_CLAIMS_PATH: '/me',
        APP_SESSION_COOKIE: 'sample_app_session',
        // The SES-fault specs stay in: with "real SES" each one is skipped before it sends.
        E2E_GREP_INVERT: '@limits|@slow|@templates',
      });
      expect(run.code, run.output).toBe(0);
      const counts = run.counts;
      // Its magic-link specs too: the stand-in's "real SES" is not AWS, and a team's link mail
      // would go to AWS (the sample's APP_MAGIC_LINK_PATH is left unset, so they skip, saying so).
      // And the tenant-wide ones: the run only checks this Logto (E2E_TENANT_SETUP=check), so
      // none of them changes it; each says what it needed.
      expect(counts, run.output).toMatchObject({
        failed: 0,
        skipped: sesFaultSpecs + smtpFaultSpecs + magicLinkSpecs + tenantSpecsOnCheckedTenant,
      });
      expect(skippedFor(run.output, /this run changes nothing there \(E2E_TENANT_SETUP=check\)/)).toBe(
        tenantSpecsOnCheckedTenant,
      );
      expect(counts?.passed).toBeGreaterThanOrEqual(14);
      // A Logto that outlives the run keeps no user of it, those who signed up in the browser too.
      const users = await expectOk('List the users', connectManagementApi(logto, logto.m2m).GET('/api/users'));
      expect(
        users.map((u) => u.primaryEmail),
        'users left on the Logto',
      ).toEqual([]);
    } finally {
      await app?.close();
      await tenant.stop();
    }
  });

  test('npm run e2e:sharded -- 2: two shards and the tenant-settings part, merged: every spec exactly once', async ({
    dir,
  }) => {
    const out = join(dir, 'sharded');
    const sharded = await exec('npm', ['run', '-s', 'e2e:sharded', '--', '2'], {
      ...appIndependent,
      E2E_SHARDED_DIR: out,
      E2E_LOG_DIR: join(dir, 'logs'),
      SUMMARY_FILE: '',
    });
    expect(sharded.code, sharded.output).toBe(0);
    const listed = await exec('npx', ['playwright', 'test', '--list', '--reporter=json'], {
      ...appIndependent,
      SUMMARY_FILE: '',
    });
    const ids = (report: JsonReport) => testIds(report).sort();
    const all = ids(JSON.parse(listed.stdout) as JsonReport);
    const merged = ids(JSON.parse(readFileSync(join(out, 'playwright-report', 'report.json'), 'utf8')) as JsonReport);
    expect(all.length).toBeGreaterThanOrEqual(16);
    expect(merged, 'the merged report holds every spec exactly once').toEqual(all);
    expect(sharded.output).toMatch(new RegExp(`^${all.length} passed, 0 failed, 0 skipped$`, 'm'));
  });
});

interface JsonReport {
  suites: JsonSuite[];
}
interface JsonSuite {
  title?: string;
  suites?: JsonSuite[];
  specs?: { title: string; file: string; tests: { projectName: string; results?: { status: string }[] }[] }[];
}

/** A command's exit code, its stdout alone, and both streams together. */
function exec(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; output: string }> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let output = '';
  child.stdout.on('data', (c: Buffer) => ((stdout += c.toString()), (output += c.toString())));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, output })));
}

/** project › file › title of every test in a JSON report (a test run once per entry). */
function testIds(report: JsonReport): string[] {
  const out: string[] = [];
  const walk = (suite: JsonSuite, prefix: string) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests) out.push(`${t.projectName} › ${spec.file} › ${prefix}${spec.title}`);
    for (const child of suite.suites ?? []) walk(child, `${prefix}${child.title ?? ''} › `);
  };
  for (const suite of report.suites) walk(suite, '');
  return out;
}
