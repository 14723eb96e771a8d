import {
  expect,
  forgotPasswordByEmail,
  passwordThenEmailMfa,
  test,
  usernameFor,
  type HarnessTestFixtures,
  type HarnessWorkerFixtures,
  type ReceivedEmail,
} from '../fixtures/index.js';

/**
 * The template for each mail and locale (Logto issues #3987, #4567: mails in the wrong language).
 * Logto's own templates for en and th; Logto picks the browser's language, and for a language
 * with none (fr) the sign-in experience's fallback language (en). A mail whose usage has no
 * template of its own gets Generic, and Logto takes that from the fallback language only
 * (`getI18nEmailTemplate` in Logto's core): the account center's first code comes in English in
 * a Thai browser although a Thai Generic exists. Pinned below, so a change in Logto shows.
 */

/** The usages with a template in each language; the account center's first code has none. */
const templated = [
  'Register',
  'SignIn',
  'ForgotPassword',
  'Generic',
  'BindMfa',
  'MfaVerification',
  'BindNewIdentifier',
];
type Usage = 'Register' | 'SignIn' | 'ForgotPassword' | 'BindMfa' | 'MfaVerification' | 'BindNewIdentifier';

const languages = {
  en: { subject: (usage: string) => `[en] ${usage}: your code`, says: 'Your code is' },
  th: { subject: (usage: string) => `[th] ${usage}: รหัสของคุณ`, says: 'รหัสของคุณคือ' },
};
const templates = Object.entries(languages).flatMap(([languageTag, language]) =>
  templated.map((templateType) => ({
    languageTag,
    templateType,
    subject: language.subject(templateType),
    content: `<p>${language.says} <b>{{code}}</b></p>`,
  })),
);
/** Browser locale → the language of the template Logto should pick. */
const locales = [
  { locale: 'en-US', language: 'en' },
  { locale: 'th-TH', language: 'th' },
  { locale: 'fr-FR', language: 'en' }, // no fr template: the fallback language's
] as const;

const password = 'Kz4$wQn8@Tb6-e2e';
/** A mail with this template, in any language (or the connector's own "<Usage>: …"). */
const mailOf = (templateType: string) => ({ subject: new RegExp(`\\b${templateType}:`) });

type Fixtures = Pick<
  HarnessTestFixtures & HarnessWorkerFixtures,
  'app' | 'logto' | 'flows' | 'inbox' | 'secondInbox' | 'users' | 'tenant' | 'stack'
>;

/** Signs the test's user in by code, then opens Logto's account center at its email page. */
async function toAccountCenter({ flows, inbox, users, tenant, logto, stack }: Fixtures): Promise<void> {
  await tenant.setAccountCenter({ enabled: true, fields: { email: 'Edit' } });
  await users.create(inbox.address);
  await flows.signIn(mailOf('SignIn'));
  await logto.page.goto(`${stack.logto.endpoint}/account/email`);
  await logto.page.locator('form button[type="submit"]').click();
}

/** Has Logto send the usage's mail, through the flow that sends it; the mail. */
const sendMail: Record<Usage, (f: Fixtures) => Promise<ReceivedEmail>> = {
  Register: async ({ flows }) => (await flows.requestCode('signUp', mailOf('Register'))).email,
  SignIn: async ({ flows, users, inbox }) => {
    await users.create(inbox.address);
    return (await flows.requestCode('signIn', mailOf('SignIn'))).email;
  },
  ForgotPassword: async ({ app, logto, inbox, users, tenant }) => {
    await tenant.setSignInExperience(forgotPasswordByEmail);
    await users.createWithPassword({ email: inbox.address, password });
    await app.startSignIn();
    await logto.openForgotPassword();
    await logto.submitEmail(inbox.address);
    return (await inbox.waitForCode(mailOf('ForgotPassword'))).email;
  },
  BindMfa: async ({ app, logto, inbox, users, tenant }) => {
    await tenant.setSignInExperience(passwordThenEmailMfa);
    const username = usernameFor(inbox.address);
    await users.createWithPassword({ username, password });
    await app.startSignIn();
    await logto.signInWithPassword(username, password);
    await expect(logto.page).toHaveURL(/\/mfa-binding\/EmailVerificationCode/);
    await logto.submitEmail(inbox.address);
    return (await inbox.waitForCode(mailOf('BindMfa'))).email;
  },
  MfaVerification: async ({ app, logto, inbox, users, tenant }) => {
    await tenant.setSignInExperience(passwordThenEmailMfa);
    const username = usernameFor(inbox.address);
    await users.createWithPassword({ username, email: inbox.address, password });
    await app.startSignIn();
    await logto.signInWithPassword(username, password);
    return (await inbox.waitForCode(mailOf('MfaVerification'))).email;
  },
  // The account center: the old address proves it is the user's, then the new one gets its code.
  BindNewIdentifier: async (fixtures) => {
    const { inbox, secondInbox, logto } = fixtures;
    await toAccountCenter(fixtures);
    const proof = await inbox.waitForCode(mailOf('Generic'));
    await logto.page.locator('input[name^="emailCode_"]').first().fill(proof.code);
    await logto.page.locator('input[name="email"]').fill(secondInbox.address);
    await logto.page.locator('button[type="submit"]').click();
    return (await secondInbox.waitForCode(mailOf('BindNewIdentifier'))).email;
  },
};

type Language = keyof typeof languages;
/** Each test: the mail, and the template it should come with for the locale's language. */
const cases: {
  title: (language: Language, fallback: string) => string;
  send: (f: Fixtures) => Promise<ReceivedEmail>;
  template: (language: Language) => { language: Language; usage: string };
}[] = [
  ...(Object.keys(sendMail) as Usage[]).map((usage) => ({
    title: (language: Language, fallback: string) => `${usage}: Logto's ${language} template${fallback}`,
    send: sendMail[usage],
    template: (language: Language) => ({ language, usage }),
  })),
  {
    title: () =>
      "a usage without a template of its own (the account center's first code): the fallback language's Generic",
    send: async (fixtures) => {
      await toAccountCenter(fixtures);
      return (await fixtures.inbox.waitForCode(mailOf('Generic'))).email;
    },
    template: () => ({ language: 'en', usage: 'Generic' }),
  },
];

test.describe('@tenant-settings', () => {
  for (const { locale, language } of locales) {
    test.describe(`a ${locale} browser @templates`, () => {
      test.use({ locale });
      test.beforeEach(async ({ tenant }) => {
        await tenant.setSignInExperience({ languageInfo: { autoDetect: true, fallbackLanguage: 'en' } });
        await tenant.setLanguageTemplates(templates);
      });
      const fallback = locale.startsWith(language) ? '' : ' (the fallback language)';

      for (const { title, send, template } of cases) {
        test(title(language, fallback), async ({ app, logto, flows, inbox, secondInbox, users, tenant, stack }) => {
          // Playwright sets up only the fixtures a test names: named here, handed on.
          const email = await send({ app, logto, flows, inbox, secondInbox, users, tenant, stack });

          const expected = template(language);
          expect(email.subject).toBe(languages[expected.language].subject(expected.usage));
          expect(email.text).toMatch(new RegExp(`${languages[expected.language].says} \\d{6}`));
        });
      }
    });
  }
});
