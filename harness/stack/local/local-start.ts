import { startMailDelivery } from '../../mail/delivery.js';
import { sesEndpointFor } from '../../mail/sink/mail-sink.js';
import { freePort } from '../../process/free-port.js';
import { bothStarted, type LogtoAndMail, type ModeStartOptions } from '../mode-start.js';
import type { StackSettings } from '../stack-settings.js';
import { startLocalLogto } from './local-logto.js';

/** Local mode: Postgres and Logto from the installation at LOGTO_HOME, the mail sink beside them. */
export async function startLocally(settings: StackSettings, o: ModeStartOptions): Promise<LogtoAndMail> {
  // The SES port is chosen now, so Logto gets its endpoint without waiting for the sink to be up
  // (Logto only sends when a test asks for a code, long after both are up).
  const sesPort = settings.MAIL_MODE === 'sink' ? await freePort() : undefined;
  // The mail sink starts once Logto's database is up. Both are needed only once Logto answers;
  // starting everything at once slowed Logto's boot on 2 cores more than the sink takes.
  let databaseUp: () => void = () => undefined;
  const afterDatabase = new Promise<void>((resolve) => (databaseUp = resolve));
  const mail = (async () => {
    await afterDatabase;
    return o.timedMail(() =>
      startMailDelivery(settings.MAIL_MODE, o.logDir, {
        sesPort,
        inbox: settings.inbox,
        account: settings.SES_SINK_ACCOUNT,
        connector: settings.MAIL_CONNECTOR,
        templates: settings.connector?.templates,
      }),
    );
  })();
  const logto = startLocalLogto({
    logtoHome: settings.LOGTO_HOME,
    node: settings.LOGTO_NODE,
    sesEndpoint: sesPort === undefined ? undefined : sesEndpointFor(sesPort),
    logDir: o.logDir,
    startTimeoutMs: settings.LOGTO_START_TIMEOUT_MS,
    progress: o.progress,
    seedCacheDir: settings.LOGTO_SEED_CACHE,
    onDatabaseUp: () => databaseUp(),
  });
  void logto.finally(() => databaseUp()).catch(() => undefined); // however Logto's start ends
  return bothStarted(mail, logto, o.onStarted);
}
