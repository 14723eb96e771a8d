// Whether Postgres takes a login: it answers a startup message with an authentication request
// ('R'), not "the database system is starting up" nor a refusal. Shared by wait-for-postgres.mjs
// and database-gate.mjs (which probes with Node's own connect while it holds Logto's).
/* global Buffer */
import net from 'node:net';

function startupMessage() {
  const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
  const message = Buffer.alloc(8 + params.length);
  message.writeInt32BE(message.length, 0);
  message.writeInt32BE(196608, 4); // protocol 3.0
  params.copy(message, 8);
  return message;
}

/** One try: `{ ok }`, or `{ ok: false, seen }` with what the server (or the network) said. */
export function takesLogin(host, port, connect = net.Socket.prototype.connect) {
  return new Promise((resolve) => {
    const socket = new net.Socket();
    let settled = false;
    const done = (ok, seen = '') => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ ok, seen });
    };
    socket.setTimeout(2000, () => done(false, 'no answer within 2 s'));
    socket.on('connect', () => socket.write(startupMessage()));
    socket.on('data', (data) =>
      data[0] === 0x52
        ? done(true)
        : done(
            false,
            data.subarray(5).toString('utf8').replace(/\0/g, ' ').trim() || `message ${String.fromCharCode(data[0])}`,
          ),
    );
    socket.on('error', (error) => done(false, error.code ?? error.message));
    connect.call(socket, Number(port), host);
  });
}
