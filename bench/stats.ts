import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function summarize(samples: number[]): { n: number; median: number; p95: number; min: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const mid = sorted.length / 2;
  const median =
    sorted.length % 2 ? (sorted[Math.floor(mid)] ?? NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return {
    n: sorted.length,
    median: Math.round(median),
    p95: Math.round(at(0.95)),
    min: Math.round(sorted[0] ?? NaN),
    max: Math.round(sorted.at(-1) ?? NaN),
  };
}

/** Writes the results as JSON under bench/results/ and returns the path. */
export function writeResults(name: string, results: unknown): string {
  const dir = join('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

/** A figure's row in the bench's table; one with no sample says "(not run)", never a median of nothing. */
export function formatRow(name: string, s: { median: number; p95: number; n: number }, note = ''): string {
  if (s.n === 0) return `${name.padEnd(30)} (not run)   ${note}`;
  return `${name.padEnd(30)} median ${String(s.median).padStart(6)} ms   p95 ${String(s.p95).padStart(6)} ms   n=${s.n}   ${note}`;
}

/** A same-run ratio's row; one not measured says "(not run)". */
export function formatRatio(name: string, value: number | undefined, target: string): string {
  const shown = value === undefined || Number.isNaN(value) ? '(not run)' : `${value.toFixed(2)}x`.padStart(6);
  return `${name.padEnd(44)} ${shown}   ${target}`;
}
