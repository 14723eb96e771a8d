import { expect } from '@playwright/test';
import { smtpConnectorSetup, type SmtpSettings } from '../harness/connectors/smtp/smtp-connector.js';
import { smtpDoctorChecks } from '../harness/connectors/smtp/smtp-doctor.js';
import { runChecks } from '../harness/doctor/doctor-check.js';
import type { MailSink } from '../harness/mail/sink/mail-sink.js';
import { freePort } from '../harness/process/free-port.js';
import { sinkTest } from './helpers/sink-test.js';
import { doctorTargetOf, recordedStack, tenantDoctorLines } from './helpers/recorded-stack.js';
import { stackSettingsOf } from './helpers/settings-of.js';
import { skipWithoutLogto } from './helpers/test-logto.js';
import { connectManagementApi, expectOk } from '../harness/logto-admin/management-api.js';
import { readEmailConnector } from '../harness/connectors/logto-email-connector.js';
import { runDoctor } from '../harness/doctor/doctor.js';

const settingsNow = stackSettingsOf();

const test = sinkTest({ smtp: true });
const settings: SmtpSettings = {
  SMTP_SINK_TLS: 'starttls',
  SMTP_FROM_ADDRESS: undefined,
  SMTP_FROM_NAME: undefined,
  EMAIL_TEMPLATES_FILE: undefined,
};

/** The doctor's SMTP lines for the connector's config as the harness sets it, with `change` on top. */
async function doctorLines(sink: MailSink, tls: 'starttls' | 'implicit', change: Record<string, unknown> = {}) {
  const { config } = smtpConnectorSetup({ ...settings, SMTP_SINK_TLS: tls }, sink.smtp!);
  const lines: string[] = [];
  const report = await runChecks(smtpDoctorChecks({ ...config, ...change }, { waitMs: 1000 }), (l) => lines.push(l));
  return { ok: report.ok, lines };
}

test.describe("the doctor's SMTP checks, against the sink's SMTP server", () => {
  test('the harness’s own config holds on either port', async ({ sink }) => {
    for (const tls of ['starttls', 'implicit'] as const) {
      const { ok, lines } = await doctorLines(sink, tls);
      expect(
        lines.filter((l) => !l.startsWith('✔')),
        tls,
      ).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  test('implicit TLS on the STARTTLS port (Logto #6191), and the reverse, are each named with the fix', async ({
    sink,
  }) => {
    const onStarttls = await doctorLines(sink, 'starttls', { secure: true, requireTLS: undefined });
    expect(onStarttls.lines[1]).toMatch(
      /^✘ TLS as the port expects: .* greets in plain text.*secure: true.* — fix: set secure to false/,
    );
    expect(onStarttls.ok).toBe(false);
    const onImplicit = await doctorLines(sink, 'implicit', { secure: false });
    expect(onImplicit.lines[1]).toMatch(
      /^✘ TLS as the port expects: .* says nothing until TLS starts.* — fix: set secure to true/,
    );
  });

  test('a wrong password and a port nothing listens on are named', async ({ sink }) => {
    const wrong = await doctorLines(sink, 'starttls', { auth: { user: sink.smtp!.user, pass: 'wrong' } });
    expect(wrong.lines[2]).toMatch(
      /^✘ SMTP login \(EHLO, TLS, AUTH\): .* refused the login: .*535.* — fix: check the connector's user and password/,
    );
    const closed = await doctorLines(sink, 'starttls', { port: await freePort() });
    expect(closed.lines[0]).toMatch(/^✘ SMTP server reachable: .* did not take a connection/);
    expect(closed.lines.slice(1).every((l) => l.includes('not checked'))).toBe(true);
  });
});

test.describe('npm run doctor on a Logto that sends through SMTP', () => {
  test.describe.configure({ timeout: 120_000 });
  skipWithoutLogto(settingsNow);

  test("the SMTP server's checks replace SES's, and a TLS mode that does not fit the port is the first ✘", async () => {
    const { stack, stop } = await recordedStack('logto-e2e-smtp-doctor-', { MAIL_CONNECTOR: 'smtp' });
    try {
      const info = stack.info;
      const target = doctorTargetOf(info);
      const healthy: string[] = [];
      expect((await runDoctor(target, (l) => healthy.push(l))).ok, healthy.join('\n')).toBe(true);
      expect(healthy.map((l) => l.replace(/:.*/, ''))).toEqual([
        ...tenantDoctorLines,
        '✔ SMTP server reachable',
        '✔ TLS as the port expects',
        '✔ SMTP login (EHLO, TLS, AUTH)',
        "✔ The SMTP server takes the connector's test email",
      ]);
      // The #6191 mistake, made on the tenant: implicit TLS on the STARTTLS port.
      const api = connectManagementApi(info.logto, info.logto.m2m);
      const connector = await readEmailConnector(api);
      await expectOk(
        'Set secure: true',
        api.PATCH('/api/connectors/{id}', {
          params: { path: { id: connector.id } },
          body: { config: { ...connector.config, secure: true, requireTLS: false } },
        }),
      );
      const broken: string[] = [];
      expect((await runDoctor(target, (l) => broken.push(l))).ok).toBe(false);
      expect(broken.find((l) => l.startsWith('✘'))).toMatch(/^✘ TLS as the port expects: .* greets in plain text/);
    } finally {
      await stop();
    }
  });
});
