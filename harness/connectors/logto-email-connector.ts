import { isDeepStrictEqual } from 'node:util';
import type { EmailTemplate } from '../logto-admin/email-templates.js';
import { expectOk, type ManagementApi } from '../logto-admin/management-api.js';
import type { Change } from '../logto-admin/setup/traditional-app.js';
import { emailConnectors } from './email-connectors.js';

/** A Logto email connector as the Management API takes it: its factory and its configuration. */
export interface EmailConnectorSetup {
  /** Logto's connector factory (`aws-ses-mail`, `simple-mail-transfer-protocol`). */
  factoryId: string;
  /** Its configuration; `templates` where the connector renders the mail (not HTTP's). */
  config: { templates?: EmailTemplate[] } & Record<string, unknown>;
}

const knownFactories = new Set<string>(Object.values(emailConnectors).map((c) => c.factoryId));

/**
 * Creates the email connector (Logto keeps one: it replaces any other email connector) or
 * updates its config. A Logto without that connector installed is named in one line.
 */
export async function ensureEmailConnector(
  api: ManagementApi,
  setup: EmailConnectorSetup,
): Promise<{ id: string; change: Change }> {
  const what = whatIs(setup.factoryId);
  const step = `Configure the ${what} connector`;
  const body = withoutUndefined(setup.config);
  const connectors = await expectOk(step, api.GET('/api/connectors'));
  const existing = connectors.find((c) => c.connectorId === setup.factoryId);
  if (!existing) {
    const factories = await expectOk('Read the connector factories', api.GET('/api/connector-factories'));
    if (!factories.some((f) => f.id === setup.factoryId)) {
      throw new Error(
        `This Logto has no ${what} connector installed (factory ${setup.factoryId}): link it into the installation (npx @logto/cli connector link, or the official image, which has them all), or choose another MAIL_CONNECTOR`,
      );
    }
    const created = await expectOk(
      step,
      api.POST('/api/connectors', { body: { connectorId: setup.factoryId, config: body } }),
    );
    return { id: created.id, change: 'created' };
  }
  if (isDeepStrictEqual(existing.config, body)) return { id: existing.id, change: 'unchanged' };
  await expectOk(
    step,
    api.PATCH('/api/connectors/{id}', { params: { path: { id: existing.id } }, body: { config: body } }),
  );
  return { id: existing.id, change: 'updated' };
}

/** The tenant's own email connector of a kind this harness knows, as it is. */
export async function readEmailConnector(api: ManagementApi): Promise<EmailConnectorSetup & { id: string }> {
  const connectors = await expectOk('Read the connectors', api.GET('/api/connectors'));
  const existing = connectors.find((c) => knownFactories.has(c.connectorId));
  if (!existing) {
    throw new Error(`The tenant has no email connector this harness knows (${[...knownFactories].join(', ')})`);
  }
  return {
    id: existing.id,
    factoryId: existing.connectorId,
    config: existing.config as EmailConnectorSetup['config'],
  };
}

/** The console's "Send" test email: Logto sends the Generic template with code 000000. */
export async function sendConnectorTestEmail(
  api: ManagementApi,
  to: string,
  setup: EmailConnectorSetup,
): Promise<void> {
  await expectOk(
    `Send the connector's test email to ${to}`,
    api.POST('/api/connectors/{factoryId}/test', {
      params: { path: { factoryId: setup.factoryId } },
      body: { email: to, config: withoutUndefined(setup.config) },
    }),
  );
}

/** Templates in the shape a connector's config takes them (SMTP's carry a content type). */
export function templatesFor(factoryId: string, templates: EmailTemplate[]): EmailTemplate[] {
  const fields = Object.values(emailConnectors).find((c) => c.factoryId === factoryId)?.templateFields ?? {};
  return templates.map((t) => ({ ...fields, ...t }));
}

/** Why Logto's templates (the connector's, by language) do nothing with this connector; undefined when they do. */
export function templatesUnusedReason(factoryId: string): string | undefined {
  const row = Object.values(emailConnectors).find((c) => c.factoryId === factoryId);
  return row && !row.logtoRenders
    ? `needs Logto's email templates, and the tenant's ${row.what} connector uses none: Logto posts the usage type, the code and the locale, and the service renders the mail (run with MAIL_CONNECTOR=ses or smtp)`
    : undefined;
}

function whatIs(factoryId: string): string {
  return Object.values(emailConnectors).find((c) => c.factoryId === factoryId)?.what ?? factoryId;
}

function withoutUndefined(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
}
