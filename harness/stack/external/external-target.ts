import { expects, required } from '../../config/settings.js';
import type { M2mCredentials } from '../../logto-admin/management-api.js';
import type { StackSettings } from '../stack-settings.js';

/** An existing Logto as its settings name it: where it is, its tenant, and the M2M app to use. */
export interface ExternalLogtoTarget {
  endpoint: string;
  tenantId: string;
  /** The Management API's resource indicator (Logto Cloud's form when not set). */
  resource: string;
  m2m: M2mCredentials;
}

/**
 * LOGTO_ENDPOINT, LOGTO_M2M_APP_ID, LOGTO_M2M_APP_SECRET (each required, one line naming a
 * missing one), LOGTO_TENANT_ID and LOGTO_MANAGEMENT_API_RESOURCE, read in one place for
 * external mode, the doctor and `npm run logto:setup`.
 */
export function externalLogtoTarget(
  s: Pick<
    StackSettings,
    'LOGTO_ENDPOINT' | 'LOGTO_M2M_APP_ID' | 'LOGTO_M2M_APP_SECRET' | 'LOGTO_TENANT_ID' | 'LOGTO_MANAGEMENT_API_RESOURCE'
  >,
): ExternalLogtoTarget {
  return {
    endpoint: required(s.LOGTO_ENDPOINT, 'LOGTO_ENDPOINT', expects.url),
    tenantId: s.LOGTO_TENANT_ID,
    resource: s.LOGTO_MANAGEMENT_API_RESOURCE ?? `https://${s.LOGTO_TENANT_ID}.logto.app/api`,
    m2m: {
      clientId: required(s.LOGTO_M2M_APP_ID, 'LOGTO_M2M_APP_ID', expects.value),
      clientSecret: required(s.LOGTO_M2M_APP_SECRET, 'LOGTO_M2M_APP_SECRET', expects.value),
    },
  };
}
