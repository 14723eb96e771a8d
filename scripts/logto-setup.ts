import {
  appContract,
  connectManagementApi,
  externalLogtoTarget,
  externalInbox,
  hasExternalInbox,
  Mailbox,
  readHarnessSettings,
  redirectUrisFor,
  runSetup,
  sesConnectorConfig,
  connectorParts,
  setting,
  uniqueRecipient,
  writeSecretFile,
} from '../harness/index.js';

/**
 * `npm run logto:setup`: the guide's setup against any Logto (Logto Cloud included) through
 * the Management API. Idempotent. The app's secret goes to a 0600 file, never to the terminal.
 */
try {
  const s = readHarnessSettings(process.env, {
    APP_BASE_URL: setting.url('http://127.0.0.1:3000'),
    SETUP_TEST_EMAIL_TO: setting.optionalString(),
    SETUP_OUTPUT_FILE: setting.string('.env.app'),
  });
  const target = externalLogtoTarget(s);
  const { endpoint } = target;
  // A team's own Logto sends through its real provider (MAIL_CONNECTOR: SES unless told otherwise).
  const ses = s.MAIL_CONNECTOR === 'ses' ? sesConnectorConfig(s, s.MAIL_MODE === 'sink' ? 'sink' : 'ses') : undefined;
  const connector = connectorParts[s.MAIL_CONNECTOR].forProvider({ ...s, connector: ses });
  if (!connector) throw new Error(`MAIL_CONNECTOR=${s.MAIL_CONNECTOR}: no connector to set up`);
  // The app's routes (APP_CALLBACK_PATH…): the guide's Flask routes unless set.
  const contract = appContract(s);
  const api = connectManagementApi(target, target.m2m);
  // The test email is confirmed in the inbox when one is configured (IMAP_HOST…).
  const inbox = hasExternalInbox(s) ? externalInbox(s) : undefined;
  const mailbox = inbox ? await Mailbox.connect(inbox.imap, { wait: inbox.wait }) : undefined;
  const to = s.SETUP_TEST_EMAIL_TO ?? (inbox ? uniqueRecipient(inbox.address, 'connector-test') : undefined);
  try {
    const result = await runSetup(api, {
      app: { name: s.LOGTO_APP_NAME, ...redirectUrisFor(s.APP_BASE_URL, contract) },
      connector,
      ...(to && mailbox
        ? { testEmail: { to, waitFor: (addr, signal) => mailbox.waitForEmail({ to: addr, timeout: 60_000, signal }) } }
        : {}),
    });
    const app = result.app as { id: string; secret: string }; // asked for above
    writeSecretFile(
      s.SETUP_OUTPUT_FILE,
      `LOGTO_ENDPOINT=${endpoint}\nLOGTO_APP_ID=${app.id}\nLOGTO_APP_SECRET=${app.secret}\n`,
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
