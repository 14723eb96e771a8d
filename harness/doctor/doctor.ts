import type { AppContract } from '../app-under-test/app-contract.js';
import { connectManagementApi, expectOk, type M2mCredentials } from '../logto-admin/management-api.js';
import { sendConnectorTestEmail, type SesConnectorConfig } from '../logto-admin/setup/ses-connector.js';
import { differencesFromGuide, readTenantState } from '../logto-admin/tenant-record.js';
import type { ImapSettings, WaitStrategy } from '../mail/mailbox/imap-settings.js';
import { Mailbox } from '../mail/mailbox/mailbox.js';
import { uniqueRecipient } from '../mail/mailbox/recipient.js';
import { runChecks, type CheckResult, type DoctorCheck, type RecordedCall } from './doctor-check.js';
import { SesAccountReader } from './ses-account-reader.js';

/** What the doctor looks at: a Logto, the app's address and routes, the inbox if there is one. */
export interface DoctorTarget {
  logto: { endpoint: string; tenantId: string; resource?: string | undefined; m2m: M2mCredentials };
  app: { baseUrl: string; contract: AppContract };
  inbox: { imap: ImapSettings; address: string; wait: WaitStrategy } | undefined;
  /** Where Logto's connector sends (a mail sink's SES endpoint); undefined: AWS's own. */
  sesEndpoint: string | undefined;
  timeoutScale: number;
}

export interface DoctorReport {
  ok: boolean;
  results: (CheckResult & { name: string })[];
  /** Every Management API and SES call made: all reads but the connector's test email. */
  calls: RecordedCall[];
}

const skipped = (detail: string): CheckResult => ({ ok: true, skipped: true, detail });

/**
 * Read-only, in order, each a line with ✔/✘ and the fix: Logto, its M2M app, the connector,
 * the sign-in experience, the app's URIs; then the SES account the connector uses (keys,
 * sandbox, the sender's identity and DKIM, the configuration set, quotas, the inbox's
 * suppression); then, with an inbox, the connector's test email and how long it took to come.
 */
export async function runDoctor(target: DoctorTarget, print: (line: string) => void): Promise<DoctorReport> {
  const calls: RecordedCall[] = [];
  const record = (call: RecordedCall) => calls.push(call);
  const api = connectManagementApi(target.logto, target.logto.m2m);
  api.use({
    onRequest({ request }) {
      record({ service: 'management-api', method: request.method, path: new URL(request.url).pathname });
      return undefined;
    },
  });
  // Read once: the connector and sign-in experience checks both look at it.
  let tenant: ReturnType<typeof readTenantState> | undefined;
  const tenantState = () => (tenant ??= readTenantState(api));
  let connector: SesConnectorConfig | undefined;
  let ses: SesAccountReader | undefined;
  let account: Awaited<ReturnType<SesAccountReader['account']>> | undefined;
  const region = () => connector?.region ?? '?';
  const needs = (what: string) => {
    throw new Error(`not checked: ${what} did not hold`);
  };
  const checks: DoctorCheck[] = [
    {
      name: 'Logto reachable',
      run: async () => {
        record({ service: 'logto', method: 'GET', path: '/api/status' });
        const status = await fetch(`${target.logto.endpoint}/api/status`, {
          signal: AbortSignal.timeout(10_000),
        }).catch((error: Error) => error);
        const ok = !(status instanceof Error) && status.status === 204;
        return {
          ok,
          detail: `${target.logto.endpoint}/api/status ${status instanceof Error ? `did not answer (${status.message})` : `answered ${status.status}`}`,
          fix: 'check LOGTO_ENDPOINT (the URL your app and users reach Logto at) and that Logto is up',
        };
      },
    },
    {
      name: 'M2M app with Management API access',
      run: async () => {
        // A token refused, or a token without the Management API role: Logto's reason, and the fix.
        const refused = await expectOk(
          'List applications',
          api.GET('/api/applications', { params: { query: { page_size: 1 } } }),
        ).then(
          () => undefined,
          (error: Error) => error.message.split('\n')[0],
        );
        if (refused) {
          return {
            ok: false,
            detail: refused,
            fix: 'check LOGTO_M2M_APP_ID and LOGTO_M2M_APP_SECRET, and give that M2M app the "Logto Management API access" role',
          };
        }
        return {
          ok: true,
          detail: `${target.logto.m2m.clientId} reads the Management API (${target.logto.resource ?? `tenant ${target.logto.tenantId}`})`,
        };
      },
    },
    {
      name: 'Email connector',
      run: async () => {
        const state = await tenantState();
        const email = state.emailConnectors[0];
        const problems = differencesFromGuide(state).filter((d) => d.startsWith('email connector'));
        const config = (email?.config ?? {}) as Partial<SesConnectorConfig>;
        const missing = (['accessKeyId', 'accessKeySecret', 'region', 'emailAddress'] as const).filter(
          (k) => !config[k],
        );
        if (missing.length > 0) problems.push(`required fields not set: ${missing.join(', ')}`);
        if (problems.length === 0) connector = config as SesConnectorConfig;
        return {
          ok: problems.length === 0,
          detail:
            problems.length === 0
              ? `AWS SES, region ${config.region}, sender ${config.emailAddress}${config.configurationSetName ? `, configuration set ${config.configurationSetName}` : ''}, templates for ${((config.templates ?? []) as { usageType: string }[]).map((t) => t.usageType).join(', ')}`
              : problems.join('; '),
          fix: 'set up the AWS SES connector as the guide does (console → Connectors → Email), or run npm run logto:setup',
        };
      },
    },
    {
      name: "Sign-in experience (the guide's)",
      run: async () => {
        const problems = differencesFromGuide(await tenantState()).filter((d) => !d.startsWith('email connector'));
        return {
          ok: problems.length === 0,
          detail:
            problems.length === 0
              ? 'sign-up and sign-in by email and verification code, sign-up on'
              : problems.join('; '),
          fix: 'console → Sign-in experience → Sign-up and sign-in: email, verification code, no password, sign-up on',
        };
      },
    },
    {
      name: "The app's redirect URIs",
      run: async () => {
        const callback = `${target.app.baseUrl}${target.app.contract.callbackPath}`;
        const signedOut = `${target.app.baseUrl}${target.app.contract.postSignOutPath}`;
        const apps = await expectOk(
          'List applications',
          api.GET('/api/applications', { params: { query: { page_size: 100, types: ['Traditional'] } } }),
        );
        const app = apps.find((a) => (a.oidcClientMetadata.redirectUris as unknown[]).includes(callback));
        const signOutOk =
          (app?.oidcClientMetadata.postLogoutRedirectUris as unknown[] | undefined)?.includes(signedOut) ?? false;
        return {
          ok: app !== undefined && signOutOk,
          detail: app
            ? `"${app.name}" redirects to ${callback}${signOutOk ? ` and back to ${signedOut} after sign-out` : `, but not back to ${signedOut} after sign-out`}`
            : `no traditional web app has the redirect URI ${callback}`,
          fix: app
            ? `add ${signedOut} to "${app.name}"'s post sign-out redirect URIs`
            : `add ${callback} to your app's redirect URIs (console → Applications), or set APP_BASE_URL and APP_CALLBACK_PATH to what your app uses`,
        };
      },
    },
    {
      name: 'SES credentials',
      run: async () => {
        if (!connector) return needs('the email connector');
        ses = new SesAccountReader(connector, { endpoint: target.sesEndpoint, record });
        try {
          account = await ses.account();
        } catch (error) {
          const name = (error as { name?: string }).name ?? 'Error';
          return {
            ok: false,
            detail: `SES refused the connector's key ${connector.accessKeyId} in ${region()}: ${name}: ${(error as Error).message}`,
            fix: "give the connector an access key that SES accepts, of an IAM user allowed ses:SendEmail, in the connector's region",
          };
        }
        return { ok: true, detail: `the connector's key ${connector.accessKeyId} is accepted in ${region()}` };
      },
    },
    {
      name: 'Sandbox or production',
      run: async () => {
        if (!account) return needs('the SES credentials');
        return {
          ok: account.ProductionAccessEnabled === true,
          detail: account.ProductionAccessEnabled
            ? `production access in ${region()}`
            : `the account is in the SES sandbox in ${region()}: it sends only to verified addresses, ${account.SendQuota?.Max24HourSend ?? '?'} a day`,
          fix: 'request production access (SES console → Account dashboard → Request production access)',
        };
      },
    },
    {
      name: 'Sender identity',
      run: async () => {
        if (!connector || !ses) return needs('the SES credentials');
        const sender = (connector.emailAddress ?? '').toLowerCase();
        const domain = sender.slice(sender.lastIndexOf('@') + 1);
        const [address, ofDomain] = [await ses.identity(sender), await ses.identity(domain)];
        const verified = [address, ofDomain].some((i) => i?.VerifiedForSendingStatus === true);
        const status = address?.VerificationStatus ?? ofDomain?.VerificationStatus ?? 'not an identity of the account';
        return {
          ok: verified,
          detail: verified
            ? `${sender} is verified for sending (${address?.VerifiedForSendingStatus ? 'the address' : `the domain ${domain}`}) in ${region()}`
            : `${sender} is not verified for sending in ${region()} (${status})`,
          fix: `verify ${domain} (or ${sender}) in SES in ${region()}: SES console → Identities → Create identity`,
        };
      },
    },
    {
      name: 'DKIM',
      run: async () => {
        if (!connector || !ses) return needs('the SES credentials');
        const sender = (connector.emailAddress ?? '').toLowerCase();
        const domain = sender.slice(sender.lastIndexOf('@') + 1);
        const identity = (await ses.identity(domain)) ?? (await ses.identity(sender));
        const status = identity?.DkimAttributes?.Status ?? 'NOT_STARTED';
        return {
          ok: status === 'SUCCESS',
          detail: `DKIM of ${domain}: ${status}`,
          fix: `publish the DKIM CNAME records SES shows for ${domain} (SES console → Identities → ${domain} → DKIM) in its DNS`,
        };
      },
    },
    {
      name: 'Configuration set',
      run: async () => {
        if (!connector || !ses) return needs('the SES credentials');
        const name = connector.configurationSetName;
        if (!name) return skipped('none named in the connector (optional)');
        const exists = await ses.configurationSetExists(name);
        return {
          ok: exists,
          detail: exists
            ? `${name} exists in ${region()}`
            : `${name}, named in the connector, does not exist in ${region()}`,
          fix: `create ${name} in SES in ${region()}, or clear the connector's configuration set`,
        };
      },
    },
    {
      name: 'Quota headroom',
      run: async () => {
        if (!account) return needs('the SES credentials');
        const quota = account.SendQuota ?? {};
        const max = quota.Max24HourSend ?? 0;
        const sent = quota.SentLast24Hours ?? 0;
        const rate = quota.MaxSendRate ?? 0;
        return {
          ok: sent < max && rate > 0,
          detail: `${Math.max(0, max - sent)} of ${max} sends left in the last 24 hours, ${rate} per second`,
          fix: 'ask AWS for a higher sending quota (Service Quotas → Amazon SES), or send less',
        };
      },
    },
    {
      name: "The inbox's address not suppressed",
      run: async () => {
        if (!target.inbox) return skipped('no inbox configured (IMAP_HOST, MAILBOX_ADDRESS)');
        if (!ses) return needs('the SES credentials');
        const reason = await ses.suppressed(target.inbox.address.toLowerCase());
        return {
          ok: reason === undefined,
          detail: reason
            ? `${target.inbox.address} is on the account's suppression list (${reason}): SES accepts mail to it and drops it`
            : `${target.inbox.address} is not on the account's suppression list`,
          fix: `remove ${target.inbox.address} from the suppression list (SES console → Suppression list)`,
        };
      },
    },
    {
      name: 'Test email',
      run: async () => {
        if (!target.inbox) return skipped('not sent: no inbox configured (IMAP_HOST, MAILBOX_ADDRESS)');
        if (!connector) return needs('the email connector');
        const to = uniqueRecipient(target.inbox.address, 'doctor');
        const mailbox = await Mailbox.connect(target.inbox.imap, { wait: target.inbox.wait });
        try {
          const sent = performance.now();
          const since = new Date(Date.now() - 1000);
          await sendConnectorTestEmail(api, to, connector);
          await mailbox.waitForEmail({ to, since, timeout: Math.round(60_000 * target.timeoutScale) });
          return {
            ok: true,
            detail: `the connector's test email to ${to} was in the inbox ${Math.round(performance.now() - sent)} ms after it was sent`,
          };
        } finally {
          await mailbox.close();
        }
      },
    },
  ];
  try {
    const { ok, results } = await runChecks(checks, print);
    return { ok, results, calls };
  } finally {
    ses?.close();
  }
}
