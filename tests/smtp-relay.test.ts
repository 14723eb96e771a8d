import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { connectManagementApi } from '../harness/logto-admin/management-api.js';
import { readTenantState } from '../harness/logto-admin/tenant-state.js';
import { runSuite } from './helpers/run-suite.js';
import { startStandInTenant, teamTenant } from './helpers/stand-in-tenant.js';
import { testWithTempDir } from './helpers/temp-dir.js';
import { stackSettingsOf } from './helpers/settings-of.js';
import { skipWithoutLogto, testLogtoMode } from './helpers/test-logto.js';
import { startMailSink } from '../harness/mail/sink/mail-sink.js';
import { loadEmailTemplates } from '../harness/logto-admin/email-templates.js';

const settings = stackSettingsOf();
const test = testWithTempDir('logto-e2e-relay-');

/** The relay's log lines that queued a mail after AUTH over TLS (ESMTPSA), for addresses of `tag`. */
const queuedFor = (dir: string) =>
  readFileSync(join(dir, 'smtp-front.log'), 'utf8')
    .split('\n')
    .filter((line) => /250 queued for .* \(ESMTPSA\)$/.test(line));

test.describe("a team's own SMTP relay (MAIL_MODE=real, MAIL_CONNECTOR=smtp)", () => {
  test.describe.configure({ timeout: 600_000 });
  skipWithoutLogto(settings);

  test("an existing tenant: check names the connector it lacks and writes nothing; apply sends through the team's relay and puts the tenant back; a local Logto sends through it too", async ({
    dir,
  }) => {
    test.skip(
      testLogtoMode(settings) !== 'local',
      "needs a local Logto (LOGTO_HOME): a Logto in a container cannot reach the host's relay",
    );
    // The sink's SMTP server stands in for the team's relay (STARTTLS, AUTH, its own CA), its Dovecot for their inbox.
    const tenant = await startStandInTenant(settings, dir, { provider: 'smtp' });
    try {
      const api = connectManagementApi(tenant.logto, tenant.logto.m2m);
      await teamTenant(api);
      const before = await readTenantState(api);
      const signUp = ['specs/sign-up.spec.ts', '-g', 'Register code'];

      const checked = await runSuite(dir, tenant.env, signUp);
      expect(checked.code, checked.output).not.toBe(0);
      expect(checked.output).toContain(
        'email connector: expected simple-mail-transfer-protocol (SMTP, MAIL_CONNECTOR=smtp), found aws-ses-mail',
      );
      expect(await readTenantState(api), 'check wrote nothing').toEqual(before);

      const queuedBefore = queuedFor(dir).length;
      const applied = await runSuite(dir, { ...tenant.env, E2E_TENANT_SETUP: 'apply' }, signUp);
      expect(applied.code, applied.output).toBe(0);
      expect(applied.counts).toEqual({ passed: 1, failed: 0, skipped: 0 });
      expect(applied.output).toContain(`Put back the Logto at ${tenant.logto.endpoint}:`);
      expect(applied.output).toContain('email connector aws-ses-mail (in place of the run');
      expect(await readTenantState(api), 'after the run: the team’s SES connector and sign-in').toEqual(before);
      // The connector's test email and the sign-up's code, each through the relay with AUTH over TLS.
      expect(queuedFor(dir).length - queuedBefore).toBeGreaterThanOrEqual(2);

      // E2E_STACK=local with the same relay: the harness's own Logto is given the team's SMTP settings.
      const local = await runSuite(dir, { ...tenant.env, E2E_STACK: 'local', LOGTO_ENDPOINT: '' }, signUp);
      expect(local.code, local.output).toBe(0);
      expect(local.counts).toEqual({ passed: 1, failed: 0, skipped: 0 });
      expect(queuedFor(dir).length - queuedBefore).toBeGreaterThanOrEqual(4);

      // The relay's password went to Logto only: in no output, log or report of the runs.
      const password = String(tenant.env.SMTP_PASSWORD);
      for (const run of [checked, applied, local]) expect(run.output.includes(password)).toBe(false);
      const written = readdirSync(join(dir, 'logs'), { recursive: true, encoding: 'utf8' })
        .map((f) => join(dir, 'logs', f))
        .filter((f) => statSync(f).isFile());
      expect(written.length).toBeGreaterThan(0);
      for (const file of written) expect(readFileSync(file, 'latin1').includes(password), file).toBe(false);
    } finally {
      await tenant.stop();
    }
  });
});

test.describe("a team's own mail service (MAIL_MODE=real, MAIL_CONNECTOR=http)", () => {
  test.describe.configure({ timeout: 600_000 });
  skipWithoutLogto(settings);

  test('a local Logto posts each mail to the team’s service with its Authorization header, and the sign-up passes; the header is in no output or log', async ({
    dir,
  }) => {
    test.skip(
      testLogtoMode(settings) !== 'local',
      "needs a local Logto (LOGTO_HOME): a Logto in a container cannot reach the host's service",
    );
    // The sink's HTTP mail service stands in for the team's (it checks the token and renders the mail), its Dovecot for their inbox.
    const service = await startMailSink({ logDir: dir, http: { templates: loadEmailTemplates(undefined) } });
    try {
      const http = service.http;
      if (!http) throw new Error('the mail sink started without its HTTP mail service');
      const authorization = `Bearer ${http.token}`;
      const env = {
        E2E_STACK: 'local',
        MAIL_MODE: 'real',
        MAIL_CONNECTOR: 'http',
        HTTP_MAIL_ENDPOINT: http.endpoint,
        HTTP_MAIL_AUTHORIZATION: authorization,
        IMAP_HOST: service.imap.host,
        IMAP_PORT: String(service.imap.port),
        IMAP_TLS: 'false',
        IMAP_USER: service.imap.user,
        IMAP_PASSWORD: service.imap.password,
        MAILBOX_ADDRESS: service.address,
        IMAP_WAIT: 'noop',
      };
      const run = await runSuite(dir, env, ['specs/sign-up.spec.ts', '-g', 'Register code']);
      expect(run.code, run.output).toBe(0);
      expect(run.counts).toEqual({ passed: 1, failed: 0, skipped: 0 });
      const accepted = readFileSync(join(dir, 'http-front.log'), 'utf8')
        .split('\n')
        .filter((line) => /204 accepted for .* \((Generic|Register)\)$/.test(line));
      // The connector's test email (Generic) and the sign-up's code (Register).
      expect(accepted.length, 'posts the team’s service accepted').toBeGreaterThanOrEqual(2);
      expect(run.output.includes(http.token)).toBe(false);
      for (const file of readdirSync(join(dir, 'logs'), { recursive: true, encoding: 'utf8' })
        .map((f) => join(dir, 'logs', f))
        .filter((f) => statSync(f).isFile()))
        expect(readFileSync(file, 'latin1').includes(http.token), file).toBe(false);
    } finally {
      await service.stop();
    }
  });
});
