import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { sampleAppContract } from '../harness/app-under-test/app-contract.js';
import { checkAppFitsStack } from '../harness/app-under-test/app-settings.js';
import { startAppUnderTest } from '../harness/app-under-test/start-app.js';
import type { AppHandover } from '../harness/app-under-test/running-app.js';
import { AppPage } from '../fixtures/pages/app-page.js';
import { freePort } from '../harness/process/free-port.js';
import { isAlive } from '../harness/process/managed-process.js';
import { appUnderTestOf, timeoutScaleOf } from './helpers/settings-of.js';

const test = base.extend<{ logDir: string; handover: AppHandover }>({
  logDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-app-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  handover: async ({}, use) => {
    const port = await freePort();
    await use({
      logtoEndpoint: 'http://127.0.0.1:9',
      appId: 'app-id-123',
      appSecret: 'app-secret-of-this-run',
      baseUrl: `http://127.0.0.1:${port}`,
      port,
      sessionSecret: 'x'.repeat(64),
    });
  },
});

const command = (line: string) => ({
  kind: 'command' as const,
  command: line,
  cwd: process.cwd(),
  startTimeoutMs: 20_000,
  contract: sampleAppContract,
});

test.describe('the app under test in command mode', () => {
  test('started with its settings in env (never the harness secrets), stopped with every process of its group', async ({
    handover,
    logDir,
  }) => {
    const harnessEnv = {
      ...process.env,
      LOGTO_M2M_APP_SECRET: 'm2m',
      IMAP_PASSWORD: 'imap',
      SES_SECRET_ACCESS_KEY: 'ses',
    };
    const app = await startAppUnderTest(command('node tests/apps/env-echo-app.mjs'), handover, {
      logDir,
      env: harnessEnv,
    });
    const seen = (await (await fetch(app.url)).json()) as {
      handed: Record<string, string>;
      appSecretLength: number;
      sessionSecretLength: number;
      child: number;
      leaked: string[];
    };
    expect(seen).toEqual({
      handed: {
        LOGTO_ENDPOINT: handover.logtoEndpoint,
        LOGTO_APP_ID: handover.appId,
        APP_BASE_URL: handover.baseUrl,
        PORT: String(handover.port),
        APP_PORT: String(handover.port),
      },
      appSecretLength: handover.appSecret.length,
      sessionSecretLength: 64,
      child: expect.any(Number),
      leaked: [],
    });
    const pids = app.pids();
    expect(pids, 'the shell, the app and its child').toContain(seen.child);
    await app.stop();
    expect(pids.filter(isAlive)).toEqual([]);
  });

  test('an app that exits during start fails at once with its exit code and log tail', async ({ handover, logDir }) => {
    const started = Date.now();
    const error = await startAppUnderTest(command('echo "config error: FOO is not set" >&2; exit 3'), handover, {
      logDir,
      env: process.env,
    }).catch((e: Error) => e);
    expect(String(error)).toMatch(
      /Gave up waiting for the app under test \(APP_COMMAND\) to answer at http:\/\/127\.0\.0\.1:\d+: it exited with code 3 during start; last lines of its log \(.*app\.log\):\nconfig error: FOO is not set/,
    );
    expect(Date.now() - started, 'at once, not at the start timeout').toBeLessThan(10_000 * timeoutScaleOf());
  });

  test('an app that never answers fails at its start timeout with its log tail, and is stopped', async ({
    handover,
    logDir,
  }) => {
    const app = command('echo "still starting"; exec node -e "setInterval(() => {}, 1 << 30)"');
    const error = await startAppUnderTest({ ...app, startTimeoutMs: 1500 }, handover, {
      logDir,
      env: process.env,
    }).catch((e: Error) => e);
    expect(String(error)).toMatch(
      /Timed out after 1500 ms waiting for the app under test \(APP_COMMAND\) to answer at .*: no answer \(APP_START_TIMEOUT_MS=1500\); last lines of its log \(.*\):\nstill starting/,
    );
  });
});

test.describe('the app contract', () => {
  let server: Server;
  let baseUrl: string;
  test.beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/' ? 200 : 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a contract route that 404s is one line naming the setting and the URL tried', async ({ page }) => {
    const app = new AppPage(page, baseUrl, { ...sampleAppContract, signInPath: '/auth/login' });
    const error = await app.startSignIn().catch((e: Error) => e);
    expect(String(error)).toBe(
      `Error: Setting APP_SIGN_IN_PATH: ${baseUrl}/auth/login answered 404 (is the route there?)`,
    );
  });

  test("settings: defaults are the guide's Flask routes; bad or missing ones are one line", () => {
    expect(appUnderTestOf({ APP_UNDER_TEST: 'url', APP_URL: 'http://127.0.0.1:5000' })).toEqual({
      kind: 'url',
      url: 'http://127.0.0.1:5000',
      contract: {
        signInPath: '/sign-in',
        signUpPath: undefined,
        signOutPath: '/sign-out',
        callbackPath: '/callback',
        homePath: '/',
        postSignOutPath: '/',
        claimsPath: undefined,
        // The guide's home: a sign-out link when signed in, and no email.
        signedInSelector: 'a[href$="/sign-out"]',
        emailSelector: undefined,
        sessionCookie: undefined,
      },
    });
    expect(
      appUnderTestOf({
        APP_UNDER_TEST: 'command',
        APP_COMMAND: 'flask run',
        APP_SIGN_OUT_PATH: '/logto/sign-out',
        APP_EMAIL_SELECTOR: '#email',
      }).contract,
    ).toMatchObject({ signedInSelector: 'a[href$="/logto/sign-out"]', emailSelector: '#email' });
    expect(() => appUnderTestOf({ APP_UNDER_TEST: 'command' })).toThrow(
      'Setting APP_COMMAND: expected a non-empty value (it is not set)',
    );
    expect(() => appUnderTestOf({ APP_UNDER_TEST: 'url', APP_URL: 'x', APP_SIGN_IN_PATH: '/a' })).toThrow(
      'Setting APP_URL: expected an absolute http(s) URL (got "x")',
    );
    expect(() =>
      appUnderTestOf({ APP_UNDER_TEST: 'command', APP_COMMAND: 'flask run', APP_CALLBACK_PATH: 'callback' }),
    ).toThrow('Setting APP_CALLBACK_PATH: expected a path starting with / (e.g. /sign-in) (got "callback")');
  });

  test('url mode with a Logto this run starts is refused at start, saying why', () => {
    const app = { kind: 'url' as const, url: 'http://127.0.0.1:5000', contract: sampleAppContract };
    expect(() => checkAppFitsStack(app, 'local')).toThrow(
      /^Setting APP_UNDER_TEST: url mode drives an app already registered with its Logto, but this run starts a fresh Logto \(local\)/,
    );
    expect(() => checkAppFitsStack(app, 'external')).not.toThrow();
  });
});
