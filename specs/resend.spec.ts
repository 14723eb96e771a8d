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
    const answer = await logto.enterCode(first.code);
    expect(answer.status).toBe(400);
  });
  await flows.enterCodeAndLand(second.code);
});
