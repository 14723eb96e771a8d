import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiClient } from '@logto/api/management';
import { expect, test } from '@playwright/test';
import { sesConnectorSetup } from '../harness/connectors/ses/ses-connector.js';
import { runSetup } from '../harness/logto-admin/setup/run-setup.js';
import type { ReceivedEmail } from '../harness/mail/mailbox/received-email.js';

// The setup's inbox wait starts before the connector's test send. When Logto refuses the send,
// the wait must end with the setup: left running, its timeout once failed the next test in the
// same worker (an unhandled rejection Playwright pins on whatever runs then).

/** Logto's Management API as far as a check-mode setup reads it, the test send refused as SES does. */
async function logtoRefusingTheTestSend(): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/api/connectors')
      return json(200, [{ id: 'c1', connectorId: 'aws-ses-mail' }]);
    if (req.method === 'GET' && req.url === '/api/sign-in-exp') return json(200, { emailBlocklistPolicy: {} });
    if (req.method === 'POST' && req.url === '/api/connectors/aws-ses-mail/test') {
      return json(400, { code: 'connector.invalid_response', message: 'Email address is not verified.' });
    }
    json(404, { code: 'not_found', message: `${req.method} ${req.url}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test('a refused test send ends the inbox wait before the setup fails', async () => {
  const { server, baseUrl } = await logtoRefusingTheTestSend();
  try {
    const api = createApiClient({ baseUrl, getToken: async () => 'token' });
    let signal: AbortSignal | undefined;
    let waitEnded = false;
    const waitFor = (_to: string, given?: AbortSignal) =>
      new Promise<ReceivedEmail>((_, reject) => {
        signal = given;
        given?.addEventListener('abort', () => {
          waitEnded = true;
          reject(given.reason as Error);
        });
      });
    const failed = await runSetup(api, {
      connector: sesConnectorSetup({
        accessKeyId: 'AKIA0',
        accessKeySecret: 's',
        region: 'us-east-1',
        emailAddress: 'a@example.test',
        templates: [],
      }),
      configureTenant: false,
      testEmail: { to: 'e2e+t@example.test', waitFor },
    }).then(
      () => new Error('the setup went through'),
      (error: Error) => error,
    );
    expect(failed.message).toContain("Send the connector's test email to e2e+t@example.test");
    expect(signal?.aborted, 'the wait was called off').toBe(true);
    expect(waitEnded, 'the wait had ended when the setup failed').toBe(true);
  } finally {
    server.close();
  }
});
