import { canaryStages, type CanaryRun } from './canary-run.js';

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * The last run in OpenMetrics text (a Prometheus textfile collector reads it from a folder; a
 * Pushgateway takes it as a body), ending with `# EOF`.
 */
export function toOpenMetrics(run: CanaryRun): string {
  const lines = [
    '# TYPE logto_canary_success gauge',
    '# HELP logto_canary_success Whether the last canary sign-in reached the app signed in (1) or not (0).',
    `logto_canary_success ${run.verdict === 'pass' ? 1 : 0}`,
    '# TYPE logto_canary_last_run_timestamp_seconds gauge',
    '# UNIT logto_canary_last_run_timestamp_seconds seconds',
    `logto_canary_last_run_timestamp_seconds ${Math.round(Date.parse(run.at) / 1000)}`,
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
    '# EOF',
  ];
  return `${lines.join('\n')}\n`;
}
