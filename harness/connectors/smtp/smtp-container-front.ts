import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate } from '../../mail/sink/dovecot.js';
import { scriptInContainer, sinkAlias, type ContainerFront } from '../container-front.js';

/** Its ports in the container: the submission port's and implicit TLS's, as a relay has them. */
const ports = { starttls: 587, implicit: 465, control: 8025 };

/** The SMTP server in the sink's container, with this run's account, secret and a certificate for its alias. */
export async function smtpContainerFront(): Promise<ContainerFront> {
  const secret = randomBytes(24).toString('hex');
  const user = 'e2e-smtp';
  const password = `smtp-${randomBytes(12).toString('hex')}`;
  // Made here (the harness hands Logto its CA), valid for the name Logto reaches the sink by.
  const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-smtp-tls-'));
  let cert: string;
  let key: string;
  try {
    cert = await selfSignedCertificate(dir, [sinkAlias]);
    key = readFileSync(join(dir, 'tls.key'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const front = scriptInContainer('smtp/smtp-front.mjs');
  return {
    args: [
      front.target,
      '--host',
      '0.0.0.0',
      '--cert',
      '/etc/mail-sink/smtp-tls.crt',
      '--key',
      '/etc/mail-sink/smtp-tls.key',
      '--lmtp-port',
      '24',
      '--starttls-port',
      String(ports.starttls),
      '--implicit-port',
      String(ports.implicit),
      '--control-port',
      String(ports.control),
    ],
    env: { SMTP_SINK_SECRET: secret, SMTP_SINK_USER: user, SMTP_SINK_PASSWORD: password },
    files: [scriptInContainer('lmtp-relay.mjs'), front],
    contents: [
      { content: cert, target: '/etc/mail-sink/smtp-tls.crt', mode: 0o644 },
      { content: key, target: '/etc/mail-sink/smtp-tls.key', mode: 0o600 },
    ],
    ports: [ports.starttls, ports.implicit, ports.control],
    readyPort: ports.control,
    delivery: (hostUrl) => ({
      smtp: {
        host: sinkAlias,
        starttlsPort: ports.starttls,
        implicitPort: ports.implicit,
        user,
        password,
        ca: cert,
        control: { sesEndpoint: hostUrl(ports.control), secret },
      },
    }),
  };
}
