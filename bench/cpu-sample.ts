import { readFileSync, readdirSync } from 'node:fs';

/**
 * What uses the CPU while something runs: every second, each process's CPU time from /proc,
 * summed by what it is (Chromium, Logto, Postgres, the test runner, …). Linux only.
 */
export interface CpuShare {
  /** Share of the machine's whole CPU capacity (all cores) over the sample, in %. */
  byPart: Record<string, number>;
  idle: number;
  seconds: number;
}

const parts: [string, RegExp][] = [
  ['chromium', /chrom(e|ium)/i],
  ['postgres', /postgres/],
  ['dovecot', /dovecot/],
  ['ses emulator', /ses-faults|aws-ses-v2-local/],
  ['playwright workers', /workerProcessEntry/],
  ['app under test', /sample-app|express-sdk-app|apps\//],
  ['logto', /^node(\0|$)|\/packages\/core|^node \.$/],
  ['playwright runner and other node', /node/],
];

function partOf(pid: string): string {
  let cmd: string;
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return 'gone';
  }
  const line = cmd.replace(/\0+$/, '').replace(/\0/g, ' ');
  // Logto is `node .` in packages/core, with the database gate preloaded in local mode.
  if (/^\S*node (--import \S*database-gate\.mjs )?\.$/.test(line)) return 'logto';
  return parts.find(([, re]) => re.test(line))?.[0] ?? 'other';
}

function ticksOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return undefined;
  }
}

function machineTicks(): { total: number; idle: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { total: cpu.reduce((a, b) => a + b, 0), idle: (cpu[3] ?? 0) + (cpu[4] ?? 0) };
}

export function sampleCpu(intervalMs = 1000): { stop(): CpuShare } {
  const last = new Map<string, { ticks: number; part: string }>();
  const used: Record<string, number> = {};
  const startMachine = machineTicks();
  const started = performance.now();
  const tick = () => {
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      const ticks = ticksOf(pid);
      if (ticks === undefined) continue;
      const known = last.get(pid) ?? { ticks, part: partOf(pid) };
      used[known.part] = (used[known.part] ?? 0) + (ticks - known.ticks);
      last.set(pid, { ticks, part: known.part });
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      const machine = machineTicks();
      const total = machine.total - startMachine.total || 1;
      const pct = (t: number) => Math.round((1000 * t) / total) / 10;
      return {
        byPart: Object.fromEntries(
          Object.entries(used)
            .filter(([, t]) => t > 0)
            .sort((a, b) => b[1] - a[1])
            .map(([part, t]) => [part, pct(t)]),
        ),
        idle: pct(machine.idle - startMachine.idle),
        seconds: Math.round((performance.now() - started) / 1000),
      };
    },
  };
}
