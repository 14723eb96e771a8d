import {
  expect,
  forgotPasswordByEmail,
  passwordThenEmailMfa,
  test,
  usernameFor,
  type AppPage,
  type SignInExperiencePage,
} from '../fixtures/index.js';

/**
 * Every mail Logto sends besides the sign-in and sign-up codes: forgot password, email MFA (bind
 * and verify), a changed address, and the blocklist that sends none. Each reads the real mail
 * from the inbox and judges the outcome by Logto's own record (its users, its answers).
 */

// Not in any breach corpus (Logto's policy may check one) and meets its default rules.
const newPassword = 'Xq7!mVr2#Lp9-e2e';
const oldPassword = 'Kz4$wQn8@Tb6-e2e';

/** From the app to Logto's sign-in screen, then the username and the test's password. */
async function signIn(app: AppPage, logto: SignInExperiencePage, username: string): Promise<void> {
  await app.startSignIn();
  await logto.signInWithPassword(username, oldPassword);
}

test.describe('@tenant-settings', () => {
  test('forgot password: the ForgotPassword code resets it and Logto takes the new one', async ({
    app,
    logto,
    page,
    inbox,
    users,
    tenant,
  }) => {
    await tenant.setSignInExperience(forgotPasswordByEmail);
    const user = await users.createWithPassword({ email: inbox.address, password: oldPassword });
    await app.startSignIn();
    await logto.openForgotPassword();
    await logto.submitEmail(inbox.address);

    const { code } = await inbox.waitForCode({ subject: /^ForgotPassword:/ });
    expect((await logto.enterCode(code)).status, "Logto's answer to the code").toBeLessThan(300);
    await page.locator('input[name="newPassword"]').fill(newPassword);
    const confirm = page.locator('input[name="confirmPassword"]');
    if (await confirm.isVisible()) await confirm.fill(newPassword);
    await logto.submit.click();

    // Logto sends the person back to sign in, not signed in.
    await expect(page).toHaveURL(/\/sign-in/);
    expect(await users.hasPassword(user.id, newPassword), 'Logto takes the new password').toBe(true);
    expect(await users.hasPassword(user.id, oldPassword), 'Logto refuses the old password').toBe(false);
  });

  test('forgot password for an unknown address: no mail, the same screens, a guess refused', async ({
    app,
    logto,
    inbox,
    tenant,
    stack,
  }) => {
    test.slow(stack.mail.mode === 'ses', 'through real SES, "no mail" takes a minute of silence');
    await tenant.setSignInExperience({ forgotPasswordMethods: ['EmailVerificationCode'] });
    await app.startSignIn();
    await logto.openForgotPassword();
    const answer = await logto.requestCodeFor(inbox.address);

    // Logto answers as for a known address: nothing tells a stranger whether it has an account.
    expect(answer.status, "Logto's answer to the code request").toBeLessThan(300);
    await logto.expectScreen('verification-code');
    await test.step('no mail arrives', () => inbox.expectNoEmail());
    expect(await logto.enterCode('123456')).toEqual({ status: 400, code: 'verification_code.code_mismatch' });
  });

  test('email MFA, verify: after the password, the code mailed to the address signs in (Generic template)', async ({
    app,
    logto,
    inbox,
    users,
    tenant,
  }) => {
    await tenant.setSignInExperience(passwordThenEmailMfa);
    const username = usernameFor(inbox.address);
    const user = await users.createWithPassword({ username, email: inbox.address, password: oldPassword });

    await signIn(app, logto, username);

    // The connector has no MfaVerification template: Logto falls back to Generic.
    const { code } = await inbox.waitForCode({ subject: /^Generic:/ });
    await logto.enterMfaCode(code);
    await app.expectSignedIn(inbox.address);
    expect((await app.signedInUser())?.sub).toBe(user.id);
  });

  test('email MFA: bound at the first sign-in with BindMfa, verified at the next with MfaVerification', async ({
    app,
    logto,
    page,
    inbox,
    users,
    tenant,
  }) => {
    await tenant.setSignInExperience(passwordThenEmailMfa);
    await tenant.setEmailTemplates([
      { usageType: 'BindMfa', subject: 'BindMfa: link this address', content: '<p>Link it with {{code}}</p>' },
      { usageType: 'MfaVerification', subject: 'MfaVerification: your code', content: '<p>Your code: {{code}}</p>' },
    ]);
    const username = usernameFor(inbox.address);
    const user = await users.createWithPassword({ username, password: oldPassword });

    await test.step('first sign-in: the address is bound', async () => {
      await signIn(app, logto, username);
      await expect(page).toHaveURL(/\/mfa-binding\/EmailVerificationCode/);
      await logto.submitEmail(inbox.address);
      const { code, email } = await inbox.waitForCode({ subject: /^BindMfa:/ });
      expect(email.text).toContain(`Link it with ${code}`);
      await logto.codeInputs.first().fill(code);
      await app.expectSignedIn(inbox.address);
      expect((await users.get(user.id)).primaryEmail, "Logto's record of the bound address").toBe(inbox.address);
    });
    await app.signOut();

    await test.step('next sign-in: the bound address gets the MfaVerification code', async () => {
      await signIn(app, logto, username);
      const { code, email } = await inbox.waitForCode({ subject: /^MfaVerification:/ });
      expect(email.text).toContain(`Your code: ${code}`);
      await logto.enterMfaCode(code);
      await app.expectSignedIn(inbox.address);
    });
  });

  test('a magic link signs in with email sign-in turned off (Logto PR #7279)', async ({
    page,
    magicLinks,
    app,
    users,
    inbox,
    tenant,
  }) => {
    // Email and password only: the email code is no way to sign in.
    await tenant.setSignInExperience({
      signUp: { identifiers: ['email'], password: true, verify: true },
      signIn: {
        methods: [{ identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true }],
      },
      passwordPolicy: { rejects: { pwned: false } },
    });
    const user = await users.createWithPassword({ email: inbox.address, password: oldPassword });
    const { link } = await magicLinks.send();

    await page.goto(link);

    await app.expectSignedIn(inbox.address);
    expect((await app.signedInUser())?.sub).toBe(user.id);
  });

  test('blocklist: sub-addressing blocked, Logto refuses the code request and sends nothing', async ({
    flows,
    logto,
    inbox,
    tenant,
    stack,
  }) => {
    expect(inbox.address, 'the test address is sub-addressed').toMatch(/\+/);
    await tenant.setSignInExperience({ emailBlocklistPolicy: { blockSubaddressing: true } });
    await flows.start('signUp');

    const answer = await logto.requestCodeFor(inbox.address);

    expect({ status: answer.status, code: answer.code }).toEqual({
      status: 422,
      code: 'session.email_blocklist.email_subaddressing_not_allowed',
    });
    // Logto refuses before it calls the connector; the sink's silence shows it in seconds (real
    // SES's would take a minute to show, and the answer above already says it).
    if (stack.mail.mode === 'sink') await test.step('no mail arrives', () => inbox.expectNoEmail());
  });

  test('blocklist: an address on the custom list is refused, another is not', async ({
    flows,
    logto,
    inbox,
    secondInbox,
    tenant,
  }) => {
    await tenant.setSignInExperience({ emailBlocklistPolicy: { customBlocklist: [inbox.address] } });
    await flows.start('signUp');
    const refused = await logto.requestCodeFor(inbox.address);
    expect({ status: refused.status, code: refused.code }).toEqual({
      status: 422,
      code: 'session.email_blocklist.email_not_allowed',
    });

    await logto.identifier.fill('');
    const allowed = await logto.requestCodeFor(secondInbox.address);
    expect(allowed.status, 'an address not on the list').toBeLessThan(300);
    await secondInbox.waitForCode({ subject: /^Register:/ });
  });

  test('a changed address: the account center verifies the old one, then sends the new one its code', async ({
    flows,
    sessions,
    page,
    inbox,
    secondInbox,
    users,
    tenant,
    stack,
  }) => {
    await tenant.setAccountCenter({ enabled: true, fields: { email: 'Edit' } });
    const user = await users.create(inbox.address);
    await flows.signIn({ subject: /^SignIn:/ });

    // Logto's own account center, on the Logto session the sign-in left in the browser.
    await page.goto(`${stack.logto.endpoint}/account/email`);
    await page.locator('form button[type="submit"]').click();
    const proof = await inbox.waitForCode();
    await page.locator('input[name^="emailCode_"]').first().fill(proof.code);
    await page.locator('input[name="email"]').fill(secondInbox.address);
    await page.locator('button[type="submit"]').click();
    const { code, email } = await secondInbox.waitForCode();
    expect((await users.get(user.id)).primaryEmail, 'the old address, until the new one is verified').toBe(
      inbox.address,
    );
    await page.locator('input[name^="emailCode_"]').first().fill(code);

    await expect(page).toHaveURL(/\/account\/email\/success/);
    expect((await users.get(user.id)).primaryEmail, "Logto's record of the user's address").toBe(secondInbox.address);
    // The app sees the new address at the next sign-in, by the new address.
    const next = await sessions.open({ inbox: secondInbox });
    await next.flows.signIn({ subject: /^SignIn:/ });
    expect(await next.app.signedInUser()).toMatchObject({ sub: user.id, email: secondInbox.address });
    test.info().annotations.push({
      type: 'noted',
      description: `the old address's proof came as "${proof.email.subject}", the new one's as "${email.subject}"`,
    });
  });

  test("templates by language: a Thai browser gets Logto's Thai template, others the connector's", async ({
    sessions,
    secondInbox,
    inbox,
    users,
    tenant,
  }) => {
    const subject = 'รหัสเข้าสู่ระบบของคุณ';
    await tenant.setLanguageTemplates([
      { languageTag: 'th', templateType: 'SignIn', subject, content: '<p>รหัสของคุณคือ <b>{{code}}</b></p>' },
    ]);
    await users.create(inbox.address);
    await users.create(secondInbox.address);

    const thai = await sessions.open({ locale: 'th-TH' });
    const { code, email } = await thai.flows.requestCode('signIn', { subject });
    expect(email.text).toContain(code);
    await thai.flows.enterCodeAndLand(code);

    // Another language, no template of its own: the connector's SignIn template.
    const english = await sessions.open({ locale: 'en-US', inbox: secondInbox });
    await english.flows.signIn({ subject: /^SignIn:/ });
  });
});
