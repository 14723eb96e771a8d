import { defineConfig } from '@playwright/test';
import main from '../../playwright.config.js';

/**
 * The main job's configuration on specs that kill Logto midway (run only by
 * tests/stack-faults.test.ts): one worker, in order, to see what the tests after it say.
 */
export default defineConfig({
  ...main,
  testDir: '.',
  workers: 1,
  fullyParallel: false,
  projects: [{ name: 'logto-dies' }],
});
