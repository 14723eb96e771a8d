import { AbstractStartedContainer, GenericContainer, type StartedTestContainer } from 'testcontainers';
import type { ImapSettings } from '../../mail/mailbox/imap-settings.js';
import type { SinkControl } from '../../mail/ses-faults.js';
import type { ContainerRun } from './container-run.js';
import { mailSinkContext, mailSinkImage, mailSinkPorts, mailSinkSpec } from './definitions.js';
import { loopbackHost } from './loopback-container.js';
import { SpecContainer } from './spec-container.js';

const mailboxUser = 'e2e';

/** The mail sink (docker/mail: the SES v2 emulator in front of Dovecot), built here. */
export class MailSinkContainer extends SpecContainer {
  constructor(
    private readonly credentials: { mailboxPassword: string; sinkSecret: string },
    run: ContainerRun,
    account?: string,
  ) {
    super(mailSinkSpec(mailboxUser, credentials.mailboxPassword, credentials.sinkSecret, account), run);
  }

  /** Builds the image (minutes the first time, the engine's cache after), then starts it. */
  override async start(): Promise<StartedMailSinkContainer> {
    this.run.progress('  building the mail sink image (docker/mail; minutes the first time, cached after)…');
    const built = performance.now();
    await GenericContainer.fromDockerfile(mailSinkContext).build(mailSinkImage, { deleteOnExit: false });
    this.run.progress(`  mail sink image: ${Math.round(performance.now() - built)} ms`);
    return new StartedMailSinkContainer(await this.startInRun(), this.credentials);
  }
}

export class StartedMailSinkContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    private readonly credentials: { mailboxPassword: string; sinkSecret: string },
  ) {
    super(started);
  }

  /** The inbox over plain IMAP on the host's loopback. */
  getImapSettings(): ImapSettings {
    return {
      host: loopbackHost,
      port: this.getMappedPort(mailSinkPorts.imap),
      secure: false,
      user: mailboxUser,
      password: this.credentials.mailboxPassword,
    };
  }

  /** The address every test plus-addresses. */
  getAddress(): string {
    return `${mailboxUser}@example.test`;
  }

  /** The SES v2 API (and the sink's store), as the host reaches it. */
  getSesEndpoint(): string {
    return `http://${loopbackHost}:${this.getMappedPort(mailSinkPorts.ses)}`;
  }

  /** The store and fault controls, with the run's secret. */
  getSinkControl(): SinkControl {
    return { sesEndpoint: this.getSesEndpoint(), secret: this.credentials.sinkSecret };
  }
}
