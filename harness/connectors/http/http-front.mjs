#!/usr/bin/env node
// The mail sink's HTTP mail service: what Logto's HTTP email connector posts to in tests, standing
// in for a team's own service. Logto posts {to, type, payload: {code, locale…}, ip?} as JSON with
// the connector's Authorization header; the service checks the token, renders the mail from its
// templates by usage type (Generic when it has none for the type), answers 204 and hands the mail
// on over LMTP into the sink's Dovecot. Faults are asked for per recipient: a 500, a refused token
// (401), a slow answer, a mail accepted and never delivered.
//
//   node http-front.mjs --templates <json file> --lmtp-port <n> [--host 127.0.0.1] [--from <address>] [--port 0]
//
// It prints one line once listening: `http-front: ready {"port":…}`. Logto posts to POST /send;
// the token is env HTTP_SINK_TOKEN (sent as `Authorization: Bearer <token>`). Control, with the
// run's secret in the x-sink-secret header (env HTTP_SINK_SECRET):
//   POST /_faults {to, fault, sends?, delayMs?}   the next `sends` posts for `to` answer `fault`
//   GET  /_faults/journal?to=<address>            what the service did with posts for that address
//   GET  /_faults/accepted?to=<address>           when it accepted them
/* global process, console, setTimeout, Buffer, URL */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { lmtpRelay } from '../lmtp-relay.mjs';

const faults = {
  'server-error': { status: 500, body: 'mail service: internal error (fault injected by the mail sink)' },
  'token-refused': { status: 401, body: 'mail service: the token is not valid (fault injected by the mail sink)' },
  slow: {},
  'never-delivered': {},
};

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    templates: { type: 'string' },
    'lmtp-port': { type: 'string' },
    from: { type: 'string', default: 'noreply@example.test' },
    // 0: a free port (the local sink); fixed in the sink's container, which publishes it.
    port: { type: 'string', default: '0' },
  },
});
const secret = process.env.HTTP_SINK_SECRET ?? '';
const token = process.env.HTTP_SINK_TOKEN ?? '';
for (const name of ['HTTP_SINK_SECRET', 'HTTP_SINK_TOKEN']) delete process.env[name];
if (secret.length < 16 || token.length < 16 || !values.templates || !values['lmtp-port']) {
  console.error(
    'http-front: needs --templates, --lmtp-port and env HTTP_SINK_SECRET and HTTP_SINK_TOKEN (16+ characters each)',
  );
  process.exit(2);
}
/** usageType → {subject, content} */
const templates = new Map(JSON.parse(readFileSync(values.templates, 'utf8')).map((t) => [t.usageType, t]));
const lmtp = lmtpRelay(Number(values['lmtp-port']));

const pending = new Map();
const journal = new Map();
const accepted = new Map();
const note = (to, event) => journal.set(to, [...(journal.get(to) ?? []), { at: new Date().toISOString(), ...event }]);
function takeFault(to) {
  const list = pending.get(to) ?? [];
  const next = list[0];
  if (!next) return undefined;
  next.sends -= 1;
  if (next.sends <= 0) list.shift();
  return next;
}
/** {{code}} and the payload's other fields, as a team's template engine fills them. */
const fill = (text, payload) =>
  text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name) => (payload[name] === undefined ? whole : String(payload[name])));

const server = createServer(async (req, res) => {
  const reply = (status, body, type = 'text/plain') => {
    res.writeHead(status, body === undefined ? {} : { 'content-type': type });
    res.end(body);
  };
  const url = new URL(req.url ?? '/', 'http://front');
  let raw;
  try {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    raw = Buffer.concat(chunks).toString('utf8');
  } catch {
    return reply(400, 'http-front: the body could not be read');
  }
  if (url.pathname.startsWith('/_faults')) {
    if (req.headers['x-sink-secret'] !== secret) {
      return reply(
        403,
        JSON.stringify({ message: "http-front: this mail sink's controls are the run's own (x-sink-secret)" }),
        'application/json',
      );
    }
    const to = (url.searchParams.get('to') ?? '').toLowerCase();
    if (req.method === 'GET' && url.pathname === '/_faults/journal')
      return reply(200, JSON.stringify({ events: journal.get(to) ?? [] }), 'application/json');
    if (req.method === 'GET' && url.pathname === '/_faults/accepted')
      return reply(200, JSON.stringify({ at: accepted.get(to) ?? [] }), 'application/json');
    if (req.method === 'POST' && url.pathname === '/_faults') {
      const body = JSON.parse(raw || '{}');
      if (!(body.fault in faults)) {
        const message = `Unknown HTTP mail fault "${body.fault}"; known: ${Object.keys(faults).join(', ')}`;
        return reply(400, JSON.stringify({ message }), 'application/json');
      }
      const address = String(body.to ?? '').toLowerCase();
      pending.set(address, [
        ...(pending.get(address) ?? []),
        { fault: body.fault, sends: Number(body.sends ?? 1), delayMs: Number(body.delayMs ?? 12_000) },
      ]);
      return reply(204);
    }
    return reply(404, `http-front: no ${req.method} ${url.pathname}`);
  }
  if (req.method !== 'POST' || url.pathname !== '/send')
    return reply(404, `http-front: no ${req.method} ${url.pathname}`);
  // The service's own check, before anything else: a wrong token never sends.
  if (req.headers.authorization !== `Bearer ${token}`) return reply(401, 'mail service: the token is not valid');
  let message;
  try {
    message = JSON.parse(raw);
  } catch {
    return reply(400, 'mail service: the body is not JSON');
  }
  const to = String(message.to ?? '').toLowerCase();
  const payload = message.payload ?? {};
  if (!to.includes('@') || typeof payload !== 'object')
    return reply(400, 'mail service: `to` and `payload` are required');
  const fault = takeFault(to);
  if (fault && faults[fault.fault].status) {
    note(to, {
      type: message.type,
      fault: fault.fault,
      answer: `${faults[fault.fault].status} ${faults[fault.fault].body}`,
    });
    return reply(faults[fault.fault].status, faults[fault.fault].body);
  }
  if (fault?.fault === 'slow') {
    note(to, { type: message.type, fault: 'slow', answer: `204 after ${fault.delayMs} ms` });
    await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  }
  if (fault?.fault === 'never-delivered') {
    note(to, { type: message.type, fault: 'never-delivered', answer: '204 accepted, never delivered' });
    return reply(204);
  }
  const template = templates.get(message.type) ?? templates.get('Generic');
  if (!template) return reply(500, `mail service: no template for ${message.type} and no Generic one`);
  accepted.set(to, [...(accepted.get(to) ?? []), new Date().toISOString()]);
  if (!fault) note(to, { type: message.type, answer: '204 accepted' });
  reply(204);
  lmtp
    .sendMail({
      from: values.from,
      to,
      subject: fill(template.subject, payload),
      html: fill(template.content, payload),
      envelope: { from: values.from, to: [to] },
    })
    .catch((error) => {
      console.error(`http-front: relay into IMAP failed for ${to}: ${error.message}`);
      note(to, { type: message.type, answer: `relay into IMAP failed: ${error.message}` });
    });
  console.log(`http-front: 204 accepted for ${to} (${message.type})`);
});
server.listen(Number(values.port), values.host, () => {
  console.log(`http-front: ready ${JSON.stringify({ port: server.address().port })}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
