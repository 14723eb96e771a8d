import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { M2mCredentials } from '../../logto-admin/management-api.js';
import type { MailDelivery } from '../../mail/delivery.js';
import type { MailConnectorName } from '../../connectors/email-connectors.js';
import { freePorts } from '../../process/free-port.js';
import type { LogtoStack } from '../logto-stack.js';
import type { StackSettings } from '../stack-settings.js';
import { ContainerRun } from './container-run.js';
import { LogtoContainer, type StartedLogtoContainer } from './logto-container.js';
import { MailSinkContainer, type StartedMailSinkContainer } from './mail-sink-container.js';
import { PostgresContainer, type StartedPostgresContainer } from './postgres-container.js';
import { SeedImagePolicy } from './seed-image-policy.js';
import { removeStaleContainers } from './stale-containers.js';

export interface ContainerStack {
  logto: LogtoStack;
  /** The mail sink container (sink mode), or undefined with real SES. */
  mail: MailDelivery | undefined;
}

export interface ContainerStackOptions {
  logDir: string;
  progress?: (line: string) => void;
  /**
   * The run's M2M app, put into Logto's database (given as the host reaches it): as soon as
   * Postgres is up on a seed image (while Logto boots), else once Logto has seeded it.
   */
  provisionM2m: (databaseUrl: string) => Promise<M2mCredentials>;
}

/**
 * Postgres, the mail sink and Logto on one network, started in parallel where independent;
 * logs saved to `logDir`. Everything is labelled: with Ryuk on it removes what a dead run left,
 * with Ryuk off the next run does (and says so).
 */
export async function startContainerStack(settings: StackSettings, o: ContainerStackOptions): Promise<ContainerStack> {
  const progress = o.progress ?? (() => undefined);
  const timings: Record<string, number> = {};
  const removed = await removeStaleContainers(settings.E2E_RUN_TTL_HOURS * 3600_000);
  if (removed.length > 0) progress(`Removed what killed runs left: ${removed.join('; ')}`);
  const run = await ContainerRun.open({ logDir: o.logDir, timeoutScale: settings.E2E_TIMEOUT_SCALE, progress });
  try {
    const postgresPassword = randomBytes(12).toString('hex');
    const credentials = {
      mailboxPassword: randomBytes(12).toString('hex'),
      sinkSecret: randomBytes(24).toString('hex'),
    };
    const sink = settings.MAIL_MODE === 'sink';
    const [hostPort = 0, adminHostPort = 0] = await freePorts(2);
    const t0 = performance.now();
    const seedImage = await SeedImagePolicy.of({
      enabled: settings.LOGTO_SEED_CACHE !== undefined,
      logtoImage: settings.LOGTO_IMAGE,
      postgresImage: settings.POSTGRES_IMAGE,
    });
    const mailSinkStarted = sink
      ? MailSinkContainer.for(credentials, run, {
          account: settings.SES_SINK_ACCOUNT,
          connector: settings.MAIL_CONNECTOR,
          templates: settings.connector?.templates ?? [],
        }).then((container) => container.start())
      : Promise.resolve(undefined);
    /** On the seed image, the run's M2M app goes in as soon as Postgres is up, while Logto boots. */
    let earlyM2m: Promise<M2mCredentials> | undefined;
    // Postgres and Logto together: Logto waits inside its container until Postgres takes logins.
    const startPostgresAndLogto = async (fromSeedImage: string | undefined) => {
      progress(
        `  starting Logto (${settings.LOGTO_IMAGE}: ${fromSeedImage ? 'on the seed image' : 'seed, then boot'})…`,
      );
      const t1 = performance.now();
      // Settled, not raced: a container still starting when its sibling fails is stopped too.
      // Logto waits for Postgres: if Postgres fails, Logto's start gives up at once.
      const postgresFailed = new AbortController();
      const postgres = new PostgresContainer(fromSeedImage ?? settings.POSTGRES_IMAGE, postgresPassword, run, {
        fromSeedImage: fromSeedImage !== undefined,
      })
        .start()
        .catch((error: unknown) => {
          postgresFailed.abort(new Error('Postgres did not start'));
          throw error;
        })
        .then((started) => {
          if (fromSeedImage) {
            earlyM2m = o.provisionM2m(started.getHostDatabaseUrl());
            earlyM2m.catch(() => undefined); // awaited below, or dropped with a seed image that failed
          }
          return started;
        });
      const logto = new LogtoContainer(
        {
          image: settings.LOGTO_IMAGE,
          hostPort,
          adminHostPort,
          postgresPassword,
          sesThroughSink: sink,
          seeded: fromSeedImage !== undefined,
          postgresWaitMs: Math.round(120_000 * settings.E2E_TIMEOUT_SCALE),
        },
        run,
        postgresFailed.signal,
      ).start();
      const results = await Promise.allSettled([postgres, logto]);
      timings[fromSeedImage ? 'logtoBoot' : 'logtoSeedAndBoot'] = Math.round(performance.now() - t1);
      return results;
    };
    let [postgresResult, logtoResult] = await startPostgresAndLogto(seedImage.image);
    if (seedImage.image && (postgresResult.status === 'rejected' || logtoResult.status === 'rejected')) {
      // A seed image that does not start (or lacks Logto's database) is dropped and made again.
      const failed = [postgresResult, logtoResult].find((r) => r.status === 'rejected') as PromiseRejectedResult;
      await Promise.all(
        [postgresResult, logtoResult].map((r) => run.drop(r.status === 'fulfilled' ? r.value : undefined)),
      );
      const tag = await seedImage.discard();
      progress(
        `  the seed image ${tag} did not start (${String((failed.reason as Error).message ?? failed.reason).split('\n')[0]}); removed, seeding instead`,
      );
      delete timings.logtoBoot;
      earlyM2m = undefined;
      [postgresResult, logtoResult] = await startPostgresAndLogto(undefined);
    }
    const [mailSinkResult] = await Promise.allSettled([mailSinkStarted]);
    if (postgresResult.status === 'rejected') throw postgresResult.reason;
    if (logtoResult.status === 'rejected') throw logtoResult.reason;
    if (mailSinkResult.status === 'rejected') throw mailSinkResult.reason;
    const postgres: StartedPostgresContainer = postgresResult.value;
    const logto: StartedLogtoContainer = logtoResult.value;
    timings.containers = Math.round(performance.now() - t0);
    // Kept before anything of this run (its M2M app) is in the database.
    const t2 = performance.now();
    const saved = await seedImage.keep(postgres, run.labels);
    if (saved) {
      timings.seedImageSave = Math.round(performance.now() - t2);
      progress(`  seed image saved for later stacks: ${saved} (${timings.seedImageSave} ms)`);
    }
    const m2m = await (earlyM2m ?? o.provisionM2m(postgres.getHostDatabaseUrl()));
    const logs = run.logs;
    return {
      logto: {
        mode: 'containers',
        endpoint: logto.getEndpoint(),
        adminEndpoint: logto.getAdminEndpoint(),
        tenantId: logto.getTenantId(),
        resource: logto.getManagementApiResource(),
        m2m,
        secrets: [postgresPassword],
        logs: logs.filter((l) => l.name !== 'mail-sink.log'),
        timings,
        stop: () => run.stop(),
      },
      mail: mailSinkResult.value && sinkDelivery(mailSinkResult.value, settings.MAIL_CONNECTOR, o.logDir, run),
    };
  } catch (error) {
    await run.stop();
    throw error;
  }
}

/** The sink container as the stack's mail delivery (stopped with the other containers). */
function sinkDelivery(
  sink: StartedMailSinkContainer,
  connector: MailConnectorName,
  logDir: string,
  run: ContainerRun,
): MailDelivery {
  return {
    info: {
      mode: 'sink',
      connector,
      ...sink.getFrontDelivery(),
      reach: sink.getReach(),
      imap: sink.getImapSettings(),
      address: sink.getAddress(),
      wait: 'noop',
      sesEndpoint: sink.getSesEndpoint(),
      sink: sink.getSinkControl(),
      emulatorLog: join(logDir, 'mail-sink.log'),
      // The container's spamd, through its SES front (secret-gated, like the store).
      spamd: { relay: sink.getSinkControl() },
    },
    logs: run.logs.filter((l) => l.name === 'mail-sink.log'),
    stop: async () => undefined,
  };
}
