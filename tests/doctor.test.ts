import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect, test } from '@playwright/test';
import {
  fixedRecipient,
  reusedAddresses,
  runDoctor,
  setSesAccount,
  type DoctorTarget,
  type RunningStack,
  type SesAccountPreset,
} from '../harness/index.js';
import { sinkResolver } from '../harness/mail/judging/mail-dns.js';
import { recordedStack } from './helpers/recorded-stack.js';
import { stackSettingsOf } from './helpers/settings-of.js';
import { skipWithoutLogto } from './helpers/test-logto.js';

const settings = stackSettingsOf();

// Each broken state of the sink's SES account, and the doctor's line that must say so first.
const broken: { state: SesAccountPreset | 'suppressed'; line: RegExp }[] = [
  {
    state: 'invalid-credentials',
    line: /^✘ SES credentials: SES refused the connector's key .*UnrecognizedClientException/,
  },
  {
    state: 'sending-paused',
    line: /^✘ Sending enabled: sending is paused for the account in us-east-1.* — fix: resume sending/,
  },
  {
    state: 'shutdown',
    line: /^✘ The account's standing: SHUTDOWN in us-east-1: SES refuses every send \(AccountSuspendedException\) — fix: contact AWS Support/,
  },
  {
    state: 'sandbox',
    line: /^✘ Sandbox or production: the account is in the SES sandbox in us-east-1.* — fix: request production access/,
  },
  {
    state: 'unverified-sender',
    line: /^✘ Sender identity: noreply@example.test is not verified for sending in us-east-1 \(PENDING\) — fix: verify example.test/,
  },
  { state: 'dkim-failed', line: /^✘ DKIM: DKIM of example.test: FAILED — fix: publish the DKIM CNAME records/ },
  {
    state: 'no-dmarc',
    line: /^✘ DMARC: example.test publishes no DMARC record \(_dmarc.example.test TXT\).* — fix: publish _dmarc.example.test TXT "v=DMARC1; p=quarantine/,
  },
  {
    state: 'missing-configuration-set',
    line: /^✘ Configuration set: e2e-events, named in the connector, does not exist in us-east-1/,
  },
  { state: 'daily-quota-exhausted', line: /^✘ Quota headroom: 0 of 200 sends left in the last 24 hours/ },
  {
    // A real rate (1 a second) that the account's other sender uses up: nothing in GetAccount
    // says so (SES does not report the current rate); the test send meets it, with SES's words.
    state: 'send-rate-exceeded',
    line: /^✘ SES sends with the connector's key \(its test email\): SES refused the connector's test email to .*: Maximum sending rate exceeded/,
  },
  {
    state: 'read-only-key',
    line: /^✘ SES sends with the connector's key \(its test email\): .*not authorized to perform: ses:SendEmail.* — fix: allow ses:SendEmail for the connector's key/,
  },
  {
    state: 'suppressed',
    line: /^✘ The addresses the harness sends to, not suppressed: e2e\+canary@example.test \(BOUNCE\) on the account's suppression list/,
  },
];

test.describe('npm run doctor against a local stack and its SES account', () => {
  skipWithoutLogto(settings);
  test.describe.configure({ mode: 'serial' });
  let stack: RunningStack;
  let record: string;
  let stop: () => Promise<void>;
  let target: DoctorTarget;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    ({ stack, record, stop } = await recordedStack('logto-e2e-doctor-'));
    const { info } = stack;
    target = {
      logto: info.logto,
      app: { baseUrl: info.app.url, contract: info.app.contract },
      inbox: { imap: info.mail.imap, address: info.mail.address, wait: info.mail.wait },
      sendsTo: reusedAddresses(info.mail.address, undefined),
      sesEndpoint: info.mail.sesEndpoint,
      resolver: info.mail.sink ? sinkResolver(info.mail.sink) : undefined,
      timeoutScale: info.timeoutScale,
    };
  });
  test.afterAll(async () => {
    await stop?.();
  });
  const sink = () => {
    if (!stack.info.mail.sink) throw new Error('the local stack has a mail sink');
    return stack.info.mail.sink;
  };

  test('healthy: every line holds, and every Management API and SES call is a read but the test email', async () => {
    await setSesAccount(sink(), { preset: 'healthy' });
    const lines: string[] = [];
    const report = await runDoctor(target, (line) => lines.push(line));
    // The sink's domain has no custom MAIL FROM: the one warning, with its fix.
    expect(
      lines.filter((l) => !l.startsWith('✔')),
      lines.join('\n'),
    ).toEqual([
      expect.stringMatching(
        /^⚠ SPF and MAIL FROM alignment: no custom MAIL FROM: SPF passes for amazonses.com, which does not align with example.test; DMARC rests on DKIM alone — fix: set a custom MAIL FROM/,
      ),
    ]);
    expect(report.ok).toBe(true);
    expect(lines).toHaveLength(18);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^✔ DKIM records in DNS: the 3 DKIM CNAMEs SES gave example.test resolve to amazonses.com$/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^✔ DMARC: _dmarc.example.test: v=DMARC1; p=quarantine/));
    const writes = report.calls.filter((c) => c.method !== 'GET');
    expect(writes).toEqual([{ service: 'management-api', method: 'POST', path: '/api/connectors/aws-ses-mail/test' }]);
    // Reads were made of both: the checks did look.
    expect(report.calls.filter((c) => c.service === 'ses').map((c) => c.path)).toContain('/v2/email/account');
    expect(report.calls.filter((c) => c.service === 'management-api').length).toBeGreaterThan(3);
  });

  for (const { state, line } of broken) {
    test(`${state}: the doctor's first ✘ names it, and it does not pass`, async () => {
      await setSesAccount(
        sink(),
        state === 'suppressed'
          ? { preset: 'healthy', state: { suppressed: [fixedRecipient(stack.info.mail.address, 'canary')] } }
          : { preset: state },
      );
      const lines: string[] = [];
      const report = await runDoctor(target, (l) => lines.push(l));
      expect(report.ok).toBe(false);
      expect(
        lines.find((l) => l.startsWith('✘')),
        lines.join('\n'),
      ).toMatch(line);
      expect(report.calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/test'))).toEqual([]);
    });
  }

  test("DNS as inboxes read it, from the domain's zone: DKIM CNAMEs gone when DKIM fails, a custom MAIL FROM's records, DMARC's policy", async () => {
    await setSesAccount(sink(), { preset: 'dkim-failed' });
    const failed: string[] = [];
    await runDoctor(target, (l) => failed.push(l));
    expect(failed).toContainEqual(
      expect.stringMatching(
        /^✘ DKIM records in DNS: 3 of the 3 DKIM CNAMEs SES gave example.test do not resolve: \w+._domainkey.example.test → \w+.dkim.amazonses.com/,
      ),
    );
    await setSesAccount(sink(), { preset: 'custom-mail-from' });
    const aligned: string[] = [];
    await runDoctor(target, (l) => aligned.push(l));
    expect(aligned).toContain(
      "✔ SPF and MAIL FROM alignment: the custom MAIL FROM mail.example.test has SES's MX and an SPF record including amazonses.com: SPF aligns with example.test",
    );
    await setSesAccount(sink(), { preset: 'healthy', state: { dmarcPolicy: 'none' } });
    const monitoring: string[] = [];
    await runDoctor(target, (l) => monitoring.push(l));
    expect(monitoring).toContainEqual(
      expect.stringMatching(
        /^⚠ DMARC: _dmarc.example.test: v=DMARC1; p=none.*\(p=none: inboxes report, and act on nothing\) — fix:/,
      ),
    );
    // A DNS that does not answer is one line naming it, not a hang.
    const silent: string[] = [];
    await runDoctor({ ...target, resolver: () => new Promise<never>(() => undefined) }, (l) => silent.push(l), {
      scope: 'ses-account',
      dnsTimeoutMs: 500,
    });
    expect(silent).toContainEqual(
      expect.stringMatching(/^✘ DMARC: .*DNS did not answer for TXT _dmarc.example.test within 500 ms/),
    );
  });

  test("the guide's least-privilege key (ses:SendEmail only): the reads are skipped naming the IAM actions, the test send judges the key, and the doctor passes", async () => {
    await setSesAccount(sink(), { preset: 'send-only-key' });
    const lines: string[] = [];
    const report = await runDoctor(target, (l) => lines.push(l));
    expect(report.ok, lines.join('\n')).toBe(true);
    expect(lines.filter((l) => l.startsWith('✘'))).toEqual([]);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^– SES credentials: the connector's key AKIA\w+ may not read the account in us-east-1 \(AccessDeniedException\): the read checks below need ses:GetAccount, ses:GetEmailIdentity, ses:GetConfigurationSet, ses:GetSuppressedDestination/,
      ),
    );
    for (const [check, action] of [
      ['Sending enabled', 'ses:GetAccount'],
      ['Sender identity', 'ses:GetEmailIdentity'],
      ['Configuration set', 'ses:GetConfigurationSet'],
      ['The addresses the harness sends to, not suppressed', 'ses:GetSuppressedDestination'],
    ]) {
      expect(lines).toContain(
        `– ${check}: not checked: the connector's key may not read it (grant ${action} to check it)`,
      );
    }
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^✔ SES sends with the connector's key \(its test email\): the connector's test email to .* was in the inbox/,
      ),
    );
  });

  test('probation warns and passes; an unlimited daily quota (-1) is unlimited, not "0 of -1"', async () => {
    await setSesAccount(sink(), { preset: 'probation', state: { max24HourSend: -1 } });
    const lines: string[] = [];
    const report = await runDoctor(target, (l) => lines.push(l));
    expect(report.ok, lines.join('\n')).toBe(true);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^⚠ The account's standing: on probation in us-east-1: sends go on for now.* — fix: bring bounces and complaints down/,
      ),
    );
    expect(lines).toContain('✔ Quota headroom: unlimited sends a day, 14 per second');
  });

  test("without an inbox: the key is judged by a test send to SES's mailbox simulator, by Logto's answer", async () => {
    await setSesAccount(sink(), { preset: 'sandbox' });
    const lines: string[] = [];
    await runDoctor({ ...target, inbox: undefined, sendsTo: [] }, (l) => lines.push(l));
    // The simulator takes mail from a sandboxed account too, as SES's does.
    expect(lines).toContain(
      "✔ SES sends with the connector's key (its test email): SES accepted the connector's test email to success@simulator.amazonses.com (no inbox configured to read it in)",
    );
    await setSesAccount(sink(), { preset: 'read-only-key' });
    const denied: string[] = [];
    await runDoctor({ ...target, inbox: undefined, sendsTo: [] }, (l) => denied.push(l));
    expect(denied).toContainEqual(
      expect.stringMatching(
        /^✘ SES sends with the connector's key \(its test email\): SES refused the connector's test email to success@simulator.amazonses.com: User: arn:aws:iam::\d+:user\/\S+ is not authorized to perform: ses:SendEmail/,
      ),
    );
  });

  test('npm run doctor exits 0 on a healthy account and 1 on a broken one, each line on its own', async () => {
    // Not spawnSync: the sample app answers from this process, which must not block meanwhile.
    const run = async () => {
      const child = spawn('npm', ['run', '-s', 'doctor'], {
        env: { ...process.env, E2E_STACK_FILE: record },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const [status] = (await once(child, 'close')) as [number | null];
      return { status, stdout, stderr };
    };
    await setSesAccount(sink(), { preset: 'healthy' });
    const healthy = await run();
    expect(healthy.stderr).not.toMatch(/stale/);
    expect(healthy.status, healthy.stdout + healthy.stderr).toBe(0);
    expect(healthy.stdout).toMatch(/^18 of 18 hold \(\d+ ms\)$/m);
    await setSesAccount(sink(), { preset: 'sandbox' });
    const sandboxed = await run();
    expect(sandboxed.status).toBe(1);
    expect(sandboxed.stdout).toMatch(/^✘ Sandbox or production: /m);
    expect(sandboxed.stdout).toMatch(/: fix the ✘ lines above, in order$/m);
    await setSesAccount(sink(), { preset: 'healthy' });
  });
});
