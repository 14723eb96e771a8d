import type { AppContract } from '../app-under-test/app-contract.js';
import { connectManagementApi, expectOk, LogtoApiError, type M2mCredentials } from '../logto-admin/management-api.js';
import { sendConnectorTestEmail, type EmailConnectorSetup } from '../connectors/logto-email-connector.js';
import { emailConnectors } from '../connectors/email-connectors.js';
import { smtpDoctorChecks } from '../connectors/smtp/smtp-doctor.js';
import { sesConnectorSetup, type SesConnectorConfig } from '../connectors/ses/ses-connector.js';
import { differencesFromGuide, readTenantState } from '../logto-admin/tenant-state.js';
import type { ImapSettings, WaitStrategy } from '../mail/mailbox/imap-settings.js';
import { Mailbox } from '../mail/mailbox/mailbox.js';
import { fixedRecipient, uniqueRecipient } from '../mail/mailbox/recipient.js';
import { runChecks, type CheckResult, type DoctorCheck, type RecordedCall } from './doctor-check.js';
import { boundedResolver, noSuchRecord, realResolver, type Resolver } from '../mail/judging/mail-dns.js';
import { doctorReadActions, readDenied, SesAccountReader } from './ses-account-reader.js';
import type { SinkReach } from '../connectors/sink-reach.js';
import { httpDoctorChecks, httpRefusalFix } from '../connectors/http/http-doctor.js';

/** SES's mailbox simulator: accepts, delivers nowhere, and any account may send to it. */
const simulatorAddress = 'success@simulator.amazonses.com';

/** What the doctor looks at: a Logto, the app's address and routes, the inbox if there is one. */
export interface DoctorTarget {
  logto: { endpoint: string; tenantId: string; resource?: string | undefined; m2m: M2mCredentials };
  /** The app's address and routes (its redirect URIs are checked); absent: that check is skipped. */
  app?: { baseUrl: string; contract: AppContract } | undefined;
  inbox: { imap: ImapSettings; address: string; wait: WaitStrategy } | undefined;
  /** The addresses sends go to again and again (the inbox's own, the canary's): checked against the suppression list. */
  sendsTo: string[];
  /** Where Logto's connector sends (a mail sink's SES endpoint); undefined: AWS's own. */
  sesEndpoint: string | undefined;
  /** Where this machine reaches the sink's servers the tenant's connector names (containers mode). */
  reach?: SinkReach | undefined;
  /** DNS for the domain's records (the mail sink's zone in tests); default: this machine's resolver. */
  resolver?: Resolver | undefined;
  timeoutScale: number;
}

export interface DoctorReport {
  ok: boolean;
  results: (CheckResult & { name: string })[];
  /** Every Management API and SES call made: all reads but the connector's test email. */
  calls: RecordedCall[];
}

const skipped = (detail: string): CheckResult => ({ ok: true, skipped: true, detail });
const senderDomain = (connector: SesConnectorConfig) => {
  const sender = (connector.emailAddress ?? '').toLowerCase();
  return sender.slice(sender.lastIndexOf('@') + 1);
};

/**
 * The addresses that get the harness's mail again and again, for the suppression check: the
 * inbox's own and the canary's (default its `+canary` address). Each test's address is new.
 */
export function reusedAddresses(inbox: string | undefined, canaryUser: string | undefined): string[] {
  const canary = canaryUser ?? (inbox ? fixedRecipient(inbox, 'canary') : undefined);
  return [...new Set([inbox, canary].filter((a): a is string => a !== undefined).map((a) => a.toLowerCase()))];
}

/**
 * Read-only, in order, each a line with ✔/✘ and the fix: Logto, its M2M app, the connector,
 * the sign-in experience, the app's URIs; then the SES account the connector uses (keys,
 * sandbox, the sender's identity and DKIM, the configuration set, quotas, the inbox's
 * suppression); then, with an inbox, the connector's test email and how long it took to come.
 */
/** The SES account's checks alone (no Logto checks, no test send): what a failure's diagnosis runs. */
const sesAccountChecks = new Set([
  'Email connector',
  'SES credentials',
  'Sending enabled',
  "The account's standing",
  'Sandbox or production',
  'Sender identity',
  'DKIM',
  'DKIM records in DNS',
  'DMARC',
  'SPF and MAIL FROM alignment',
  'Configuration set',
  'Quota headroom',
  'The addresses the harness sends to, not suppressed',
]);

export async function runDoctor(
  target: DoctorTarget,
  print: (line: string) => void,
  o: { scope?: 'all' | 'ses-account'; dnsTimeoutMs?: number } = {},
): Promise<DoctorReport> {
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
  const resolve = boundedResolver(target.resolver ?? realResolver(), o.dnsTimeoutMs ?? 5000);
  /** A name's records; none when it has none (a DNS that does not answer fails the line, saying so). */
  const records = (name: string, rrtype: string) =>
    resolve(name, rrtype).catch((error: unknown) => {
      if (noSuchRecord(error)) return [];
      throw error;
    });
  const needs = (what: string) => {
    throw new Error(`not checked: ${what} did not hold`);
  };
  /** The key may not read the account: the read checks are skipped, naming what to grant. */
  let cannotRead = false;
  const notReadable = (action: string) =>
    skipped(`not checked: the connector's key may not read it (grant ${action} to check it)`);
  const accountRead = (action: string): CheckResult | undefined => {
    if (cannotRead) return notReadable(action);
    if (!account) return needs('the SES credentials');
    return undefined;
  };
  /** A read refused by the key's IAM policy is a skipped line naming the action; anything else fails the line. */
  const deniedAs =
    (action: string) =>
    (error: unknown): CheckResult => {
      if (readDenied(error)) return notReadable(action);
      throw error;
    };
  /**
   * The connector's test email through Logto. With an inbox, the mail must come; without one it
   * goes to SES's mailbox simulator (any account may send to it, the sandbox's too) and Logto's
   * answer is the provider's.
   */
  const testEmail = async (
    setup: EmailConnectorSetup,
    provider: string,
    fixFor: (said: string) => string,
  ): Promise<CheckResult> => {
    const to = target.inbox ? uniqueRecipient(target.inbox.address, 'doctor') : simulatorAddress;
    const sent = performance.now();
    const since = new Date(Date.now() - 1000);
    const mailbox = target.inbox ? await Mailbox.connect(target.inbox.imap, { wait: target.inbox.wait }) : undefined;
    try {
      const refused = await sendConnectorTestEmail(api, to, setup).then(
        () => undefined,
        (error: unknown) => error,
      );
      if (refused) {
        const said = refused instanceof LogtoApiError ? (refused.provider ?? refused.message) : String(refused);
        return {
          ok: false,
          detail: `${provider} refused the connector's test email to ${to}: ${said}`,
          fix: fixFor(said),
        };
      }
      if (!mailbox) {
        return {
          ok: true,
          detail: `${provider} accepted the connector's test email to ${to} (no inbox configured to read it in)`,
        };
      }
      await mailbox.waitForEmail({ to, since, timeout: Math.round(60_000 * target.timeoutScale) });
      return {
        ok: true,
        detail: `the connector's test email to ${to} was in the inbox ${Math.round(performance.now() - sent)} ms after it was sent`,
      };
    } finally {
      await mailbox?.close();
    }
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
        if (!target.app) return skipped('no app given');
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
          if (readDenied(error)) {
            // The guide's least privilege (ses:SendEmail only): not a bad key. The key itself is
            // judged by the test send; the checks that read the account say what they need.
            cannotRead = true;
            return skipped(
              `the connector's key ${connector.accessKeyId} may not read the account in ${region()} (${name}): the read checks below need ${doctorReadActions.join(', ')} (grant them to run them); whether it can send is the test send's to say`,
            );
          }
          return {
            ok: false,
            detail: `SES refused the connector's key ${connector.accessKeyId} in ${region()}: ${name}: ${(error as Error).message}`,
            fix: "give the connector an access key that SES accepts, of an IAM user allowed ses:SendEmail, in the connector's region",
          };
        }
        return {
          ok: true,
          detail: `the connector's key ${connector.accessKeyId} is accepted in ${region()}, and reads the account`,
        };
      },
    },
    {
      name: 'Sending enabled',
      run: async () => {
        const read = accountRead('ses:GetAccount');
        if (read) return read;
        const enabled = account?.SendingEnabled !== false;
        return {
          ok: enabled,
          detail: enabled
            ? `sending is enabled for the account in ${region()}`
            : `sending is paused for the account in ${region()}: SES refuses every send (SendingPausedException)`,
          fix: 'resume sending (SES console → Account dashboard; aws sesv2 put-account-sending-attributes --sending-enabled); if SES paused it, read its reputation metrics first',
        };
      },
    },
    {
      name: "The account's standing",
      run: async () => {
        const read = accountRead('ses:GetAccount');
        if (read) return read;
        const status = account?.EnforcementStatus ?? 'HEALTHY';
        const fix =
          status === 'SHUTDOWN'
            ? 'contact AWS Support from the SES console (Account dashboard): a shut-down account sends nothing'
            : 'bring bounces and complaints down (SES console → Reputation metrics) before SES pauses the account';
        return {
          ok: status !== 'SHUTDOWN',
          warn: status === 'PROBATION',
          detail:
            status === 'HEALTHY'
              ? `healthy in ${region()}`
              : status === 'PROBATION'
                ? `on probation in ${region()}: sends go on for now, and SES pauses the account if its bounce or complaint rate does not fall`
                : `${status} in ${region()}: SES refuses every send (AccountSuspendedException)`,
          fix,
        };
      },
    },
    {
      name: 'Sandbox or production',
      run: async () => {
        const read = accountRead('ses:GetAccount');
        if (read) return read;
        return {
          ok: account?.ProductionAccessEnabled === true,
          detail: account?.ProductionAccessEnabled
            ? `production access in ${region()}`
            : `the account is in the SES sandbox in ${region()}: it sends only to verified addresses, ${account?.SendQuota?.Max24HourSend ?? '?'} a day`,
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
        const identities = await Promise.all([ses.identity(sender), ses.identity(domain)]).catch(
          deniedAs('ses:GetEmailIdentity'),
        );
        if (!Array.isArray(identities)) return identities;
        const [address, ofDomain] = identities;
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
        const reader = ses;
        const identity = await (async () => (await reader.identity(domain)) ?? (await reader.identity(sender)))().catch(
          deniedAs('ses:GetEmailIdentity'),
        );
        if (identity && 'ok' in identity) return identity;
        const status = identity?.DkimAttributes?.Status ?? 'NOT_STARTED';
        return {
          ok: status === 'SUCCESS',
          detail: `DKIM of ${domain}: ${status}`,
          fix: `publish the DKIM CNAME records SES shows for ${domain} (SES console → Identities → ${domain} → DKIM) in its DNS`,
        };
      },
    },
    {
      name: 'DKIM records in DNS',
      run: async () => {
        if (!connector || !ses) return needs('the SES credentials');
        const domain = senderDomain(connector);
        const identity = await ses.identity(domain).catch(deniedAs('ses:GetEmailIdentity'));
        if (identity && 'ok' in identity) return identity;
        const tokens = identity?.DkimAttributes?.Tokens ?? [];
        if (tokens.length === 0)
          return skipped(`SES gave ${domain} no DKIM tokens (not a domain identity with Easy DKIM)`);
        const missing: string[] = [];
        for (const token of tokens) {
          const name = `${token}._domainkey.${domain}`;
          const target = await resolve(name, 'CNAME').then(
            (r) => String(r[0] ?? ''),
            () => '',
          );
          if (target.toLowerCase() !== `${token}.dkim.amazonses.com`)
            missing.push(`${name} → ${token}.dkim.amazonses.com`);
        }
        return {
          ok: missing.length === 0,
          detail:
            missing.length === 0
              ? `the ${tokens.length} DKIM CNAMEs SES gave ${domain} resolve to amazonses.com`
              : `${missing.length} of the ${tokens.length} DKIM CNAMEs SES gave ${domain} do not resolve: ${missing.join(', ')}`,
          fix: `publish these CNAME records in ${domain}'s DNS: ${missing.join('; ')}`,
        };
      },
    },
    {
      name: 'DMARC',
      run: async () => {
        if (!connector) return needs('the email connector');
        const domain = senderDomain(connector);
        const record = ((await records(`_dmarc.${domain}`, 'TXT')) as string[][])
          .map((chunks) => chunks.join(''))
          .find((t) => /^v=DMARC1/i.test(t));
        const policy = record ? /\bp=(\w+)/i.exec(record)?.[1]?.toLowerCase() : undefined;
        return {
          ok: record !== undefined,
          warn: policy === 'none',
          detail: record
            ? `_dmarc.${domain}: ${record}${policy === 'none' ? ' (p=none: inboxes report, and act on nothing)' : ''}`
            : `${domain} publishes no DMARC record (_dmarc.${domain} TXT): inboxes judge its mail by their own rules`,
          fix: `publish _dmarc.${domain} TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@${domain}"`,
        };
      },
    },
    {
      name: 'SPF and MAIL FROM alignment',
      run: async () => {
        if (!connector || !ses) return needs('the SES credentials');
        const domain = senderDomain(connector);
        const identity = await ses.identity(domain).catch(deniedAs('ses:GetEmailIdentity'));
        if (identity && 'ok' in identity) return identity;
        const mailFrom = identity?.MailFromAttributes?.MailFromDomain;
        if (!mailFrom) {
          return {
            ok: true,
            warn: true,
            detail: `no custom MAIL FROM: SPF passes for amazonses.com, which does not align with ${domain}; DMARC rests on DKIM alone`,
            fix: `set a custom MAIL FROM domain (SES console → Identities → ${domain} → Custom MAIL FROM, e.g. mail.${domain}) and publish its MX and SPF records`,
          };
        }
        const mx = await resolve(mailFrom, 'MX').then(
          (r) => (r as { exchange: string }[]).map((m) => m.exchange),
          () => [],
        );
        const spf = await resolve(mailFrom, 'TXT').then(
          (r) => (r as string[][]).map((c) => c.join('')).find((t) => /^v=spf1/i.test(t)),
          () => undefined,
        );
        const ok = mx.some((m) => m.endsWith('amazonses.com')) && Boolean(spf?.includes('include:amazonses.com'));
        return {
          ok,
          detail: ok
            ? `the custom MAIL FROM ${mailFrom} has SES's MX and an SPF record including amazonses.com: SPF aligns with ${domain}`
            : `the custom MAIL FROM ${mailFrom} lacks ${mx.some((m) => m.endsWith('amazonses.com')) ? '' : `an MX to feedback-smtp.${region()}.amazonses.com `}${spf?.includes('include:amazonses.com') ? '' : 'an SPF record including amazonses.com'}`.trim(),
          fix: `publish ${mailFrom} MX 10 feedback-smtp.${region()}.amazonses.com and ${mailFrom} TXT "v=spf1 include:amazonses.com ~all"`,
        };
      },
    },
    {
      name: 'Configuration set',
      run: async () => {
        if (!connector || !ses) return needs('the SES credentials');
        const name = connector.configurationSetName;
        if (!name) return skipped('none named in the connector (optional)');
        const exists = await ses.configurationSetExists(name).catch(deniedAs('ses:GetConfigurationSet'));
        if (typeof exists !== 'boolean') return exists;
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
        const read = accountRead('ses:GetAccount');
        if (read) return read;
        const quota = account?.SendQuota ?? {};
        const max = quota.Max24HourSend ?? 0;
        const sent = quota.SentLast24Hours ?? 0;
        const rate = quota.MaxSendRate ?? 0;
        // -1 is SES's "unlimited".
        const unlimited = max < 0;
        return {
          ok: (unlimited || sent < max) && rate > 0,
          detail: `${unlimited ? 'unlimited sends a day' : `${Math.max(0, max - sent)} of ${max} sends left in the last 24 hours`}, ${rate} per second`,
          fix: 'ask AWS for a higher sending quota (Service Quotas → Amazon SES), or send less',
        };
      },
    },
    {
      name: 'The addresses the harness sends to, not suppressed',
      run: async () => {
        if (target.sendsTo.length === 0) return skipped('no inbox configured (IMAP_HOST, MAILBOX_ADDRESS)');
        if (!ses) return needs('the SES credentials');
        const reader = ses;
        const reasons = await Promise.all(
          target.sendsTo.map(async (address) => [address, await reader.suppressed(address.toLowerCase())] as const),
        ).catch(deniedAs('ses:GetSuppressedDestination'));
        if (!Array.isArray(reasons)) return reasons;
        const suppressed = reasons.filter(([, reason]) => reason !== undefined);
        return {
          ok: suppressed.length === 0,
          detail:
            suppressed.length > 0
              ? `${suppressed.map(([a, r]) => `${a} (${r})`).join(', ')} on the account's suppression list: SES accepts mail to it and drops it`
              : `${target.sendsTo.join(', ')} not on the account's suppression list (each test's own address is new, so it cannot be)`,
          fix: `remove ${suppressed.map(([a]) => a).join(', ')} from the suppression list (SES console → Suppression list; aws sesv2 delete-suppressed-destination)`,
        };
      },
    },
    {
      name: "SES sends with the connector's key (its test email)",
      run: async () => {
        if (!connector) return needs('the email connector');
        const key = connector.accessKeyId;
        return testEmail(sesConnectorSetup(connector), 'SES', (said) =>
          /AccessDenied|not authorized/i.test(said)
            ? `allow ses:SendEmail for the connector's key ${key} on the sender's identity in ${region()}`
            : 'fix what SES says above (the lines before this one name most causes)',
        );
      },
    },
  ];
  // A tenant that sends through SMTP or HTTP gets that connector's checks in place of SES's (the
  // state is read once, for the connector check too).
  const email = (await tenantState().catch(() => undefined))?.emailConnectors[0];
  const tenantChecks = checks.filter(
    (c) => c.name === "Sign-in experience (the guide's)" || c.name === "The app's redirect URIs",
  );
  const before = checks.slice(
    0,
    checks.findIndex((c) => c.name === 'Email connector'),
  );
  const forConnector = (
    factoryId: string,
    config: Record<string, unknown>,
    o: { what: string; provider: string; describe: string; own: DoctorCheck[]; fixFor: (said: string) => string },
  ): DoctorCheck[] => [
    ...before,
    { name: 'Email connector', run: async () => ({ ok: true, detail: `${o.what}, ${o.describe}` }) },
    ...tenantChecks,
    ...o.own,
    {
      name: `The ${o.provider} takes the connector's test email`,
      run: () => testEmail({ factoryId, config }, `the ${o.provider}`, o.fixFor),
    },
  ];
  const templatesOf = (config: Record<string, unknown>) =>
    ((config.templates ?? []) as { usageType: string }[]).map((t) => t.usageType).join(', ');
  const all =
    email?.connectorId === emailConnectors.smtp.factoryId
      ? forConnector(email.connectorId, email.config, {
          what: 'SMTP',
          provider: 'SMTP server',
          describe: `${String(email.config.host)}:${String(email.config.port)}${email.config.secure ? ' (TLS from the first byte)' : ''}, sender ${String(email.config.fromEmail)}, templates for ${templatesOf(email.config)}`,
          own: smtpDoctorChecks(email.config, { reach: target.reach }),
          fixFor: () => 'fix what the server says above (the lines before this one name most causes)',
        })
      : email?.connectorId === emailConnectors.http.factoryId
        ? forConnector(email.connectorId, email.config, {
            what: 'HTTP email',
            provider: 'mail service',
            describe: `posts to ${String(email.config.endpoint)}${email.config.authorization ? ' with an Authorization header' : ' with no Authorization header'}`,
            own: httpDoctorChecks(email.config, { reach: target.reach }),
            fixFor: httpRefusalFix,
          })
        : checks;
  try {
    const chosen = o.scope === 'ses-account' ? all.filter((c) => sesAccountChecks.has(c.name)) : all;
    const { ok, results } = await runChecks(chosen, print);
    return { ok, results, calls };
  } finally {
    ses?.close();
  }
}
