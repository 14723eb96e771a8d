// The SES account behind the mail sink: what a team's account really is after the guide (the
// sandbox, identities and their DKIM, configuration sets, the suppression list, the quotas,
// the keys), answered as SES v2 answers it in that state. Plain Node, no dependency: imported
// by ses-faults.mjs in local mode and in the mail sink image.

/** A healthy production account: the sink's domain verified with DKIM, room in its quotas. */
export const healthyAccount = {
  credentials: 'valid',
  sandbox: false,
  /** Identities (addresses and domains) and their status: verified for sending when SUCCESS. */
  identities: { 'example.test': { verification: 'SUCCESS', dkim: 'SUCCESS' } },
  configurationSets: ['e2e-events'],
  /** Addresses on the account-level suppression list. */
  suppressed: [],
  max24HourSend: 50000,
  sentLast24Hours: 0,
  /** Messages per second; 0: every send is over it. */
  maxSendRate: 14,
};

/** The states a team meets, by name (SES_SINK_ACCOUNT for a whole run). */
export const accountPresets = {
  healthy: {},
  sandbox: { sandbox: true, identities: { 'noreply@example.test': { verification: 'SUCCESS', dkim: 'SUCCESS' } } },
  'unverified-sender': { identities: { 'example.test': { verification: 'PENDING', dkim: 'PENDING' } } },
  'dkim-failed': { identities: { 'example.test': { verification: 'SUCCESS', dkim: 'FAILED' } } },
  'missing-configuration-set': { configurationSets: [] },
  'daily-quota-exhausted': { max24HourSend: 200, sentLast24Hours: 200 },
  'send-rate-exceeded': { maxSendRate: 0 },
  'invalid-credentials': { credentials: 'invalid' },
};

/** The account a preset name or a partial state makes (unknown names refused by the caller). */
export function accountOf(overrides) {
  return { ...healthyAccount, ...overrides };
}

/** The region of a signed request (its credential scope), as SES names it in its messages. */
export function regionOf(headers) {
  return (
    /Credential=[^/]+\/\d{8}\/([^/]+)\/ses\//.exec(String(headers.authorization ?? ''))?.[1] ?? 'us-east-1'
  ).toUpperCase();
}

const notVerified = (region, identity) => ({
  status: 400,
  type: 'MessageRejected',
  message: `Email address is not verified. The following identities failed the check in region ${region}: ${identity}`,
});

/** SES's answer when a quota is used up (the API's ThrottlingException, HTTP 400). */
const throttled = (message, cause) => ({ status: 400, type: 'ThrottlingException', message, cause });

/** Whether `address` is covered by a verified identity (itself, or its domain). */
function verified(account, address) {
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return [address, domain].some((id) => account.identities[id]?.verification === 'SUCCESS');
}

/** Sends in the last second, for the send rate. */
const recent = [];

/**
 * What SES answers a SendEmail in `account`'s state: an error ({status, type, message, cause}),
 * `{ suppressed: true }` (accepted, never delivered), or undefined (sent). In SES's order:
 * the keys, the configuration set, the sender, the sandbox's recipients, the quotas.
 */
export function judgeSend(account, { from, to, configurationSet, region }) {
  if (account.credentials !== 'valid') {
    return {
      status: 403,
      type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      cause: 'invalid-credentials',
    };
  }
  if (configurationSet && !account.configurationSets.includes(configurationSet)) {
    return {
      status: 404,
      type: 'NotFoundException',
      message: `Configuration set <${configurationSet}> does not exist.`,
      cause: 'missing-configuration-set',
    };
  }
  if (from && !verified(account, from)) return { ...notVerified(region, from), cause: 'unverified-sender' };
  if (account.sandbox) {
    const unverified = to.filter((address) => !verified(account, address));
    if (unverified.length > 0) return { ...notVerified(region, unverified.join(', ')), cause: 'sandbox' };
  }
  if (account.sentLast24Hours >= account.max24HourSend)
    return throttled('Daily message quota exceeded.', 'daily-quota-exhausted');
  const now = Date.now();
  while (recent.length > 0 && recent[0] < now - 1000) recent.shift();
  if (recent.length >= account.maxSendRate) return throttled('Maximum sending rate exceeded.', 'send-rate-exceeded');
  recent.push(now);
  account.sentLast24Hours += 1;
  if (to.some((address) => account.suppressed.includes(address))) return { suppressed: true };
  return undefined;
}

/** The read calls a diagnosis makes, answered from the state: [status, body] or undefined (not one). */
export function answerRead(account, method, pathname) {
  if (method !== 'GET') return undefined;
  const part = (prefix) =>
    pathname.startsWith(prefix) ? decodeURIComponent(pathname.slice(prefix.length)).toLowerCase() : undefined;
  if (account.credentials !== 'valid' && pathname.startsWith('/v2/email/')) {
    return [403, { message: 'The security token included in the request is invalid.' }, 'UnrecognizedClientException'];
  }
  if (pathname === '/v2/email/account') {
    return [
      200,
      {
        DedicatedIpAutoWarmupEnabled: false,
        EnforcementStatus: 'HEALTHY',
        ProductionAccessEnabled: !account.sandbox,
        SendingEnabled: true,
        SendQuota: {
          Max24HourSend: account.max24HourSend,
          MaxSendRate: account.maxSendRate,
          SentLast24Hours: account.sentLast24Hours,
        },
        SuppressionAttributes: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      },
    ];
  }
  const identity = part('/v2/email/identities/');
  if (identity !== undefined) {
    const known = account.identities[identity];
    if (!known) return [404, { message: `Email identity ${identity} does not exist.` }, 'NotFoundException'];
    return [
      200,
      {
        IdentityType: identity.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN',
        VerifiedForSendingStatus: known.verification === 'SUCCESS',
        VerificationStatus: known.verification,
        FeedbackForwardingStatus: true,
        DkimAttributes: { SigningEnabled: true, Status: known.dkim, SigningAttributesOrigin: 'AWS_SES' },
      },
    ];
  }
  const set = part('/v2/email/configuration-sets/');
  if (set !== undefined) {
    const name = account.configurationSets.find((s) => s.toLowerCase() === set);
    return name
      ? [200, { ConfigurationSetName: name, SendingOptions: { SendingEnabled: true } }]
      : [404, { message: `Configuration set <${set}> does not exist.` }, 'NotFoundException'];
  }
  const suppressed = part('/v2/email/suppression/addresses/');
  if (suppressed !== undefined) {
    return account.suppressed.includes(suppressed)
      ? [
          200,
          {
            SuppressedDestination: {
              EmailAddress: suppressed,
              Reason: 'BOUNCE',
              LastUpdateTime: Math.floor(Date.now() / 1000),
            },
          },
        ]
      : [404, { message: `Email address ${suppressed} does not exist on your suppression list.` }, 'NotFoundException'];
  }
  return undefined;
}
