import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmailTemplate } from '../../logto-admin/email-templates.js';
import type { SinkControl } from '../../mail/sink-control.js';
import type { ManagedProcess } from '../../process/managed-process.js';
import { startSinkFront } from '../sink-front.js';

/** The sink's HTTP mail service as Logto's HTTP email connector is configured for it (JSON). */
export interface HttpSinkInfo {
  /** Where Logto posts each mail (the connector's `endpoint`). */
  endpoint: string;
  /** The service's token (the connector's `authorization`, as `Bearer <token>`). */
  token: string;
  /** Its fault controls and journal, with the run's secret. */
  control: SinkControl;
}

/** The service's own template for the app's magic-link mail (`{{link}}` from the post's payload). */
const magicLinkTemplate: EmailTemplate = {
  usageType: 'MagicLink',
  subject: 'Your sign-in link',
  content: '<p>Sign in with one click: <a href="{{link}}">sign in</a>. The link works once.</p>',
};

/** The templates the service renders (the run's, and its own for the magic link), as its --templates file holds them. */
export function httpTemplatesJson(templates: EmailTemplate[]): string {
  return JSON.stringify([...templates, magicLinkTemplate]);
}

/**
 * Starts the HTTP mail service on a free 127.0.0.1 port: it renders each mail from `templates`
 * (as a team's service holds its own) and hands it on to Dovecot's LMTP port.
 */
export async function startHttpSink(o: {
  lmtpPort: number;
  templates: EmailTemplate[];
  /** The sink's own folder (0700, removed with it): the templates are written there. */
  workDir: string;
  logFile: string;
}): Promise<{ info: HttpSinkInfo; process: ManagedProcess; stop(): Promise<void> }> {
  const templatesFile = join(o.workDir, 'http-templates.json');
  writeFileSync(templatesFile, httpTemplatesJson(o.templates), { mode: 0o600 });
  const secret = randomBytes(24).toString('hex');
  const token = randomBytes(24).toString('hex');
  const { ready, process } = await startSinkFront<{ port: number }>({
    name: 'http-front',
    script: './http/http-front.mjs',
    args: ['--host', '127.0.0.1', '--templates', templatesFile, '--lmtp-port', String(o.lmtpPort)],
    env: { HTTP_SINK_SECRET: secret, HTTP_SINK_TOKEN: token },
    logFile: o.logFile,
  });
  const base = `http://127.0.0.1:${ready.port}`;
  return {
    info: { endpoint: `${base}/send`, token, control: { sesEndpoint: base, secret } },
    process,
    stop: () => process.stop(),
  };
}
