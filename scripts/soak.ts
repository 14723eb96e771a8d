import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  appUnderTest,
  hostHandlesSignals,
  readHarnessSettings,
  recordStack,
  selectMode,
  setting,
  SettingError,
  stackSettings,
  startStack,
} from '../harness/index.js';
import { summarize } from '../bench/stats.js';

/**
 * `npm run soak`: the spec suite SOAK_RUNS times on one stack, then SOAK_COLD_STACKS times
 * each on a stack of its own, as users run it (`npx playwright test`). Prints each run, the
 * flake rate, p50/p95 per spec, and every failure's first line with where its evidence is.
 * Exits non-zero on any failure. SOAK_CPU_PRESSURE=true keeps one core busy meanwhile.
 */
interface SpecResult {
  title: string;
  status: string;
  duration: number;
  error: string | undefined;
}

interface JsonSuite {
  title: string;
  suites?: JsonSuite[];
  specs?: {
    title: string;
    file: string;
    tests: { projectName: string; results: { status: string; duration: number; errors: { message?: string }[] }[] }[];
  }[];
}

/** Ctrl-C: the run in progress is interrupted (its Playwright tears down), then the soak reports and ends. */
let interrupted: NodeJS.Signals | undefined;
let current: ChildProcess | undefined;
hostHandlesSignals();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted = signal;
    // From a terminal the whole group has it already; from `kill` only this process does.
    current?.kill('SIGINT');
  });
}

try {
  const s = readHarnessSettings(process.env, {
    SOAK_RUNS: setting.int(20, 0, 1000),
    SOAK_COLD_STACKS: setting.int(3, 0, 100),
    SOAK_CPU_PRESSURE: setting.bool(false),
    SOAK_DIR: setting.string('soak-results'),
  });
  const settings = stackSettings(s);
  const app = appUnderTest(s);
  const choice = await selectMode(settings);
  if (choice.mode === 'none') throw new SettingError(choice.why);
  const dir = resolve(s.SOAK_DIR, new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  const pressure = s.SOAK_CPU_PRESSURE ? busyCore() : undefined;
  const runs: { name: string; ok: boolean; wallMs: number; specs: SpecResult[]; evidence: string }[] = [];
  try {
    if (s.SOAK_RUNS > 0) {
      console.error(`Soak: starting one ${choice.mode} stack for ${s.SOAK_RUNS} runs (${choice.why})`);
      const stack = await startStack(choice.mode, settings, { app });
      const record = join(dir, 'stack.json');
      const forget = recordStack(stack.info, record);
      try {
        for (let i = 1; i <= s.SOAK_RUNS && !interrupted; i++) {
          const run = await suiteRun(`warm ${i}`, dir, { E2E_STACK_FILE: record });
          if (!interrupted) runs.push(run);
        }
      } finally {
        forget();
        await stack.stop();
      }
    }
    for (let i = 1; i <= s.SOAK_COLD_STACKS && !interrupted; i++) {
      const run = await suiteRun(`cold ${i}`, dir, { E2E_STACK_FILE: join(dir, `no-stack-${i}.json`) });
      if (!interrupted) runs.push(run);
    }
  } finally {
    pressure?.kill('SIGKILL');
  }
  if (interrupted) console.error(`Soak interrupted (${interrupted}): the run in progress is left out of the figures`);
  report(runs, { mode: choice.mode, pressure: s.SOAK_CPU_PRESSURE });
  process.exit(interrupted ? 130 : runs.every((r) => r.ok) ? 0 : 1);
} catch (error) {
  console.error(error instanceof SettingError ? error.message : error);
  process.exit(1);
}

/** One `npx playwright test`, its JSON report read back. */
async function suiteRun(name: string, dir: string, env: NodeJS.ProcessEnv) {
  const runDir = join(dir, name.replace(' ', '-'));
  const jsonFile = join(runDir, 'report.json');
  const started = performance.now();
  const child = spawn('npx', ['playwright', 'test', '--reporter=json', `--output=${join(runDir, 'test-results')}`], {
    env: { ...process.env, ...env, PLAYWRIGHT_JSON_OUTPUT_FILE: jsonFile, SUMMARY_FILE: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  current = child;
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  current = undefined;
  const wallMs = Math.round(performance.now() - started);
  let specs: SpecResult[];
  try {
    specs = collect(JSON.parse(readFileSync(jsonFile, 'utf8')) as { suites: JsonSuite[] });
  } catch {
    specs = [{ title: '(the run itself)', status: 'failed', duration: wallMs, error: stderr.trim().split('\n')[0] }];
  }
  const ok = code === 0 && specs.every((t) => t.status === 'passed' || t.status === 'skipped');
  const failed = specs.filter((t) => t.status !== 'passed' && t.status !== 'skipped').length;
  console.error(
    `${name.padEnd(8)} ${ok ? 'pass' : 'FAIL'}  ${specs.length - failed}/${specs.length} passed  ${wallMs} ms`,
  );
  return { name, ok, wallMs, specs, evidence: join(runDir, 'test-results') };
}

function collect(report: { suites: JsonSuite[] }): SpecResult[] {
  const out: SpecResult[] = [];
  const walk = (suite: JsonSuite, prefix: string) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        const result = t.results.at(-1);
        out.push({
          title: `${spec.file} › ${prefix}${spec.title}`,
          status: result?.status ?? 'skipped',
          duration: result?.duration ?? 0,
          error: result?.errors[0]?.message?.split('\n').find((l) => l.trim()),
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child, `${prefix}${child.title} › `);
  };
  for (const suite of report.suites) walk(suite, '');
  return out;
}

function report(
  runs: { name: string; ok: boolean; wallMs: number; specs: SpecResult[]; evidence: string }[],
  o: { mode: string; pressure: boolean },
): void {
  const executions = runs.flatMap((r) => r.specs);
  const failures = runs.flatMap((r) =>
    r.specs.filter((t) => t.status !== 'passed' && t.status !== 'skipped').map((t) => ({ run: r, t })),
  );
  console.log(`Soak (${o.mode} stack${o.pressure ? ', one core kept busy' : ''}): ${runs.length} runs`);
  console.log(
    `runs failed: ${runs.filter((r) => !r.ok).length}/${runs.length}; test executions failed: ${failures.length}/${executions.length} (flake rate ${((100 * failures.length) / Math.max(1, executions.length)).toFixed(2)}%)`,
  );
  const byTitle = new Map<string, number[]>();
  for (const t of executions.filter((x) => x.status === 'passed'))
    byTitle.set(t.title, [...(byTitle.get(t.title) ?? []), t.duration]);
  for (const [title, durations] of [...byTitle].sort()) {
    const d = summarize(durations);
    console.log(`  p50 ${String(d.median).padStart(6)} ms  p95 ${String(d.p95).padStart(6)} ms  ${title}`);
  }
  for (const { run, t } of failures)
    console.log(`FAILED in ${run.name}: ${t.title}\n  ${t.error ?? t.status}\n  evidence: ${run.evidence}`);
}

/** A noisy neighbour: one core busy for at most two hours, killed when the soak ends. */
function busyCore(): ChildProcess {
  return spawn(process.execPath, ['-e', 'const end = Date.now() + 2 * 3600e3; while (Date.now() < end) {}'], {
    stdio: 'ignore',
  });
}
