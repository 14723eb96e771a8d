import { expect, test } from '../fixtures/index.js';

// Logto's own limits, as the person at the browser meets them.

test(
  'send rate limit: the 11th code to one address within 10 minutes is refused',
  { tag: '@limits' },
  async ({ inbox, flows, logto, app, page }) => {
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
  },
);
