import {
  appUnderTest,
  hostHandlesSignals,
  readHarnessSettings,
  recordStack,
  selectMode,
  SettingError,
  stackSettings,
  startStack,
} from '../harness/index.js';

/**
 * `npm run stack`: the whole stack, configured, kept up until Ctrl-C for debugging by hand.
 * `npx playwright test` (also --ui, --debug) finds it and reuses it.
 */
try {
  const all = readHarnessSettings();
  const settings = stackSettings(all);
  const choice = await selectMode(settings);
  if (choice.mode === 'none') throw new SettingError(choice.why);
  console.log(`Starting the ${choice.mode} stack (${choice.why})…`);
  const stack = await startStack(choice.mode, settings, { app: appUnderTest(all) });
  const forget = recordStack(stack.info, settings.E2E_STACK_FILE);
  const { info } = stack;
  const lines = [
    `Stack ready in ${info.timings.total} ms (${Object.entries(info.timings)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
    `  App under test:    ${info.app.url}  (${info.app.kind}; sign in: ${info.app.url}${info.app.contract.signInPath}${info.app.contract.signUpPath ? `, sign up: ${info.app.url}${info.app.contract.signUpPath}` : ''})`,
    `  Logto:             ${info.logto.endpoint}  (sign-in UI opens from the app; OIDC: ${info.logto.endpoint}/oidc)`,
    info.logto.adminEndpoint ? `  Admin console:     ${info.logto.adminEndpoint}/console` : '',
    info.mail.sesEndpoint ? `  Mail sink viewer:  ${info.mail.sesEndpoint}/  (SES v2 API at the same URL)` : '',
    `  Inbox (IMAP):      ${info.mail.imap.secure ? 'imaps' : 'imap'}://${info.mail.imap.host}:${info.mail.imap.port} user ${info.mail.imap.user} (password in ${settings.E2E_STACK_FILE})`,
    `  Logs:              ${info.logs.map((l) => l.path).join(', ')}`,
    'Tests run now reuse this stack. Ctrl-C stops it.',
  ];
  console.log(lines.filter(Boolean).join('\n'));
  let stopping: Promise<void> | undefined;
  // One shutdown, however many signals arrive (npm and tsx forward theirs too).
  const shutdown = () => {
    stopping ??= (async () => {
      forget();
      await stack.stop();
      process.exit(0);
    })();
  };
  hostHandlesSignals();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, shutdown);
} catch (error) {
  console.error(error instanceof SettingError ? error.message : error);
  process.exit(1);
}
