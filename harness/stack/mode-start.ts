import type { MailDelivery } from '../mail/delivery.js';
import type { LogtoStack } from './logto-stack.js';

/** What a stack mode's start is given by the stack (the same for every mode). */
export interface ModeStartOptions {
  logDir: string;
  /** Registers what stops a part once it is up (the stack stops them in reverse order). */
  onStarted: (stop: () => Promise<void>) => void;
  progress: (line: string) => void;
  /** Starts the run's mail delivery, timed, said and registered for stopping. */
  timedMail: (start: () => Promise<MailDelivery>) => Promise<TimedMail>;
}

export type TimedMail = MailDelivery & { timings: Record<string, number> };

/** What a stack mode's start answers: Logto, and the run's mail delivery. */
export interface LogtoAndMail {
  logto: LogtoStack;
  mail: TimedMail;
}

/**
 * Logto and the mail started at once: both are awaited however either ends (each registered for
 * stopping as it comes up), and the mail's failure is said first (Logto's often follows from it).
 */
export async function bothStarted(
  mail: Promise<TimedMail>,
  logto: Promise<LogtoStack>,
  onStarted: ModeStartOptions['onStarted'],
): Promise<LogtoAndMail> {
  const logtoUp = logto.then((started) => {
    onStarted(() => started.stop());
    return started;
  });
  const [m, l] = await Promise.allSettled([mail, logtoUp]);
  if (m.status === 'rejected') throw m.reason;
  if (l.status === 'rejected') throw l.reason;
  return { logto: l.value, mail: m.value };
}
