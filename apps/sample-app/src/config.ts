import { readSettings, setting } from '../../../fixtures/config/settings.js';

export interface SampleAppConfig {
  /** Logto's endpoint, e.g. http://127.0.0.1:3001 (its issuer is `${endpoint}/oidc`). */
  logtoEndpoint: string;
  appId: string;
  appSecret: string;
  /** The URL the browser uses for this app; redirect URIs are built from it. */
  baseUrl: string;
  sessionSecret: string;
}

/** The standalone app's settings (`npm run app`), from env / .env. */
export function sampleAppConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SampleAppConfig & { port: number } {
  const s = readSettings(
    {
      LOGTO_ENDPOINT: setting.url(),
      LOGTO_APP_ID: setting.string(),
      LOGTO_APP_SECRET: setting.string(),
      APP_PORT: setting.port(3000),
      APP_BASE_URL: setting.optionalUrl(),
      APP_SESSION_SECRET: setting.string(),
    },
    env,
  );
  return {
    logtoEndpoint: s.LOGTO_ENDPOINT,
    appId: s.LOGTO_APP_ID,
    appSecret: s.LOGTO_APP_SECRET,
    port: s.APP_PORT,
    baseUrl: s.APP_BASE_URL ?? `http://127.0.0.1:${s.APP_PORT}`,
    sessionSecret: s.APP_SESSION_SECRET,
  };
}
