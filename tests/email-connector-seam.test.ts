import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiClient } from '@logto/api/management';
import { expect, test } from '@playwright/test';
import { emailConnectors } from '../harness/connectors/email-connectors.js';
import { ensureEmailConnector, templatesFor } from '../harness/connectors/logto-email-connector.js';
import { defaultEmailTemplates } from '../harness/logto-admin/email-templates.js';

/** Logto's Management API with no email connector yet, and only the AWS SES connector installed. */
async function logtoWithSesOnly(): Promise<{ server: Server; baseUrl: string; posted: string[] }> {
  const posted: string[] = [];
  const server = createServer((req, res) => {
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'GET' && req.url === '/api/connectors') return json(200, []);
    if (req.method === 'GET' && req.url === '/api/connector-factories')
      return json(200, [{ id: emailConnectors.ses.factoryId, type: 'Email' }]);
    if (req.method === 'POST') posted.push(req.url ?? '');
    json(404, { code: 'entity.not_found', message: `${req.method} ${req.url}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posted };
}

test('a connector missing from the Logto installation is one line naming it and the fix, and nothing is created', async () => {
  const { server, baseUrl, posted } = await logtoWithSesOnly();
  try {
    const api = createApiClient({ baseUrl, getToken: async () => 'token' });
    const setup = { factoryId: emailConnectors.smtp.factoryId, config: { templates: [] } };
    const error = await ensureEmailConnector(api, setup).then(
      () => new Error('the connector was configured'),
      (e: Error) => e,
    );
    expect(error.message).toBe(
      'This Logto has no SMTP connector installed (factory simple-mail-transfer-protocol): link it into the installation (npx @logto/cli connector link, or the official image, which has them all), or choose another MAIL_CONNECTOR',
    );
    expect(posted).toEqual([]);
  } finally {
    server.close();
  }
});

test("templates take each connector's shape: SMTP's carry their content type, SES's carry none", () => {
  const [register] = defaultEmailTemplates;
  expect(templatesFor(emailConnectors.smtp.factoryId, [register!])).toEqual([
    { ...register, contentType: 'text/html' },
  ]);
  expect(templatesFor(emailConnectors.ses.factoryId, [register!])).toEqual([register]);
  // A template that says its own type keeps it.
  const text = { ...register!, contentType: 'text/plain' };
  expect(templatesFor(emailConnectors.smtp.factoryId, [text])).toEqual([text]);
});
