import { renameSync, writeFileSync } from 'node:fs';
import { authChecks, canaryStages, type CanaryRun } from './canary-run.js';
import type { Verdict } from './verdict.js';

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * The last run in OpenMetrics text (a Prometheus textfile collector reads it from a folder; a
 * Pushgateway takes it as a body), ending with `# EOF`. Its timestamp lets a collector alert on
 * a canary that stopped running; the verdict (ok, failed, regression) is one gauge per value.
 */
export function toOpenMetrics(run: CanaryRun, verdict?: Pick<Verdict, 'kind'>): string {
  const kinds = ['ok', 'failed', 'regression'] as const;
  const lines = [
    '# TYPE logto_canary_success gauge',
    '# HELP logto_canary_success Whether the last canary sign-in reached the app signed in (1) or not (0).',
    `logto_canary_success ${run.verdict === 'pass' ? 1 : 0}`,
    '# TYPE logto_canary_last_run_timestamp_seconds gauge',
    '# UNIT logto_canary_last_run_timestamp_seconds seconds',
    `logto_canary_last_run_timestamp_seconds ${Math.round(Date.parse(run.at) / 1000)}`,
    ...(verdict
      ? [
          '# TYPE logto_canary_verdict gauge',
          "# HELP logto_canary_verdict The last run's verdict: 1 for the one it was (ok, failed, regression).",
          ...kinds.map((k) => `logto_canary_verdict{verdict="${k}"} ${verdict.kind === k ? 1 : 0}`),
        ]
      : []),
    ...(run.failedStage
      ? [
          '# TYPE logto_canary_failed_stage gauge',
          '# HELP logto_canary_failed_stage Where the last run stopped (setup: before the journey).',
          `logto_canary_failed_stage{stage="${snake(run.failedStage)}"} 1`,
        ]
      : []),
    '# TYPE logto_canary_stage_duration_seconds gauge',
    '# UNIT logto_canary_stage_duration_seconds seconds',
    '# HELP logto_canary_stage_duration_seconds Each stage of the last canary sign-in.',
    ...canaryStages.flatMap((stage) => {
      const ms = run.stages[stage];
      return ms === undefined ? [] : [`logto_canary_stage_duration_seconds{stage="${snake(stage)}"} ${seconds(ms)}`];
    }),
    '# TYPE logto_canary_time_to_signed_in_seconds gauge',
    '# UNIT logto_canary_time_to_signed_in_seconds seconds',
    ...(run.timeToSignedIn === undefined
      ? []
      : [`logto_canary_time_to_signed_in_seconds ${seconds(run.timeToSignedIn)}`]),
    '# TYPE logto_canary_time_to_code_seconds gauge',
    '# UNIT logto_canary_time_to_code_seconds seconds',
    ...(run.timeToCode === undefined ? [] : [`logto_canary_time_to_code_seconds ${seconds(run.timeToCode)}`]),
    ...(run.mail?.authentication
      ? [
          '# TYPE logto_canary_mail_authentication gauge',
          '# HELP logto_canary_mail_authentication Whether the last mail passed each check as an inbox judges it (1) or not (0).',
          ...authChecks.map(
            (c) => `logto_canary_mail_authentication{check="${c}"} ${run.mail?.authentication?.[c] === 'pass' ? 1 : 0}`,
          ),
        ]
      : []),
    ...(run.mail?.spam
      ? ['# TYPE logto_canary_spam_score gauge', `logto_canary_spam_score ${run.mail.spam.score.toFixed(1)}`]
      : []),
    '# EOF',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the metrics so that a collector reading the file never sees half of it: a temp file
 * beside it, then a rename (atomic within one folder). Four lines: a library would add nothing.
 */
export function writeMetricsFile(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}
