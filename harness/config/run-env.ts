/**
 * The variables one process of a run hands the next (Playwright's runner to its workers and
 * reporters), read and written here at the config edge. Paths only: never a secret.
 */
const stackInfoFileVariable = 'E2E_STACK_INFO_FILE';

/** Names the file through which global setup hands the running stack to the workers. */
export function handOverStackInfoFile(file: string): void {
  process.env[stackInfoFileVariable] = file;
}

/** The file global setup wrote for this run's workers, if any. */
export function stackInfoFile(): string | undefined {
  return process.env[stackInfoFileVariable];
}

/** SUMMARY_FILE: where the summary line is appended as well (CI's count across jobs). */
export function summaryFile(): string | undefined {
  return process.env.SUMMARY_FILE;
}

/** E2E_MERGED_DIR: where the sharded run's merged report goes. */
export function mergedReportDir(): string {
  return process.env.E2E_MERGED_DIR ?? 'playwright-report';
}
