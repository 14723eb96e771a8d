import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { connectManagementApi, expectOk, type ManagementApi } from '../harness/logto-admin/management-api.js';
import { ensureSesConnector } from '../harness/connectors/ses/ses-connector.js';
import { ensureEmailPasswordless } from '../harness/logto-admin/setup/sign-in-experience.js';
import { TenantRecord, type TenantRecordFile } from '../harness/logto-admin/tenant-record.js';
import { readTenantState, type TenantState } from '../harness/logto-admin/tenant-state.js';
import { startStack, type RunningStack } from '../harness/stack/start-stack.js';
import { appUnderTestOf, connectorOf, stackSettingsOf } from './helpers/settings-of.js';
import { startStackScript } from './helpers/stack-script.js';
import { startStandInTenant, teamSesConfig, teamTenant } from './helpers/stand-in-tenant.js';
import { testWithTempDir } from './helpers/temp-dir.js';
import { skipWithoutLogto } from './helpers/test-logto.js';

// External mode on a Logto it did not start puts back only what still holds what the run set:
// two runs never overwrite each other's record, an admin's edit during a run stays, a record
// left by a killed run is never applied blindly however old, and check writes nothing at all.
const settings = stackSettingsOf();
const test = testWithTempDir('logto-e2e-restore-');

/** Logto's own answers for what a run may touch, as text: equal means byte-identical. */
async function raw(api: ManagementApi): Promise<string> {
  const [connectors, experience, apps] = await Promise.all([
    expectOk('read', api.GET('/api/connectors')),
    expectOk('read', api.GET('/api/sign-in-exp')),
    expectOk('read', api.GET('/api/applications', { params: { query: { page_size: 100 } } })),
  ]);
  return JSON.stringify({ connectors, experience, apps });
}

test.describe('external mode puts back only what still holds what the run set', () => {
  test.describe.configure({ timeout: 300_000 });
  skipWithoutLogto(settings);

  test('overlapping runs, an admin edit during a run, a killed run put back a day later, and check writing nothing', async ({
    dir,
  }) => {
    const tenant = await startStandInTenant(settings, dir);
    const { logto } = tenant;
    const api = connectManagementApi(logto, logto.m2m);
    const record = new TenantRecord(logto.endpoint);
    const now = () => readTenantState(api);
    /** A run in this process (as `npx playwright test`'s global setup starts one), and what it said. */
    const run = async (extra: NodeJS.ProcessEnv = {}): Promise<{ stack: RunningStack; lines: string[] }> => {
      const env = {
        ...process.env,
        ...tenant.env,
        E2E_LOG_DIR: join(dir, 'logs'),
        E2E_TENANT_SETUP: 'apply',
        ...extra,
      };
      const lines: string[] = [];
      const stack = await startStack('external', stackSettingsOf(env), {
        app: appUnderTestOf(env),
        report: (l) => lines.push(l),
      });
      return { stack, lines };
    };
    let appServer: Server | undefined;
    try {
      await teamTenant(api);
      const before: TenantState = await now();

      // 1. Two runs on one endpoint: the second is refused, naming the first; the first puts it all back.
      const first = await startStackScript(process.cwd(), dir, { ...tenant.env, E2E_TENANT_SETUP: 'apply' });
      const second = await run().catch((error: Error) => error);
      expect(second).toBeInstanceOf(Error);
      expect((second as Error).message).toMatch(
        new RegExp(
          `^Another harness run has the Logto at ${logto.endpoint} \\(pid ${first.child.pid} on .*, since .*\\): runs that change a Logto`,
        ),
      );
      expect((await now()).signInExperience.signInMode, 'the first run is undisturbed').toBe('SignInAndRegister');
      first.child.kill('SIGINT');
      await new Promise((resolve) => first.child.once('exit', resolve));
      expect(await now(), `after the first run:\n${first.output()}`).toEqual(before);
      expect(existsSync(record.path)).toBe(false);

      // 2. An admin rotates the SES keys while a run is up: the keys stay theirs, the rest goes back, and it is said.
      const during = await run();
      const connectorId =
        (await expectOk('read', api.GET('/api/connectors'))).find((c) => c.type === 'Email')?.id ?? '';
      const rotated = { accessKeyId: 'AKIAROTATEDBYADMIN00', accessKeySecret: 'rotated-by-admin' };
      const running = (await now()).emailConnectors[0]?.config ?? {};
      await expectOk(
        'The admin rotates the keys',
        api.PATCH('/api/connectors/{id}', {
          params: { path: { id: connectorId } },
          body: { config: { ...running, ...rotated } },
        }),
      );
      await during.stack.stop();
      expect(await now(), 'the admin’s keys kept, everything else as found').toEqual({
        ...before,
        emailConnectors: [{ connectorId: 'aws-ses-mail', config: { ...teamSesConfig, ...rotated } }],
      });
      expect(during.lines.join('\n')).toMatch(
        /Put back the Logto at .*: sign-in experience \(signInMode, signUp, signIn\); email connector aws-ses-mail \((?=.*region)(?=.*templates).*\)\. Changed by someone else while the run was up, left as they set it: email connector accessKeyId; email connector accessKeySecret$/m,
      );
      const found = await now(); // the team's tenant now has the rotated keys

      // 3. A run killed (SIGKILL), its record a day old when the next run comes; meanwhile the admin
      // turned sign-up on. The next run puts back what still holds what the killed run set, not the rest.
      const killed = await startStackScript(process.cwd(), dir, { ...tenant.env, E2E_TENANT_SETUP: 'apply' });
      killed.child.kill('SIGKILL');
      await new Promise((resolve) => killed.child.once('exit', resolve));
      const left = JSON.parse(readFileSync(record.path, 'utf8')) as TenantRecordFile;
      const dayAgo = new Date(Date.now() - 24 * 3600_000).toISOString();
      writeFileSync(record.path, JSON.stringify({ ...left, startedAt: dayAgo }), { mode: 0o600 });
      await expectOk('The admin, the next day', api.PATCH('/api/sign-in-exp', { body: { signInMode: 'Register' } }));
      const next = await run();
      expect(next.lines.join('\n')).toContain(
        `Put back the Logto at ${logto.endpoint} as a run that did not finish found it (pid ${killed.child.pid}, ${dayAgo}): sign-in experience (signUp, signIn); email connector aws-ses-mail`,
      );
      expect(next.lines.join('\n')).toMatch(
        /Changed by someone else while the run was up, left as they set it: sign-in experience signInMode/,
      );
      await next.stack.stop();
      const expected = { ...found, signInExperience: { ...found.signInExperience, signInMode: 'Register' } };
      expect(await now(), 'the admin’s sign-up kept, the killed run’s changes gone').toEqual(expected);

      // 4. check on a tenant set up as the guide says, by a canary in url mode: Logto's answers
      // byte-identical before, during and after, and no record on disk at any time.
      await ensureSesConnector(api, connectorOf('ses', { ...process.env, ...tenant.env }));
      await ensureEmailPasswordless(api);
      const snapshot = await raw(api);
      appServer = createServer((_, res) => res.end('the team’s app'));
      await new Promise<void>((resolve) => appServer?.listen(0, '127.0.0.1', resolve));
      const port = (appServer.address() as { port: number }).port;
      const checked = await run({
        E2E_TENANT_SETUP: 'check',
        APP_UNDER_TEST: 'url',
        APP_URL: `http://127.0.0.1:${port}`,
      });
      expect(await raw(api), 'during a check run').toBe(snapshot);
      expect(existsSync(record.path), 'a record during a check run').toBe(false);
      await checked.stack.stop();
      expect(await raw(api), 'after a check run').toBe(snapshot);
      expect(existsSync(record.path) || existsSync(`${record.path}.lock`), 'a record or lock after a check run').toBe(
        false,
      );
      // And on a tenant that differs: check stops, listing it, and still writes nothing.
      await teamTenant(api);
      const differing = await raw(api);
      const refused = await run({ E2E_TENANT_SETUP: 'check' }).catch((error: Error) => error);
      expect(String(refused)).toContain("differs from the guide's setup");
      expect(await raw(api)).toBe(differing);
      expect(existsSync(record.path)).toBe(false);
    } finally {
      appServer?.close();
      record.remove();
      await tenant.stop();
    }
  });
});
