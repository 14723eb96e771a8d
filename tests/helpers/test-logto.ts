import { test } from '@playwright/test';
import { isLogtoInstallation } from '../../harness/stack/local/logto-installation.js';
import { noLogtoMessage } from '../../harness/stack/logto-stack.js';
import type { StackSettings } from '../../harness/stack/stack-settings.js';

/**
 * Where the harness's own tests get a Logto: E2E_STACK=containers (a GitHub runner: Docker, no
 * Logto installation) starts the pinned images, as the main job does; otherwise the local
 * installation at LOGTO_HOME. Undefined: neither, and the test skips saying how to get one.
 */
export function testLogtoMode(
  settings: Pick<StackSettings, 'E2E_STACK' | 'LOGTO_HOME'>,
): 'local' | 'containers' | undefined {
  if (settings.E2E_STACK === 'containers') return 'containers';
  return isLogtoInstallation(settings.LOGTO_HOME) ? 'local' : undefined;
}

/** Skips the test (or describe) without a Logto, with the one line that says how to provide one. */
export function skipWithoutLogto(settings: Pick<StackSettings, 'E2E_STACK' | 'LOGTO_HOME'>): void {
  test.skip(testLogtoMode(settings) === undefined, noLogtoMessage);
}

/** The test's Logto mode (after skipWithoutLogto). */
export function requireTestLogtoMode(
  settings: Pick<StackSettings, 'E2E_STACK' | 'LOGTO_HOME'>,
): 'local' | 'containers' {
  const mode = testLogtoMode(settings);
  if (!mode) throw new Error(noLogtoMessage);
  return mode;
}
