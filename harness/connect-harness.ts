import type { FailureExplainer } from './diagnosis/explain-failure.js';
import { explainerFor } from './diagnosis/stack-explainer.js';
import { mailJudge, type MailJudge } from './mail/judging/mail-judge.js';
import { LogtoSessions } from './logto-admin/logto-sessions.js';
import { connectManagementApi, type ManagementApi } from './logto-admin/management-api.js';
import { UserFactory } from './logto-admin/users.js';
import { mailboxOptions } from './mail/delivery.js';
import { Inbox, type InboxOptions } from './mail/mailbox/inbox.js';
import { Mailbox } from './mail/mailbox/mailbox.js';
import { uniqueRecipient } from './mail/mailbox/recipient.js';
import { setSesAccount, type SesAccountSwitch } from './connectors/ses/ses-account.js';
import { faultSwitchFor, noSesSinkReason } from './connectors/ses/ses-faults.js';
import { smtpFaultSwitchFor } from './connectors/smtp/smtp-faults.js';
import { httpFaultSwitchFor } from './connectors/http/http-faults.js';
import type { StackInfo } from './stack/stack-info.js';

/** A running stack, connected: what the fixtures, the bench and the scripts all work through. */
export interface Harness {
  stack: StackInfo;
  /** Logto's Management API, authenticated as the run's M2M app (client credentials). */
  managementApi: ManagementApi;
  /** One IMAP login to the run's inbox, waiting as long as the run's timeout scale says. */
  mailbox: Mailbox;
  /** Logto's record of who a browser is signed in as, for this run's app (read-only); one per test. */
  logtoSessions(): LogtoSessions;
  /** Users created by API (or found after sign-up); `deleteAll()` when done. */
  users(): UserFactory;
  /**
   * A fresh address of the inbox (a plus-address named after `label`) and the mail sent to
   * it. SES faults for it go to the sink; with real SES `onNoFaults` is told why there are none.
   */
  inbox(
    label: string,
    options?: Omit<InboxOptions, 'sesFaults' | 'judge'> & { onNoFaults?: (reason: string) => void; judge?: boolean },
  ): Inbox;
  /** The mail sent to a given address of the inbox (the canary's user, the same every run). */
  inboxAt(address: string, options?: Omit<InboxOptions, 'sesFaults'>): Inbox;
  /** Names the cause of a failed step (Logto's answers and log, the mail's fate, the doctor). */
  explainer: FailureExplainer;
  /** Judges a mail as inboxes do: its authentication, a spam filter's score. */
  judge: MailJudge;
  /** Logs out of IMAP. */
  close(): Promise<void>;
}

/**
 * Connects to a running stack (the one global setup hands the workers, `npm run stack`
 * recorded, or a program started): the one place the mailbox, the Management API and the
 * users are wired, so every user gets the same waits.
 */
export async function connectHarness(stack: StackInfo): Promise<Harness> {
  const managementApi = connectManagementApi(stack.logto, stack.logto.m2m);
  const judge = mailJudge(stack.mail);
  const explainer = explainerFor({
    api: managementApi,
    logto: stack.logto,
    mail: stack.mail,
    timeoutScale: stack.timeoutScale,
  });
  const options = mailboxOptions(stack.mail, stack.timeoutScale);
  // With real SES no sink knows where the mail went: Logto's log and the doctor say what they can.
  const mailbox = await Mailbox.connect(
    stack.mail.imap,
    options.diagnose ? options : { ...options, diagnose: (to) => explainer.whyNoMail(to) },
  );
  return {
    stack,
    managementApi,
    mailbox,
    logtoSessions: () => new LogtoSessions(managementApi, stack.logto.endpoint, stack.app.id),
    users: () => new UserFactory(managementApi),
    inbox: (label, { onNoFaults, judge: judged = true, ...options } = {}) => {
      const skip = onNoFaults ?? (() => undefined);
      const sesFaults = faultSwitchFor(stack.mail, skip);
      const sink = stack.mail.sink;
      const noSes = noSesSinkReason(stack.mail);
      const sesAccount: SesAccountSwitch =
        sink && !noSes
          ? (to, preset, state) => setSesAccount(sink, { to, preset, ...(state ? { state } : {}) })
          : async () => {
              skip(noSes ?? 'no SES account here');
              throw new Error(noSes);
            };
      return new Inbox(mailbox, uniqueRecipient(stack.mail.address, label), {
        ...options,
        sesFaults,
        sesAccount,
        smtpFaults: smtpFaultSwitchFor(stack.mail, skip),
        httpFaults: httpFaultSwitchFor(stack.mail, skip),
        ...(judged ? { judge } : {}),
        skip,
      });
    },
    inboxAt: (address, options = {}) =>
      new Inbox(mailbox, address, { ...options, sesFaults: faultSwitchFor(stack.mail, () => undefined), judge }),
    explainer,
    judge,
    close: () => mailbox.close(),
  };
}
