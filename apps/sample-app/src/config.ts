export interface SampleAppConfig {
  /** Logto's endpoint, e.g. http://127.0.0.1:3001 (its issuer is `${endpoint}/oidc`). */
  logtoEndpoint: string;
  appId: string;
  appSecret: string;
  /** The URL the browser uses for this app; redirect URIs are built from it. */
  baseUrl: string;
  /** Signs the session cookie: at least 32 characters. */
  sessionSecret: string;
  /** Where the app logs its failures (default stderr). */
  log?: (line: string) => void;
  /** The first screen its sign-in route asks Logto for (LOGTO_FIRST_SCREEN); default Logto's. */
  firstScreen?: FirstScreen | undefined;
  /** The identifiers an identifier-only first screen offers (LOGTO_IDENTIFIERS, comma-separated). */
  identifiers?: Identifier[] | undefined;
  /** Broken on purpose (never from env): the callback ignores the state, for the harness's own test. */
  unsafeSkipStateCheck?: boolean;
}

type FirstScreen = 'sign_in' | 'register' | 'identifier:sign_in' | 'identifier:register';
type Identifier = 'email' | 'phone' | 'username';
const firstScreens: readonly FirstScreen[] = ['sign_in', 'register', 'identifier:sign_in', 'identifier:register'];
const identifierNames: readonly Identifier[] = ['email', 'phone', 'username'];

/** The shortest session secret accepted: a guessable one lets anyone forge sessions. */
export const minSessionSecretLength = 32;

/**
 * The standalone app's settings (`npm run app`, or started by the harness in command mode),
 * from env: the same variables any app under test reads. The app stands alone: it does not
 * import the harness.
 */
export function sampleAppConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SampleAppConfig & { port: number } {
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new Error(`Setting ${name}: expected a non-empty value (it is not set)`);
    return value;
  };
  const portText = env.APP_PORT?.trim() || '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`Setting APP_PORT: expected a port number 1-65535 (got "${portText}")`);
  }
  const endpoint = required('LOGTO_ENDPOINT').replace(/\/+$/, '');
  if (!/^https?:\/\/\S+$/.test(endpoint)) {
    throw new Error(`Setting LOGTO_ENDPOINT: expected an absolute http(s) URL (got "${endpoint}")`);
  }
  return {
    logtoEndpoint: endpoint,
    appId: required('LOGTO_APP_ID'),
    appSecret: required('LOGTO_APP_SECRET'),
    port,
    baseUrl: (env.APP_BASE_URL?.trim() || `http://127.0.0.1:${port}`).replace(/\/+$/, ''),
    sessionSecret: required('APP_SESSION_SECRET'),
    ...firstScreenFromEnv(env),
  };
}

/** LOGTO_FIRST_SCREEN / LOGTO_IDENTIFIERS, as the guide's Flask app in apps/flask-guide reads them. */
function firstScreenFromEnv(env: NodeJS.ProcessEnv): Pick<SampleAppConfig, 'firstScreen' | 'identifiers'> {
  const screen = env.LOGTO_FIRST_SCREEN?.trim();
  if (!screen) return {};
  const firstScreen = firstScreens.find((s) => s === screen);
  if (!firstScreen) {
    throw new Error(`Setting LOGTO_FIRST_SCREEN: expected one of ${firstScreens.join(', ')} (got "${screen}")`);
  }
  const names = (env.LOGTO_IDENTIFIERS?.trim() || 'email').split(',').map((i) => i.trim());
  const identifiers = names.map((name) => {
    const identifier = identifierNames.find((i) => i === name);
    if (!identifier)
      throw new Error(`Setting LOGTO_IDENTIFIERS: expected ${identifierNames.join(', ')} (got "${name}")`);
    return identifier;
  });
  return { firstScreen, identifiers };
}
