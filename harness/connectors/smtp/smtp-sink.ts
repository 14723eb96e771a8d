import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SinkControl } from '../../mail/sink-control.js';
import { selfSignedCertificate } from '../../mail/sink/dovecot.js';
import type { ManagedProcess } from '../../process/managed-process.js';
import { startSinkFront } from '../sink-front.js';

/** The sink's SMTP server as Logto's SMTP connector is configured for it (JSON: workers get it). */
export interface SmtpSinkInfo {
  host: string;
  /** The submission port's way: plain, then STARTTLS (as 587). */
  starttlsPort: number;
  /** Implicit TLS from the first byte (as 465). */
  implicitPort: number;
  user: string;
  password: string;
  /** The server's self-signed certificate: Logto trusts it as its CA (the connector's `tls.ca`). */
  ca: string;
  /** Its fault controls and journal, with the run's secret. */
  control: SinkControl;
}

export interface RunningSmtpSink {
  info: SmtpSinkInfo;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Starts the SMTP front on free 127.0.0.1 ports, handing each mail on to Dovecot's LMTP port. */
export async function startSmtpSink(o: {
  lmtpPort: number;
  /** The sink's own folder (0700, removed with it): the certificate is made there. */
  workDir: string;
  logFile: string;
  startTimeoutMs?: number;
}): Promise<RunningSmtpSink> {
  const certDir = join(o.workDir, 'smtp-tls');
  mkdirSync(certDir, { mode: 0o700 });
  const ca = await selfSignedCertificate(certDir);
  const secret = randomBytes(24).toString('hex');
  const user = 'e2e-smtp';
  const password = `smtp-${randomBytes(12).toString('hex')}`;
  const { ready: ports, process: proc } = await startSinkFront<{ starttls: number; implicit: number; control: number }>(
    {
      name: 'smtp-front',
      script: './smtp/smtp-front.mjs',
      args: [
        '--host',
        '127.0.0.1',
        '--cert',
        join(certDir, 'tls.crt'),
        '--key',
        join(certDir, 'tls.key'),
        '--lmtp-port',
        String(o.lmtpPort),
      ],
      env: { SMTP_SINK_SECRET: secret, SMTP_SINK_USER: user, SMTP_SINK_PASSWORD: password },
      logFile: o.logFile,
      startTimeoutMs: o.startTimeoutMs,
    },
  );
  return {
    info: {
      host: '127.0.0.1',
      starttlsPort: ports.starttls,
      implicitPort: ports.implicit,
      user,
      password,
      ca,
      control: { sesEndpoint: `http://127.0.0.1:${ports.control}`, secret },
    },
    process: proc,
    stop: () => proc.stop(),
  };
}
