import { expect, test } from '../fixtures/index.js';

test('resend: after the countdown a new code arrives; it works and the old one does not', async ({
  page,
  flows,
  logto,
  inbox,
  users,
}) => {
  await users.create(inbox.address);
  await page.clock.install(); // the 59 s countdown runs on Playwright's clock, not real time
  const first = await flows.requestCode('signIn');

  await test.step('the countdown ends, resend', async () => {
    await expect(logto.resendLink).toHaveCount(0);
    await page.clock.fastForward('01:00');
    await expect(logto.resendLink).toBeVisible();
    expect((await logto.resendCode()).status).toBe(200);
  });
  const second = await inbox.waitForCode();

  await test.step('the old code is void', async () => {
    // The same answer as a wrong code: Logto keeps one code per address, the newest.
    expect(await logto.enterCode(first.code)).toEqual({ status: 400, code: 'verification_code.code_mismatch' });
  });
  await flows.enterCodeAndLand(second.code);
});
