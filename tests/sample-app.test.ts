import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as base, expect } from '@playwright/test';
import { startSampleApp, type RunningSampleApp } from '../apps/sample-app/src/server.js';
import { freePort } from '../harness/process/free-port.js';

// No Logto behind it: only routes that must work (or fail cleanly) without one.
const test = base.extend<{ app: RunningSampleApp }>({
  app: async ({}, use) => {
    const app = await startSampleApp({
      logtoEndpoint: `http://127.0.0.1:${await freePort()}`, // nothing listens there
      appId: 'sample-app-id',
      appSecret: 'sample-app-secret-not-shown',
      sessionSecret: 'test-session-secret-of-at-least-32-chars',
    });
    await use(app);
    await app.close();
  },
});

test('home page, signed out, links to sign-in and sign-up', async ({ app, page }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('auth-state')).toHaveAttribute('data-state', 'signed-out');
  await expect(page.getByTestId('sign-in')).toHaveAttribute('href', '/sign-in');
  await expect(page.getByTestId('sign-up')).toHaveAttribute('href', '/sign-up');
});

test('/me without a session is 401', async ({ app, request }) => {
  const response = await request.get(`${app.url}/me`);
  expect(response.status()).toBe(401);
  expect(await response.json()).toEqual({ authenticated: false });
});

test('a callback without a sign-in session or with a forged state is refused with 400', async ({ app, request }) => {
  for (const path of ['/callback', '/callback?code=abc&state=forged-state']) {
    const response = await request.get(`${app.url}${path}`);
    expect(response.status(), path).toBe(400);
    const body = await response.text();
    expect(body).toContain('data-testid="callback-error"');
    expect(body).toContain('sign_in_session.not_found');
  }
});

test('an unreachable Logto is a 500 page that shows no secret', async ({ app, request }) => {
  const response = await request.get(`${app.url}/sign-in`);
  expect(response.status()).toBe(500);
  expect(await response.text()).not.toContain('sample-app-secret-not-shown');
});

test('a token exchange that fails (the one request that carries the app secret) shows and logs no secret', async ({
  page,
}) => {
  // A stand-in Logto whose token endpoint refuses the code and echoes the request back, secret and all.
  const secret = 'sample-app-secret-sent-to-the-token-endpoint';
  let tokenRequests = 0;
  const issuer = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const base = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}/oidc`;
      if (req.url?.startsWith('/oidc/.well-known/openid-configuration')) {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            issuer: base,
            authorization_endpoint: `${base}/auth`,
            token_endpoint: `${base}/token`,
            userinfo_endpoint: `${base}/me`,
            end_session_endpoint: `${base}/session/end`,
            revocation_endpoint: `${base}/token/revocation`,
            jwks_uri: `${base}/jwks`,
          }),
        );
        return;
      }
      if (req.url?.startsWith('/oidc/token')) tokenRequests++;
      const echoed = `${req.headers.authorization ?? ''} ${Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString()} ${body}`;
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: 'invalid_grant', error_description: `refused: ${echoed}`, code: 'oidc.invalid_grant' }),
      );
    });
  });
  await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
  const logged: string[] = [];
  const app = await startSampleApp({
    logtoEndpoint: `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`,
    appId: 'sample-app-id',
    appSecret: secret,
    sessionSecret: 'test-session-secret-of-at-least-32-chars',
    log: (line) => logged.push(line),
  });
  try {
    // The app's sign-in route stores the state and sends the browser to the stand-in's /auth.
    const toIssuer = await page.request.get(`${app.url}/sign-in`, { maxRedirects: 0 });
    const state = new URL(toIssuer.headers()['location'] ?? '').searchParams.get('state');
    expect(state, 'the sign-in redirect carries a state').toBeTruthy();
    const callback = await page.request.get(`${app.url}/callback?code=real-looking-code&state=${state}`);
    expect(tokenRequests, 'the app did exchange the code (with its secret)').toBe(1);
    expect(callback.status()).toBeGreaterThanOrEqual(400);
    expect(await callback.text()).not.toContain(secret);
    expect(logged.join('\n'), 'what the app logged').not.toContain(secret);
    expect(logged.join('\n')).toContain('callback failed');
  } finally {
    await app.close();
    issuer.close();
  }
});

test('a session secret shorter than 32 characters is refused at start', async () => {
  const error = await startSampleApp({
    logtoEndpoint: 'http://127.0.0.1:9',
    appId: 'id',
    appSecret: 'secret',
    sessionSecret: 'short-secret',
  }).catch((e: Error) => e);
  expect(String(error)).toBe('Error: Setting APP_SESSION_SECRET: expected at least 32 characters');
});
