import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { connectManagementApi } from '../harness/logto-admin/management-api.js';
import { runSetup } from '../harness/logto-admin/setup/run-setup.js';
import { TenantRecord } from '../harness/logto-admin/tenant-record.js';
import { readTenantState } from '../harness/logto-admin/tenant-state.js';
import { runSuite } from './helpers/run-suite.js';
import { startStackScript } from './helpers/stack-script.js';
import { startStandInTenant, teamTenant } from './helpers/stand-in-tenant.js';
import { testWithTempDir } from './helpers/temp-dir.js';
import { sesSetupOf, stackSettingsOf } from './helpers/settings-of.js';
import { skipWithoutLogto } from './helpers/test-logto.js';

const settings = stackSettingsOf();
const test = testWithTempDir('logto-e2e-tenant-');

test.describe("external mode on a team's tenant", () => {
  test.describe.configure({ timeout: 600_000 });
  skipWithoutLogto(settings);

  test('check writes nothing and lists what differs; apply puts the tenant back after a green run, a red run, a Ctrl-C, and a SIGKILL (by the next run)', async ({
    dir,
  }) => {
    // A local Logto stands in for the team's tenant; its "real SES" is the sink, its inbox the real one.
    const tenant = await startStandInTenant(settings, dir);
    const { logto } = tenant;
    try {
      const api = connectManagementApi(logto, logto.m2m);
      await teamTenant(api);
      const before = await readTenantState(api);
      const now = () => readTenantState(api);
      const env = tenant.env;
      const oneSignIn = ['specs/sign-in.spec.ts', '-g', 'SignIn code'];

      // check (the default): nothing written, the differences listed, the run stopped.
      const checked = await runSuite(dir, env, oneSignIn);
      expect(checked.code, checked.output).not.toBe(0);
      expect(checked.output).toContain("differs from the guide's setup");
      expect(checked.output).toContain('sign-in mode: expected SignInAndRegister, found SignIn');
      expect(checked.output).toContain('sign-in: expected email with verification code, found username');
      expect(await now(), 'check wrote nothing').toEqual(before);

      // apply, a green run: configured for the run, put back at its end.
      const green = await runSuite(dir, { ...env, E2E_TENANT_SETUP: 'apply' }, oneSignIn);
      expect(green.code, green.output).toBe(0);
      expect(green.counts).toEqual({ passed: 1, failed: 0, skipped: 0 });
      expect(green.output).toContain(`Put back the Logto at ${logto.endpoint}: sign-in experience`);
      expect(await now(), 'after a green run').toEqual(before);

      // apply, a red run.
      const red = await runSuite(dir, { ...env, E2E_TENANT_SETUP: 'apply' }, [
        '-c',
        'tests/forced-failure/playwright.config.ts',
      ]);
      expect(red.code, red.output).toBe(1);
      expect(await now(), 'after a red run').toEqual(before);

      // apply, then Ctrl-C to the whole run (as a terminal sends it) once the tenant is changed.
      // The runner itself (npx would forward a second SIGINT, which Playwright takes as "force quit").
      const cli = join(process.cwd(), 'node_modules', '@playwright', 'test', 'cli.js');
      const interrupted = spawn(process.execPath, [cli, 'test', ...oneSignIn, `--output=${join(dir, 'ctrl-c')}`], {
        env: { ...process.env, ...env, E2E_TENANT_SETUP: 'apply', SUMMARY_FILE: '', E2E_LOG_DIR: join(dir, 'logs') },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let ctrlC = '';
      interrupted.stdout.on('data', (c: Buffer) => (ctrlC += c.toString()));
      interrupted.stderr.on('data', (c: Buffer) => (ctrlC += c.toString()));
      const ended = new Promise((resolve) => interrupted.once('exit', resolve));
      // Once the run is under way (its stack up, the tenant changed), as a person would stop it.
      await expect.poll(() => ctrlC, { timeout: 120_000, intervals: [50] }).toContain('Stack ready');
      expect((await now()).signInExperience.signInMode).toBe('SignInAndRegister');
      process.kill(-(interrupted.pid ?? 0), 'SIGINT');
      await ended;
      expect(await now(), `after Ctrl-C:\n${ctrlC}`).toEqual(before);

      // apply, then SIGKILL: nothing restores it then; the next run does, from the record, and says so.
      const stack = await startStackScript(process.cwd(), dir, { ...env, E2E_TENANT_SETUP: 'apply' });
      expect(await now(), 'changed while the killed run was up').not.toEqual(before);
      stack.child.kill('SIGKILL');
      await new Promise((resolve) => stack.child.once('exit', resolve));
      expect(await now(), 'a SIGKILL leaves it changed').not.toEqual(before);
      const next = await runSuite(dir, { ...env, E2E_TENANT_SETUP: 'apply' }, oneSignIn);
      expect(next.code, next.output).toBe(0);
      expect(next.output).toMatch(
        new RegExp(`Put back the Logto at ${logto.endpoint} as a run that did not finish found it \\(pid \\d+`),
      );
      expect(await now(), 'after the next run').toEqual(before);

      // check on a tenant set up as the guide says: a spec that needs a tenant-wide setting
      // skips, naming it, and the tenant is as it was.
      await runSetup(api, { connector: sesSetupOf('ses', env) });
      const setUp = await now();
      const readOnly = await runSuite(dir, env, [
        'specs/sign-in-experience.tenant.spec.ts',
        '-g',
        'too many wrong codes',
        // That test alone (its project's dependency, the parallel specs, would run in full).
        '--project=tenant-settings',
        '--no-deps',
      ]);
      expect(readOnly.code, readOnly.output).toBe(0);
      expect(readOnly.counts, readOnly.output).toEqual({ passed: 0, failed: 0, skipped: 1 });
      expect(readOnly.output).toContain(
        'skipped 1: needs the verification code policy set on the tenant, and this run changes nothing there (E2E_TENANT_SETUP=check)',
      );
      expect(await now(), 'a check run with a tenant spec').toEqual(setUp);
    } finally {
      new TenantRecord(logto.endpoint).remove(); // a failed step may leave one for a Logto that goes now
      await tenant.stop();
    }
  });
});
