import { stageNames, type CanaryRun } from './canary-run.js';

export interface RegressionRule {
  /** The last N passing runs, whose median time to signed in is judged. */
  window: number;
  /** The passing runs before those, the baseline. */
  baseline: number;
  /** How much slower the window's median may be than the baseline's (0.5: 50%). */
  maxSlowdown: number;
}

export type Verdict =
  { ok: true; line: string; regression?: RegressionCheck } | { ok: false; line: string; regression?: RegressionCheck };

export interface RegressionCheck {
  /** Indexes (into the history) of the window's and the baseline's runs. */
  windowRuns: number[];
  baselineRuns: number[];
  windowMedian: number;
  baselineMedian: number;
  slower: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};

/**
 * Time to signed in over the last `window` passing runs against the `baseline` passing runs
 * before them; undefined until the history holds both windows.
 */
export function checkRegression(history: CanaryRun[], rule: RegressionRule): RegressionCheck | undefined {
  const passing = history.flatMap((run, i) => (run.verdict === 'pass' && run.timeToSignedIn !== undefined ? [i] : []));
  if (passing.length < rule.window + rule.baseline) return undefined;
  const windowRuns = passing.slice(-rule.window);
  const baselineRuns = passing.slice(-rule.window - rule.baseline, -rule.window);
  const ms = (i: number) => history[i]?.timeToSignedIn ?? NaN;
  const windowMedian = median(windowRuns.map(ms));
  const baselineMedian = median(baselineRuns.map(ms));
  return {
    windowRuns,
    baselineRuns,
    windowMedian,
    baselineMedian,
    slower: windowMedian > baselineMedian * (1 + rule.maxSlowdown),
  };
}

/** The run's verdict, in one line: the failed stage and its identifiers, or a regression, or ok. */
export function judge(history: CanaryRun[], rule: RegressionRule): Verdict {
  const last = history.at(-1);
  if (!last) return { ok: false, line: 'canary: no run in the history' };
  const regression = checkRegression(history, rule);
  if (last.verdict === 'fail') {
    const stage = last.failedStage ? `${last.failedStage} (${stageNames[last.failedStage]})` : 'before any stage';
    const ids = Object.entries(last.ids)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    return {
      ok: false,
      line: `canary FAILED at ${stage}: ${last.error ?? 'no reason recorded'}${ids ? ` [${ids}]` : ''}`,
      regression,
    };
  }
  const total = `time to signed in ${last.timeToSignedIn} ms`;
  if (regression?.slower) {
    return {
      ok: false,
      line: `canary REGRESSION: time to signed in, median of the last ${rule.window} runs ${Math.round(regression.windowMedian)} ms, is more than ${Math.round(rule.maxSlowdown * 100)}% over the ${rule.baseline} runs before (${Math.round(regression.baselineMedian)} ms)`,
      regression,
    };
  }
  return {
    ok: true,
    line: `canary ok: ${total}${regression ? ` (median of the last ${rule.window}: ${Math.round(regression.windowMedian)} ms, baseline ${Math.round(regression.baselineMedian)} ms)` : ''}`,
    regression,
  };
}
