import { expect, test } from '@playwright/test';
import { readEmailConnector } from '../harness/connectors/logto-email-connector.js';
import { runDoctor } from '../harness/doctor/doctor.js';
import { connectManagementApi, expectOk } from '../harness/logto-admin/management-api.js';
import { freePort } from '../harness/process/free-port.js';
import { doctorTargetOf, recordedStack, tenantDoctorLines } from './helpers/recorded-stack.js';
import { stackSettingsOf } from './helpers/settings-of.js';
import { skipWithoutLogto } from './helpers/test-logto.js';

const settings = stackSettingsOf();

test.describe('npm run doctor on a Logto that sends through its HTTP email connector', () => {
  test.describe.configure({ timeout: 120_000 });
  skipWithoutLogto(settings);

  test("the mail service's checks replace SES's; a refused token and an endpoint nothing answers on are each named with the fix", async () => {
    const { stack, stop } = await recordedStack('logto-e2e-http-doctor-', { MAIL_CONNECTOR: 'http' });
    try {
      const info = stack.info;
      const target = doctorTargetOf(info);
      const healthy: string[] = [];
      expect((await runDoctor(target, (l) => healthy.push(l))).ok, healthy.join('\n')).toBe(true);
      expect(healthy.map((l) => l.replace(/:.*/, ''))).toEqual([
        ...tenantDoctorLines,
        '✔ Mail service reachable',
        "✔ The mail service takes the connector's test email",
      ]);
      expect(healthy[2]).toMatch(
        /^✔ Email connector: HTTP email, posts to http:\/\/.*\/send with an Authorization header/,
      );

      const api = connectManagementApi(info.logto, info.logto.m2m);
      const connector = await readEmailConnector(api);
      const setConfig = (config: Record<string, unknown>) =>
        expectOk(
          'Change the connector',
          api.PATCH('/api/connectors/{id}', { params: { path: { id: connector.id } }, body: { config } }),
        );
      // A token the service does not take: its 401, and where to look.
      await setConfig({ ...connector.config, authorization: 'Bearer not-the-token' });
      const refused: string[] = [];
      expect((await runDoctor(target, (l) => refused.push(l))).ok).toBe(false);
      expect(refused.find((l) => l.startsWith('✘'))).toMatch(
        /^✘ The mail service takes the connector's test email: the mail service refused .*: mail service: the token is not valid — fix: check the connector's authorization/,
      );
      // An endpoint nothing answers on: the first ✘, before any send.
      const closed = `http://127.0.0.1:${await freePort()}/send`;
      await setConfig({ ...connector.config, endpoint: closed });
      const down: string[] = [];
      expect((await runDoctor(target, (l) => down.push(l))).ok).toBe(false);
      expect(down.find((l) => l.startsWith('✘'))).toMatch(
        new RegExp(
          `^✘ Mail service reachable: ${closed.replaceAll('.', '\\.')} did not answer \\(ECONNREFUSED\\) — fix: check the connector's endpoint`,
        ),
      );
    } finally {
      await stop();
    }
  });
});
