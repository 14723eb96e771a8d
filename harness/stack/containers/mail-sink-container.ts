import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbstractStartedContainer, GenericContainer, type StartedTestContainer } from 'testcontainers';
import type { MailConnectorName } from '../../connectors/email-connectors.js';
import type { HttpSinkInfo } from '../../connectors/http/http-sink.js';
import { httpTemplatesJson } from '../../connectors/http/http-sink.js';
import type { SinkReach } from '../../connectors/sink-reach.js';
import type { SmtpSinkInfo } from '../../connectors/smtp/smtp-sink.js';
import type { EmailTemplate } from '../../logto-admin/email-templates.js';
import type { ImapSettings } from '../../mail/mailbox/imap-settings.js';
import type { SinkControl } from '../../mail/ses-faults.js';
import { selfSignedCertificate } from '../../mail/sink/dovecot.js';
import type { ContainerRun } from './container-run.js';
import {
  mailSinkContext,
  mailSinkImage,
  mailSinkPorts,
  mailSinkSpec,
  networkAliases,
  type SinkFront,
} from './definitions.js';
import { loopbackHost } from './loopback-container.js';
import { SpecContainer } from './spec-container.js';

const mailboxUser = 'e2e';

/** The front for MAIL_CONNECTOR (none for SES), with this run's secrets and files. */
async function frontFor(connector: MailConnectorName, templates: EmailTemplate[]): Promise<SinkFront | undefined> {
  const secret = randomBytes(24).toString('hex');
  if (connector === 'http') {
    return { connector, secret, token: randomBytes(24).toString('hex'), templatesJson: httpTemplatesJson(templates) };
  }
  if (connector !== 'smtp') return undefined;
  // Made here (the harness hands Logto its CA), valid for the name Logto reaches the sink by.
  const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-smtp-tls-'));
  try {
    const cert = await selfSignedCertificate(dir, [networkAliases.mailSink]);
    const key = readFileSync(join(dir, 'tls.key'), 'utf8');
    return {
      connector,
      secret,
      user: 'e2e-smtp',
      password: `smtp-${randomBytes(12).toString('hex')}`,
      tls: { cert, key },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The mail sink (docker/mail: the SES v2 emulator in front of Dovecot, and the connector's front), built here. */
export class MailSinkContainer extends SpecContainer {
  constructor(
    private readonly credentials: { mailboxPassword: string; sinkSecret: string },
    run: ContainerRun,
    account: string | undefined,
    private readonly front: SinkFront | undefined,
  ) {
    super(mailSinkSpec(mailboxUser, credentials.mailboxPassword, credentials.sinkSecret, account, front), run);
  }

  /** The sink for MAIL_CONNECTOR: its front's secrets and certificate made for this run. */
  static async for(
    credentials: { mailboxPassword: string; sinkSecret: string },
    run: ContainerRun,
    o: { account: string | undefined; connector: MailConnectorName; templates: EmailTemplate[] },
  ): Promise<MailSinkContainer> {
    return new MailSinkContainer(credentials, run, o.account, await frontFor(o.connector, o.templates));
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
    private readonly front: SinkFront | undefined,
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

  /** The SMTP server as Logto reaches it on the network (MAIL_CONNECTOR=smtp); its controls as the host does. */
  getSmtpInfo(): SmtpSinkInfo | undefined {
    if (this.front?.connector !== 'smtp') return undefined;
    return {
      host: networkAliases.mailSink,
      starttlsPort: mailSinkPorts.starttls,
      implicitPort: mailSinkPorts.implicit,
      user: this.front.user,
      password: this.front.password,
      ca: this.front.tls.cert,
      control: { sesEndpoint: this.hostUrl(mailSinkPorts.smtpControl), secret: this.front.secret },
    };
  }

  /** The HTTP mail service as Logto reaches it on the network (MAIL_CONNECTOR=http); its controls as the host does. */
  getHttpInfo(): HttpSinkInfo | undefined {
    if (this.front?.connector !== 'http') return undefined;
    return {
      endpoint: `http://${networkAliases.mailSink}:${mailSinkPorts.http}/send`,
      token: this.front.token,
      control: { sesEndpoint: this.hostUrl(mailSinkPorts.http), secret: this.front.secret },
    };
  }

  /** Where the host reaches what Logto is given on the network: the front's published ports. */
  getReach(): SinkReach {
    const ports =
      this.front?.connector === 'smtp'
        ? [mailSinkPorts.starttls, mailSinkPorts.implicit]
        : this.front?.connector === 'http'
          ? [mailSinkPorts.http]
          : [];
    return Object.fromEntries(
      ports.map((p) => [`${networkAliases.mailSink}:${p}`, `${loopbackHost}:${this.getMappedPort(p)}`]),
    );
  }

  private hostUrl(port: number): string {
    return `http://${loopbackHost}:${this.getMappedPort(port)}`;
  }
}
