/**
 * One canary run as the history keeps it (one JSON line each): the stage times, the verdict,
 * and the identifiers that find the run elsewhere (Logto's log, SES, the mail, the trace).
 */
export const canaryStages = ['signInPage', 'sesAccepted', 'inboxArrival', 'signedIn', 'signedOut'] as const;
export type CanaryStage = (typeof canaryStages)[number];

/** What each stage spans, as the one-line verdict and the report name it. */
export const stageNames: Record<CanaryStage, string> = {
  signInPage: "the app's sign-in route → Logto's sign-in page",
  sesAccepted: "the email submitted → Logto's answer (its provider accepted: SES, the SMTP server, the mail service)",
  inboxArrival: 'the provider accepted → the mail in the inbox',
  signedIn: 'the code typed → back on the app, signed in',
  signedOut: "the app's sign-out → signed out, Logto's record of the session ended",
};

export interface CanaryRun {
  /** When the run started (ISO). */
  at: string;
  verdict: 'pass' | 'fail';
  /** The stage that failed, and why (a failed run only); `setup`: before the journey (Logto down…). */
  failedStage?: CanaryStage | 'setup';
  error?: string;
  /** ms per stage reached; a stage after a failure is absent. */
  stages: Partial<Record<CanaryStage, number>>;
  /** End to end: the sign-in route opened → the code read, and → signed in (ms). */
  timeToCode?: number;
  timeToSignedIn?: number;
  /** The mail's own clocks: its Date header → its arrival, and its Received hops (ms); and how inboxes judge it. */
  mail?: {
    dateToArrival?: number;
    receivedHops?: number;
    /** DKIM (an aligned signature's result), SPF and DMARC, as an inbox judges the mail. */
    authentication?: Record<AuthCheck, string>;
    /** SpamAssassin's score and its threshold. */
    spam?: { score: number; threshold: number };
  };
  logtoVersion?: string;
  ids: {
    /** Logto's audit log entry of the code's send (Management API /api/logs/{id}). */
    logtoLogId?: string;
    /** SES's MessageId for the send. */
    sesMessageId?: string;
    /** The mail's Message-ID header. */
    messageId?: string;
    /** The run's Playwright trace. */
    trace?: string;
  };
  /** The stack it ran against (mode, Logto's endpoint, the app's URL): judged against its own runs. */
  target: CanaryTarget;
  /** `accepted`: this run's speed is the new normal (`npm run canary -- --accept-baseline`). */
  baseline?: 'accepted';
}

export interface CanaryTarget {
  mode: string;
  logto: string;
  app: string;
}

/** One target's runs are judged together (and apart from another's). */
export const targetKey = (t: CanaryTarget): string => `${t.mode} ${t.logto} ${t.app}`;

/** The authentication results the canary keeps per run; one turning from pass to fail is an alarm. */
export const authChecks = ['dkim', 'spf', 'dmarc'] as const;
export type AuthCheck = (typeof authChecks)[number];
