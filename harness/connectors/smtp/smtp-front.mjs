#!/usr/bin/env node
// The mail sink's SMTP server: what Logto's SMTP connector (nodemailer) talks to in tests. A real
// SMTP server (nodemailer's smtp-server) with STARTTLS (the submission port's way, 587) and
// implicit TLS (465's), AUTH PLAIN/LOGIN only over TLS, as relays require; each accepted mail is
// handed on over LMTP into the sink's Dovecot, with the Received line an inbox's MX would add.
// Faults are asked for per recipient (parallel tests never see each other's): a 4xx or 5xx reply
// at RCPT or at the end of DATA, a slow RCPT, a mail accepted and never delivered.
//
//   node smtp-front.mjs --cert <pem> --key <pem> --lmtp-port <n> [--host 127.0.0.1]
//     [--starttls-port 0] [--implicit-port 0] [--control-port 0]   (0: a free port)
//
// It prints one line once listening: `smtp-front: ready {"starttls":…,"implicit":…,"control":…}`.
// Control (for the harness, never for Logto), on its own HTTP port, with the run's secret in the
// x-sink-secret header (env SMTP_SINK_SECRET):
//   POST /_faults {to, fault, sends?, delayMs?}   the next `sends` sends to `to` answer `fault`
//   GET  /_faults/journal?to=<address>            what the server did with mail to that address
//   GET  /_faults/accepted?to=<address>           when it accepted mail to it (its DATA's 250)
// AUTH's user and password: env SMTP_SINK_USER and SMTP_SINK_PASSWORD (the run's throwaway ones).
/* global process, console, setTimeout, Buffer, URL */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { lmtpRelay } from '../lmtp-relay.mjs';
import { SMTPServer } from 'smtp-server';

/** Each fault: the stage it answers at, and the reply (as a real relay words it). */
const faults = {
  'rcpt-temporary': {
    stage: 'RCPT',
    code: 451,
    text: '4.3.0 Mailbox temporarily unavailable (fault injected by the mail sink)',
  },
  'rcpt-permanent': {
    stage: 'RCPT',
    code: 550,
    text: '5.1.1 Recipient address rejected: user unknown (fault injected by the mail sink)',
  },
  'data-temporary': { stage: 'DATA', code: 451, text: '4.7.1 Try again later (fault injected by the mail sink)' },
  'data-permanent': {
    stage: 'DATA',
    code: 554,
    text: '5.7.1 Message rejected as spam (fault injected by the mail sink)',
  },
  slow: { stage: 'RCPT' },
  'never-delivered': { stage: 'DATA' },
};

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    cert: { type: 'string' },
    key: { type: 'string' },
    'lmtp-port': { type: 'string' },
    // 0: a free port each (the local sink); fixed in the sink's container, which publishes them.
    'starttls-port': { type: 'string', default: '0' },
    'implicit-port': { type: 'string', default: '0' },
    'control-port': { type: 'string', default: '0' },
  },
});
const secret = process.env.SMTP_SINK_SECRET ?? '';
const user = process.env.SMTP_SINK_USER ?? '';
const password = process.env.SMTP_SINK_PASSWORD ?? '';
for (const name of ['SMTP_SINK_SECRET', 'SMTP_SINK_USER', 'SMTP_SINK_PASSWORD']) delete process.env[name];
if (secret.length < 16 || !user || !password || !values.cert || !values.key || !values['lmtp-port']) {
  console.error(
    'smtp-front: needs --cert, --key, --lmtp-port and env SMTP_SINK_SECRET (16+ characters), SMTP_SINK_USER, SMTP_SINK_PASSWORD',
  );
  process.exit(2);
}
const lmtp = lmtpRelay(Number(values['lmtp-port']));
const tls = { key: readFileSync(values.key), cert: readFileSync(values.cert) };

/** recipient → faults in the order they were asked for */
const pending = new Map();
/** recipient → what happened to its mail */
const journal = new Map();
/** recipient → when its mail was accepted (ISO) */
const accepted = new Map();
const note = (to, event) => journal.set(to, [...(journal.get(to) ?? []), { at: new Date().toISOString(), ...event }]);

/** The next fault for `to` at `stage`, taken (one send used up); undefined when none. */
function takeFault(to, stage) {
  const list = pending.get(to) ?? [];
  const next = list[0];
  if (!next || faults[next.fault].stage !== stage) return undefined;
  next.sends -= 1;
  if (next.sends <= 0) list.shift();
  return next;
}

const reply = (code, text) => Object.assign(new Error(text), { responseCode: code });

function smtpServer(secure) {
  return new SMTPServer({
    secure,
    ...tls,
    name: 'smtp.mail-sink.test',
    banner: 'mail sink ESMTP',
    authMethods: ['PLAIN', 'LOGIN'],
    // AUTH only over TLS (STARTTLS first on the submission port), as every relay requires.
    allowInsecureAuth: false,
    size: 10 * 1024 * 1024,
    // Its client is on 127.0.0.1: no reverse DNS lookup of it (a lookup held each mail ~80 ms).
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) return callback(null, { user });
      callback(reply(535, '5.7.8 Authentication credentials invalid'));
    },
    onMailFrom(_address, session, callback) {
      if (!session.user) return callback(reply(530, '5.7.0 Authentication required'));
      callback();
    },
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      const fault = takeFault(to, 'RCPT');
      if (!fault) return callback();
      if (fault.fault === 'slow') {
        note(to, { stage: 'RCPT', fault: 'slow', answer: `250 after ${fault.delayMs} ms` });
        setTimeout(() => callback(), fault.delayMs);
        return;
      }
      const { code, text } = faults[fault.fault];
      note(to, { stage: 'RCPT', fault: fault.fault, answer: `${code} ${text}` });
      callback(reply(code, text));
    },
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        for (const to of recipients) {
          const fault = takeFault(to, 'DATA');
          if (fault?.fault === 'never-delivered') {
            note(to, { stage: 'DATA', fault: 'never-delivered', answer: '250 accepted, never delivered' });
            return callback(null, 'Ok: queued');
          }
          if (fault) {
            const { code, text } = faults[fault.fault];
            note(to, { stage: 'DATA', fault: fault.fault, answer: `${code} ${text}` });
            return callback(reply(code, text));
          }
        }
        const at = new Date().toISOString();
        for (const to of recipients) {
          accepted.set(to, [...(accepted.get(to) ?? []), at]);
          note(to, { stage: 'DATA', answer: '250 queued' });
        }
        // Answered before the relay (a relay queues), handed on at once.
        callback(null, 'Ok: queued');
        console.log(`smtp-front: 250 queued for ${recipients.join(', ')} (${session.secure ? 'ESMTPSA' : 'ESMTPA'})`);
        const received = `Received: from ${session.hostNameAppearsAs} (${session.remoteAddress})\r\n\tby smtp.mail-sink.test (mail sink) with ${session.secure ? 'ESMTPSA' : 'ESMTPA'} id ${session.id}\r\n\tfor <${recipients[0]}>; ${new Date().toUTCString().replace('GMT', '+0000')}\r\n`;
        lmtp
          .sendMail({
            envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: recipients },
            raw: Buffer.concat([Buffer.from(received), ...chunks]),
          })
          .catch((error) => {
            console.error(`smtp-front: relay into IMAP failed for ${recipients.join(', ')}: ${error.message}`);
            for (const to of recipients)
              note(to, { stage: 'relay', answer: `relay into IMAP failed: ${error.message}` });
          });
      });
    },
    logger: false,
  });
}

const control = createServer(async (req, res) => {
  const json = (status, value) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(value === undefined ? undefined : JSON.stringify(value));
  };
  if (req.headers['x-sink-secret'] !== secret) {
    return json(403, { message: "smtp-front: this mail sink's controls are the run's own (x-sink-secret)" });
  }
  const url = new URL(req.url ?? '/', 'http://front');
  const to = (url.searchParams.get('to') ?? '').toLowerCase();
  if (req.method === 'GET' && url.pathname === '/_faults/journal') return json(200, { events: journal.get(to) ?? [] });
  if (req.method === 'GET' && url.pathname === '/_faults/accepted') return json(200, { at: accepted.get(to) ?? [] });
  if (req.method === 'POST' && url.pathname === '/_faults') {
    let body;
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return json(400, { message: 'smtp-front: the body is not JSON' });
    }
    if (!(body.fault in faults)) {
      return json(400, { message: `Unknown SMTP fault "${body.fault}"; known: ${Object.keys(faults).join(', ')}` });
    }
    if (typeof body.to !== 'string' || !body.to.includes('@'))
      return json(400, { message: 'smtp-front: `to` is no address' });
    const address = body.to.toLowerCase();
    pending.set(address, [
      ...(pending.get(address) ?? []),
      { fault: body.fault, sends: Number(body.sends ?? 1), delayMs: Number(body.delayMs ?? 12_000) },
    ]);
    return json(204);
  }
  json(404, { message: `smtp-front: no ${req.method} ${url.pathname}` });
});

const listen = (server, port) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(port), values.host, () => resolve(server.server?.address?.() ?? server.address()));
  });
const starttlsServer = smtpServer(false);
const implicitServer = smtpServer(true);
for (const server of [starttlsServer, implicitServer]) {
  server.on('error', (error) => console.error(`smtp-front: ${error.message}`));
  // Nagle off on the server's side too: its replies go out at once, not behind a delayed ACK.
  server.server.on('connection', (socket) => socket.setNoDelay(true));
}
const [starttls, implicit, controlAddress] = await Promise.all([
  listen(starttlsServer, values['starttls-port']),
  listen(implicitServer, values['implicit-port']),
  listen(control, values['control-port']),
]);
console.log(
  `smtp-front: ready ${JSON.stringify({ starttls: starttls.port, implicit: implicit.port, control: controlAddress.port })}`,
);
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
