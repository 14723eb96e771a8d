import { emailConnectors } from '../email-connectors.js';
import type { EmailConnectorSetup } from '../logto-email-connector.js';
import type { HttpSinkInfo } from './http-sink.js';

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
