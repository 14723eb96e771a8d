import {
  expect,
  extractCode,
  readEmailConnector,
  sendConnectorTestEmail,
  test,
  type EmailConnectorSetup,
} from '../fixtures/index.js';

// The templates as the tenant's email connector has them (the harness's, or your tenant's own).
const rendered = (connector: EmailConnectorSetup, usage: string, code: string) => {
  const t = connector.config.templates?.find((x) => x.usageType === usage);
  return { subject: t?.subject.replaceAll('{{code}}', code), html: t?.content.replaceAll('{{code}}', code) };
};

/** The tenant's connector, or a skip where it carries no templates (HTTP's service renders the mail). */
async function connectorWithTemplates(api: Parameters<typeof readEmailConnector>[0]) {
  const connector = await readEmailConnector(api);
  test.skip(
    !connector.config.templates,
    `the tenant's ${connector.factoryId} connector carries no templates: the service it posts to renders the mail`,
  );
  return connector;
}

test('sign-up mail uses the Register template', async ({ flows, inbox, managementApi }) => {
  const config = await connectorWithTemplates(managementApi);
  const { email, code } = await flows.signUp();
  expect({ subject: email.subject, html: email.html?.trim() }).toEqual(rendered(config, 'Register', code));
  expect(inbox.received).toHaveLength(1);
});

test('sign-in mail uses the SignIn template', async ({ flows, inbox, users, managementApi }) => {
  const config = await connectorWithTemplates(managementApi);
  await users.create(inbox.address);
  const { email, code } = await flows.signIn();
  expect({ subject: email.subject, html: email.html?.trim() }).toEqual(rendered(config, 'SignIn', code));
});

test('the connector test email uses the Generic template with code 000000', async ({ managementApi, inbox }) => {
  const config = await connectorWithTemplates(managementApi);
  await sendConnectorTestEmail(managementApi, inbox.address, config);
  const email = await inbox.waitForEmail();
  expect(extractCode(email)).toBe('000000');
  expect({ subject: email.subject, html: email.html?.trim() }).toEqual(rendered(config, 'Generic', '000000'));
});
