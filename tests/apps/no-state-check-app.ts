// The sample app with its state check broken on purpose, started by command: the harness's own
// proof that the forged-state spec fails against an app that skips the check.
import { sampleAppConfigFromEnv } from '../../apps/sample-app/src/config.js';
import { startSampleApp } from '../../apps/sample-app/src/server.js';

const config = sampleAppConfigFromEnv();
await startSampleApp({ ...config, unsafeSkipStateCheck: true }, config.port);
console.log(`sample app WITHOUT its state check: ${config.baseUrl}`);
