import { defineConfig } from '@playwright/test';
import main from '../../playwright.config.js';

/**
 * The main job's configuration, pointed at a spec that fails on purpose: the harness's own
 * tests check what a failed run leaves (the app's log attached, no secret anywhere).
 */
export default defineConfig({
  ...main,
  testDir: '.',
});
