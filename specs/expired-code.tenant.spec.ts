import { expect, test, waitForLogtoTime } from '../fixtures/index.js';

// Changes the tenant's code policy: a *.tenant.spec.ts file, run one at a time by the
// `tenant-settings` project, and the `tenant` fixture restores the policy.
test.describe('@tenant-settings', () => {
  test(
    'expired code: refused once Logto’s shortest code lifetime (60 s) is over @slow',
    { tag: '@limits' },
    async ({ inbox, flows, logto, app, tenant, stack, slowSpecs }) => {
      test.skip(!slowSpecs, 'opt-in (about 75 s: it waits out the 60 s code lifetime); run with E2E_SLOW_SPECS=true');
      test.setTimeout(test.info().timeout + 90_000);
      const lifetimeSeconds = 60; // the smallest expirationDuration Logto 1.42 accepts
      await tenant.setCodePolicy({ expirationDuration: lifetimeSeconds });
      await flows.start('signUp');
      const sent = await logto.requestCodeFor(inbox.address);
      expect(sent).toMatchObject({ status: 200 });
      const { code } = await inbox.waitForCode();
      await test.step(`wait until Logto's clock passes the code's expiry`, async () => {
        // The Date header is floored to the second: one more second covers the code's own time.
        const expiry = new Date((sent.answeredAt ?? new Date()).getTime() + (lifetimeSeconds + 2) * 1000);
        await waitForLogtoTime(stack.logto.endpoint, expiry, (lifetimeSeconds + 30) * 1000);
      });
      expect(await logto.enterCode(code)).toEqual({ status: 400, code: 'verification_code.expired' });
      await expect(logto.alert.or(logto.toast)).toBeVisible();
      await app.expectSignedOut();
    },
  );
});
