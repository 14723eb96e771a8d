import type { ManagementApi } from '../../logto-admin/management-api.js';
import { guideSignInExperience } from '../../logto-admin/setup/sign-in-experience.js';
import { emailConnectors, type MailConnectorName } from '../../connectors/email-connectors.js';
import type { EmailConnectorSetup } from '../../connectors/logto-email-connector.js';
import { TenantRecord } from '../../logto-admin/tenant-record.js';
import { restoreWhatTheRunSet, type RestoreResult, type TenantIntent } from '../../logto-admin/tenant-restore.js';
import { differencesFromGuide, readTenantState } from '../../logto-admin/tenant-state.js';
import type { StackSettings } from '../stack-settings.js';

export interface TenantGuardOptions {
  setup: StackSettings['E2E_TENANT_SETUP'];
  /** The connector the run sets (apply). */
  connector: EmailConnectorSetup | undefined;
  /** MAIL_CONNECTOR: the connector the tenant must send with (check). */
  connectorName: MailConnectorName;
  onStarted: (stop: () => Promise<void>) => void;
  report: (line: string) => void;
}

/**
 * A Logto the run did not start (E2E_TENANT_SETUP).
 * - `check` writes nothing, to the tenant or to disk: it reads the tenant, and stops the run
 *   listing what differs from the guide's setup (or runs with the tenant's own connector).
 * - `apply` takes the Logto for the run (one apply run at a time per Logto; another is refused,
 *   named), puts back what a killed run left, records the tenant as found and what the run
 *   will set, before any change, and at the end puts back only what still holds what the run
 *   set, naming what someone else changed meanwhile (left as they set it). After a kill, the
 *   next run does the same from the record, however old it is.
 */
export async function guardTenant(
  api: ManagementApi,
  endpoint: string,
  o: TenantGuardOptions,
): Promise<{ configure: boolean; emailConnector: EmailConnectorSetup | undefined }> {
  const record = new TenantRecord(endpoint);
  if (o.setup === 'check') {
    const left = record.leftBehind();
    if (left) {
      o.report(
        `A run that did not finish (pid ${left.pid}, ${left.startedAt}) left the Logto at ${endpoint} changed; check writes nothing: the next E2E_TENANT_SETUP=apply run puts it back`,
      );
    }
    const state = await readTenantState(api);
    const differences = differencesFromGuide(state, o.connectorName);
    if (differences.length > 0) {
      throw new Error(
        `The Logto at ${endpoint} differs from the guide's setup, and the harness changes nothing there unless E2E_TENANT_SETUP=apply (which puts everything back at the end):\n${differences.map((d) => `  - ${d}`).join('\n')}`,
      );
    }
    const factoryId = emailConnectors[o.connectorName].factoryId;
    const own = state.emailConnectors.find((c) => c.connectorId === factoryId);
    return { configure: false, emailConnector: own && { factoryId, config: own.config } };
  }

  const release = await record.lock();
  o.onStarted(release); // stoppers run last to first: the lock goes after the tenant is put back
  const left = record.read(); // with the lock held, a record is a killed run's
  if (left) {
    const result = await restoreWhatTheRunSet(api, left.before, left.intent);
    record.remove();
    o.report(
      `Put back the Logto at ${endpoint} as a run that did not finish found it (pid ${left.pid}, ${left.startedAt}): ${describe(result)}`,
    );
  }
  const before = await readTenantState(api);
  const intent: TenantIntent = {
    signInExperience: guideSignInExperience(),
    emailConnector: o.connector
      ? { connectorId: o.connector.factoryId, config: withoutUndefined(o.connector.config) }
      : undefined,
  };
  record.write(before, intent);
  o.onStarted(async () => {
    const result = await restoreWhatTheRunSet(api, before, intent);
    record.remove();
    if (result.restored.length + result.leftAsSet.length > 0) {
      o.report(`Put back the Logto at ${endpoint}: ${describe(result)}`);
    }
  });
  return { configure: true, emailConnector: undefined };
}

function describe(result: RestoreResult): string {
  const restored = result.restored.join('; ') || 'nothing the run set had to go back';
  const left = result.leftAsSet.length
    ? `. Changed by someone else while the run was up, left as they set it: ${result.leftAsSet.join('; ')}`
    : '';
  return `${restored}${left}`;
}

function withoutUndefined(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
}
