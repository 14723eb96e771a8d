import { anotherCode, expect, test } from '../fixtures/index.js';

test('wrong code: refused with an inline error, no session; the right code then works', async ({
  flows,
  app,
  logto,
  inbox,
  users,
}) => {
  await users.create(inbox.address);
  const { code } = await flows.requestCode('signIn');

  await test.step('a wrong code is refused', async () => {
    const wrong = anotherCode(code);
    expect(await logto.enterCode(wrong)).toEqual({ status: 400, code: 'verification_code.code_mismatch' });
    await expect(logto.alert).toBeVisible();
    // Logto 1.42 keeps the rejected code in the boxes (it clears them only on other errors);
    // enterCode() clears them before the next try.
    await expect(logto.codeInputs.first()).toHaveValue(wrong[0] ?? '');
    await expect(app.page).toHaveURL(/verification-code/);
    await app.expectSignedOut();
  });

  await flows.enterCodeAndLand(code);
});
