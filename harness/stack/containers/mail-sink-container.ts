import { AbstractStartedContainer, GenericContainer, type StartedTestContainer } from 'testcontainers';
import type { MailConnectorName } from '../../connectors/email-connectors.js';
import type { SinkReach } from '../../connectors/sink-reach.js';
import type { EmailTemplate } from '../../logto-admin/email-templates.js';
import type { ImapSettings } from '../../mail/mailbox/imap-settings.js';
import type { SinkControl } from '../../connectors/ses/ses-faults.js';
import type { MailDeliveryInfo } from '../../mail/delivery.js';
import { connectorParts } from '../../connectors/connector-parts.js';
import type { ContainerFront } from '../../connectors/container-front.js';
import type { ContainerRun } from './container-run.js';
import { mailSinkContext, mailSinkImage, mailSinkPorts, mailSinkSpec, networkAliases } from './definitions.js';
import { loopbackHost } from './loopback-container.js';
import { SpecContainer } from './spec-container.js';

const mailboxUser = 'e2e';

/** The mail sink (docker/mail: the SES v2 emulator in front of Dovecot, and the connector's front), built here. */
export class MailSinkContainer extends SpecContainer {
  constructor(
    private readonly credentials: { mailboxPassword: string; sinkSecret: string },
    run: ContainerRun,
    account: string | undefined,
    private readonly front: ContainerFront | undefined,
  ) {
    super(mailSinkSpec(mailboxUser, credentials.mailboxPassword, credentials.sinkSecret, account, front), run);
  }

  /** The sink for MAIL_CONNECTOR: its front's secrets and certificate made for this run. */
  static async for(
    credentials: { mailboxPassword: string; sinkSecret: string },
    run: ContainerRun,
    o: { account: string | undefined; connector: MailConnectorName; templates: EmailTemplate[] },
  ): Promise<MailSinkContainer> {
    return new MailSinkContainer(
      credentials,
      run,
      o.account,
      await connectorParts[o.connector].containerFront(o.templates),
    );
  }

  /** Builds the image (minutes the first time, the engine's cache after), then starts it. */
  override async start(): Promise<StartedMailSinkContainer> {
    this.run.progress('  building the mail sink image (docker/mail; minutes the first time, cached after)…');
    const built = performance.now();
    await GenericContainer.fromDockerfile(mailSinkContext).build(mailSinkImage, { deleteOnExit: false });
    this.run.progress(`  mail sink image: ${Math.round(performance.now() - built)} ms`);
    return new StartedMailSinkContainer(await this.startInRun(), this.credentials, this.front);
  }
}

export class StartedMailSinkContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    private readonly credentials: { mailboxPassword: string; sinkSecret: string },
    private readonly front: ContainerFront | undefined,
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

  /** The front's part of the run's mail delivery: as Logto reaches it, its controls as the host does. */
  getFrontDelivery(): Pick<MailDeliveryInfo, 'smtp' | 'http'> {
    return this.front?.delivery((port) => this.hostUrl(port)) ?? {};
  }

  /** Where the host reaches what Logto is given on the network: the front's published ports. */
  getReach(): SinkReach {
    return Object.fromEntries(
      (this.front?.ports ?? []).map((p) => [
        `${networkAliases.mailSink}:${p}`,
        `${loopbackHost}:${this.getMappedPort(p)}`,
      ]),
    );
  }

  private hostUrl(port: number): string {
    return `http://${loopbackHost}:${this.getMappedPort(port)}`;
  }
}
