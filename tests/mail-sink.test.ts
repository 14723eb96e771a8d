import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { startMailSink } from '../harness/mail/sink/mail-sink.js';
import { sendLikeConnector } from '../harness/connectors/ses/send-like-connector.js';
import { sinkTest } from './helpers/sink-test.js';
import {
  faultSwitchFor,
  realSesSkipReason,
  sesAcceptedTimes,
  sesFaultSwitch,
  type SesFault,
  sinkFetch,
} from '../harness/connectors/ses/ses-faults.js';
import { listenersOf } from './helpers/listening.js';
import { Mailbox } from '../harness/mail/mailbox/mailbox.js';
import { extractCode } from '../harness/mail/mailbox/extract-code.js';
import { uniqueRecipient } from '../harness/mail/mailbox/recipient.js';
import { isAlive } from '../harness/process/managed-process.js';
import { timeoutScaleOf } from './helpers/settings-of.js';

/** As Logto's connector sends: endpoint from AWS_ENDPOINT_URL_SESV2 (set by the sink fixture). */
const sendLikeLogto = (to: string, subject: string, html: string) => sendLikeConnector({ to, subject, html });

// Where Logto's connector takes its endpoint from: the SDK reads this variable.
const test = sinkTest({}, (sink) => (process.env.AWS_ENDPOINT_URL_SESV2 = sink.sesEndpoint));

test.describe('mail sink: SES v2 → LMTP → Dovecot → IMAP', () => {
  test('a message sent through the SES SDK arrives and yields its code', async ({ mailbox, sink, to }) => {
    const since = new Date();
    await sendLikeLogto(to, 'Sign-in code', '<p>Your code is <b>482913</b>. It expires in 10 minutes.</p>');
    const mail = await mailbox.waitForEmail({ to, since, timeout: 5000 });
    expect(mail.to).toEqual([to]);
    expect(mail.subject).toBe('Sign-in code');
    expect(mail.html).toContain('<b>482913</b>');
    expect(extractCode(mail)).toBe('482913');
    expect(mail.raw.toString('utf8')).toContain('Content-Type: text/html');
    // Where a code's latency starts and ends: SES accepting the send, the harness reading it.
    const accepted = await sesAcceptedTimes(sink.control, to);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]?.getTime()).toBeGreaterThanOrEqual(since.getTime());
    expect(mail.readAt.getTime()).toBeGreaterThanOrEqual(accepted[0]?.getTime() ?? Infinity);
  });

  test('a wait ended by its caller stops at once with the caller’s reason', async ({ mailbox, to }) => {
    const stop = new AbortController();
    const started = Date.now();
    const waiting = mailbox.waitForEmail({ to, timeout: 30_000, signal: stop.signal });
    stop.abort(new Error('the page showed the send failed'));
    await expect(waiting).rejects.toThrow('the page showed the send failed');
    expect(Date.now() - started).toBeLessThan(5000);
    // The mailbox still works for the next wait.
    await sendLikeLogto(to, 'After an abort', '<p>Your code is 120934.</p>');
    expect(extractCode(await mailbox.waitForEmail({ to, timeout: 5000 }))).toBe('120934');
  });

  test('a Thai subject and body are decoded', async ({ mailbox, to }) => {
    const subject = 'รหัสยืนยันสำหรับการเข้าสู่ระบบ';
    await sendLikeLogto(to, subject, '<p>รหัสของคุณคือ 305718 ใช้ได้ภายใน 10 นาที</p>');
    const mail = await mailbox.waitForEmail({ to, subject: 'รหัสยืนยัน', timeout: 5000 });
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain('รหัสของคุณคือ 305718');
    expect(extractCode(mail)).toBe('305718');
  });

  test('concurrent recipients in one inbox are kept apart', async ({ mailbox, sink }) => {
    const a = uniqueRecipient(sink.address, 'alice');
    const b = uniqueRecipient(sink.address, 'bob');
    const [mailA, mailB] = await Promise.all([
      mailbox.waitForEmail({ to: a, timeout: 5000 }),
      mailbox.waitForEmail({ to: b, timeout: 5000 }),
      sendLikeLogto(b, 'for bob', '<p>111111</p>'),
      sendLikeLogto(a, 'for alice', '<p>222222</p>'),
    ]);
    expect([mailA.subject, extractCode(mailA)]).toEqual(['for alice', '222222']);
    expect([mailB.subject, extractCode(mailB)]).toEqual(['for bob', '111111']);
  });

  test('waiting for the next message skips the earlier one', async ({ mailbox, to }) => {
    await sendLikeLogto(to, 'first', '<p>100001</p>');
    const first = await mailbox.waitForEmail({ to, timeout: 5000 });
    await sendLikeLogto(to, 'second', '<p>100002</p>');
    const second = await mailbox.waitForEmail({ to, afterUid: first.uid, timeout: 5000 });
    expect(extractCode(second)).toBe('100002');
  });

  test('a timeout says SES accepted nothing when nothing was sent', async ({ mailbox, to }) => {
    const error = await mailbox.waitForEmail({ to, timeout: 300 }).catch((e: Error) => e);
    expect(String(error)).toContain(`Timed out after 300 ms waiting for an email to ${to}`);
    expect(String(error)).toContain(`SES accepted no message for ${to}`);
  });
});

test.describe('mail sink faults and lifecycle', () => {
  test('relay down: SES accepts, the wait times out and says the relay failed', async () => {
    const broken = await startMailSink({ relay: 'broken' });
    const mailbox = await Mailbox.connect(broken.imap, { diagnose: (to) => broken.diagnose(to) });
    try {
      const to = uniqueRecipient(broken.address, 'relay');
      const messageId = await sendLikeConnector({
        endpoint: broken.sesEndpoint,
        to,
        subject: 'lost',
        html: '<p>123456</p>',
      });
      expect(messageId).toBeTruthy(); // SES said yes...
      // Long enough for the relay to fail and log it on a slow machine too.
      const error = await mailbox.waitForEmail({ to, timeout: 1500 * timeoutScaleOf() }).catch((e: Error) => e);
      // ...and the error says so, and why the mail is missing.
      expect(String(error)).toContain(`SES accepted 1 message(s) for ${to}: ${messageId} "lost"`);
      expect(String(error)).toMatch(/the relay into IMAP failed 1 time\(s\), last: .*ECONNREFUSED/);
    } finally {
      await mailbox.close();
      await broken.stop();
    }
  });

  test('a wrong IMAP password is a clear error that does not show the password', async ({ sink }) => {
    const wrong = 'not-the-password-8731';
    const error = await Mailbox.connect({ ...sink.imap, password: wrong }).catch((e: Error) => e);
    expect(String(error)).toContain(`IMAP login to imap://127.0.0.1:${sink.imap.port} as "e2e" was refused`);
    expect(String(error)).toContain('check IMAP_USER and IMAP_PASSWORD');
    expect(String(error)).not.toContain(wrong);
  });

  test('after stop no process of the sink is left; while it runs, Dovecot sees none of our environment', async () => {
    process.env.E2E_SECRET_CANARY = 'canary-of-the-harness-env';
    const sink = await startMailSink();
    delete process.env.E2E_SECRET_CANARY;
    const pids = sink.pids();
    const environ = (pid: number) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
    const dovecot = pids
      .map((pid) => ({ pid, env: environ(pid) }))
      .filter((p) => !p.env.some((v) => v.startsWith('SMTP_TRANSPORT=')));
    expect(dovecot.length, "Dovecot's processes").toBeGreaterThanOrEqual(2);
    for (const p of dovecot) expect(p.env.join(' ')).not.toContain('canary-of-the-harness-env');
    expect(pids.length).toBeGreaterThanOrEqual(3); // emulator, dovecot master and its services
    expect(pids.every(isAlive)).toBe(true);
    await sink.stop();
    expect(pids.filter(isAlive)).toEqual([]);
  });

  test("the sink starts with a normal user's PATH (no /usr/sbin, where Dovecot lives)", async () => {
    const sink = await startMailSink({ path: '/usr/local/bin:/usr/bin:/bin' });
    try {
      const mailbox = await Mailbox.connect(sink.imap);
      await mailbox.close();
    } finally {
      await sink.stop();
    }
  });

  test('a Dovecot that cannot be started is one line, and nothing is left behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-nodovecot-'));
    const savedTmp = process.env.TMPDIR;
    try {
      const binary = join(dir, 'dovecot');
      writeFileSync(binary, '#!/bin/sh\n', { mode: 0o644 }); // not executable
      const work = join(dir, 'tmp');
      mkdirSync(work);
      process.env.TMPDIR = work; // the sink's temp dir goes here, so it can be checked
      const error = await startMailSink({ dovecotBinary: binary }).catch((e: Error) => e);
      expect(String(error)).toBe(
        `SpawnError: dovecot could not be started: ${binary} is not executable or not reachable by the user it runs as (EACCES); install dovecot-imapd and dovecot-lmtpd (bash scripts/bootstrap.sh)`,
      );
      expect(readdirSync(work)).toEqual([]);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the inbox can be read over TLS with the certificate trusted', async () => {
    const sink = await startMailSink({ tls: true });
    try {
      const tls = sink.imapTls;
      if (!tls) throw new Error('the sink did not start IMAPS');
      const mailbox = await Mailbox.connect(tls);
      await mailbox.close();
      const untrusted = await Mailbox.connect({ ...tls, ca: undefined }).catch((e: Error) => e);
      expect(String(untrusted)).toMatch(
        /Could not connect to the IMAP server at imaps:\/\/127\.0\.0\.1:\d+: .*(self-signed|certificate)/i,
      );
    } finally {
      await sink.stop();
    }
  });
});

/** A TCP relay to the sink's IMAP port that a test can cut or stall, as a flaky network would. */
async function imapRelay(target: { host: string; port: number }) {
  const pairs: { client: Socket; server: Socket }[] = [];
  let stallNew = false;
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const stalled = stallNew;
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    // A stalled connection swallows what the client sends: its commands never answer.
    if (!stalled) client.pipe(upstream);
    upstream.pipe(client);
    pairs.push({ client, server: upstream });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => pairs.length,
    /** Drops every open connection. */
    cut: () => pairs.forEach((p) => (p.client.destroy(), p.server.destroy())),
    /** Open connections stop passing commands on; new ones work. */
    stall: () => pairs.forEach((p) => p.client.unpipe(p.server)),
    close: async () => {
      pairs.forEach((p) => (p.client.destroy(), p.server.destroy()));
      await new Promise((resolve) => server.close(resolve));
    },
    set stallNewConnections(value: boolean) {
      stallNew = value;
    },
  };
}

test.describe('mailbox: a lost IMAP connection', () => {
  test('dropped during a wait: the mailbox reconnects and still returns the mail', async ({ sink, to }) => {
    const relay = await imapRelay(sink.imap);
    const mailbox = await Mailbox.connect({ ...sink.imap, port: relay.port });
    try {
      const waiting = mailbox.waitForEmail({ to, timeout: 10_000 });
      await expect.poll(() => relay.connections()).toBe(1);
      relay.cut();
      await sendLikeLogto(to, 'After the drop', '<p>Your code is 771204</p>');
      const mail = await waiting;
      expect(extractCode(mail)).toBe('771204');
      // Seen as the close event or as the next command failing, whichever comes first.
      expect(mailbox.reconnects).toEqual([expect.stringMatching(/^the IMAP connection closed/)]);
      expect(relay.connections(), 'a second connection').toBe(2);
    } finally {
      await mailbox.close();
      await relay.close();
    }
  });

  test('a command that hangs: it times out, the mailbox reconnects and still returns the mail', async ({
    sink,
    to,
  }) => {
    const relay = await imapRelay(sink.imap);
    const mailbox = await Mailbox.connect({ ...sink.imap, port: relay.port }, { commandTimeoutMs: 500 });
    try {
      relay.stall();
      const waiting = mailbox.waitForEmail({ to, timeout: 10_000 });
      await sendLikeLogto(to, 'After the stall', '<p>Your code is 650318</p>');
      const mail = await waiting;
      expect(extractCode(mail)).toBe('650318');
      expect(mailbox.reconnects).toEqual(['IMAP NOOP did not answer within 500 ms']);
    } finally {
      await mailbox.close();
      await relay.close();
    }
  });

  test('gone for good: the wait fails at its deadline saying the connection could not come back', async ({
    sink,
    to,
  }) => {
    const relay = await imapRelay(sink.imap);
    const mailbox = await Mailbox.connect({ ...sink.imap, port: relay.port }, { commandTimeoutMs: 300 });
    try {
      relay.stallNewConnections = true; // every new connection hangs at its greeting
      relay.stall();
      const error = await mailbox.waitForEmail({ to, timeout: 3000 }).catch((e: unknown) => e as Error);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(
        /^Timed out after \d+ ms waiting for the IMAP connection to come back \(lost: IMAP NOOP did not answer within 300 ms\)/,
      );
    } finally {
      await mailbox.close().catch(() => undefined);
      await relay.close();
    }
  });
});

test.describe('mail sink: SES faults per recipient', () => {
  test('a fault hits only its recipient, with every SDK retry of one send; the next send goes through', async ({
    sink,
    mailbox,
    to,
  }) => {
    const other = uniqueRecipient(sink.address, 'bystander');
    await sesFaultSwitch(sink.control)(to, 'throttled');
    const [failed, bystander] = await Promise.allSettled([
      sendLikeLogto(to, 'Throttled', '<p>111111</p>'),
      sendLikeLogto(other, 'Unaffected', '<p>Your code is 222222</p>'),
    ]);
    expect(failed.status).toBe('rejected');
    const error = (failed as PromiseRejectedResult).reason as { name: string; $metadata: { attempts: number } };
    expect(error.name).toBe('TooManyRequestsException');
    expect(error.$metadata.attempts, 'the SDK retried, and every attempt was throttled').toBe(3);
    expect(bystander.status).toBe('fulfilled');
    expect(extractCode(await mailbox.waitForEmail({ to: other, timeout: 5000 }))).toBe('222222');

    await sendLikeLogto(to, 'Second send', '<p>Your code is 333333</p>');
    expect(extractCode(await mailbox.waitForEmail({ to, timeout: 5000 }))).toBe('333333');
    expect(await sink.diagnose(to)).toContain(
      'SES fault "throttled" was injected: 3 attempt(s) answered 429 TooManyRequestsException',
    );
  });

  test('an unknown fault name is one line listing the known ones (from the harness and from the sink)', async ({
    sink,
    to,
  }) => {
    const known = 'known: rejected, throttled, unavailable, slow, never-delivered';
    await expect(sesFaultSwitch(sink.control)(to, 'melted' as SesFault)).rejects.toThrow(
      `Unknown SES fault "melted"; ${known}`,
    );
    const raw = await fetch(`${sink.sesEndpoint}/_faults`, {
      method: 'POST',
      headers: { 'x-sink-secret': sink.control.secret },
      body: JSON.stringify({ to, fault: 'melted' }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ message: `Unknown SES fault "melted"; ${known}` });
  });
});

test.describe("the sink's mail is the run's", () => {
  test("its viewer, store, message download and fault API refuse a request without the run's secret; the SES API stays open", async ({
    sink,
    mailbox,
    to,
  }) => {
    const since = new Date();
    await sendLikeLogto(to, 'Sign-in code', '<p>Your code is <b>123456</b>.</p>');
    await mailbox.waitForEmail({ to, since, timeout: 5000 });
    const surfaces: [string, RequestInit][] = [
      ['/', {}],
      ['/store', {}],
      ['/get-emlContent?messageId=ses-1', {}],
      ['/clear-store', { method: 'POST' }],
      ['/_faults', { method: 'POST', body: JSON.stringify({ to, fault: 'rejected' }) }],
      [`/_faults/journal?to=${encodeURIComponent(to)}`, {}],
      [`/_faults/accepted?to=${encodeURIComponent(to)}`, {}],
    ];
    for (const [path, init] of surfaces) {
      const without = await fetch(`${sink.sesEndpoint}${path}`, init);
      expect(without.status, `${path} without the secret`).toBe(403);
      const wrong = await fetch(`${sink.sesEndpoint}${path}`, { ...init, headers: { 'x-sink-secret': 'guess' } });
      expect(wrong.status, `${path} with a wrong secret`).toBe(403);
    }
    // With the secret, the store has the mail (and its code): the refusal above is the secret's doing.
    const store = await sinkFetch(sink.control, '/store');
    expect(store.status).toBe(200);
    expect(JSON.stringify(await store.json())).toContain('123456');
    // The emulator itself is on a Unix socket: the sink's processes listen on the front's port only.
    const ports = new Set(listenersOf(sink.pids()).map((l) => l.port));
    expect([...ports].filter((p) => p !== sink.imap.port && p !== Number(new URL(sink.sesEndpoint).port))).toEqual(
      [expect.any(Number)], // Dovecot's LMTP port, where the emulator relays
    );
  });
});

test('with real SES a fault switch skips the spec with the reason and asks nothing of anyone', async () => {
  const skipped: string[] = [];
  const requests: string[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input) => {
    requests.push(String(input));
    throw new Error('no request may leave');
  };
  try {
    const faults = faultSwitchFor({ mode: 'ses', connector: 'ses' }, (reason) => skipped.push(reason));
    await expect(faults('someone@example.com', 'throttled')).rejects.toThrow(realSesSkipReason);
    expect(skipped).toEqual([realSesSkipReason]);
    // A sink whose Logto sends through SMTP has an SES emulator nobody calls: no fault there either.
    const viaSmtp = faultSwitchFor(
      { mode: 'sink', connector: 'smtp', sink: { sesEndpoint: 'http://127.0.0.1:9', secret: 's'.repeat(16) } },
      (reason) => skipped.push(reason),
    );
    await expect(viaSmtp('someone@example.com', 'throttled')).rejects.toThrow('MAIL_CONNECTOR=smtp');
    expect(skipped.at(-1)).toContain('run with MAIL_CONNECTOR=ses');
    await expect(faults('someone@example.com', 'melted' as SesFault)).rejects.toThrow('Unknown SES fault "melted"');
  } finally {
    globalThis.fetch = realFetch;
  }
  expect(requests).toEqual([]);
  expect(realSesSkipReason).toContain('MAIL_MODE=sink');
});
