import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CanaryRun } from './canary-run.js';

/** Appends one run as one JSON line (the file, and its folder, made when missing). */
export function appendRun(file: string, run: CanaryRun): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(run)}\n`);
}

/** Every run in the history, oldest first; a line that is not a run (a torn write) is skipped. */
export function readHistory(file: string): CanaryRun[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        const run = JSON.parse(line) as CanaryRun;
        return typeof run.at === 'string' && (run.verdict === 'pass' || run.verdict === 'fail') ? [run] : [];
      } catch {
        return [];
      }
    });
}
