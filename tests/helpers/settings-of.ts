import {
  appUnderTest,
  externalInbox,
  readHarnessSettings,
  sesConnectorConfig,
  sesConnectorSetup,
  stackSettings,
} from '../../harness/index.js';

// The harness's settings from an environment, as an entry point reads them (once, at its edge).
export const stackSettingsOf = (env: NodeJS.ProcessEnv = process.env) => stackSettings(readHarnessSettings(env));
export const appUnderTestOf = (env: NodeJS.ProcessEnv = process.env) => appUnderTest(readHarnessSettings(env));
export const connectorOf = (mode: 'sink' | 'ses', env: NodeJS.ProcessEnv = process.env) =>
  sesConnectorConfig(readHarnessSettings(env), mode);
/** The AWS SES connector as the setup takes it (factory and configuration). */
export const sesSetupOf = (mode: 'sink' | 'ses', env: NodeJS.ProcessEnv = process.env) =>
  sesConnectorSetup(connectorOf(mode, env));
export const externalInboxOf = (env: NodeJS.ProcessEnv = process.env) => externalInbox(readHarnessSettings(env));
export const timeoutScaleOf = (env: NodeJS.ProcessEnv = process.env) => readHarnessSettings(env).E2E_TIMEOUT_SCALE;
