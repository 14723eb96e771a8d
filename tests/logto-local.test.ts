import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import {
  connectManagementApi,
  expectOk,
  LogtoApiError,
  type ManagementApi,
} from '../harness/logto-admin/management-api.js';
import { ensureSesConnector } from '../harness/connectors/ses/ses-connector.js';
import {
  otherLiveRuns,
  registerRunApp,
  removeRunApp,
  removeStaleRunApps,
  type RunMarker,
} from '../harness/logto-admin/setup/run-app.js';
import { AppPage } from '../fixtures/pages/app-page.js';
import { startSampleApp } from '../apps/sample-app/src/server.js';
import { runSetup } from '../harness/logto-admin/setup/run-setup.js';
import { assertTestAddressesAllowed } from '../harness/logto-admin/setup/sign-in-experience.js';
import { uniqueRecipient } from '../harness/mail/mailbox/recipient.js';
import { externalLogto } from '../harness/stack/external/external-logto.js';
import { isLogtoInstallation } from '../harness/stack/local/logto-installation.js';
import { startLocalLogto } from '../harness/stack/local/local-logto.js';
import { noLogtoMessage } from '../harness/stack/logto-stack.js';
import { sampleAppContract } from '../harness/app-under-test/app-contract.js';
import { connectHarness, type Harness } from '../harness/index.js';
import { startStack, type RunningStack } from '../harness/stack/start-stack.js';
import { isLoopback, listenersOf } from './helpers/listening.js';
import { descendants } from './helpers/processes.js';
import { connectorOf, sesSetupOf, stackSettingsOf } from './helpers/settings-of.js';

const settings = stackSettingsOf();
const haveLogto = isLogtoInstallation(settings.LOGTO_HOME);

const test = base.extend<{ logDir: string }, { stack: RunningStack; harness: Harness; api: ManagementApi }>({
  stack: [
    async ({}, use) => {
      const logDir = mkdtempSync(join(tmpdir(), 'logto-e2e-logs-'));
      try {
        const stack = await startStack(
          'local',
          { ...settings, MAIL_MODE: 'sink', E2E_LOG_DIR: logDir },
          { app: { kind: 'sample', contract: sampleAppContract } },
        );
        await use(stack);
        await stack.stop();
      } finally {
        rmSync(logDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  harness: [
    async ({ stack }, use) => {
      const harness = await connectHarness(stack.info);
      await use(harness);
      await harness.close();
    },
    { scope: 'worker' },
  ],
  api: [async ({ harness }, use) => use(harness.managementApi), { scope: 'worker' }],
  logDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-logs-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

test.describe('local Logto stack and setup (real Logto)', () => {
  test.describe.configure({ mode: 'default' }); // one stack, tests in order in one worker
  test.skip(!haveLogto, noLogtoMessage);

  test('setup run twice changes nothing the second time; the run has exactly one app, with its redirect URIs', async ({
    stack,
    api,
    harness,
  }) => {
    const again = await runSetup(api, {
      connector: sesSetupOf('sink'),
      testEmail: {
        to: uniqueRecipient(stack.info.mail.address, 'setup-again'),
        waitFor: (to, signal) => harness.mailbox.waitForEmail({ to, timeout: 10_000, signal }),
      },
    });
    expect(again.changes).toEqual({ connector: 'unchanged', signInExperience: 'unchanged' });
    const apps = await expectOk('list apps', api.GET('/api/applications', { params: { query: { page_size: 100 } } }));
    const mine = apps.filter((a) => a.name.endsWith(`run ${stack.info.run.id}`));
    expect(mine.map((a) => [a.id, a.oidcClientMetadata.redirectUris])).toEqual([
      [stack.info.app.id, [`${stack.info.app.url}/callback`]],
    ]);
    const connectors = await expectOk('list connectors', api.GET('/api/connectors'));
    expect(connectors.filter((c) => c.connectorId === 'aws-ses-mail')).toHaveLength(1);
  });

  test('nothing the stack started listens beyond loopback (Logto, its admin port, Postgres, Dovecot, SES, the app)', async ({
    stack,
  }) => {
    const info = stack.info;
    const listeners = listenersOf([process.pid, ...descendants(process.pid)]);
    const ports = new Set(listeners.map((l) => l.port));
    // Read where they really are: each part the stack has is among the listeners seen.
    const expected = [info.logto.endpoint, info.logto.adminEndpoint ?? '', info.mail.sesEndpoint ?? '', info.app.url]
      .filter(Boolean)
      .map((url) => Number(new URL(url).port));
    expected.push(info.mail.imap.port);
    for (const port of expected) expect(ports, `a listener on port ${port}`).toContain(port);
    expect(listeners.filter((l) => !isLoopback(l.address))).toEqual([]);
  });

  test("the stack's logs and state are its user's alone: 0600 files in 0700 directories", async ({ stack }) => {
    const dirs = [...new Set(stack.info.logs.map((l) => dirname(l.path)))];
    expect(dirs.length, 'a log directory').toBeGreaterThan(0);
    const open: string[] = [];
    const walk = (path: string) => {
      const mode = statSync(path).mode;
      if (mode & 0o077) open.push(`${path} ${(mode & 0o777).toString(8)}`);
      if (statSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    };
    for (const dir of dirs) walk(dir);
    expect(stack.info.logs.length, 'Logto, Postgres, Dovecot, SES and the app have logs').toBeGreaterThanOrEqual(4);
    expect(open, 'readable by others').toEqual([]);
  });

  test("an app whose redirect URI Logto does not know fails naming Logto's error code", async ({ stack, page }) => {
    // The run's app id, but served from another URL than the one registered.
    const stray = await startSampleApp({
      logtoEndpoint: stack.info.logto.endpoint,
      appId: stack.info.app.id ?? '',
      appSecret: 'not-needed-to-start-sign-in',
      sessionSecret: 'x'.repeat(32),
    });
    try {
      const app = new AppPage(page, stray.url, sampleAppContract);
      const error = await app.startSignIn().catch((e: Error) => e);
      expect(String(error)).toMatch(
        /^Error: Following APP_SIGN_IN_PATH=\/sign-in ended at http:\/\/127\.0\.0\.1:\d+\/oidc\/auth with 400 oidc\.invalid_redirect_uri: /,
      );
    } finally {
      await stray.close();
    }
  });

  test('runs sharing a Logto: stale run apps are removed, live ones are left and seen by the tenant guard', async ({
    stack,
    api,
  }) => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid ?? 0; // a PID that has exited
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
    const uris = { redirectUris: [], postLogoutRedirectUris: [] };
    const register = (run: RunMarker) => registerRunApp(api, { namePrefix: 'E2E other', run, ...uris });
    const killed = await register({ id: 'killed01', host: hostname(), pid: gone, startedAt: hoursAgo(0) });
    const old = await register({ id: 'old00001', host: 'ci-runner-9', pid: 1, startedAt: hoursAgo(30) });
    const live = await register({ id: 'live0001', host: 'ci-runner-2', pid: 1, startedAt: hoursAgo(1) });
    try {
      const removed = await removeStaleRunApps(api, stack.info.run, stack.info.runTtlMs);
      expect(removed.sort()).toEqual([
        expect.stringMatching(/^E2E other · run killed01 \(started .* pid \d+\)$/),
        expect.stringMatching(/^E2E other · run old00001 \(started .* on ci-runner-9, pid 1\)$/),
      ]);
      const apps = await expectOk('list apps', api.GET('/api/applications', { params: { query: { page_size: 100 } } }));
      const ids = apps.map((a) => a.id);
      expect(ids).not.toContain(killed.id);
      expect(ids).not.toContain(old.id);
      expect(ids, "the live run's app and ours are kept").toEqual(expect.arrayContaining([live.id, stack.info.app.id]));
      expect((await otherLiveRuns(api, stack.info.run, stack.info.runTtlMs)).map((r) => r.id)).toEqual(['live0001']);
    } finally {
      await removeRunApp(api, live.id);
    }
  });

  test("the connector's test email arrived with code 000000 (Generic template)", async ({ stack }) => {
    expect(stack.info.connectorTestEmail).toEqual({ subject: 'Generic: your verification code', code: '000000' });
  });

  test("a connector config Logto rejects is reported with Logto's error code", async ({ api }) => {
    const good = connectorOf('sink');
    const bad = { ...good, templates: good.templates.filter((t) => t.usageType !== 'Register') };
    const error = await ensureSesConnector(api, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogtoApiError);
    expect((error as LogtoApiError).code).toBe('connector.invalid_config');
    expect(String(error)).toMatch(
      /^LogtoApiError: Configure the AWS SES connector failed: Logto answered 400 connector\.invalid_config: /,
    );
    expect(String(error)).not.toContain(good.accessKeySecret);
  });

  test('a tenant whose email blocklist refuses the test addresses is refused by the setup, in one line', async ({
    api,
    stack,
  }) => {
    const sample = uniqueRecipient(stack.info.mail.address, 'blocklist');
    const before = await expectOk('Read', api.GET('/api/sign-in-exp'));
    try {
      await assertTestAddressesAllowed(api, sample); // the run's own tenant: allowed
      await expectOk(
        'Block',
        api.PATCH('/api/sign-in-exp', { body: { emailBlocklistPolicy: { blockSubaddressing: true } } }),
      );
      await expect(assertTestAddressesAllowed(api, sample)).rejects.toThrow(
        /^The tenant blocks sub-addressed emails .*: turn it off for the run's tenant \(/,
      );
      const domain = sample.slice(sample.indexOf('@'));
      await expectOk(
        'Block',
        api.PATCH('/api/sign-in-exp', { body: { emailBlocklistPolicy: { customBlocklist: [domain] } } }),
      );
      await expect(assertTestAddressesAllowed(api, sample)).rejects.toThrow(
        `The tenant's email blocklist holds "${domain}"`,
      );
    } finally {
      await expectOk(
        'Restore',
        api.PATCH('/api/sign-in-exp', { body: { emailBlocklistPolicy: before.emailBlocklistPolicy } }),
      );
    }
  });

  test('the Management API token is refused for wrong M2M credentials, with the step named', async ({ stack }) => {
    const api = connectManagementApi(stack.info.logto, {
      clientId: stack.info.logto.m2m.clientId,
      clientSecret: 'wrong-secret-123',
    });
    const error = await expectOk('List connectors', api.GET('/api/connectors')).catch((e: Error) => e);
    expect(String(error)).toContain('List connectors failed');
    expect(String(error)).not.toContain('wrong-secret-123');
  });
});

test.describe('setup CLI and external mode against a running Logto (real Logto)', () => {
  test.describe.configure({ mode: 'default' });
  test.skip(!haveLogto, noLogtoMessage);

  test('npm run logto:setup: idempotent, confirms the test email, writes the secret only to a 0600 file', async ({
    stack,
    logDir,
  }) => {
    const { info } = stack;
    const output = join(logDir, 'app.env');
    const cliAppName = `CLI app ${Date.now()}`;
    const env = {
      ...process.env,
      LOGTO_ENDPOINT: info.logto.endpoint,
      LOGTO_M2M_APP_ID: info.logto.m2m.clientId,
      LOGTO_M2M_APP_SECRET: info.logto.m2m.clientSecret,
      APP_BASE_URL: info.app.url,
      LOGTO_APP_NAME: cliAppName,
      MAIL_MODE: 'sink',
      SETUP_OUTPUT_FILE: output,
      IMAP_HOST: info.mail.imap.host,
      IMAP_PORT: String(info.mail.imap.port),
      IMAP_TLS: 'false',
      IMAP_USER: info.mail.imap.user,
      IMAP_PASSWORD: info.mail.imap.password,
      MAILBOX_ADDRESS: info.mail.address,
      IMAP_WAIT: 'noop',
    };
    const setup = () =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/logto-setup.ts'], { env, encoding: 'utf8' });
    const first = setup();
    expect(first.status, first.stderr).toBe(0);
    const id = /App "[^"]+": created, id (\w+)/.exec(first.stdout)?.[1];
    expect(id, first.stdout).toBeDefined();
    const run = setup();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`App "${cliAppName}": unchanged, id ${id}, redirect URI ${info.app.url}/callback`);
    expect(run.stdout).toContain('AWS SES connector: unchanged');
    expect(run.stdout).toMatch(
      /Test email: arrived at e2e\+connector-test-\w+@example\.test \("Generic: your verification code", code 000000\)/,
    );
    expect(run.stdout).toContain('Sign-in experience (email passwordless): unchanged');
    const written = readFileSync(output, 'utf8');
    expect(written).toMatch(/^LOGTO_APP_SECRET=\S+$/m);
    const secret = /^LOGTO_APP_SECRET=(\S+)$/m.exec(written)?.[1] ?? '';
    expect(statSync(output).mode & 0o777).toBe(0o600);
    for (const hidden of [secret, info.logto.m2m.clientSecret, info.mail.imap.password]) {
      expect(`${run.stdout}${run.stderr}`).not.toContain(hidden);
    }
  });

  test('external mode drives an existing Logto with the M2M credentials it is given', async ({ stack }) => {
    const { info } = stack;
    const saved = { ...process.env };
    Object.assign(process.env, {
      LOGTO_ENDPOINT: info.logto.endpoint,
      LOGTO_M2M_APP_ID: info.logto.m2m.clientId,
      LOGTO_M2M_APP_SECRET: info.logto.m2m.clientSecret,
    });
    try {
      const external = await externalLogto(stackSettingsOf());
      expect(external).toMatchObject({
        mode: 'external',
        endpoint: info.logto.endpoint,
        resource: 'https://default.logto.app/api',
      });
      const api = connectManagementApi(external, external.m2m);
      const connectors = await expectOk('list connectors', api.GET('/api/connectors'));
      expect(connectors.map((c) => c.connectorId)).toContain('aws-ses-mail');
    } finally {
      process.env = saved;
    }
  });
});

test.describe('local Logto start failures', () => {
  test('a bad LOGTO_HOME fails at once, naming the setting', async ({ logDir }) => {
    const started = Date.now();
    const error = await startLocalLogto({
      logtoHome: '/nonexistent/logto',
      node: process.execPath,
      sesEndpoint: undefined,
      logDir,
    }).catch((e: Error) => e);
    expect(String(error)).toContain('LOGTO_HOME=/nonexistent/logto is not a Logto installation');
    expect(Date.now() - started).toBeLessThan(5000 * settings.E2E_TIMEOUT_SCALE);
  });

  /** An installation whose server (packages/core/index.js) is `core`; its seed succeeds. */
  const withFakeLogto = async (prefix: string, core: string, work: (home: string) => Promise<void>) => {
    const home = mkdtempSync(join(tmpdir(), prefix));
    try {
      mkdirSync(join(home, 'packages/cli/bin'), { recursive: true });
      mkdirSync(join(home, 'packages/core/connectors/@logto-connector-aws-ses'), { recursive: true });
      writeFileSync(join(home, 'packages/cli/bin/logto.js'), 'console.log("seed ok")\n');
      chmodSync(join(home, 'packages/cli/bin/logto.js'), 0o755);
      writeFileSync(join(home, 'packages/core/package.json'), '{"name":"@logto/core","main":"index.js"}\n');
      writeFileSync(join(home, 'packages/core/index.js'), `${core}\n`);
      await work(home);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  };

  test('a Logto that dies at start fails within seconds with the last lines of its log', async ({ logDir }) => {
    // An installation whose server exits at boot, as a broken build or bad config would.
    const core = 'console.error("core     error Error: relation \\"systems\\" does not exist"); process.exit(1);';
    await withFakeLogto('logto-e2e-dying-', core, async (home) => {
      const started = Date.now();
      const error = await startLocalLogto({
        logtoHome: home,
        node: process.execPath,
        sesEndpoint: undefined,
        logDir,
      }).catch((e: Error) => e);
      expect(String(error)).toMatch(/Gave up waiting for Logto .*: Logto exited with code 1; last lines of its log:/);
      expect(String(error)).toContain('relation "systems" does not exist');
      expect(Date.now() - started).toBeLessThan(10_000 * settings.E2E_TIMEOUT_SCALE);
    });
  });

  test('a Logto that fails its start but stays up (as Logto does) fails the start at once, not at the timeout', async ({
    logDir,
  }) => {
    // Logto's own words when its start fails; it then keeps running without listening.
    const core =
      'console.error("index    error Error while initializing app:\\nindex    error Error: connect ECONNREFUSED"); setInterval(() => {}, 1000);';
    await withFakeLogto('logto-e2e-stuck-', core, async (home) => {
      const error = await startLocalLogto({
        logtoHome: home,
        node: process.execPath,
        sesEndpoint: undefined,
        logDir,
        startTimeoutMs: 120_000,
      }).catch((e: Error) => e);
      expect(String(error)).toMatch(/Gave up waiting for Logto .*: Logto could not start; last lines of its log:/);
      expect(String(error)).toContain('connect ECONNREFUSED');
    });
  });
});
