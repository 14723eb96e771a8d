import { expects, required, setting, type Settings } from '../../config/settings.js';
import { emailConnectors } from '../email-connectors.js';
import type { EmailConnectorSetup } from '../logto-email-connector.js';

/** A team's own mail service (MAIL_MODE=real, MAIL_CONNECTOR=http): where Logto posts, and its Authorization header. */
export const httpProviderSchema = {
  HTTP_MAIL_ENDPOINT: setting.optionalUrl(),
  HTTP_MAIL_AUTHORIZATION: setting.optionalString(),
};
export type HttpProviderSettings = Settings<typeof httpProviderSchema>;

/** Logto's HTTP email connector for the team's service; its endpoint required before anything starts. */
export function httpProviderSetup(s: HttpProviderSettings): EmailConnectorSetup {
  const endpoint = required(
    s.HTTP_MAIL_ENDPOINT,
    'HTTP_MAIL_ENDPOINT',
    `${expects.url}: where the team's mail service takes Logto's posts (MAIL_CONNECTOR=http, MAIL_MODE=real)`,
  );
  return {
    factoryId: emailConnectors.http.factoryId,
    config: { endpoint, ...(s.HTTP_MAIL_AUTHORIZATION ? { authorization: s.HTTP_MAIL_AUTHORIZATION } : {}) },
  };
}
