import { authChecks, canaryStages, stageNames, targetKey, type CanaryRun, type CanaryStage } from './canary-run.js';

/**
 * How the canary judges speed. The window (the last `window` runs of the target, failed ones
 * counted as slow) is held against a pinned baseline: the first `baseline` healthy runs of the
 * target on its Logto version. The baseline moves only when someone accepts the current speed
 * (`npm run canary -- --accept-baseline`) or after `rebaselineAfter` healthy runs in a row, so
 * a regression, sudden or creeping, cannot become the norm it is measured against.
 */
export interface RegressionRule {
  /** The last N runs of the target, whose median is judged. */
  window: number;
  /** How many healthy runs make the pinned baseline. */
  baseline: number;
  /** The limit: the baseline's median + k × its spread (1.4826 × MAD, the σ of normal noise)... */
  spreadK: number;
  /** ...or + this many ms, whichever is more (steady stages have almost no spread). */
  floorMs: number;
  /** Healthy runs in a row after which the baseline is pinned anew from the newest ones (0: never). */
  rebaselineAfter: number;
}

/** What is judged: the end-to-end time and each stage. */
export const judgedMetrics = ['timeToSignedIn', ...canaryStages] as const;
export type JudgedMetric = (typeof judgedMetrics)[number];
const metricName = (m: JudgedMetric) => (m === 'timeToSignedIn' ? 'time to signed in' : `${m} (${stageNames[m]})`);

/** One metric's baseline: its median and spread over the baseline's runs. */
interface MetricBaseline {
  median: number;
  /** Median absolute deviation (ms). */
  mad: number;
  limit: number;
}

export interface Baseline {
  /** Indexes (into the history) of the runs it was made of. */
  runs: number[];
  logtoVersion: string | undefined;
  /** How it was pinned: learnt (the first healthy runs), accepted, or re-pinned after a healthy streak. */
  how: 'learnt' | 'accepted' | 're-pinned';
  metrics: Partial<Record<JudgedMetric, MetricBaseline>>;
}

export interface MetricCheck {
  metric: JudgedMetric;
  windowMedian: number;
  baseline: MetricBaseline;
  slower: boolean;
}

/** The judgement of the last run's window against its reference (for the verdict and the report). */
export interface RegressionCheck {
  windowRuns: number[];
  baselineRuns: number[];
  /** Time to signed in (Infinity when a failed run makes the median). */
  windowMedian: number;
  baselineMedian: number;
  slower: boolean;
  /** Runs in the window that failed (counted as slow). */
  failedInWindow: number;
  metrics: MetricCheck[];
  /** The baseline judged against, and what it is (its own, or another Logto version's until its own is learnt). */
  baseline: Baseline;
  fallbackFrom?: string | undefined;
}

export interface Verdict {
  ok: boolean;
  /** `ok`, `failed` or `regression`: one word, for a metric or an alarm. */
  kind: 'ok' | 'failed' | 'regression';
  line: string;
  regression?: RegressionCheck | undefined;
}

interface Series {
  baseline: Baseline | undefined;
  /** Healthy runs gathered toward a baseline (indexes). */
  learning: number[];
  /** Healthy runs in a row since the baseline was pinned (indexes). */
  streak: number[];
  /** Accepted: the old baseline was set aside, and no other version's stands in meanwhile. */
  accepted: boolean;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  if (s.length === 0) return NaN;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** A metric of a run; a failed run's missing metric is slow (Infinity), a passing run's absent one unknown. */
function valueOf(run: CanaryRun, metric: JudgedMetric): number | undefined {
  const v = metric === 'timeToSignedIn' ? run.timeToSignedIn : run.stages[metric as CanaryStage];
  if (v !== undefined) return v;
  return run.verdict === 'fail' ? Infinity : undefined;
}

function pin(history: CanaryRun[], runs: number[], how: Baseline['how'], rule: RegressionRule): Baseline {
  const metrics: Baseline['metrics'] = {};
  for (const metric of judgedMetrics) {
    const xs = runs.flatMap((i) => {
      const v = valueOf(history[i] as CanaryRun, metric);
      return v === undefined || !Number.isFinite(v) ? [] : [v];
    });
    if (xs.length === 0) continue;
    const m = median(xs);
    const mad = median(xs.map((x) => Math.abs(x - m)));
    metrics[metric] = { median: m, mad, limit: m + Math.max(rule.spreadK * 1.4826 * mad, rule.floorMs) };
  }
  return { runs, logtoVersion: history[runs.at(-1) ?? 0]?.logtoVersion, how, metrics };
}

function check(history: CanaryRun[], windowRuns: number[], baseline: Baseline, fallbackFrom?: string): RegressionCheck {
  const metrics = judgedMetrics.flatMap((metric): MetricCheck[] => {
    const b = baseline.metrics[metric];
    const xs = windowRuns.flatMap((i) => {
      const v = valueOf(history[i] as CanaryRun, metric);
      return v === undefined ? [] : [v];
    });
    if (!b || xs.length === 0) return [];
    const windowMedian = median(xs);
    return [{ metric, windowMedian, baseline: b, slower: windowMedian > b.limit }];
  });
  const total = metrics.find((m) => m.metric === 'timeToSignedIn');
  return {
    windowRuns,
    baselineRuns: baseline.runs,
    windowMedian: total?.windowMedian ?? NaN,
    baselineMedian: total?.baseline.median ?? NaN,
    slower: metrics.some((m) => m.slower),
    failedInWindow: windowRuns.filter((i) => history[i]?.verdict === 'fail').length,
    metrics,
    baseline,
    fallbackFrom,
  };
}

/** Where each run of the history stands: its target's state after it, and its own judgement. */
export interface Judged {
  check: RegressionCheck | undefined;
  /** The run's target and version had no baseline yet: `learnt` of `rule.baseline` healthy runs. */
  learning: number | undefined;
  /** Healthy runs in a row toward the next re-pin (when the baseline is pinned). */
  streak: number;
  /** The baseline was (re-)pinned at this run. */
  pinned: Baseline['how'] | undefined;
}

/**
 * Every run of the history judged in order, as the canary judged it then. Runs are grouped by
 * target (mode, Logto, app) and, within it, by Logto version: a run that could not learn its
 * version (Logto down) is its target's latest version's.
 */
export function judgeHistory(history: CanaryRun[], rule: RegressionRule): Judged[] {
  const series = new Map<string, Series>();
  const targetRuns = new Map<string, number[]>();
  const lastVersion = new Map<string, string | undefined>();
  /** Per target: the latest pinned baseline of each version (a new version is judged against it until it has its own). */
  const pinnedByTarget = new Map<string, Map<string, Baseline>>();
  const out: Judged[] = [];
  const learnt = (target: string, version: string, s: Series): Baseline['how'] => {
    s.baseline = pin(history, s.learning.slice(0, rule.baseline), s.accepted ? 'accepted' : 'learnt', rule);
    const byVersion = pinnedByTarget.get(target) ?? new Map<string, Baseline>();
    byVersion.delete(version); // set again: the newest pinned is the last
    byVersion.set(version, s.baseline);
    pinnedByTarget.set(target, byVersion);
    s.learning = [];
    s.streak = [];
    s.accepted = false;
    return s.baseline.how;
  };
  history.forEach((run, i) => {
    const target = targetKey(run.target);
    const version = run.logtoVersion ?? lastVersion.get(target) ?? 'unknown';
    if (run.logtoVersion) lastVersion.set(target, run.logtoVersion);
    const key = `${target} @ ${version}`;
    const runs = [...(targetRuns.get(target) ?? []), i];
    targetRuns.set(target, runs);
    const s = series.get(key) ?? { baseline: undefined, learning: [], streak: [], accepted: false };
    series.set(key, s);
    const window = runs.slice(-rule.window);

    if (run.baseline === 'accepted') {
      // The speed of the window is the new normal: learnt again, from its passing runs on.
      s.baseline = undefined;
      s.accepted = true;
      s.streak = [];
      s.learning = window.filter((j) => history[j]?.verdict === 'pass' && history[j]?.timeToSignedIn !== undefined);
      const pinned = s.learning.length >= rule.baseline ? learnt(target, version, s) : undefined;
      out.push({ check: undefined, learning: s.baseline ? undefined : s.learning.length, streak: 0, pinned });
      return;
    }

    const fallback = s.accepted
      ? undefined
      : [...(pinnedByTarget.get(target) ?? [])].filter(([v]) => v !== version).at(-1);
    const reference = s.baseline ?? fallback?.[1];
    const judged = reference ? check(history, window, reference, s.baseline ? undefined : fallback?.[0]) : undefined;
    // Healthy: passed, its window not slow, and itself within the limit (a slow run is never learnt).
    const limit = reference?.metrics.timeToSignedIn?.limit ?? Infinity;
    const healthy =
      run.verdict === 'pass' && run.timeToSignedIn !== undefined && run.timeToSignedIn <= limit && !judged?.slower;
    let pinned: Baseline['how'] | undefined;
    if (!s.baseline) {
      if (healthy) s.learning.push(i);
      if (s.learning.length >= rule.baseline) pinned = learnt(target, version, s);
    } else if (judged?.slower) {
      s.streak = [];
    } else if (healthy) {
      s.streak.push(i);
      if (rule.rebaselineAfter > 0 && s.streak.length >= rule.rebaselineAfter) {
        s.baseline = pin(history, s.streak.slice(-rule.baseline), 're-pinned', rule);
        pinnedByTarget.get(target)?.set(version, s.baseline);
        s.streak = [];
        pinned = 're-pinned';
      }
    }
    out.push({ check: judged, learning: s.baseline ? undefined : s.learning.length, streak: s.streak.length, pinned });
  });
  return out;
}

const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : 'failed');
const span = (history: CanaryRun[], runs: number[]) =>
  `${runs.length} runs ${history[runs[0] ?? 0]?.at.slice(0, 16) ?? '?'}…${history[runs.at(-1) ?? 0]?.at.slice(0, 16) ?? '?'}`;

/** What the baseline is and when it moves, for the verdict's line. */
function describeReference(history: CanaryRun[], j: Judged, rule: RegressionRule): string {
  if (!j.check) {
    return `learning the baseline: ${j.learning ?? 0} of ${rule.baseline} healthy runs`;
  }
  const b = j.check.baseline;
  const version = b.logtoVersion ? `Logto ${b.logtoVersion}` : 'Logto version unknown';
  const what = j.check.fallbackFrom
    ? `${version}'s baseline until this version has ${rule.baseline} healthy runs of its own (${j.learning ?? 0} so far)`
    : `baseline ${b.how}, ${span(history, b.runs)}, ${version}`;
  const moves =
    rule.rebaselineAfter > 0
      ? `moves with --accept-baseline or after ${rule.rebaselineAfter} healthy runs in a row (${j.streak} so far)`
      : 'moves only with --accept-baseline';
  return `${what}; ${moves}`;
}

/** The last run's verdict, in one line: the failed stage and its identifiers, or a regression, or ok. */
export function judge(history: CanaryRun[], rule: RegressionRule): Verdict {
  const last = history.at(-1);
  if (!last) return { ok: false, kind: 'failed', line: 'canary: no run in the history' };
  const judged = judgeHistory(history, rule).at(-1) as Judged;
  const regression = judged.check;
  if (last.verdict === 'fail') {
    const stage =
      last.failedStage === 'setup'
        ? 'setup (before the journey: the stack, Logto, its Management API, the inbox, the browser)'
        : last.failedStage
          ? `${last.failedStage} (${stageNames[last.failedStage]})`
          : 'before any stage';
    const ids = Object.entries(last.ids)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    return {
      ok: false,
      kind: 'failed',
      line: `canary FAILED at ${stage}: ${last.error ?? 'no reason recorded'}${ids ? ` [${ids}]` : ''}`,
      regression,
    };
  }
  // The mail as inboxes judge it: a check that passed last time and fails now is an alarm, as a
  // failed stage is (the code would reach the spam folder).
  const turned = mailTurned(history);
  if (turned) return { ok: false, kind: 'failed', line: `canary FAILED at mail judgement: ${turned}`, regression };
  const reference = describeReference(history, judged, rule);
  if (regression?.slower) {
    const slow = regression.metrics
      .filter((m) => m.slower)
      .map(
        (m) =>
          `${metricName(m.metric)}: median of the last ${regression.windowRuns.length} runs ${ms(m.windowMedian)} is over the limit ${ms(m.baseline.limit)} (baseline median ${ms(m.baseline.median)} + max(${rule.spreadK}×1.4826×MAD ${ms(m.baseline.mad)}, ${rule.floorMs} ms))`,
      );
    const failed = regression.failedInWindow > 0 ? ` (${regression.failedInWindow} failed, counted as slow)` : '';
    return {
      ok: false,
      kind: 'regression',
      line: `canary REGRESSION${failed}: ${slow.join('; ')} [${reference}]`,
      regression,
    };
  }
  const pinnedNow = judged.pinned ? `; baseline ${judged.pinned} at this run` : '';
  return {
    ok: true,
    kind: 'ok',
    line: `canary ok: time to signed in ${last.timeToSignedIn} ms${regression ? `, median of the last ${regression.windowRuns.length} ${ms(regression.windowMedian)} against ${ms(regression.baselineMedian)}` : ''} [${reference}${pinnedNow}]`,
    regression,
  };
}

/** What turned from pass to fail since the target's previous judged run (its authentication, its spam score). */
function mailTurned(history: CanaryRun[]): string | undefined {
  const last = history.at(-1);
  if (!last?.mail) return undefined;
  const previous = history
    .slice(0, -1)
    .reverse()
    .find((r) => targetKey(r.target) === targetKey(last.target) && r.mail && (r.mail.authentication || r.mail.spam));
  if (!previous?.mail) return undefined;
  const turned: string[] = [];
  for (const check of authChecks) {
    const was = previous.mail.authentication?.[check];
    const is = last.mail.authentication?.[check];
    if (was === 'pass' && is !== undefined && is !== 'pass')
      turned.push(`${check.toUpperCase()} turned from pass to ${is}`);
  }
  const wasSpam = previous.mail.spam;
  const isSpam = last.mail.spam;
  if (wasSpam && isSpam && wasSpam.score < wasSpam.threshold && isSpam.score >= isSpam.threshold) {
    turned.push(
      `the spam score turned from ${wasSpam.score.toFixed(1)} to ${isSpam.score.toFixed(1)} (the threshold is ${isSpam.threshold.toFixed(1)})`,
    );
  }
  if (turned.length === 0) return undefined;
  const now = last.mail.authentication;
  return `${turned.join('; ')}${now ? ` (now ${authChecks.map((c) => `${c}=${now[c]}`).join(' ')})` : ''}: inboxes would put the code in spam`;
}
