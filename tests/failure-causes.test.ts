import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { openAppSession } from '../fixtures/index.js';
import {
  chromiumLaunchOptions,
  connectHarness,
  readHarnessSettings,
  setSesAccount,
  stackOnlyLaunchOptions,
  startStack,
} from '../harness/index.js';
import { appUnderTestOf, stackSettingsOf } from './helpers/settings-of.js';
import { startStandInTenant } from './helpers/stand-in-tenant.js';
import { requireTestLogtoMode, skipWithoutLogto } from './helpers/test-logto.js';

// Every failure names its cause, in every mode: the guide's setup refused by SES, a code Logto
// refuses, and mail SES accepted but dropped with real SES (where no sink can be asked).
const settings = stackSettingsOf();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The parts of a message, in this order (anything between them). */
const inOrder = (...parts: string[]) => new RegExp(parts.map(escape).join('[^]*'));

test.describe('every failure names its cause', () => {
  test.describe.configure({ timeout: 240_000 });
  skipWithoutLogto(settings);

  test("setup with the sink's account in the sandbox: Logto's code, SES's own words, and the sink's cause", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-cause-'));
    try {
      const started = await startStack(
        requireTestLogtoMode(settings),
        { ...settings, MAIL_MODE: 'sink', SES_SINK_ACCOUNT: 'sandbox', E2E_LOG_DIR: join(dir, 'logs') },
        { app: appUnderTestOf({}), report: () => undefined },
      ).then(
        async (stack) => {
          await stack.stop();
          return new Error('the setup went through');
        },
        (error: Error) => error,
      );
      expect(started.message).toMatch(
        inOrder(
          "The guide's setup failed: Send the connector's test email to e2e+connector-test-",
          'failed: Logto answered 400 connector.invalid_response',
          '(the provider said: Email address is not verified. The following identities failed the check in region US-EAST-1: e2e+connector-test-',
          "the mail (the sink's SES): SES refused the send: the account is in the sandbox and e2e+connector-test-",
          'is not a verified identity (region us-east-1)',
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('with real SES (a stand-in tenant): a wrong code names Logto’s refusal in words; mail SES accepted and dropped names Logto’s log and the doctor’s suppression line', async ({}, testInfo) => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-cause-ses-'));
    const tenant = await startStandInTenant(settings, dir);
    // The harness's own SES reads (the doctor) go where Logto's sends go: the stand-in's "real SES".
    const env = {
      ...process.env,
      ...tenant.env,
      AWS_ENDPOINT_URL_SESV2: tenant.sink.sesEndpoint,
      E2E_TENANT_SETUP: 'apply',
      E2E_LOG_DIR: join(dir, 'logs'),
    };
    process.env.AWS_ENDPOINT_URL_SESV2 = tenant.sink.sesEndpoint;
    const stack = await startStack('external', stackSettingsOf(env), {
      app: appUnderTestOf(env),
      report: () => undefined,
    });
    const harness = await connectHarness(stack.info);
    const browser = await chromium.launch(
      stackOnlyLaunchOptions(chromiumLaunchOptions(readHarnessSettings()), [
        stack.info.app.url,
        stack.info.logto.endpoint,
      ]),
    );
    try {
      // A wrong code: Logto's code and what it means.
      const inbox = harness.inbox(`${testInfo.title}-wrong`);
      const session = await openAppSession(browser, stack.info, inbox, { explainer: harness.explainer });
      const { code } = await session.flows.requestCode('signUp');
      const wrong = code === '123456' ? '654321' : '123456';
      const refused = await session.flows.enterCodeAndLand(wrong).then(
        () => new Error('the wrong code was taken'),
        (error: Error) => error,
      );
      expect(refused.message).toMatch(
        inOrder(
          `enter the code failed: Logto refused the code ${wrong}: 400 verification_code.code_mismatch (the code is not the one Logto sent last`,
          "the browser: Logto's /register/verification-code screen",
          'Logto answered POST /api/experience/verification/verification-code/verify with 400 verification_code.code_mismatch',
          `Logto's audit log: 1 code send(s) to ${inbox.address}`,
          'Success — Logto handed the mail to the provider, which accepted it',
        ),
      );
      await session.context.close();

      // Suppressed at "real SES": SES accepts and drops it. Nothing but Logto's log and the
      // doctor can say so; the wait for the code does.
      const dropped = harness.inbox(`${testInfo.title}-dropped`);
      await setSesAccount(tenant.sink.control, {
        to: dropped.address,
        preset: 'healthy',
        state: { suppressed: [dropped.address] },
      });
      const second = await openAppSession(browser, stack.info, dropped, { explainer: harness.explainer });
      const lost = await second.flows.signUp().then(
        () => new Error('the dropped mail came'),
        (error: Error) => error,
      );
      expect(lost.message).toMatch(
        inOrder(
          'read the code from the inbox failed: ',
          `SES accepted the send (Logto's audit log: Interaction.Register.Verification.EmailVerificationCode.Create at `,
          "and no mail came: what remains is the address on SES's suppression list or the inbox's own filtering",
          `the doctor (read-only, now): ✘ The addresses the harness sends to, not suppressed: ${dropped.address} (BOUNCE) on the account's suppression list`,
        ),
      );
      // No secret of the run in what a reader sees.
      for (const secret of stack.secrets) expect(lost.message.includes(secret)).toBe(false);
      await second.context.close();
    } finally {
      delete process.env.AWS_ENDPOINT_URL_SESV2;
      await browser.close();
      await harness.close();
      await stack.stop();
      await tenant.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
