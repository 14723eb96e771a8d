import { resolve } from 'node:path';
import {
  appContract,
  canarySettings,
  reusedAddresses,
  externalLogtoTarget,
  externalInbox,
  findReusableStack,
  hasExternalInbox,
  readHarnessSettings,
  runDoctor,
  setting,
  SettingError,
  sinkResolver,
  type DoctorTarget,
} from '../harness/index.js';

/**
 * `npm run doctor`: is this deployment's email sign-in set up as the guide says, and can its
 * SES account deliver? Read-only (the connector's test email aside). Against the stack
 * `npm run stack` keeps running (E2E_STACK_FILE), else the Logto at LOGTO_ENDPOINT with its M2M
 * app, the app at APP_BASE_URL, and the inbox at IMAP_HOST when one is set. Exit 0 only when
 * every line holds.
 */
try {
  const s = readHarnessSettings(process.env, { APP_BASE_URL: setting.url('http://127.0.0.1:3000') });
  const canary = canarySettings(s);
  const stackFile = resolve(s.E2E_STACK_FILE);
  const reuse = await findReusableStack(stackFile);
  const stack = reuse.reusable;
  if (reuse.note) console.error(reuse.note);
  const target: DoctorTarget = stack
    ? {
        logto: stack.logto,
        app: { baseUrl: stack.app.url, contract: stack.app.contract },
        inbox: { imap: stack.mail.imap, address: stack.mail.address, wait: stack.mail.wait },
        sendsTo: reusedAddresses(stack.mail.address, canary.user),
        sesEndpoint: stack.mail.sesEndpoint,
        reach: stack.mail.reach,
        // A stack whose SES is the mail sink: its DNS is the sink's zone too.
        resolver: stack.mail.sink ? sinkResolver(stack.mail.sink) : undefined,
        timeoutScale: stack.timeoutScale,
      }
    : {
        logto: externalLogtoTarget(s),
        app: { baseUrl: s.APP_BASE_URL, contract: appContract(s) },
        inbox: hasExternalInbox(s) ? externalInbox(s) : undefined,
        sendsTo: reusedAddresses(hasExternalInbox(s) ? externalInbox(s).address : undefined, canary.user),
        sesEndpoint: undefined,
        timeoutScale: s.E2E_TIMEOUT_SCALE,
      };
  console.log(
    `Doctor: Logto at ${target.logto.endpoint}${stack ? ` (the ${stack.mode} stack recorded in ${stackFile})` : ''}, the app at ${target.app?.baseUrl ?? '(none)'}`,
  );
  const started = performance.now();
  const report = await runDoctor(target, (line) => console.log(line));
  const checked = report.results.filter((r) => !r.skipped);
  const held = checked.filter((r) => r.ok).length;
  console.log(
    `${held} of ${checked.length} hold (${Math.round(performance.now() - started)} ms)${report.ok ? '' : ': fix the ✘ lines above, in order'}`,
  );
  process.exit(report.ok ? 0 : 1);
} catch (error) {
  console.error(error instanceof SettingError ? error.message : error);
  process.exit(1);
}
