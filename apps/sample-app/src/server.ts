import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createSampleApp } from './app.js';
import type { SampleAppConfig } from './config.js';

export interface RunningSampleApp {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the sample app on 127.0.0.1. With port 0 the OS picks a free port; the base URL
 * (and so the redirect URIs) is known only after listening, so the app is attached then.
 */
export async function startSampleApp(
  config: Omit<SampleAppConfig, 'baseUrl'> & { baseUrl?: string },
  port = 0,
): Promise<RunningSampleApp> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = (server.address() as AddressInfo).port;
  const url = config.baseUrl ?? `http://127.0.0.1:${actualPort}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  try {
    server.on('request', createSampleApp({ ...config, baseUrl: url }));
  } catch (error) {
    await close();
    throw error;
  }
  return { url, port: actualPort, close };
}
