/* global structuredClone */
// The SES account behind the mail sink: what a team's account really is after the guide (the
// sandbox, identities and their DKIM, configuration sets, the suppression list, the quotas,
// sending paused, the account's standing, the key's permissions), answered as SES v2 answers it
// in that state: the HTTP status, the x-amzn-ErrorType and the body that @aws-sdk/client-sesv2's
// model parses into its exception classes. The one table of states: the harness (TypeScript)
// imports it (ses-account.d.mts), ses-faults.mjs answers from it, in local mode and in the image.

/** A healthy production account: the sink's domain verified with DKIM, room in its quotas. */
export const healthyAccount = {
  /** valid | invalid (SES does not know the key) | send-only (no ses:Get*) | read-only (no ses:SendEmail) */
  credentials: 'valid',
  sandbox: false,
  /** GetAccount's SendingEnabled: false when sending is paused for the account. */
  sendingEnabled: true,
  /** GetAccount's EnforcementStatus: HEALTHY, PROBATION (sends go on) or SHUTDOWN (refused). */
  enforcementStatus: 'HEALTHY',
  /** Identities (addresses and domains) and their status: verified for sending when SUCCESS. */
  identities: { 'example.test': { verification: 'SUCCESS', dkim: 'SUCCESS' } },
  configurationSets: ['e2e-events'],
  /** Addresses on the account-level suppression list. */
  suppressed: [],
  /** -1: unlimited, as SES reports it. */
  max24HourSend: 50000,
  sentLast24Hours: 0,
  /** Messages per second: a burst beyond it in one second is refused. */
  maxSendRate: 14,
  /** Sends per second another sender of the account (a newsletter…) is making now. */
  othersPerSecond: 0,
  /** The sending domain's custom MAIL FROM (a subdomain of it); none: SES's own, amazonses.com. */
  mailFromDomain: undefined,
  /** The domain's published DMARC policy (none, quarantine, reject), or `absent`: no record. */
  dmarcPolicy: 'quarantine',
};

/** The states a team meets, by name (SES_SINK_ACCOUNT for a whole run; inbox.sesAccount per test). */
export const accountStates = {
  healthy: {},
  sandbox: { sandbox: true, identities: { 'noreply@example.test': { verification: 'SUCCESS', dkim: 'SUCCESS' } } },
  'unverified-sender': { identities: { 'example.test': { verification: 'PENDING', dkim: 'PENDING' } } },
  'dkim-failed': { identities: { 'example.test': { verification: 'SUCCESS', dkim: 'FAILED' } } },
  'missing-configuration-set': { configurationSets: [] },
  'daily-quota-exhausted': { max24HourSend: 200, sentLast24Hours: 200 },
  // A real rate (1 a second), used up by a burst another sender of the account is making.
  'send-rate-exceeded': { maxSendRate: 1, othersPerSecond: 1 },
  'invalid-credentials': { credentials: 'invalid' },
  'sending-paused': { sendingEnabled: false },
  probation: { enforcementStatus: 'PROBATION' },
  shutdown: { enforcementStatus: 'SHUTDOWN' },
  // The guide's least privilege: ses:SendEmail only (the doctor cannot read the account with it).
  'send-only-key': { credentials: 'send-only' },
  // A key that reads the account but may not send.
  'read-only-key': { credentials: 'read-only' },
  // A custom MAIL FROM on the domain: SPF aligns with the sender, and DMARC holds through it.
  'custom-mail-from': { mailFromDomain: 'mail.example.test' },
  // The domain publishes no DMARC record: inboxes judge its mail by their own rules.
  'no-dmarc': { dmarcPolicy: 'absent' },
};

/**
 * What each refusal means, in the words a team needs (the harness's failure messages): by the
 * cause the sink records, from SES's own answer (its identities, region, set name).
 */
export const causeTexts = {
  sandbox: ({ identities, region }) =>
    `SES refused the send: the account is in the sandbox and ${identities} is not a verified identity (region ${region})`,
  'unverified-sender': ({ identities, region }) =>
    `SES refused the send: the sender ${identities} is not a verified identity (region ${region})`,
  'missing-configuration-set': ({ set }) =>
    `SES refused the send: the connector's configuration set ${set} does not exist in the account`,
  'daily-quota-exhausted': () =>
    "SES refused the send: the account's daily sending quota is used up (LimitExceededException: Daily message quota exceeded)",
  'send-rate-exceeded': () =>
    "SES refused the send: the account's maximum send rate is exceeded (TooManyRequestsException: Maximum sending rate exceeded)",
  'invalid-credentials': () =>
    "SES refused the send: the connector's access key is not valid (UnrecognizedClientException)",
  'sending-paused': () =>
    'SES refused the send: sending is paused for the account (SendingPausedException): resume it, or see why SES paused it',
  shutdown: () =>
    'SES refused the send: the account is shut down by SES enforcement (AccountSuspendedException): see the AWS console’s reputation metrics',
  'send-denied': ({ action }) =>
    `SES refused the send: the connector's key may not send (AccessDeniedException: not authorized to perform ${action})`,
  suppressed: () => "SES accepted the send and dropped it: the address is on the account's suppression list",
};

const arrays = ['suppressed'];
const maps = ['identities'];

/**
 * The account a state makes: the healthy one with a preset's fields in place of its own (a
 * preset is a whole picture: the sandbox's identities are just its sender), then a test's own
 * state beside it: identities merged by name and suppressed addresses added (a recipient
 * verified in the sandbox keeps the preset's verified sender); any other field replaced.
 */
export function accountOf(preset = {}, state = {}) {
  const account = structuredClone({ ...healthyAccount, ...preset });
  account.identities = lowerKeys(account.identities);
  account.suppressed = account.suppressed.map((v) => v.toLowerCase());
  for (const [key, value] of Object.entries(state ?? {})) {
    if (maps.includes(key)) account[key] = { ...account[key], ...lowerKeys(value) };
    else if (arrays.includes(key)) account[key] = [...new Set([...account[key], ...value.map((v) => v.toLowerCase())])];
    else account[key] = value;
  }
  // Sends in the last second, this account's own (a per-test account has its own rate).
  Object.defineProperty(account, 'recent', { value: [], enumerable: false });
  return account;
}

const lowerKeys = (o) => Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

/** The region of a signed request (its credential scope), as SES names it in its messages. */
export function regionOf(headers) {
  return (
    /Credential=[^/]+\/\d{8}\/([^/]+)\/ses\//.exec(String(headers.authorization ?? ''))?.[1] ?? 'us-east-1'
  ).toUpperCase();
}

const accountId = '123456789012';
const notAuthorized = (action, resource) =>
  `User: arn:aws:iam::${accountId}:user/logto-ses is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

const notVerified = (region, identity) => ({
  status: 400,
  type: 'MessageRejected',
  message: `Email address is not verified. The following identities failed the check in region ${region}: ${identity}`,
});

/** Whether `address` is covered by a verified identity (itself, or its domain). */
function verified(account, address) {
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return [address, domain].some((id) => account.identities[id]?.verification === 'SUCCESS');
}

/** SES's mailbox simulator: any account, the sandbox's too, may send to it; it delivers nowhere. */
export const isSimulator = (address) => /@simulator\.amazonses\.com$/i.test(address);

/**
 * What SES answers a SendEmail in `account`'s state: an error ({status, type, message, cause,
 * facts}), `{ suppressed: true }` or `{ simulated: true }` (accepted, never delivered), or
 * undefined (sent). In SES's order: the key, its permission, the configuration set, the
 * account's standing, the sender, the sandbox's recipients, the quotas, the suppression list.
 */
export function judgeSend(account, { from, to, configurationSet, region }) {
  if (account.credentials === 'invalid') {
    return {
      status: 403,
      type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      cause: 'invalid-credentials',
    };
  }
  if (account.credentials === 'read-only') {
    const resource = `arn:aws:ses:${region.toLowerCase()}:${accountId}:identity/${from.slice(from.indexOf('@') + 1)}`;
    return {
      status: 403,
      type: 'AccessDeniedException',
      message: notAuthorized('ses:SendEmail', resource),
      cause: 'send-denied',
      facts: { action: 'ses:SendEmail' },
    };
  }
  if (configurationSet && !account.configurationSets.includes(configurationSet)) {
    return {
      status: 404,
      type: 'NotFoundException',
      message: `Configuration set <${configurationSet}> does not exist.`,
      cause: 'missing-configuration-set',
      facts: { set: configurationSet },
    };
  }
  if (account.enforcementStatus === 'SHUTDOWN') {
    return {
      status: 400,
      type: 'AccountSuspendedException',
      message: 'Your account has been shut down because of a high bounce or complaint rate.',
      cause: 'shutdown',
    };
  }
  if (!account.sendingEnabled) {
    return {
      status: 400,
      type: 'SendingPausedException',
      message: 'Sending is paused for this account.',
      cause: 'sending-paused',
    };
  }
  if (from && !verified(account, from)) {
    return {
      ...notVerified(region, from),
      cause: 'unverified-sender',
      facts: { identities: from, region: region.toLowerCase() },
    };
  }
  if (account.sandbox) {
    const unverified = to.filter((address) => !verified(account, address) && !isSimulator(address));
    if (unverified.length > 0) {
      const identities = unverified.join(', ');
      return {
        ...notVerified(region, identities),
        cause: 'sandbox',
        facts: { identities, region: region.toLowerCase() },
      };
    }
  }
  if (account.max24HourSend >= 0 && account.sentLast24Hours >= account.max24HourSend) {
    return {
      status: 400,
      type: 'LimitExceededException',
      message: 'Daily message quota exceeded.',
      cause: 'daily-quota-exhausted',
    };
  }
  const now = Date.now();
  const recent = account.recent;
  while (recent.length > 0 && recent[0] < now - 1000) recent.shift();
  if (recent.length + account.othersPerSecond >= account.maxSendRate) {
    return {
      status: 429,
      type: 'TooManyRequestsException',
      message: 'Maximum sending rate exceeded.',
      cause: 'send-rate-exceeded',
    };
  }
  recent.push(now);
  account.sentLast24Hours += 1;
  if (to.every(isSimulator)) return { simulated: true };
  if (to.some((address) => account.suppressed.includes(address))) return { suppressed: true, cause: 'suppressed' };
  return undefined;
}

/** The IAM action each read call needs (what a key without it is refused). */
const readActions = [
  ['/v2/email/account', 'ses:GetAccount'],
  ['/v2/email/identities/', 'ses:GetEmailIdentity'],
  ['/v2/email/configuration-sets/', 'ses:GetConfigurationSet'],
  ['/v2/email/suppression/addresses/', 'ses:GetSuppressedDestination'],
];

/** The read calls a diagnosis makes, answered from the state: [status, body, type?] or undefined (not one). */
export function answerRead(account, method, pathname, region = 'US-EAST-1', dkimTokens = []) {
  if (method !== 'GET') return undefined;
  const part = (prefix) =>
    pathname.startsWith(prefix) ? decodeURIComponent(pathname.slice(prefix.length)).toLowerCase() : undefined;
  const action = readActions.find(
    ([prefix]) => pathname === prefix || (prefix.endsWith('/') && pathname.startsWith(prefix)),
  )?.[1];
  if (!action) return undefined;
  if (account.credentials === 'invalid') {
    return [403, { message: 'The security token included in the request is invalid.' }, 'UnrecognizedClientException'];
  }
  if (account.credentials === 'send-only') {
    const resource = `arn:aws:ses:${region.toLowerCase()}:${accountId}:*`;
    return [403, { message: notAuthorized(action, resource) }, 'AccessDeniedException'];
  }
  if (pathname === '/v2/email/account') {
    return [
      200,
      {
        DedicatedIpAutoWarmupEnabled: false,
        EnforcementStatus: account.enforcementStatus,
        ProductionAccessEnabled: !account.sandbox,
        SendingEnabled: account.sendingEnabled,
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
        DkimAttributes: {
          SigningEnabled: true,
          Status: known.dkim,
          SigningAttributesOrigin: 'AWS_SES',
          ...(identity.includes('@') ? {} : { Tokens: dkimTokens }),
        },
        MailFromAttributes:
          account.mailFromDomain && account.mailFromDomain.endsWith(`.${identity}`)
            ? {
                MailFromDomain: account.mailFromDomain,
                MailFromDomainStatus: 'SUCCESS',
                BehaviorOnMxFailure: 'USE_DEFAULT_VALUE',
              }
            : { BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
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
