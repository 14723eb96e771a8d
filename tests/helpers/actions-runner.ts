import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';
import { parse } from 'yaml';

/**
 * A job of one of our workflows, run here the way a GitHub runner runs it, as far as a test
 * needs: each `run:` step's script, its `${{ }}` expressions filled in, under the shell GitHub
 * uses for it (its documented defaults: no `shell:` is `bash -e {0}`; `shell: bash` is
 * `bash --noprofile --norc -eo pipefail {0}`); `if:` evaluated by GitHub's own expression
 * library, with `success() &&` in front when it names no status function; step outputs from
 * GITHUB_OUTPUT; GITHUB_ENV and GITHUB_PATH carried to later steps. `uses:` steps are the test's
 * stand-ins. Not emulated: services, containers, matrices (the test gives the matrix values).
 */
export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string | boolean;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  'continue-on-error'?: boolean;
  'working-directory'?: string;
}
export interface Job {
  name?: string;
  'runs-on'?: string;
  steps?: Step[];
  env?: Record<string, unknown>;
  if?: string;
  needs?: string | string[];
  defaults?: { run?: { shell?: string } };
  strategy?: { matrix?: Record<string, unknown> };
  'timeout-minutes'?: number;
}
export interface Workflow {
  on?: unknown;
  env?: Record<string, unknown>;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, Job>;
}

export const readWorkflow = (file: string): Workflow => parse(readFileSync(file, 'utf8')) as Workflow;

/** GitHub's documented command line for a step's shell (Linux runners). */
export function shellCommand(shell: string | undefined): string[] {
  switch (shell) {
    case undefined:
      return ['bash', '-e'];
    case 'bash':
      return ['bash', '--noprofile', '--norc', '-eo', 'pipefail'];
    case 'sh':
      return ['sh', '-e'];
    default:
      throw new Error(`shell "${shell}" is not one this runner knows (bash, sh, or none)`);
  }
}

/** The shell a step runs under: its own `shell:`, else the job's or the workflow's default. */
export const stepShell = (workflow: Workflow, job: Job, step: Step): string | undefined =>
  step.shell ?? job.defaults?.run?.shell ?? workflow.defaults?.run?.shell;

export type Outcome = 'success' | 'failure' | 'skipped';
export interface StepRecord {
  id: string | undefined;
  name: string;
  outcome: Outcome;
  outputs: Record<string, string>;
  /** The command line it ran under (run steps). */
  shell?: string[];
  /** What the step printed (run steps; a stand-in's note for uses steps). */
  log: string;
}

/** A `uses:` step's stand-in: its outcome (and outputs). */
export type UsesStandIn = (
  step: Step,
  env: Record<string, string>,
) => { outcome: 'success' | 'failure'; outputs?: Record<string, string> };

export interface RunJobOptions {
  workflow: Workflow;
  job: string;
  /** The checkout: where run steps run. */
  cwd: string;
  /** Scratch space for the runner's files (GITHUB_OUTPUT…, the scripts). */
  runnerTemp: string;
  /** The environment every step starts from (PATH with the stand-in commands first). */
  baseEnv: Record<string, string>;
  secrets?: Record<string, string>;
  github?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  matrix?: Record<string, unknown>;
  /** Stand-ins for actions, by the `uses:` name without its version (`actions/checkout`). */
  uses?: Record<string, UsesStandIn>;
  /** Steps not to run (by name or id), taken as succeeded: a long step a test does not need. */
  skip?: (step: Step) => boolean;
  /** How long one run step may take (ms; default 120 000). */
  stepTimeoutMs?: number;
  /** Each step's output as it comes (default: kept only in the record). */
  onOutput?: (chunk: string) => void;
}

const statusFunctions = /\b(success|failure|always|cancelled)\s*\(/;
const contexts = ['github', 'env', 'secrets', 'steps', 'inputs', 'matrix', 'vars', 'needs', 'runner', 'job'];

/** One `${{ }}` expression's value as a string, in a given context (plain JSON). */
export function evaluateExpression(expression: string, context: Record<string, unknown>): string {
  const text = expression.replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1');
  const parsed = new Parser(new Lexer(text).lex().tokens, contexts, []).parse();
  const data_ = JSON.parse(JSON.stringify(context), data.reviver) as data.Dictionary;
  return new Evaluator(parsed, data_).evaluate().coerceString();
}

/** Runs a job's steps in order; returns each step's record and the job's result. */
export function runJob(o: RunJobOptions): { steps: StepRecord[]; result: 'success' | 'failure' } {
  const job = o.workflow.jobs[o.job];
  if (!job) throw new Error(`no job "${o.job}"`);
  const steps: StepRecord[] = [];
  const stepsContext: Record<string, { outcome: Outcome; conclusion: Outcome; outputs: Record<string, string> }> = {};
  let failed = false;
  const carriedEnv: Record<string, string> = {};
  const carriedPath: string[] = [];
  mkdirSync(o.runnerTemp, { recursive: true });
  const github = {
    event_name: 'push',
    run_id: '1',
    run_attempt: '1',
    server_url: 'https://github.com',
    repository: 'team/logto-e2e',
    ref: 'refs/heads/main',
    token: 'ghs_test-token',
    ...o.github,
  };
  const context = (env: Record<string, string>) =>
    JSON.parse(
      JSON.stringify({
        github,
        env,
        secrets: o.secrets ?? {},
        steps: stepsContext,
        inputs: o.inputs ?? {},
        matrix: o.matrix ?? {},
        vars: {},
        needs: {},
        runner: { os: 'Linux', temp: o.runnerTemp },
        job: { status: failed ? 'failure' : 'success' },
      }),
      data.reviver,
    ) as data.Dictionary;
  const functions = () =>
    new Map(
      (
        [
          ['success', !failed],
          ['failure', failed],
          ['always', true],
          ['cancelled', false],
        ] as const
      ).map(([name, value]) => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) }]),
    );
  const evaluate = (expression: string, env: Record<string, string>) => {
    const tokens = new Lexer(expression).lex().tokens;
    const parsed = new Parser(
      tokens,
      contexts,
      [...functions().values()].map(({ name, minArgs, maxArgs }) => ({ name, minArgs, maxArgs })),
    ).parse();
    return new Evaluator(parsed, context(env), functions()).evaluate();
  };
  const interpolate = (text: string, env: Record<string, string>) =>
    text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => evaluate(expression.trim(), env).coerceString());
  const envOf = (values: Record<string, unknown> | undefined, env: Record<string, string>) =>
    Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, interpolate(String(v), env)]));

  const workflowEnv = envOf(o.workflow.env, {});
  const jobEnv = { ...workflowEnv, ...envOf(job.env, workflowEnv) };
  for (const [index, step] of (job.steps ?? []).entries()) {
    const name = step.name ?? step.uses ?? step.run?.split('\n')[0] ?? `step ${index + 1}`;
    const exprEnv = { ...jobEnv, ...carriedEnv };
    const condition =
      step.if === undefined
        ? 'success()'
        : typeof step.if === 'boolean'
          ? String(step.if)
          : step.if.replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1');
    const guarded = statusFunctions.test(condition) ? condition : `success() && (${condition})`;
    const record: StepRecord = { id: step.id, name, outcome: 'skipped', outputs: {}, log: '' };
    steps.push(record);
    if (!truthy(evaluate(guarded, exprEnv))) {
      if (step.id) stepsContext[step.id] = { outcome: 'skipped', conclusion: 'skipped', outputs: {} };
      continue;
    }
    const stepEnv = { ...exprEnv, ...envOf(step.env, exprEnv) };
    const files = {
      GITHUB_OUTPUT: join(o.runnerTemp, `output-${index}`),
      GITHUB_ENV: join(o.runnerTemp, `env-${index}`),
      GITHUB_PATH: join(o.runnerTemp, `path-${index}`),
      GITHUB_STEP_SUMMARY: join(o.runnerTemp, `summary-${index}`),
    };
    for (const f of Object.values(files)) writeFileSync(f, '');
    const processEnv = {
      ...o.baseEnv,
      ...stepEnv,
      ...files,
      PATH: [...carriedPath, o.baseEnv.PATH ?? ''].join(':'),
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      RUNNER_TEMP: o.runnerTemp,
      GITHUB_WORKSPACE: o.cwd,
    };
    if (o.skip?.(step)) {
      record.outcome = 'success';
      record.log = '(skipped by the test: taken as succeeded)';
    } else if (step.uses) {
      const action = step.uses.replace(/@.*$/, '');
      const standIn = o.uses?.[action];
      if (!standIn) throw new Error(`step "${name}" uses ${step.uses}: the test gave no stand-in for ${action}`);
      const done = standIn({ ...step, with: envOf(step.with, exprEnv) }, processEnv);
      record.outcome = done.outcome;
      record.outputs = done.outputs ?? {};
      record.log = `(stand-in for ${action})`;
    } else if (step.run !== undefined) {
      const script = join(o.runnerTemp, `step-${index}.sh`);
      writeFileSync(script, interpolate(step.run, exprEnv));
      const shell = shellCommand(stepShell(o.workflow, job, step));
      const result = spawnSync(shell[0] as string, [...shell.slice(1), script], {
        cwd: step['working-directory'] ? join(o.cwd, step['working-directory']) : o.cwd,
        env: processEnv,
        encoding: 'utf8',
        timeout: o.stepTimeoutMs ?? 120_000,
        maxBuffer: 256 * 1024 * 1024,
      });
      o.onOutput?.(`${result.stdout ?? ''}${result.stderr ?? ''}`);
      record.shell = shell;
      record.log = `${result.stdout ?? ''}${result.stderr ?? ''}`;
      record.outcome = result.status === 0 ? 'success' : 'failure';
      record.outputs = readOutputs(files.GITHUB_OUTPUT);
      Object.assign(carriedEnv, readOutputs(files.GITHUB_ENV));
      carriedPath.unshift(...readLines(files.GITHUB_PATH).reverse());
    }
    const conclusion = record.outcome === 'failure' && step['continue-on-error'] ? 'success' : record.outcome;
    if (step.id) stepsContext[step.id] = { outcome: record.outcome, conclusion, outputs: record.outputs };
    if (conclusion === 'failure') failed = true;
  }
  return { steps, result: failed ? 'failure' : 'success' };
}

const readLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

/** GITHUB_OUTPUT / GITHUB_ENV: `name=value` lines and `name<<DELIM` … `DELIM` blocks. */
function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) value.push(lines[i] ?? '');
      out[heredoc[1] as string] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}
