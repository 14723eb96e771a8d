import { expect, test } from '../fixtures/index.js';
import { waitForLogtoTime } from '../fixtures/logto-admin/logto-clock.js';

// Logto's own limits, as the person at the browser meets them.

test('send rate limit: the 11th code to one address within 10 minutes is refused', async ({
  inbox,
  flows,
  logto,
  app,
  page,
}) => {
  test.setTimeout(test.info().timeout * 2);
  await flows.start('signUp');
  for (let send = 1; send <= 10; send++) {
    await test.step(`code ${send} of 10 is sent and arrives`, async () => {
      expect(await logto.requestCodeFor(inbox.address)).toMatchObject({ status: 200 });
      await logto.expectScreen('verification-code');
      await inbox.waitForCode();
      await page.goBack();
      await logto.expectScreen('register');
    });
  }
  const refused = await logto.requestCodeFor(inbox.address);
  expect(refused).toMatchObject({ status: 429, code: 'request.message_rate_limited' });
  await expect(logto.toast, 'the page shows Logto’s message for the limit').toHaveText(refused.message ?? '');
  await logto.expectScreen('register');
  await inbox.expectNoEmail();
  await app.expectSignedOut();
});

test.describe('@tenant-settings', () => {
  test('expired code: refused once Logto’s shortest code lifetime (60 s) is over @slow', async ({
    inbox,
    flows,
    logto,
    app,
    tenant,
    stack,
    slowSpecs,
  }) => {
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
  });
});
