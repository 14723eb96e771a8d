import '../harness/config/load-env.js';
import { selectMode } from '../harness/stack/select-mode.js';
import { stackSettingsFromEnv } from '../harness/stack/stack-settings.js';
import { findReusableStack } from '../harness/stack/stack-registry.js';

/** Prints which stack a test run would use (`mode<TAB>why`, mode `none` when there is none). */
const reuse = await findReusableStack();
const choice = reuse.reusable
  ? { mode: reuse.reusable.mode, why: 'a stack started by npm run stack is running' }
  : await selectMode(stackSettingsFromEnv());
console.log(`${choice.mode}\t${choice.why}`);
