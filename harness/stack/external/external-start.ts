import { startMailDelivery } from '../../mail/delivery.js';
import { bothStarted, type LogtoAndMail, type ModeStartOptions } from '../mode-start.js';
import type { StackSettings } from '../stack-settings.js';
import { externalLogto } from './external-logto.js';

/** External mode: an existing Logto (nothing started), its mail read from a real inbox. */
export async function reachExisting(settings: StackSettings, o: ModeStartOptions): Promise<LogtoAndMail> {
  const mail = o.timedMail(() =>
    startMailDelivery(settings.MAIL_MODE, o.logDir, {
      inbox: settings.inbox,
      account: settings.SES_SINK_ACCOUNT,
      connector: settings.MAIL_CONNECTOR,
    }),
  );
  return bothStarted(mail, externalLogto(settings), o.onStarted);
}
