import { expectOk, type ManagementApi } from '../../logto-admin/management-api.js';
import type { EmailTemplate } from '../../logto-admin/email-templates.js';
import type { Change } from '../../logto-admin/setup/traditional-app.js';
import { emailConnectors } from '../email-connectors.js';
import { ensureEmailConnector, type EmailConnectorSetup } from '../logto-email-connector.js';

export const sesConnectorId = emailConnectors.ses.factoryId;

/** The AWS SES connector's configuration, field for field as Logto's console has it. */
export interface SesConnectorConfig {
  accessKeyId: string;
  accessKeySecret: string;
  region: string;
  emailAddress?: string;
  emailAddressIdentityArn?: string;
  feedbackForwardingEmailAddress?: string;
  feedbackForwardingEmailAddressIdentityArn?: string;
  configurationSetName?: string;
  templates: EmailTemplate[];
}

/** The AWS SES connector as Logto's Management API takes it. */
export function sesConnectorSetup(config: SesConnectorConfig): EmailConnectorSetup {
  return { factoryId: sesConnectorId, config: { ...config } };
}

/** Creates the AWS SES connector (replacing any other email connector) or updates its config. */
export function ensureSesConnector(
  api: ManagementApi,
  config: SesConnectorConfig,
): Promise<{ id: string; change: Change }> {
  return ensureEmailConnector(api, sesConnectorSetup(config));
}

/** The AWS SES connector's configuration as the tenant has it now (its templates, its sender). */
export async function readSesConnectorConfig(api: ManagementApi): Promise<SesConnectorConfig> {
  const connectors = await expectOk('Read the connectors', api.GET('/api/connectors'));
  const existing = connectors.find((c) => c.connectorId === sesConnectorId);
  if (!existing) throw new Error(`The tenant has no AWS SES connector (${sesConnectorId})`);
  return existing.config as unknown as SesConnectorConfig;
}
