import {
  AccountSuspendedException,
  GetAccountCommand,
  GetConfigurationSetCommand,
  GetEmailIdentityCommand,
  GetSuppressedDestinationCommand,
  LimitExceededException,
  MessageRejected,
  NotFoundException,
  SendEmailCommand,
  SendingPausedException,
  SESv2Client,
  SESv2ServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { test as base, expect } from '@playwright/test';
import { accountStates } from '../docker/mail/ses-account.mjs';
import { sesAccountPresets, setSesAccount } from '../harness/connectors/ses/ses-account.js';
import { sesFaultSwitch, type SesFault } from '../harness/connectors/ses/ses-faults.js';
import { startMailSink, type MailSink } from '../harness/mail/sink/mail-sink.js';
import { uniqueRecipient } from '../harness/mail/mailbox/recipient.js';

// The mail sink's SES emulator held to SES v2's published API, not to our own idea of it: driven
// through the real @aws-sdk/client-sesv2, each state and fault must raise the exception class the
// SDK's model maps SES's answer to, with the HTTP status AWS's API reference gives (SendEmail's
// Errors, and the common errors), and its reads must parse into the model's fields.
type ExceptionClass = abstract new (...args: never[]) => SESv2ServiceException;

const test = base.extend<{ to: string }, { sink: MailSink }>({
  sink: [
    async ({}, use) => {
      const sink = await startMailSink();
      await use(sink);
      await sink.stop();
    },
    { scope: 'worker' },
  ],
  to: async ({ sink }, use, testInfo) => use(uniqueRecipient(sink.address, testInfo.title)),
});

/** The real client, as Logto's connector builds it, without retries (one request, one answer). */
const client = (sink: MailSink) =>
  new SESv2Client({
    region: 'us-east-1',
    endpoint: sink.sesEndpoint,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIAMODELCHECK000000', secretAccessKey: 'model-check' },
  });

const send = (sink: MailSink, to: string, o: { configurationSet?: string } = {}) =>
  client(sink).send(
    new SendEmailCommand({
      FromEmailAddress: 'noreply@example.test',
      Destination: { ToAddresses: [to] },
      Content: { Simple: { Subject: { Data: 'model check' }, Body: { Html: { Data: '<p>123456</p>' } } } },
      ...(o.configurationSet ? { ConfigurationSetName: o.configurationSet } : {}),
    }),
  );

/** What the refused send raised: the SDK's class, its name, the HTTP status, the message. */
async function refusal(sending: Promise<unknown>) {
  const error = await sending.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SESv2ServiceException)) throw new Error(`expected an SES error, got ${String(error)}`);
  return { error, name: error.name, status: error.$metadata.httpStatusCode, message: error.message };
}

// The state, what SES v2 raises for a SendEmail in it (the model's class, or a common error by
// name), and the status the API reference gives it.
const refusals: { state: string; raises: ExceptionClass | string; status: number; says: RegExp; set?: string }[] = [
  {
    state: 'sandbox',
    raises: MessageRejected,
    status: 400,
    says: /^Email address is not verified\. .* region US-EAST-1: /,
  },
  {
    state: 'unverified-sender',
    raises: MessageRejected,
    status: 400,
    says: /identities failed the check in region US-EAST-1: noreply@example\.test$/,
  },
  {
    state: 'missing-configuration-set',
    raises: NotFoundException,
    status: 404,
    says: /^Configuration set <e2e-events> does not exist\.$/,
    set: 'e2e-events',
  },
  {
    state: 'daily-quota-exhausted',
    raises: LimitExceededException,
    status: 400,
    says: /^Daily message quota exceeded\.$/,
  },
  {
    state: 'send-rate-exceeded',
    raises: TooManyRequestsException,
    status: 429,
    says: /^Maximum sending rate exceeded\.$/,
  },
  { state: 'sending-paused', raises: SendingPausedException, status: 400, says: /paused/ },
  { state: 'shutdown', raises: AccountSuspendedException, status: 400, says: /shut down/ },
  {
    state: 'invalid-credentials',
    raises: 'UnrecognizedClientException',
    status: 403,
    says: /security token included in the request is invalid/,
  },
  {
    state: 'read-only-key',
    raises: 'AccessDeniedException',
    status: 403,
    says: /is not authorized to perform: ses:SendEmail on resource: arn:aws:ses:us-east-1:\d+:identity\/example\.test/,
  },
];

test.describe('the SES emulator, held to SES v2’s API model (@aws-sdk/client-sesv2)', () => {
  test('one table of states: the harness’s names are the sink’s, neither has one the other lacks', () => {
    expect(Object.keys(accountStates)).toEqual([...sesAccountPresets]);
  });

  for (const r of refusals) {
    test(`${r.state}: SendEmail raises ${typeof r.raises === 'string' ? r.raises : r.raises.name} with HTTP ${r.status}`, async ({
      sink,
      to,
    }) => {
      await setSesAccount(sink.control, { to, preset: r.state as never });
      const got = await refusal(send(sink, to, r.set ? { configurationSet: r.set } : {}));
      if (typeof r.raises === 'string') expect(got.name).toBe(r.raises);
      else expect(got.error).toBeInstanceOf(r.raises);
      expect(got.status).toBe(r.status);
      expect(got.error.$fault).toBe('client');
      expect(got.message).toMatch(r.says);
    });
  }

  test('a burst beyond a real rate (1 a second): one accepted, the rest TooManyRequestsException (429)', async ({
    sink,
    to,
  }) => {
    await setSesAccount(sink.control, { to, preset: 'healthy', state: { maxSendRate: 1 } });
    const answers = await Promise.allSettled([send(sink, to), send(sink, to), send(sink, to)]);
    const accepted = answers.filter((a) => a.status === 'fulfilled');
    const throttled = answers.flatMap((a) => (a.status === 'rejected' ? [a.reason as unknown] : []));
    expect(accepted).toHaveLength(1);
    expect(throttled).toHaveLength(2);
    for (const e of throttled) expect(e).toBeInstanceOf(TooManyRequestsException);
  });

  test('a sandboxed account may send to SES’s mailbox simulator, and to a verified recipient (a state beside the preset keeps its verified sender)', async ({
    sink,
    to,
  }) => {
    await setSesAccount(sink.control, { to, preset: 'sandbox' });
    expect((await send(sink, 'success@simulator.amazonses.com')).MessageId).toBeTruthy();
    await setSesAccount(sink.control, {
      to,
      preset: 'sandbox',
      state: { identities: { [to]: { verification: 'SUCCESS', dkim: 'NOT_STARTED' } } },
    });
    expect((await send(sink, to)).MessageId).toBeTruthy();
  });

  for (const [fault, raises, status] of [
    ['rejected', MessageRejected, 400],
    ['throttled', TooManyRequestsException, 429],
    ['unavailable', 'ServiceUnavailable', 503],
  ] as const) {
    test(`fault ${fault}: raises ${typeof raises === 'string' ? raises : raises.name} with HTTP ${status}`, async ({
      sink,
      to,
    }) => {
      await sesFaultSwitch(sink.control)(to, fault as SesFault);
      const got = await refusal(send(sink, to));
      if (typeof raises === 'string') expect(got.name).toBe(raises);
      else expect(got.error).toBeInstanceOf(raises);
      expect(got.status).toBe(status);
    });
  }

  test('the reads parse into the model’s fields, whole account states included', async ({ sink }) => {
    const ses = client(sink);
    try {
      await setSesAccount(sink.control, { preset: 'probation', state: { max24HourSend: -1, sendingEnabled: false } });
      const account = await ses.send(new GetAccountCommand({}));
      expect(account).toMatchObject({
        EnforcementStatus: 'PROBATION',
        SendingEnabled: false,
        ProductionAccessEnabled: true,
        SendQuota: { Max24HourSend: -1, MaxSendRate: 14, SentLast24Hours: expect.any(Number) },
      });
      const identity = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: 'example.test' }));
      expect(identity).toMatchObject({
        IdentityType: 'DOMAIN',
        VerifiedForSendingStatus: true,
        DkimAttributes: { Status: 'SUCCESS', SigningEnabled: true },
      });
      await expect(ses.send(new GetEmailIdentityCommand({ EmailIdentity: 'nobody.test' }))).rejects.toBeInstanceOf(
        NotFoundException,
      );
      expect(
        (await ses.send(new GetConfigurationSetCommand({ ConfigurationSetName: 'e2e-events' }))).ConfigurationSetName,
      ).toBe('e2e-events');
      await setSesAccount(sink.control, { preset: 'healthy', state: { suppressed: ['gone@example.test'] } });
      const suppressed = await ses.send(new GetSuppressedDestinationCommand({ EmailAddress: 'gone@example.test' }));
      expect(suppressed.SuppressedDestination?.Reason).toBe('BOUNCE');
      // A timestamp in the model: the SDK makes a Date of SES's epoch seconds.
      expect(suppressed.SuppressedDestination?.LastUpdateTime).toBeInstanceOf(Date);
      await setSesAccount(sink.control, { preset: 'send-only-key' });
      const denied = await refusal(ses.send(new GetAccountCommand({})));
      expect({ name: denied.name, status: denied.status }).toEqual({ name: 'AccessDeniedException', status: 403 });
      expect(denied.message).toMatch(/not authorized to perform: ses:GetAccount/);
    } finally {
      await setSesAccount(sink.control, { preset: 'healthy' });
      ses.destroy();
    }
  });
});
