import '../harness/index.js'; // .env applied, files private
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * `npm run e2e:sharded -- <N> [--parallel] [playwright options]`: what CI does on N runners, on this machine. The
 * parallel specs split into N shards, the serialized tenant-settings specs on a part of their
 * own; each part starts its own stack and writes a blob report; then one merged HTML report
 * (and report.json) in playwright-report/. One after another by default (2 cores are not
 * enough for several stacks at once); --parallel starts every part together. Other options
 * (e.g. `--grep-invert=@faults`) go to every part.
 */
const args = process.argv.slice(2);
const shards = Number(args.find((a) => /^\d+$/.test(a)) ?? 2);
const parallel = args.includes('--parallel');
const passOn = args.filter((a) => a.startsWith('--') && a !== '--parallel');
if (!Number.isInteger(shards) || shards < 1 || shards > 16) {
  console.error('Usage: npm run e2e:sharded -- <shards 1-16> [--parallel]');
  process.exit(1);
}
const out = resolve(process.env.E2E_SHARDED_DIR ?? 'sharded-run');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'blob-report'), { recursive: true });

const parts = [
  ...Array.from({ length: shards }, (_, i) => ({
    id: `shard-${i + 1}-of-${shards}`,
    args: ['--project=pipeline', `--shard=${i + 1}/${shards}`],
  })),
  { id: 'tenant-settings', args: ['--project=tenant-settings', '--no-deps'] },
];

function run(command: string, commandArgs: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.once('exit', (code) => done(code ?? 1));
  });
}

const started = performance.now();
const runPart = async (part: (typeof parts)[number]) => {
  const t = performance.now();
  const code = await run(
    'npx',
    [
      'playwright',
      'test',
      ...part.args,
      ...passOn,
      '--reporter=blob',
      `--output=${join(out, 'test-results', part.id)}`,
    ],
    {
      PLAYWRIGHT_BLOB_OUTPUT_FILE: join(out, 'blob-report', `${part.id}.zip`),
      E2E_STACK_FILE: join(out, `no-shared-stack-${part.id}.json`), // each part its own stack, as on CI
      SUMMARY_FILE: '', // the merged report counts every test once
    },
  );
  console.error(`part ${part.id}: exit ${code} in ${Math.round(performance.now() - t)} ms`);
  return code;
};
const codes = parallel ? await Promise.all(parts.map(runPart)) : [];
if (!parallel) for (const part of parts) codes.push(await runPart(part));
const merged = await run(
  'npx',
  ['playwright', 'merge-reports', '-c', 'harness/reporting/merge.config.ts', join(out, 'blob-report')],
  { E2E_MERGED_DIR: join(out, 'playwright-report') },
);
console.error(
  `${parts.length} parts (${shards} shards + tenant-settings), ${parallel ? 'in parallel' : 'one after another'}: ${Math.round(
    performance.now() - started,
  )} ms; merged report: ${join(out, 'playwright-report')}`,
);
process.exit(codes.every((c) => c === 0) && merged === 0 ? 0 : 1);
