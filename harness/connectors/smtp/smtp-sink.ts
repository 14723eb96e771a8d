import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathAndHome } from '../../config/child-env.js';
import type { SinkControl } from '../../mail/sink-control.js';
import { selfSignedCertificate } from '../../mail/sink/dovecot.js';
import { ManagedProcess } from '../../process/managed-process.js';

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

const frontScript = fileURLToPath(new URL('./smtp-front.mjs', import.meta.url));

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
  const proc = new ManagedProcess({
    name: 'smtp-front',
    command: process.execPath,
    args: [
      frontScript,
      '--host',
      '127.0.0.1',
      '--cert',
      join(certDir, 'tls.crt'),
      '--key',
      join(certDir, 'tls.key'),
      '--lmtp-port',
      String(o.lmtpPort),
    ],
    env: {
      PATH: pathAndHome().PATH,
      NODE_ENV: 'production',
      SMTP_SINK_SECRET: secret,
      SMTP_SINK_USER: user,
      SMTP_SINK_PASSWORD: password,
    },
    logFile: o.logFile,
  });
  const ports = await new Promise<{ starttls: number; implicit: number; control: number }>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`Timed out waiting for the sink's SMTP server to listen; its output:\n${proc.tail()}`)),
      o.startTimeoutMs ?? 10_000,
    );
    proc.onOutput((chunk) => {
      if (output.length > 10_000) return;
      output += chunk;
      const ready = /smtp-front: ready (\{.*\})/.exec(output);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve(JSON.parse(ready[1]) as { starttls: number; implicit: number; control: number });
      }
    });
    void proc.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`The sink's SMTP server ${proc.exitDescription}:\n${proc.tail()}`));
    });
  }).catch(async (error: unknown) => {
    await proc.stop();
    throw error;
  });
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
