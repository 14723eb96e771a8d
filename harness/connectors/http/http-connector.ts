import { emailConnectors } from '../email-connectors.js';
import type { EmailConnectorSetup } from '../logto-email-connector.js';
import type { HttpSinkInfo } from './http-sink.js';
import { urlFromHarness, type SinkReach } from '../sink-reach.js';

/**
 * Logto's HTTP email connector as its console has it: the service's endpoint and the
 * Authorization header Logto sends with each post. It carries no templates: the service renders
 * the mail (the sink's renders the harness's templates, by usage type).
 */
export function httpConnectorSetup(sink: HttpSinkInfo): EmailConnectorSetup {
  return {
    factoryId: emailConnectors.http.factoryId,
    config: { endpoint: sink.endpoint, authorization: `Bearer ${sink.token}` },
  };
}

/** The connector's config as the harness posts with it (a backend's send): its endpoint where the harness reaches it. */
export function httpConfigFromHarness(
  config: Record<string, unknown>,
  reach: SinkReach | undefined,
): Record<string, unknown> {
  return typeof config.endpoint === 'string' ? { ...config, endpoint: urlFromHarness(reach, config.endpoint) } : config;
}
