import { findReusableStack, readHarnessSettings, selectMode, stackSettings } from '../harness/index.js';

/** Prints which stack a test run would use (`mode<TAB>why`, mode `none` when there is none). */
const settings = stackSettings(readHarnessSettings());
const reuse = await findReusableStack(settings.E2E_STACK_FILE);
const choice = reuse.reusable
  ? { mode: reuse.reusable.mode, why: 'a stack started by npm run stack is running' }
  : await selectMode(settings);
console.log(`${choice.mode}\t${choice.why}`);
