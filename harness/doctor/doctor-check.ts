/** One line of the doctor: what was checked, whether it holds, and if not, the fix. */
export interface CheckResult {
  ok: boolean;
  /** Not checked (nothing to check, or the key may not read it): said, and it does not fail the run. */
  skipped?: boolean;
  /** Holds for now, but says what to watch (an account on probation): ⚠, and it does not fail the run. */
  warn?: boolean;
  /** What was found, e.g. "Logto answers at https://…". */
  detail: string;
  /** What to do when it does not hold. */
  fix?: string;
}

export interface DoctorCheck {
  name: string;
  run(): Promise<CheckResult>;
}

/** One call the doctor made, for the record: the doctor only reads (the test email aside). */
export interface RecordedCall {
  service: 'logto' | 'management-api' | 'ses';
  method: string;
  path: string;
}

/** The checks in order, each a line: `✔ name: detail` or `✘ name: detail — fix: …`. */
export async function runChecks(
  checks: DoctorCheck[],
  print: (line: string) => void,
): Promise<{ ok: boolean; results: (CheckResult & { name: string })[] }> {
  const results: (CheckResult & { name: string })[] = [];
  for (const check of checks) {
    const result = await check.run().catch((error: unknown): CheckResult => ({
      ok: false,
      detail: String((error as Error).message ?? error).split('\n')[0] ?? '',
    }));
    results.push({ name: check.name, ...result });
    const mark = result.skipped ? '–' : !result.ok ? '✘' : result.warn ? '⚠' : '✔';
    const fix = (!result.ok || result.warn) && result.fix ? ` — fix: ${result.fix}` : '';
    print(`${mark} ${check.name}: ${result.detail}${fix}`);
  }
  return { ok: results.every((r) => r.ok), results };
}
