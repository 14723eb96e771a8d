import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { isLogtoInstallation } from '../harness/stack/local/logto-installation.js';
import { freePort } from '../harness/process/free-port.js';
import { logtoDown } from '../harness/stack/logto-health.js';
import { noLogtoMessage } from '../harness/stack/logto-stack.js';
import { recordStack } from '../harness/stack/stack-registry.js';
import { startStack } from '../harness/stack/start-stack.js';
import { descendants, workingIn } from './helpers/processes.js';
import { appUnderTestOf, stackSettingsOf } from './helpers/settings-of.js';

const settings = stackSettingsOf();

interface JsonReport {
  suites: {
    specs: {
      title: string;
      tests: { results: { status: string; duration: number; errors: { message?: string }[] }[] }[];
    }[];
  }[];
}

test('Logto dies during a run: each later test fails within seconds saying Logto stopped, with its log tail', async () => {
  test.skip(!isLogtoInstallation(settings.LOGTO_HOME), noLogtoMessage);
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-dies-'));
  const stack = await startStack(
    'local',
    { ...settings, MAIL_MODE: 'sink', E2E_LOG_DIR: join(dir, 'stack-logs') },
    { app: appUnderTestOf({}) },
  );
  const record = join(dir, 'stack.json');
  const forget = recordStack(stack.info, record);
  try {
    const logtoPid = workingIn(descendants(process.pid), resolve(settings.LOGTO_HOME, 'packages/core'));
    expect(logtoPid, 'Logto runs from its core package').toHaveLength(1);
    const child = spawn(
      'npx',
      [
        'playwright',
        'test',
        '-c',
        'tests/logto-dies/playwright.config.ts',
        '--reporter=json',
        `--output=${join(dir, 'test-results')}`,
      ],
      {
        env: {
          ...process.env,
          E2E_STACK_FILE: record,
          E2E_SELF_TEST_LOGTO_PID: String(logtoPid[0]),
          PLAYWRIGHT_JSON_OUTPUT_FILE: join(dir, 'report.json'),
          SUMMARY_FILE: '',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code, stderr).toBe(1);

    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as JsonReport;
    const results = report.suites.flatMap((s) => s.specs).map((s) => ({ title: s.title, ...s.tests[0]!.results[0]! }));
    expect(results.map((r) => r.status)).toEqual(['passed', 'failed', 'failed', 'failed']);
    for (const after of results.slice(1)) {
      const message = after.errors[0]?.message ?? '';
      expect(message, after.title).toMatch(
        /^Error: Logto stopped: http:\/\/127\.0\.0\.1:\d+\/api\/status did not answer/,
      );
      expect(message, 'the end of its log says how it ended').toContain('[harness] logto killed by SIGKILL');
      expect(after.duration, `${after.title} failed within seconds, not at its timeout`).toBeLessThan(5000);
    }
  } finally {
    forget();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a Logto found stopped just before the harness notes how it ended is reported with that note', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-late-note-'));
  try {
    const log = join(dir, 'logto.log');
    writeFileSync(log, '<-- GET /oidc/jwks\n--> GET /oidc/jwks 200 6ms\n');
    const stack = {
      logto: { endpoint: `http://127.0.0.1:${await freePort()}` },
      logs: [{ name: 'logto.log', path: log }],
    };
    // The process that started Logto writes its note a moment after the port went dead.
    const note = setTimeout(() => appendFileSync(log, '\n[harness] logto killed by SIGKILL\n'), 300);
    const started = Date.now();
    const down = await logtoDown(stack).finally(() => clearTimeout(note));
    expect(down).toMatch(/^Logto stopped: http:\/\/127\.0\.0\.1:\d+\/api\/status did not answer \(ECONNREFUSED\)/);
    expect(down).toContain('--> GET /oidc/jwks 200 6ms');
    expect(down?.trimEnd().endsWith('[harness] logto killed by SIGKILL'), down).toBe(true);

    // A Logto that hangs gets no note: its tail is reported as it is, after a short wait.
    writeFileSync(log, 'last words\n');
    const hung = await logtoDown(stack);
    expect(hung?.endsWith('The end of logto.log:\nlast words'), hung).toBe(true);
    expect(Date.now() - started).toBeLessThan(4000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
