import { expect, test } from '@playwright/test';
import { ESLint } from 'eslint';

// The layout's boundaries are the linter's (eslint.config.js): each rule is shown to refuse what
// it must refuse and let through what it must allow, and the tree is shown to keep them.
const eslint = new ESLint();
const rules = ['no-restricted-imports', 'no-restricted-properties'];

async function refused(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => rules.includes(m.ruleId ?? '')).map((m) => m.message);
}

test('a spec imports only the fixtures entry', async () => {
  expect(await refused('specs/probe.spec.ts', "export { test } from '../fixtures/index.js';\n")).toEqual([]);
  expect(await refused('specs/probe.spec.ts', "export { x } from '../harness/stack/stack-info.js';\n")).toHaveLength(1);
  expect(await refused('specs/probe.spec.ts', "export { y } from '../fixtures/pages/app-page.js';\n")).toHaveLength(1);
});

test('a program (bench, script) imports only the harness entry and the fixtures entry', async () => {
  const entry =
    "export { connectHarness } from '../harness/index.js';\nexport { openAppSession } from '../fixtures/index.js';\n";
  expect(await refused('bench/probe.ts', entry)).toEqual([]);
  expect(await refused('scripts/probe.ts', "export { startStack } from '../harness/stack/start-stack.js';\n")).toEqual([
    expect.stringMatching(/imports only \.\.\/harness\/index\.js/),
  ]);
  expect(await refused('bench/probe.ts', "export { x } from '../fixtures/session/app-session.js';\n")).toHaveLength(1);
});

test('below the config edge nothing reads process.env', async () => {
  const read = 'export const home = process.env.HOME;\n';
  expect(await refused('harness/stack/probe.ts', read)).toEqual([expect.stringMatching(/read once at the edge/)]);
  expect(await refused('fixtures/probe.ts', read)).toHaveLength(1);
  expect(await refused('harness/config/probe.ts', read)).toEqual([]);
  expect(await refused('harness/settings.ts', read)).toEqual([]);
});

test('the tree keeps the boundaries', async () => {
  const results = await eslint.lintFiles(['specs', 'fixtures', 'harness', 'bench', 'scripts']);
  const broken = results.flatMap((r) =>
    r.messages.filter((m) => rules.includes(m.ruleId ?? '')).map((m) => `${r.filePath}:${m.line} ${m.message}`),
  );
  expect(broken).toEqual([]);
});
