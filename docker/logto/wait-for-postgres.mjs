// Runs in the Logto container before Logto (copied in by the harness): waits until Postgres
// takes a login, i.e. answers a startup message with an authentication request, not "the
// database system is starting up". So the harness can start Logto together with Postgres
// instead of after it. A poll of at most 100 ms, with a deadline.
// Usage: node wait-for-postgres.mjs <host> <port> <timeoutMs>
/* global process, console, setTimeout, Buffer */
import net from 'node:net';

const [host = 'postgres', port = '5432', timeoutMs = '120000'] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutMs);
let seen = 'no answer yet';

function startupMessage() {
  const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
  const message = Buffer.alloc(8 + params.length);
  message.writeInt32BE(message.length, 0);
  message.writeInt32BE(196608, 4); // protocol 3.0
  params.copy(message, 8);
  return message;
}

function attempt() {
  let settled = false;
  const socket = net.connect(Number(port), host);
  const next = (why) => {
    if (settled) return;
    settled = true;
    seen = why;
    socket.destroy();
    if (Date.now() > deadline) {
      console.error(`wait-for-postgres: ${host}:${port} took no login within ${timeoutMs} ms (last: ${seen})`);
      process.exit(1);
    }
    setTimeout(attempt, 100);
  };
  socket.setTimeout(2000, () => next('no answer within 2 s'));
  socket.on('connect', () => socket.write(startupMessage()));
  socket.on('data', (data) => {
    if (data[0] === 0x52) {
      // 'R': an authentication request, so the server is up and takes logins.
      settled = true;
      socket.destroy();
      process.exit(0);
    }
    next(data.subarray(5).toString('utf8').replace(/\0/g, ' ').trim() || `message ${String.fromCharCode(data[0])}`);
  });
  socket.on('error', (error) => next(error.code ?? error.message));
}

attempt();
