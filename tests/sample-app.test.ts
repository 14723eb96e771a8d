import { test as base, expect } from '@playwright/test';
import { startSampleApp, type RunningSampleApp } from '../apps/sample-app/src/server.js';
import { freePort } from '../fixtures/process/free-port.js';

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

test('a session secret shorter than 32 characters is refused at start', async () => {
  const error = await startSampleApp({
    logtoEndpoint: 'http://127.0.0.1:9',
    appId: 'id',
    appSecret: 'secret',
    sessionSecret: 'short-secret',
  }).catch((e: Error) => e);
  expect(String(error)).toBe('Error: Setting APP_SESSION_SECRET: expected at least 32 characters');
});
