import { sendConnectorTestEmail } from '../fixtures/logto-admin/setup/ses-connector.js';
import { sesConnectorConfigFromEnv } from '../fixtures/logto-admin/connector-settings.js';
import { extractCode } from '../fixtures/mailbox/extract-code.js';
import { expect, test } from '../fixtures/index.js';

const templates = sesConnectorConfigFromEnv('sink').templates;
const rendered = (usage: string, code: string) => {
  const t = templates.find((x) => x.usageType === usage);
  return { subject: t?.subject.replaceAll('{{code}}', code), html: t?.content.replaceAll('{{code}}', code) };
};

test('sign-up mail uses the Register template', async ({ flows, inbox }) => {
  const { email, code } = await flows.signUp();
  expect({ subject: email.subject, html: email.html?.trim() }).toEqual(rendered('Register', code));
  expect(inbox.received).toHaveLength(1);
});

test('sign-in mail uses the SignIn template', async ({ flows, inbox, users }) => {
  await users.create(inbox.address);
  const { email, code } = await flows.signIn();
  expect({ subject: email.subject, html: email.html?.trim() }).toEqual(rendered('SignIn', code));
});

test('the connector test email uses the Generic template with code 000000', async ({ managementApi, inbox, stack }) => {
  await sendConnectorTestEmail(managementApi, inbox.address, sesConnectorConfigFromEnv(stack.mail.mode));
  const email = await inbox.waitForEmail();
  expect(extractCode(email)).toBe('000000');
  expect({ subject: email.subject, html: email.html?.trim() }).toEqual(rendered('Generic', '000000'));
});
