import { resolve } from 'node:path';
import { setting, type Settings } from '../config/settings.js';
import { scaled, type timeoutSchema } from '../config/timeouts.js';
import type { RegressionRule } from './verdict.js';

/** `npm run canary`: where its history, metrics, report and traces go, and how it judges. */
export const canarySchema = {
  CANARY_HISTORY: setting.string('canary/history.jsonl'),
  CANARY_METRICS: setting.string('canary/last-run.prom'),
  CANARY_REPORT: setting.string('canary/report.html'),
  CANARY_TRACES: setting.string('canary/traces'),
  CANARY_TRACE: setting.bool(true),
  CANARY_WINDOW: setting.int(5, 1, 100),
  CANARY_BASELINE: setting.int(20, 1, 1000),
  CANARY_SPREAD_K: setting.number(4, 0.5, 50),
  CANARY_FLOOR_MS: setting.int(300, 0, 600_000),
  CANARY_REBASELINE_AFTER: setting.int(168, 0, 100_000),
  CANARY_STAGE_BUDGET_MS: setting.optionalInt(100, 600_000),
  CANARY_USER: setting.optionalEmail(),
};

export interface CanarySettings {
  historyFile: string;
  metricsFile: string;
  reportFile: string;
  traceDir: string;
  /** Record a trace (kept when the run fails). */
  trace: boolean;
  rule: RegressionRule;
  /** How long one stage may take before the run fails at it (ms). */
  stageBudgetMs: number;
  /** The canary user's address; default: the inbox's `+canary` address. */
  user: string | undefined;
}

export function canarySettings(s: Settings<typeof canarySchema & typeof timeoutSchema>): CanarySettings {
  return {
    historyFile: resolve(s.CANARY_HISTORY),
    metricsFile: resolve(s.CANARY_METRICS),
    reportFile: resolve(s.CANARY_REPORT),
    traceDir: resolve(s.CANARY_TRACES),
    trace: s.CANARY_TRACE,
    rule: {
      window: s.CANARY_WINDOW,
      baseline: s.CANARY_BASELINE,
      spreadK: s.CANARY_SPREAD_K,
      floorMs: s.CANARY_FLOOR_MS,
      rebaselineAfter: s.CANARY_REBASELINE_AFTER,
    },
    stageBudgetMs: s.CANARY_STAGE_BUDGET_MS ?? scaled(30_000, s.E2E_TIMEOUT_SCALE),
    user: s.CANARY_USER,
  };
}
