import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { parse } from 'dotenv';
import { sampleAppContract } from '../harness/app-under-test/app-contract.js';
import { connectManagementApi, expectOk } from '../harness/logto-admin/management-api.js';
import { TenantSettings } from '../harness/logto-admin/tenant-settings.js';
import { recordStack } from '../harness/stack/stack-registry.js';
import { startStack } from '../harness/stack/start-stack.js';
import { liveCredentialsInTrace } from './helpers/live-credentials.js';
import { appUnderTestOf, stackSettingsOf } from './helpers/settings-of.js';
import { skipWithoutLogto, testLogtoMode } from './helpers/test-logto.js';

/** A temp dir for the test, removed however it ends (a stack that fails to start included). */
const test = base.extend<{ dir: string }>({
  dir: async ({}, use, testInfo) => {
    const dir = mkdtempSync(join(tmpdir(), `logto-e2e-${testInfo.title.startsWith('Ctrl-C') ? 'ctrlc' : 'red'}-`));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

const settings = stackSettingsOf();

/** Every file below `dir`, recursively. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

/**
 * What a person (or a leak) can read in a file: zips (traces, the HTML report's data)
 * unpacked, the HTML report's embedded base64 zip decoded, everything else as it is.
 */
function embeddedZips(files: string[], scratch: string): string[] {
  return files.flatMap((file, i) => {
    if (file.endsWith('.zip')) return [];
    const embedded = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(readFileSync(file, 'latin1'))?.[1];
    if (!embedded) return [];
    const zip = join(scratch, `report-data-${i}.zip`);
    writeFileSync(zip, Buffer.from(embedded, 'base64'));
    return [zip];
  });
}

function readable(file: string, scratch: string): string {
  if (file.endsWith('.zip')) return spawnSync('unzip', ['-p', file], { encoding: 'latin1', maxBuffer: 1 << 30 }).stdout;
  const text = readFileSync(file, 'latin1');
  const embedded = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(text)?.[1];
  if (!embedded) return text;
  const zip = join(scratch, `embedded-${Date.now()}.zip`);
  writeFileSync(zip, Buffer.from(embedded, 'base64'));
  return `${text}\n${readable(zip, scratch)}`;
}

test('a red run: the failed spec carries the app log, and no secret of the run is in any artifact', async ({ dir }) => {
  skipWithoutLogto(settings);
  test.setTimeout(300_000);
  // The stack in this process (its secrets known here), adopted by the run as `npm run stack` would be.
  const app = appUnderTestOf(parse(readFileSync('apps/express-sdk-app/harness.dotenv')));
  const stack = await startStack(
    testLogtoMode(settings) ?? 'local',
    { ...settings, MAIL_MODE: 'sink', E2E_LOG_DIR: join(dir, 'stack-logs') },
    { app },
  );
  const record = join(dir, 'stack.json');
  const forget = recordStack(stack.info, record);
  try {
    const child = spawn(
      'npx',
      [
        'playwright',
        'test',
        '-c',
        'tests/forced-failure/playwright.config.ts',
        `--output=${join(dir, 'test-results')}`,
        '--reporter=json,html',
      ],
      {
        env: {
          ...process.env,
          E2E_STACK_FILE: record,
          PLAYWRIGHT_HTML_OUTPUT_DIR: join(dir, 'playwright-report'),
          PLAYWRIGHT_HTML_OPEN: 'never',
          SUMMARY_FILE: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let output = '';
    child.stdout.on('data', (c: Buffer) => ((stdout += c.toString()), (output += c.toString())));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(1);
    expect(output).toContain(`Reusing the running ${stack.info.mode} stack`);

    // `--reporter=json > out.json` gives valid JSON: the harness's status lines go to stderr.
    const report = JSON.parse(stdout) as {
      suites: {
        specs: {
          tests: { results: { status: string; attachments: { name: string; path?: string; body?: string }[] }[] }[];
        }[];
      }[];
    };
    const result = report.suites[0]?.specs[0]?.tests[0]?.results[0];
    expect(result?.status).toBe('failed');
    const attached = result?.attachments ?? [];
    expect(attached.map((a) => a.name)).toEqual(
      expect.arrayContaining(['app.log', 'logto.log', 'trace', 'email 1  SignIn  your verification code.png']),
    );
    // The mail as the person saw it: a real PNG, rendered by Chromium.
    const png = attached.find((a) => a.name.endsWith('.png') && a.name.startsWith('email'));
    const bytes = png?.body ? Buffer.from(png.body, 'base64') : readFileSync(png?.path ?? '');
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    expect(statSync(record).mode & 0o777, 'the stack record, the one place secrets are kept').toBe(0o600);
    const scratch = mkdtempSync(join(dir, 'scratch-'));
    const artifacts = [
      ...filesIn(join(dir, 'playwright-report')),
      ...filesIn(join(dir, 'test-results')),
      ...filesIn(join(dir, 'stack-logs')),
    ];
    const corpus = `\n=== the run's stdout and stderr\n${output}\n${artifacts.map((f) => `\n=== ${f}\n${readable(f, scratch)}`).join('')}`;
    // The scan reads what it should: the trace's network log and the report's data are in it.
    expect(corpus).toContain(`${stack.info.app.url}/logto/sign-in`);
    expect(corpus).toContain('/api/experience/verification/verification-code');
    // The trace has what the viewer shows per action, the DOM snapshots; the failure its screenshot.
    expect(corpus).toContain('"type":"frame-snapshot"');
    expect(attached.map((a) => a.name)).toContain('screenshot');
    // No live session in any trace: every cookie value and Cookie/Set-Cookie/Authorization
    // header masked, read from the traces' own structure (the values are the browser's, unknown here).
    const traces = [...artifacts.filter((f) => f.endsWith('.zip')), ...embeddedZips(artifacts, scratch)];
    expect(traces.length, 'traces were found to scan').toBeGreaterThan(0);
    const scanned = await Promise.all(traces.map((t) => liveCredentialsInTrace(t)));
    expect(
      scanned.flatMap((s) => s.live),
      'live credentials in a trace',
    ).toEqual([]);
    expect(
      scanned.reduce((n, s) => n + s.masked, 0),
      'the traces held cookies, masked',
    ).toBeGreaterThan(0);
    expect(stack.secrets.length).toBeGreaterThanOrEqual(5);
    for (const secret of stack.secrets) {
      const at = corpus.indexOf(secret);
      expect(at, `a secret of the run appears in ${corpus.slice(0, at).split('\n=== ').at(-1)?.split('\n')[0]}`).toBe(
        -1,
      );
    }
  } finally {
    forget();
    await stack.stop();
  }
});

test('Ctrl-C in the middle of a tenant-settings spec: its teardown still restores the tenant', async ({ dir }) => {
  skipWithoutLogto(settings);
  test.setTimeout(180_000);
  const stack = await startStack(
    testLogtoMode(settings) ?? 'local',
    { ...settings, MAIL_MODE: 'sink', E2E_LOG_DIR: join(dir, 'stack-logs') },
    { app: { kind: 'sample', contract: sampleAppContract } },
  );
  const record = join(dir, 'stack.json');
  const forget = recordStack(stack.info, record);
  const api = connectManagementApi(stack.info.logto, stack.info.logto.m2m);
  const signInMode = async () => (await expectOk('read', api.GET('/api/sign-in-exp'))).signInMode;
  try {
    expect(await signInMode()).toBe('SignInAndRegister');
    // Teardown can begin while the test's change is still in flight: restore() still undoes it.
    const tenant = new TenantSettings(api);
    const changing = tenant.setSignInMode('SignIn');
    await tenant.restore();
    await changing;
    expect(await signInMode(), 'a change in flight when restore() began is undone').toBe('SignInAndRegister');

    // As a terminal does: its own process group, and SIGINT to all of it.
    const child = spawn(
      'npx',
      [
        'playwright',
        'test',
        '--project=tenant-settings',
        '--no-deps',
        '-g',
        'sign-up off',
        `--output=${join(dir, 'out')}`,
        '--reporter=list',
      ],
      {
        env: { ...process.env, E2E_STACK_FILE: record, SUMMARY_FILE: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await expect
      .poll(signInMode, { timeout: 90_000, intervals: [50], message: 'the spec turns sign-up off' })
      .toBe('SignIn');
    process.kill(-(child.pid ?? 0), 'SIGINT');
    await exited;
    expect(await signInMode(), `restored by the spec's teardown:\n${output}`).toBe('SignInAndRegister');
  } finally {
    forget();
    await stack.stop();
  }
});
