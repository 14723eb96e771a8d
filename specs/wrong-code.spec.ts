import { expect, test } from '../fixtures/index.js';

/** A 6-digit code that is certainly not `code`. */
const otherThan = (code: string) => String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');

test('wrong code: refused with an inline error, no session; the right code then works', async ({
  app,
  logto,
  inbox,
  users,
}) => {
  await users.create(inbox.address);
  await app.startSignIn();
  await logto.submitEmail(inbox.address);
  const { code } = await inbox.waitForCode();

  await test.step('a wrong code is refused', async () => {
    const wrong = otherThan(code);
    expect(await logto.enterCode(wrong)).toEqual({ status: 400, code: 'verification_code.code_mismatch' });
    await expect(logto.alert).toBeVisible();
    // Logto 1.42 keeps the rejected code in the boxes (it clears them only on other errors);
    // enterCode() clears them before the next try.
    await expect(logto.codeInputs.first()).toHaveValue(wrong[0] ?? '');
    await expect(app.page).toHaveURL(/verification-code/);
    expect(await app.me()).toEqual({ authenticated: false });
  });

  await test.step('the right code still works', async () => {
    expect(await logto.enterCode(code)).toEqual({ status: 200, code: undefined });
    await app.expectSignedIn(inbox.address);
  });
});
