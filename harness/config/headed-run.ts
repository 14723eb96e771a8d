/**
 * Whether this Playwright run shows its browser (--headed, --debug, --ui, PWDEBUG). Only the
 * runner's command line says so; its workers learn it from the variable set here.
 */
export function headedRun(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): boolean {
  const headed = argv.some((a) => a === '--headed' || a === '--debug' || a === '--ui') || !!env.PWDEBUG;
  if (headed) env.E2E_HEADED_RUN = '1'; // inherited by the workers, which see no command line
  return headed || env.E2E_HEADED_RUN === '1';
}
