import { fileURLToPath } from 'node:url';
import type { MailDeliveryInfo } from '../mail/delivery-info.js';

/** The name Logto reaches the mail sink's container by, on the run's network. */
export const sinkAlias = 'mail-sink';

/**
 * A connector's front in the mail sink's container: the same script local mode runs, copied in
 * at start (`files`, with what this run made: `contents`), started by the image's entrypoint
 * with `args` (no spaces in any) once Dovecot is up; the container is ready once `readyPort`
 * takes connections. `env` holds its secrets, which the entrypoint drops after starting it.
 */
export interface ContainerFront {
  args: string[];
  env: Record<string, string>;
  files: { source: string; target: string }[];
  contents: { content: string; target: string; mode?: number }[];
  /** The container ports it listens on: published on 127.0.0.1. */
  ports: number[];
  readyPort: number;
  /** Its part of the run's mail delivery, `hostUrl` being where the harness reaches a port. */
  delivery(hostUrl: (port: number) => string): Pick<MailDeliveryInfo, 'smtp' | 'http'>;
}

/** One of harness/connectors' scripts, at the same path under /etc/mail-sink/connectors in the container. */
export function scriptInContainer(path: string): { source: string; target: string } {
  return { source: fileURLToPath(new URL(`./${path}`, import.meta.url)), target: `/etc/mail-sink/connectors/${path}` };
}
