import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SuiteRun {
  code: number | null;
  output: string;
  /** The closing line's counts (the harness's summary reporter), if it printed one. */
  counts: { passed: number; failed: number; skipped: number } | undefined;
  /** Every annotation of every test, as `type: description` (from the JSON report). */
  annotations: string[];
}

/**
 * `npx playwright test` as a user runs it (the README's words), its output, logs and report in
 * `dir`, never adopting a stack someone keeps running; `env` is what the user would set.
 */
export async function runSuite(dir: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<SuiteRun> {
  const report = join(dir, 'report.json');
  const child = spawn('npx', ['playwright', 'test', `--output=${join(dir, 'results')}`, ...args], {
    env: {
      ...process.env,
      E2E_LOG_DIR: join(dir, 'logs'),
      E2E_STACK_FILE: join(dir, 'no-stack.json'), // never adopt a stack someone keeps running
      E2E_WORKERS: '2',
      SUMMARY_FILE: '', // this run is a test of ours, not one more run for CI's count
      PLAYWRIGHT_JSON_OUTPUT_FILE: report,
      PLAYWRIGHT_HTML_OUTPUT_DIR: join(dir, 'html-report'), // not beside a config in the checkout
      PLAYWRIGHT_HTML_OPEN: 'never',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const m = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(output);
  const counts = m ? { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3]) } : undefined;
  return { code, output, counts, annotations: existsSync(report) ? annotationsIn(readFileSync(report, 'utf8')) : [] };
}

/** The JSON reporter in addition to the config's own (list, html, the summary line). */
export const withJsonReport = ['--reporter=list,json,./harness/reporting/summary-line-reporter.ts'];

function annotationsIn(json: string): string[] {
  const out = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    const { type, description } = value as { type?: unknown; description?: unknown };
    if (typeof type === 'string' && typeof description === 'string') out.add(`${type}: ${description}`);
    Object.values(value).forEach(walk);
  };
  walk(JSON.parse(json));
  return [...out];
}
