#!/usr/bin/env node
// The mail sink's SES v2 endpoint: aws-ses-v2-local behind a front that answers a chosen fault
// for a chosen recipient, so a test sees what its user would see when SES misbehaves while
// parallel tests (other recipients) are untouched. Plain Node with no dependency of its own: it
// runs as is in local mode and in the mail sink image. Hand-written because neither
// aws-ses-v2-local nor any SES mock on npm can fail per recipient.
//
//   node ses-faults.mjs --port 8005 [--host 127.0.0.1] [--emulator <aws-ses-v2-local dir>] [--socket-dir <dir>]
//
// Control (for the harness, never for Logto):
//   POST /_faults {to, fault, sends?, delayMs?}   the next `sends` sends to `to` answer `fault`
//   GET  /_faults/journal?to=<address>            what the front did to sends to that address
//   GET  /_faults/accepted?to=<address>           when the emulator accepted sends to it (ms)
//   POST /_account {to?, preset?, state?}         the SES account's state (ses-account.mjs): for
//                                                 sends to `to` only, or (no `to`) the whole account
// The account's state for a whole run: env SES_SINK_ACCOUNT (a preset name, or JSON of a state).
// A "send" is one SendEmail call with all the SDK's retries of it (one amz-sdk-invocation-id).
//
// The run's mail is the run's: only the SES API (what Logto calls) is open. The control API and
// the emulator's own viewer and store (every mail, every code) answer only requests that carry
// the run's secret (env SES_SINK_SECRET) in the x-sink-secret header; the emulator itself
// listens on a Unix socket in a 0700 directory, not on a port anyone on the machine can reach.
/* global process, console, crypto, setTimeout, clearTimeout, Buffer, URL */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { accountOf, accountStates, answerRead, judgeSend, regionOf } from './ses-account.mjs';
import { deliverAsSes, makeKeys, zoneOf } from './ses-delivery.mjs';

/** What each fault answers; `slow` and `never-delivered` are handled apart. */
const errorFaults = {
  rejected: {
    status: 400,
    type: 'MessageRejected',
    message: 'Email address is not verified (fault injected by the mail sink).',
  },
  throttled: {
    status: 429,
    type: 'TooManyRequestsException',
    message: 'Maximum sending rate exceeded (fault injected by the mail sink).',
  },
  unavailable: {
    status: 503,
    type: 'ServiceUnavailable',
    message: 'Service unavailable (fault injected by the mail sink).',
  },
};
const knownFaults = [...Object.keys(errorFaults), 'slow', 'never-delivered'];

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8005' },
    emulator: { type: 'string', default: 'aws-ses-v2-local' },
    // A 0700 folder the caller removes (and reaps after a kill); default: one of this process's own.
    'socket-dir': { type: 'string' },
  },
});
// The emulator relays each mail over a new LMTP connection from nodemailer, which leaves
// Nagle's algorithm on: the message's last segment then waits for an ACK that Dovecot delays
// (Linux: 40 ms), so every mail arrived ~45 ms late (measured: 48 ms a relay, 4–7 ms without).
// Neither has a setting for it (the emulator builds its transport from JSON), so every socket
// this process opens has Nagle off; its only others go to the emulator, on the same machine.
const connect = Socket.prototype.connect;
Socket.prototype.connect = function (...args) {
  this.setNoDelay(true);
  return connect.apply(this, args);
};
const secret = process.env.SES_SINK_SECRET ?? '';
delete process.env.SES_SINK_SECRET;
if (secret.length < 16) {
  console.error(
    'ses-faults: SES_SINK_SECRET must be set (16 characters or more): the control API and the store need it',
  );
  process.exit(2);
}
const emulator = createRequire(import.meta.url)(values.emulator);
// The emulator keeps the store (what SES accepted); this front hands each mail on itself, as SES
// sends it (signed, SES's headers, on SES's MAIL FROM), so the emulator's own relay is off.
const nodemailer = createRequire(`${values.emulator}/package.json`)('nodemailer');
const lmtp = nodemailer.createTransport(JSON.parse(process.env.SMTP_TRANSPORT || '{"jsonTransport":true}'));
delete process.env.SMTP_TRANSPORT;
/** The domain's Easy DKIM and amazonses.com's keys, this sink's own. */
const keys = makeKeys();
// The emulator listens where only this process's user can connect (it has no host setting for that).
const ownSocketDir = values['socket-dir'] === undefined;
const socketDir = values['socket-dir'] ?? mkdtempSync(join(tmpdir(), 'ses-emulator-'));
const backendSocket = join(socketDir, 'emulator.sock');
const backend = await emulator.default({ host: '127.0.0.1', port: 0 });
await new Promise((resolve) => backend.close(resolve));
await new Promise((resolve) => backend.listen(backendSocket, resolve));
process.on('exit', () =>
  ownSocketDir ? rmSync(socketDir, { recursive: true, force: true }) : rmSync(backendSocket, { force: true }),
);

/** The account as SES_SINK_ACCOUNT says (a preset or JSON), healthy by default. */
let account = accountOf(parseAccount(process.env.SES_SINK_ACCOUNT ?? 'healthy'));
/** recipient → the account state its sends are judged in (a test's own, parallel-safe) */
const accounts = new Map();

/** recipient → faults in the order they were asked for */
const faults = new Map();
/** recipient → what happened to its sends */
const journal = new Map();
/** recipient → when SES accepted its sends (ISO, ms): where a mail's latency starts */
const accepted = new Map();
let dropped = 0;

const server = createServer(async (req, res) => {
  try {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://front');
    if (!isSesApi(req.method, url.pathname) && req.headers['x-sink-secret'] !== secret) {
      return json(res, 403, {
        message: "ses-faults: this mail sink's store and controls are the run's own (x-sink-secret)",
      });
    }
    if (req.method === 'POST' && url.pathname === '/_faults') return addFault(body, res);
    if (req.method === 'POST' && url.pathname === '/_account') return setAccount(body, res);
    if (req.method === 'POST' && url.pathname === '/_spamc') return relayToSpamd(body, res);
    if (req.method === 'GET' && url.pathname === '/_dns')
      return json(res, 200, { zone: zoneOf(account, keys, [...accounts.values()]) });
    // A read of one address (its suppression) is answered by that address's own state, if it has one.
    const suppressionOf = /^\/v2\/email\/suppression\/addresses\/(.+)$/.exec(url.pathname)?.[1];
    const readAccount = (suppressionOf && accounts.get(decodeURIComponent(suppressionOf).toLowerCase())) || account;
    const read = answerRead(readAccount, req.method, url.pathname, regionOf(req.headers), keys.tokens);
    if (read) return answer(res, read[0], read[1], read[2]);
    if (req.method === 'GET' && url.pathname === '/_faults/journal') {
      return json(res, 200, { events: journal.get((url.searchParams.get('to') ?? '').toLowerCase()) ?? [] });
    }
    if (req.method === 'GET' && url.pathname === '/_faults/accepted') {
      return json(res, 200, { at: accepted.get((url.searchParams.get('to') ?? '').toLowerCase()) ?? [] });
    }
    if (req.method === 'POST' && url.pathname === '/v2/email/outbound-emails') {
      const applied = takeFault(req, body);
      if (applied) return applyFault(applied, req, body, res);
      const judged = judgeAccount(req, body);
      if (judged) return applyAccount(judged, req, body, res);
      return forward(req, body, res, sent(req, body));
    }
    forward(req, body, res);
  } catch (error) {
    json(res, 500, { message: `ses-faults: ${error instanceof Error ? error.message : String(error)}` });
  }
});
server.listen(Number(values.port), values.host, () => {
  const { address, port } = server.address();
  console.log(
    `ses-faults: SES v2 endpoint with fault injection at http://${address}:${port} (faults: ${knownFaults.join(', ')})`,
  );
  // The line the harness (and the old image's readiness check) waits for.
  console.log(`aws-ses-v2-local: server running at http://${address}:${port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));

/** The SES API as Logto's connector calls it (v2 paths; v1 posts to /): open to any caller. */
function isSesApi(method, pathname) {
  return pathname.startsWith('/v2/') || (method === 'POST' && pathname === '/') || pathname === '/health-check';
}

function addFault(body, res) {
  let wanted;
  try {
    wanted = JSON.parse(body.toString('utf8'));
  } catch {
    return json(res, 400, { message: 'ses-faults: the body must be JSON {to, fault, sends?, delayMs?}' });
  }
  const { to, fault, sends = 1, delayMs = 12_000 } = wanted ?? {};
  if (!knownFaults.includes(fault)) {
    return json(res, 400, { message: `Unknown SES fault "${fault}"; known: ${knownFaults.join(', ')}` });
  }
  if (typeof to !== 'string' || !to.includes('@'))
    return json(res, 400, { message: 'ses-faults: "to" must be an email address' });
  if (!Number.isInteger(sends) || sends < 1)
    return json(res, 400, { message: 'ses-faults: "sends" must be a whole number ≥ 1' });
  if (!Number.isInteger(delayMs) || delayMs < 0)
    return json(res, 400, { message: 'ses-faults: "delayMs" must be a whole number ≥ 0' });
  const key = to.toLowerCase();
  faults.set(key, [...(faults.get(key) ?? []), { fault, sendsLeft: sends, delayMs, invocations: new Set() }]);
  console.log(`ses-faults: the next ${sends} send(s) to ${to} will be answered "${fault}"`);
  res.writeHead(204).end();
}

/** The fault for this request: its send's fault when the SDK retries one, else the next one asked for. */
function takeFault(req, body) {
  const recipients = recipientsOf(body);
  const invocation = String(req.headers['amz-sdk-invocation-id'] ?? `request-${Math.random()}`);
  const attempt = Number(/attempt=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''))?.[1] ?? 1);
  for (const to of recipients) {
    const queue = faults.get(to);
    if (!queue) continue;
    const retried = queue.find((f) => f.invocations.has(invocation));
    const next = retried ?? queue.find((f) => f.sendsLeft > 0);
    if (!next) continue;
    if (!retried) {
      next.sendsLeft -= 1;
      next.invocations.add(invocation);
    }
    return { ...next, to, attempt };
  }
  return undefined;
}

function applyFault(applied, req, body, res) {
  const { fault, to, attempt, delayMs } = applied;
  const record = (answer) => {
    const event = { at: new Date().toISOString(), fault, attempt, answer };
    journal.set(to, [...(journal.get(to) ?? []), event]);
    console.log(`ses-faults: ${fault}: ${answer} to a send to ${to} (attempt ${attempt})`);
  };
  const error = errorFaults[fault];
  if (error) {
    record(`${error.status} ${error.type}`);
    res.writeHead(error.status, {
      'content-type': 'application/json',
      'x-amzn-errortype': error.type,
      'x-amzn-requestid': crypto.randomUUID(),
    });
    return res.end(JSON.stringify({ message: error.message }));
  }
  if (fault === 'never-delivered') {
    dropped += 1;
    record(`200 accepted as dropped-${dropped}, never delivered`);
    return json(res, 200, { MessageId: `dropped-${dropped}` });
  }
  // slow: SES takes longer to answer than its caller waits. The delay is the fault itself.
  record(`held ${delayMs} ms, then passed on`);
  const timer = setTimeout(() => forward(req, body, res, sent(req, body)), delayMs);
  res.on('close', () => clearTimeout(timer));
}

function parseAccount(value) {
  if (value in accountStates) return accountStates[value];
  try {
    return JSON.parse(value);
  } catch {
    console.error(
      `ses-faults: SES_SINK_ACCOUNT must be one of ${Object.keys(accountStates).join(', ')} or a JSON state (got "${value}")`,
    );
    process.exit(2);
  }
}

function setAccount(body, res) {
  let wanted;
  try {
    wanted = JSON.parse(body.toString('utf8'));
  } catch {
    return json(res, 400, { message: 'ses-faults: the body must be JSON {to?, preset?, state?}' });
  }
  const { to, preset = 'healthy', state = {} } = wanted ?? {};
  if (!(preset in accountStates)) {
    return json(res, 400, {
      message: `Unknown SES account preset "${preset}"; known: ${Object.keys(accountStates).join(', ')}`,
    });
  }
  // The preset, then the test's own state over it (identities merged, suppressed addresses added).
  const next = accountOf(accountStates[preset], state);
  if (typeof to === 'string' && to.includes('@')) accounts.set(to.toLowerCase(), next);
  else account = next;
  console.log(
    `ses-faults: the SES account ${to ? `for sends to ${to}` : ''} is now ${preset}${Object.keys(state).length ? ` + ${JSON.stringify(state)}` : ''}`,
  );
  res.writeHead(204).end();
}

/** The account's answer to this send, for its first recipient with a state of its own (else the account's). */
function judgeAccount(req, body) {
  let send;
  try {
    send = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const to = recipientsOf(body);
  const own = to.map((address) => accounts.get(address)).find(Boolean);
  const judged = judgeSend(own ?? account, {
    from: String(send?.FromEmailAddress ?? '')
      .replace(/^.*<(.+)>$/, '$1')
      .toLowerCase(),
    to,
    configurationSet: send?.ConfigurationSetName,
    region: regionOf(req.headers),
  });
  return judged && { ...judged, to: to[0] ?? '' };
}

function applyAccount(judged, req, body, res) {
  const attempt = Number(/attempt=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''))?.[1] ?? 1);
  const record = (text, cause, facts) => {
    const event = { at: new Date().toISOString(), fault: 'account', cause, facts, attempt, answer: text };
    journal.set(judged.to, [...(journal.get(judged.to) ?? []), event]);
    console.log(`ses-faults: account (${cause}): ${text} to a send to ${judged.to} (attempt ${attempt})`);
  };
  if (judged.simulated) {
    // SES's mailbox simulator: accepted, delivered nowhere (no journal: it is no one's inbox).
    return json(res, 200, { MessageId: `simulator-${crypto.randomUUID()}` });
  }
  if (judged.suppressed) {
    dropped += 1;
    record(`200 accepted as suppressed-${dropped}: on the account's suppression list, never delivered`, 'suppressed');
    return json(res, 200, { MessageId: `suppressed-${dropped}` });
  }
  record(`${judged.status} ${judged.type}: ${judged.message}`, judged.cause, judged.facts);
  return answer(res, judged.status, { message: judged.message }, judged.type);
}

/** An SES v2 answer: JSON, and for an error its type where the SDK reads it. */
function answer(res, status, value, type) {
  if (res.headersSent) return res.end();
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': crypto.randomUUID(),
    ...(type ? { 'x-amzn-errortype': type } : {}),
  });
  res.end(JSON.stringify(value));
}

/** The send's recipients, lower case; none when the body is not a SendEmail (the emulator answers it). */
function recipientsOf(body) {
  try {
    return (JSON.parse(body.toString('utf8'))?.Destination?.ToAddresses ?? []).map((a) => String(a).toLowerCase());
  } catch {
    return [];
  }
}

/**
 * A SPAMC request to this container's spamd, relayed (the image's; SPAMD_PORT): spamd is reached
 * from 127.0.0.1 here, where its reverse lookup of the caller is instant (from a Docker network's
 * gateway it waits on a DNS the container may not have).
 */
function relayToSpamd(body, res) {
  const port = Number(process.env.SPAMD_PORT);
  if (!port) return json(res, 404, { message: 'ses-faults: no spamd beside this sink (SPAMD_PORT)' });
  const socket = new Socket();
  const chunks = [];
  socket.on('data', (c) => chunks.push(c));
  socket.on('error', (error) => json(res, 502, { message: `ses-faults: spamd did not answer: ${error.message}` }));
  socket.on('close', (hadError) => {
    if (!hadError) res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.concat(chunks));
  });
  socket.connect(port, '127.0.0.1', () => socket.end(body));
}

/** What happens once SES accepted a send: when (for latency), and the mail handed on as SES would. */
function sent(req, body) {
  return (answered) => {
    const at = new Date().toISOString();
    const to = recipientsOf(body);
    for (const address of to) accepted.set(address, [...(accepted.get(address) ?? []), at]);
    const messageId = JSON.parse(answered.toString('utf8') || '{}').MessageId;
    const own = to.map((address) => accounts.get(address)).find(Boolean) ?? account;
    // A simple message (what Logto's connector sends) is the request itself; another kind
    // (raw, templated) is the emulator's record of it.
    const simple = simpleEmail(body, messageId);
    void (simple ? Promise.resolve(simple) : storedEmail(messageId))
      .then((email) =>
        deliverAsSes(nodemailer, { lmtp, email, account: own, keys, region: regionOf(req.headers).toLowerCase() }),
      )
      .catch((error) =>
        console.error(`Failed to send mail to SMTP server: ${error instanceof Error ? error.message : error}`),
      );
  };
}

/** A SendEmail of simple content, as the emulator records it; undefined for any other kind. */
function simpleEmail(body, messageId) {
  const send = JSON.parse(body.toString('utf8'));
  const simple = send?.Content?.Simple;
  if (!simple) return undefined;
  return {
    messageId,
    from: send.FromEmailAddress,
    replyTo: send.ReplyToAddresses ?? [],
    destination: {
      to: send.Destination?.ToAddresses ?? [],
      cc: send.Destination?.CcAddresses ?? [],
      bcc: send.Destination?.BccAddresses ?? [],
    },
    subject: simple.Subject?.Data ?? '',
    body: { html: simple.Body?.Html?.Data, text: simple.Body?.Text?.Data },
  };
}

/** The emulator's record of a send (its store), by its MessageId. */
function storedEmail(messageId) {
  return new Promise((resolve, reject) => {
    request({ socketPath: backendSocket, method: 'GET', path: '/store' }, async (answer) => {
      const { emails } = JSON.parse((await readBody(answer)).toString('utf8'));
      const email = emails.findLast((e) => e.messageId === messageId);
      if (email) resolve(email);
      else reject(new Error(`the emulator has no mail ${messageId}`));
    })
      .on('error', reject)
      .end();
  });
}

function forward(req, body, res, onAccepted = () => undefined) {
  const upstream = request(
    { socketPath: backendSocket, method: req.method, path: req.url, headers: withoutSecret(req.headers) },
    async (answer) => {
      const answered = await readBody(answer);
      if (answer.statusCode === 200) onAccepted(answered);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      res.end(answered);
    },
  );
  upstream.on('error', (error) =>
    json(res, 502, { message: `ses-faults: the emulator did not answer: ${error.message}` }),
  );
  upstream.end(body);
}

function withoutSecret(headers) {
  const { ['x-sink-secret']: _secret, ...rest } = headers;
  return rest;
}

function json(res, status, value) {
  if (res.headersSent) return res.end();
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}
