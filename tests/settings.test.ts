import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSecretFile } from '../harness/config/secret-file.js';
import { expect, test } from '@playwright/test';
import { readSettings, setting, SettingError } from '../harness/config/settings.js';
import { sampleAppConfigFromEnv } from '../apps/sample-app/src/config.js';
import { selectMode } from '../harness/stack/select-mode.js';
import { stackModeNames, stackModes } from '../harness/stack/stack-modes.js';
import { loadEmailTemplates } from '../harness/logto-admin/email-templates.js';
import { emailConnectors, mailConnectorNames } from '../harness/connectors/email-connectors.js';
import { connectorOf, externalInboxOf, stackSettingsOf } from './helpers/settings-of.js';

/** A real inbox's settings (MAIL_MODE=real needs one). */
const realInbox = {
  IMAP_HOST: 'imap.team.example',
  IMAP_USER: 'e2e',
  IMAP_PASSWORD: 'hunter2',
  MAILBOX_ADDRESS: 'e2e@team.example',
};

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SettingError);
    return (error as Error).message;
  }
  throw new Error('expected a SettingError');
}

test('a malformed setting is one line naming it and what it expects', () => {
  const message = errorOf(() => readSettings({ IMAP_PORT: setting.port(993) }, { IMAP_PORT: 'abc' }));
  expect(message).toBe('Setting IMAP_PORT: expected a port number 1-65535 (got "abc")');
  expect(message).not.toContain('\n');
});

test('a URL setting takes http(s) only: ftp:, file: and javascript: are refused in one line', () => {
  for (const url of ['ftp://logto.example', 'file:///etc/passwd', 'javascript:alert(1)']) {
    expect(errorOf(() => stackSettingsOf({ LOGTO_ENDPOINT: url }))).toBe(
      `Setting LOGTO_ENDPOINT: expected an absolute http(s) URL (got "${url}")`,
    );
  }
  expect(stackSettingsOf({ LOGTO_ENDPOINT: 'https://tenant.logto.app/' }).LOGTO_ENDPOINT).toBe(
    'https://tenant.logto.app',
  );
});

test('a malformed IMAP setting is refused whichever mail mode the run uses (the sink reads none)', () => {
  expect(errorOf(() => stackSettingsOf({ MAIL_MODE: 'sink', IMAP_PORT: 'abc' }))).toBe(
    'Setting IMAP_PORT: expected a port number 1-65535 (got "abc")',
  );
  expect(errorOf(() => stackSettingsOf({ IMAP_TLS: 'maybe' }))).toBe(
    'Setting IMAP_TLS: expected true or false (got "maybe")',
  );
  expect(() => stackSettingsOf({ MAIL_MODE: 'sink' })).not.toThrow();
});

test('a missing required setting names it (the harness, and the sample app with its own reader)', () => {
  expect(errorOf(() => readSettings({ LOGTO_ENDPOINT: setting.url() }, {}))).toBe(
    'Setting LOGTO_ENDPOINT: expected an absolute http(s) URL (it is not set)',
  );
  expect(() => sampleAppConfigFromEnv({ LOGTO_APP_ID: 'x', LOGTO_APP_SECRET: 'y', APP_SESSION_SECRET: 'z' })).toThrow(
    'Setting LOGTO_ENDPOINT: expected a non-empty value (it is not set)',
  );
});

test('a bad secret value is never echoed', () => {
  const message = errorOf(() =>
    connectorOf('ses', {
      SES_FROM_ADDRESS: 'a@b.test',
      SES_ACCESS_KEY_ID: 'AKIA',
      SES_SECRET_ACCESS_KEY: '',
      SES_REGION: 'eu-west-1',
    }),
  );
  expect(message).toBe('Setting SES_SECRET_ACCESS_KEY: expected a non-empty value (it is not set)');
  const imap = errorOf(() =>
    externalInboxOf({
      IMAP_HOST: 'imap.example.test',
      IMAP_USER: 'u',
      IMAP_PASSWORD: 'hunter2',
      MAILBOX_ADDRESS: 'x',
      IMAP_PORT: '993',
    }),
  );
  expect(imap).toBe('Setting MAILBOX_ADDRESS: expected an email address (got "x")');
});

test('defaults apply when unset or empty', () => {
  const s = stackSettingsOf({ MAIL_MODE: '', LOGTO_HOME: '' });
  expect(s.MAIL_MODE).toBe('sink');
  expect(s.LOGTO_HOME).toBe('/opt/logto');
  expect(s.LOGTO_IMAGE).toBe('svhd/logto:1.42.0');
  expect(errorOf(() => stackSettingsOf({ E2E_STACK: 'docker' }))).toBe(
    'Setting E2E_STACK: expected one of containers, local, external (got "docker")',
  );
});

test('email templates from a file must cover every required usage', () => {
  expect(errorOf(() => loadEmailTemplates('/nonexistent.json'))).toMatch(
    /^Setting EMAIL_TEMPLATES_FILE: expected a readable JSON file/,
  );
});

test.describe('stack mode selection', () => {
  const base = { E2E_STACK: undefined, LOGTO_ENDPOINT: undefined, LOGTO_HOME: '/nonexistent' };
  const runtime = (answers: boolean) => async () => answers;

  test('containers when a runtime answers', async () => {
    expect((await selectMode(base, runtime(true))).mode).toBe('containers');
  });
  test('local when no runtime but a Logto installation', async () => {
    expect((await selectMode({ ...base, LOGTO_HOME: process.cwd() }, runtime(false))).mode).toBe('none');
    const home = stackSettingsOf().LOGTO_HOME;
    test.skip(
      !(await import('../harness/stack/local/logto-installation.js')).isLogtoInstallation(home),
      `no Logto installation at ${home} to select`,
    );
    expect((await selectMode({ ...base, LOGTO_HOME: home }, runtime(false))).mode).toBe('local');
  });
  test('external when LOGTO_ENDPOINT is set, even with a runtime', async () => {
    expect(await selectMode({ ...base, LOGTO_ENDPOINT: 'https://tenant.logto.app' }, runtime(true))).toEqual({
      mode: 'external',
      why: 'LOGTO_ENDPOINT=https://tenant.logto.app',
    });
  });
  test('E2E_STACK wins', async () => {
    expect((await selectMode({ ...base, E2E_STACK: 'local' }, runtime(true))).mode).toBe('local');
    expect((await selectMode({ ...base, E2E_STACK: 'containers' }, runtime(false))).mode).toBe('containers');
  });
  test("E2E_STACK's values are the modes' table, an unknown one is one line listing them; external names what it lacks", async () => {
    expect(errorOf(() => stackSettingsOf({ E2E_STACK: 'cloud' }))).toBe(
      `Setting E2E_STACK: expected one of ${stackModeNames.join(', ')} (got "cloud")`,
    );
    expect(stackModeNames).toEqual(Object.keys(stackModes));
    await expect(selectMode({ ...base, E2E_STACK: 'external' }, runtime(false))).rejects.toThrow(
      'Setting LOGTO_ENDPOINT: expected the URL of the existing Logto (E2E_STACK=external)',
    );
  });
  test('none: the one line lists the three ways to provide a Logto', async () => {
    const choice = await selectMode(base, runtime(false));
    expect(choice.mode).toBe('none');
    expect(choice.why).toMatch(
      /start Docker .* set LOGTO_HOME .* set LOGTO_ENDPOINT with LOGTO_M2M_APP_ID and LOGTO_M2M_APP_SECRET/,
    );
  });
});

test("MAIL_CONNECTOR's values are the connectors' table; an unknown one is one line, and every stack mode runs each", () => {
  expect(mailConnectorNames).toEqual(Object.keys(emailConnectors));
  expect(errorOf(() => stackSettingsOf({ MAIL_CONNECTOR: 'pigeon' }))).toBe(
    `Setting MAIL_CONNECTOR: expected one of ${mailConnectorNames.join(', ')} (got "pigeon")`,
  );
  for (const [mode, door] of Object.entries(stackModes)) {
    expect(
      Object.entries(door.connectors).filter(([, runs]) => runs !== true),
      mode,
    ).toEqual([]);
  }
});

test("a team's SMTP server or mail service that cannot work stops the run at start, one line naming the setting and the fix", () => {
  const real = { MAIL_MODE: 'real', MAIL_CONNECTOR: 'smtp', ...realInbox, SMTP_FROM_ADDRESS: 'noreply@team.example' };
  expect(errorOf(() => stackSettingsOf(real))).toBe(
    "Setting SMTP_HOST: expected a non-empty value: the team's SMTP server (MAIL_CONNECTOR=smtp, MAIL_MODE=real), e.g. smtp.resend.com (it is not set)",
  );
  const relay = { ...real, SMTP_HOST: 'smtp.team.example' };
  // Logto #6191: implicit TLS on the submission port.
  expect(errorOf(() => stackSettingsOf({ ...relay, SMTP_PORT: '587', SMTP_TLS: 'implicit' }))).toBe(
    'Setting SMTP_TLS: implicit on port 587 cannot work (587 greets in plain text and upgrades with STARTTLS); set SMTP_TLS=starttls, or SMTP_PORT=465 for implicit TLS',
  );
  expect(errorOf(() => stackSettingsOf({ ...relay, SMTP_PORT: '465', SMTP_TLS: 'starttls' }))).toBe(
    'Setting SMTP_TLS: starttls on port 465 cannot work (465 expects TLS from the first byte); set SMTP_TLS=implicit, or SMTP_PORT=587 for STARTTLS',
  );
  expect(errorOf(() => stackSettingsOf({ ...relay, SMTP_PORT: 'smtp' }))).toBe(
    'Setting SMTP_PORT: expected a port number 1-65535 (got "smtp")',
  );
  expect(errorOf(() => stackSettingsOf({ ...relay, SMTP_CA_FILE: '/nonexistent/ca.pem' }))).toBe(
    "Setting SMTP_CA_FILE: cannot read /nonexistent/ca.pem (ENOENT); give the PEM file of the server's CA, or leave it unset for a publicly signed server",
  );
  expect(errorOf(() => stackSettingsOf({ ...relay, SMTP_PASSWORD: 'pw' }))).toBe(
    'Setting SMTP_USERNAME: expected the SMTP account the password (SMTP_PASSWORD) is for',
  );
  // The port's own TLS by default: implicit on 465, STARTTLS elsewhere; the password kept for Logto only.
  const fine = stackSettingsOf({ ...relay, SMTP_PORT: '465', SMTP_USERNAME: 'resend', SMTP_PASSWORD: 're_123' });
  expect(fine.provider?.config).toMatchObject({
    host: 'smtp.team.example',
    port: 465,
    secure: true,
    auth: { user: 'resend', pass: 're_123' },
  });
  expect(stackSettingsOf({ ...relay, SMTP_PORT: '2587' }).provider?.config).toMatchObject({
    secure: false,
    requireTLS: true,
  });
  // No SES keys are asked for when SMTP or HTTP sends the real mail.
  expect(errorOf(() => stackSettingsOf({ MAIL_MODE: 'real', MAIL_CONNECTOR: 'http', ...realInbox }))).toBe(
    "Setting HTTP_MAIL_ENDPOINT: expected an absolute http(s) URL: where the team's mail service takes Logto's posts (MAIL_CONNECTOR=http, MAIL_MODE=real) (it is not set)",
  );
  // An existing Logto only checked sends with its own connector: nothing of the provider is asked for.
  expect(
    stackSettingsOf({
      ...real,
      E2E_STACK: 'external',
      LOGTO_ENDPOINT: 'https://auth.team.example',
      E2E_TENANT_SETUP: 'check',
    }).provider,
  ).toBeUndefined();
});

test('every setting the harness reads is documented with its default in .env.example', () => {
  const documented = new Set(
    readFileSync('.env.example', 'utf8')
      .split('\n')
      .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
      .filter(Boolean),
  );
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f && !f.startsWith('tests/'));
  const read = new Set(
    files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\b([A-Z][A-Z0-9_]{2,}): setting\./g)].map((m) => m[1])),
  );
  expect([...read].filter((name) => !documented.has(name))).toEqual([]);
});

test('a secret file is 0600 even when a 0644 one was there before', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-secret-'));
  try {
    const file = join(dir, 'stack.json');
    writeFileSync(file, 'old', { mode: 0o644 });
    writeSecretFile(file, 'new');
    expect([statSync(file).mode & 0o777, readFileSync(file, 'utf8')]).toEqual([0o600, 'new']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('E2E_GREP_INVERT is a regular expression, or one line naming the setting', () => {
  const read = (value: string | undefined) =>
    readSettings({ E2E_GREP_INVERT: setting.optionalRegExp() }, { E2E_GREP_INVERT: value }).E2E_GREP_INVERT;
  expect(read(undefined)).toBeUndefined();
  expect(read('')).toBeUndefined();
  expect(read('@faults|@limits')?.test('SES slow @faults')).toBe(true);
  expect(() => read('(')).toThrow(SettingError);
  expect(() => read('(')).toThrow(
    'Setting E2E_GREP_INVERT: expected a regular expression, e.g. @faults|@limits (got "(")',
  );
});
