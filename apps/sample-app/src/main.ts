import { config as loadDotenv } from 'dotenv';
import { sampleAppConfigFromEnv } from './config.js';
import { startSampleApp } from './server.js';

/** `npm run app`: the sample app on its own, against the Logto named in env (or .env). */
loadDotenv({ quiet: true });
try {
  const config = sampleAppConfigFromEnv();
  const app = await startSampleApp(config, config.port);
  console.log(`Sample app: ${app.url} (Logto: ${config.logtoEndpoint})`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
