import { randomBytes } from 'node:crypto';
import type { EmailTemplate } from '../../logto-admin/email-templates.js';
import { scriptInContainer, sinkAlias, type ContainerFront } from '../container-front.js';
import { httpTemplatesJson } from './http-sink.js';

const port = 8080;

/** The HTTP mail service in the sink's container, with this run's token and secret, rendering `templates`. */
export function httpContainerFront(templates: EmailTemplate[]): ContainerFront {
  const secret = randomBytes(24).toString('hex');
  const token = randomBytes(24).toString('hex');
  const front = scriptInContainer('http/http-front.mjs');
  return {
    args: [
      front.target,
      '--host',
      '0.0.0.0',
      '--templates',
      '/etc/mail-sink/http-templates.json',
      '--lmtp-port',
      '24',
      '--port',
      String(port),
    ],
    env: { HTTP_SINK_SECRET: secret, HTTP_SINK_TOKEN: token },
    files: [scriptInContainer('lmtp-relay.mjs'), front],
    contents: [{ content: httpTemplatesJson(templates), target: '/etc/mail-sink/http-templates.json', mode: 0o600 }],
    ports: [port],
    readyPort: port,
    delivery: (hostUrl) => ({
      http: { endpoint: `http://${sinkAlias}:${port}/send`, token, control: { sesEndpoint: hostUrl(port), secret } },
    }),
  };
}
