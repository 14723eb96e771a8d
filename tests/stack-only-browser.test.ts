import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, expect, test } from '@playwright/test';
import { chromiumLaunchOptions, readHarnessSettings, stackOnlyLaunchOptions } from '../harness/index.js';

let server: Server;
let port: number;
test.beforeAll(async () => {
  server = createServer((_req, res) => res.end('stack'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** What the browser launched with `options` gets at each of `urls`: the page's text, or the network error. */
async function visit(options: Parameters<typeof chromium.launch>[0], urls: string[]): Promise<string[]> {
  const browser = await chromium.launch(options);
  try {
    const page = await browser.newPage();
    const seen: string[] = [];
    for (const url of urls) {
      seen.push(
        await page.goto(url).then(
          async () => page.locator('body').innerText(),
          (error: Error) => /net::ERR_[A-Z_]+/.exec(error.message)?.[0] ?? error.message,
        ),
      );
    }
    return seen;
  } finally {
    await browser.close();
  }
}

test('the harness’s browser reaches the stack’s hosts and no other name (which it reaches without the rules)', async () => {
  const stack = [`http://127.0.0.1:${port}/`, `http://app.localhost:${port}/`];
  // Chromium resolves any *.localhost name to this machine, so the server answers it unless the rules refuse it.
  const outside = `http://elsewhere.localhost:${port}/`;
  expect(await visit(chromiumLaunchOptions(readHarnessSettings()), [outside])).toEqual(['stack']);
  expect(
    await visit(stackOnlyLaunchOptions(chromiumLaunchOptions(readHarnessSettings()), stack), [...stack, outside]),
  ).toEqual(['stack', 'stack', 'net::ERR_NAME_NOT_RESOLVED']);
});
