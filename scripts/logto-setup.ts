import '../harness/config/load-env.js';
import { appContractFromEnv } from '../harness/app-under-test/app-settings.js';
import { redirectUrisFor } from '../harness/app-under-test/app-contract.js';
import { readSettings, setting } from '../harness/config/settings.js';
import { writeSecretFile } from '../harness/config/secret-file.js';
import { sesConnectorConfigFromEnv } from '../harness/logto-admin/connector-settings.js';
import { connectManagementApi } from '../harness/logto-admin/management-api.js';
import { runSetup } from '../harness/logto-admin/setup/run-setup.js';
import { externalInboxSettings } from '../harness/mail/mailbox/imap-settings.js';
import { Mailbox } from '../harness/mail/mailbox/mailbox.js';
import { uniqueRecipient } from '../harness/mail/mailbox/recipient.js';

/**
 * `npm run logto:setup`: the guide's setup against any Logto (Logto Cloud included) through
 * the Management API. Idempotent. The app's secret goes to a 0600 file, never to the terminal.
 */
try {
  const s = readSettings({
    LOGTO_ENDPOINT: setting.url(),
    LOGTO_M2M_APP_ID: setting.string(),
    LOGTO_M2M_APP_SECRET: setting.string(),
    LOGTO_TENANT_ID: setting.string('default'),
    LOGTO_MANAGEMENT_API_RESOURCE: setting.optionalUrl(),
    APP_BASE_URL: setting.url('http://127.0.0.1:3000'),
    LOGTO_APP_NAME: setting.string('E2E app'),
    MAIL_MODE: setting.oneOf(['sink', 'ses'] as const, 'ses'),
    SETUP_TEST_EMAIL_TO: setting.optionalString(),
    SETUP_OUTPUT_FILE: setting.string('.env.app'),
  });
  const connector = sesConnectorConfigFromEnv(s.MAIL_MODE);
  // The app's routes (APP_CALLBACK_PATH…): the guide's Flask routes unless set.
  const contract = appContractFromEnv();
  const api = connectManagementApi(
    {
      endpoint: s.LOGTO_ENDPOINT,
      tenantId: s.LOGTO_TENANT_ID,
      ...(s.LOGTO_MANAGEMENT_API_RESOURCE ? { resource: s.LOGTO_MANAGEMENT_API_RESOURCE } : {}),
    },
    { clientId: s.LOGTO_M2M_APP_ID, clientSecret: s.LOGTO_M2M_APP_SECRET },
  );
  // The test email is confirmed in the inbox when one is configured (IMAP_HOST…).
  const inbox = process.env.IMAP_HOST ? externalInboxSettings() : undefined;
  const mailbox = inbox ? await Mailbox.connect(inbox.imap, { wait: inbox.wait }) : undefined;
  const to = s.SETUP_TEST_EMAIL_TO ?? (inbox ? uniqueRecipient(inbox.address, 'connector-test') : undefined);
  try {
    const result = await runSetup(api, {
      app: { name: s.LOGTO_APP_NAME, ...redirectUrisFor(s.APP_BASE_URL, contract) },
      connector,
      ...(to && mailbox
        ? { testEmail: { to, waitFor: (addr: string) => mailbox.waitForEmail({ to: addr, timeout: 60_000 }) } }
        : {}),
    });
    const app = result.app as { id: string; secret: string }; // asked for above
    writeSecretFile(
      s.SETUP_OUTPUT_FILE,
      `LOGTO_ENDPOINT=${s.LOGTO_ENDPOINT}\nLOGTO_APP_ID=${app.id}\nLOGTO_APP_SECRET=${app.secret}\n`,
    );
    console.log(
      `App "${s.LOGTO_APP_NAME}": ${result.changes.app}, id ${app.id}, redirect URI ${s.APP_BASE_URL}${contract.callbackPath} (id and secret written to ${s.SETUP_OUTPUT_FILE})`,
    );
    console.log(`AWS SES connector: ${result.changes.connector}`);
    console.log(
      result.testEmail
        ? `Test email: arrived at ${to} ("${result.testEmail.subject}", code ${result.testEmail.code})`
        : 'Test email: not sent (set IMAP_HOST… and MAILBOX_ADDRESS, or SETUP_TEST_EMAIL_TO with an inbox, to send and confirm it)',
    );
    console.log(`Sign-in experience (email passwordless): ${result.changes.signInExperience}`);
  } finally {
    await mailbox?.close();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
