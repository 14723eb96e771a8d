import { anotherCode, expect, test } from '../fixtures/index.js';

// These change tenant-wide settings: the `tenant-settings` project runs them one at a time,
// after the parallel ones, and the `tenant` fixture restores what they changed.
test.describe('@tenant-settings', () => {
  test('too many wrong codes: even the right code is refused', async ({ flows, app, logto, inbox, users, tenant }) => {
    await tenant.setCodePolicy({ maxRetryAttempts: 3 });
    await users.create(inbox.address);
    const { code } = await flows.requestCode('signIn');
    const wrong = anotherCode(code);

    for (let attempt = 1; attempt <= 3; attempt++) {
      await test.step(`wrong code, attempt ${attempt}`, async () => {
        expect((await logto.enterCode(wrong)).status).toBe(400);
      });
    }
    await test.step('the right code is refused too', async () => {
      expect(await logto.enterCode(code)).toEqual({ status: 400, code: 'verification_code.exceed_max_try' });
      await app.expectSignedOut();
    });
  });

  test('sign-up off: an unregistered address gets no mail and cannot sign in', async ({
    app,
    flows,
    logto,
    inbox,
    tenant,
    stack,
  }) => {
    test.slow(stack.mail.mode === 'ses', 'through real SES, "no mail" takes a minute of silence');
    await tenant.setSignInMode('SignIn');
    await flows.start('signIn');
    await logto.submitEmail(inbox.address);
    await test.step('no mail arrives (within the delivery time of this mail path)', () => inbox.expectNoEmail());
    await test.step('a guessed code is refused', async () => {
      // The UI goes on to the code screen as if a mail was sent: no hint that the address is unknown.
      await logto.expectScreen('verification-code');
      expect(await logto.enterCode('123456')).toEqual({ status: 400, code: 'verification_code.code_mismatch' });
      await app.expectSignedOut();
    });
  });

  test('Thai: sign-up from a Thai browser gets the Thai UI and a Thai template', async ({
    sessions,
    tenant,
    users,
    inbox,
  }) => {
    const subject = 'รหัสยืนยันสำหรับการสมัครสมาชิก';
    await tenant.setEmailTemplates([
      { usageType: 'Register', subject, content: '<p>รหัสยืนยันของคุณคือ <b>{{code}}</b> ใช้ได้ภายใน 10 นาที</p>' },
    ]);
    // Logto picks the UI language from the browser's (any app: no ui_locales needed).
    const thai = await sessions.open({ locale: 'th-TH' });
    const { code, email } = await thai.flows.requestCode('signUp', { subject });
    expect(await thai.logto.language(), "Logto's UI is in Thai").toBe('th');
    expect(email.text).toContain(`รหัสยืนยันของคุณคือ ${code}`);
    await thai.flows.enterCodeAndLand(code);
    await users.findByEmail(inbox.address); // owned, so deleted afterwards
  });
});
