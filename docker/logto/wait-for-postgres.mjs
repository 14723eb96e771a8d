// Runs in the Logto container before Logto's seed (copied in by the harness): waits until
// Postgres takes a login, i.e. answers a startup message with an authentication request, not
// "the database system is starting up". A poll of at most 100 ms, with a deadline.
// Usage: node wait-for-postgres.mjs <host> <port> <timeoutMs>
/* global process, console, setTimeout */
import { takesLogin } from './postgres-probe.mjs';

const [host = 'postgres', port = '5432', timeoutMs = '120000'] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutMs);

async function attempt() {
  const { ok, seen } = await takesLogin(host, port);
  if (ok) process.exit(0);
  if (Date.now() > deadline) {
    console.error(`wait-for-postgres: ${host}:${port} took no login within ${timeoutMs} ms (last: ${seen})`);
    process.exit(1);
  }
  setTimeout(attempt, 100);
}

void attempt();
