import { createOwnedM2mApp } from '../../logto-admin/owned-m2m.js';
import { startMailDelivery } from '../../mail/delivery.js';
import type { LogtoAndMail, ModeStartOptions } from '../mode-start.js';
import type { StackSettings } from '../stack-settings.js';
import { startContainerStack } from './container-stack.js';

/** Containers mode: Postgres, Logto and (MAIL_MODE=sink) the mail sink on one container network. */
export async function startInContainers(settings: StackSettings, o: ModeStartOptions): Promise<LogtoAndMail> {
  const containers = await startContainerStack(settings, {
    logDir: o.logDir,
    progress: o.progress,
    provisionM2m: createOwnedM2mApp,
  });
  o.onStarted(() => containers.logto.stop());
  // The mail sink is a container on Logto's network there (real SES needs no sink).
  const mail = containers.mail
    ? { ...containers.mail, timings: {} }
    : await o.timedMail(() =>
        startMailDelivery('ses', o.logDir, { inbox: settings.inbox, connector: settings.MAIL_CONNECTOR }),
      );
  return { logto: containers.logto, mail };
}
