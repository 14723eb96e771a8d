import { defineConfig } from '@playwright/test';
import main from '../../playwright.config.js';

/**
 * The main job's configuration on specs that prove the fixtures' sign-in checks can fail (run
 * only by tests/checks-can-fail.test.ts, against the sample and the guide's Flask app).
 */
export default defineConfig({
  ...main,
  testDir: '.',
  // A check that must fail fails within this, not the specs' 10 s.
  expect: { timeout: 3000 },
  projects: [{ name: 'checks-can-fail' }],
});
