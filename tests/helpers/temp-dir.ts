import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';

/** `test` with `dir`: a temp dir of the test's own, removed however the test ends. */
export function testWithTempDir(prefix: string) {
  return test.extend<{ dir: string }>({
    dir: async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      await use(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
