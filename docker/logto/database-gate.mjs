// Loaded into Logto's Node with --import (NODE_OPTIONS in the container) so that Logto loads
// its code, most of its boot, while its Postgres starts. A connection to the database's port is
// held here, not refused, until the gate opens: Logto does not retry its first connection. Then
// the original connect is put back, so nothing of this stays in Logto's way. A poll of at most
// 50 ms, with a deadline.
// Env LOGTO_E2E_DB_GATE = {"port", "timeoutMs"} and how it opens:
//   "openFile": once the harness creates that file (local mode: it knows when the copy of the
//               snapshot runs with this run's password);
//   "probeHost": once Postgres at probeHost:port takes a login (containers: nobody else knows).
/* global process, setTimeout */
import { existsSync } from 'node:fs';
import net from 'node:net';
import { takesLogin } from './postgres-probe.mjs';

const config = JSON.parse(process.env.LOGTO_E2E_DB_GATE ?? '{}');
// Local mode: Logto's own env stays as the harness would give it. In a container the env must
// reach Logto through `npm start`, which gets the gate too (NODE_OPTIONS).
if (config.openFile) delete process.env.LOGTO_E2E_DB_GATE;
const { port, openFile, probeHost, timeoutMs } = config;
const deadline = Date.now() + Number(timeoutMs);
const connect = net.Socket.prototype.connect;
/** Sockets waiting for the gate: each gets the outcome (undefined: open). */
const held = [];
let closedFor; // the error every held connection gets once the deadline has passed
let lastSeen = 'nothing yet';

/** The port a connect call targets, whichever of its forms is used (net.connect passes an array). */
function targetPort(args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  return Number(typeof first === 'object' && first !== null ? first.port : first);
}

async function isOpen() {
  if (openFile) return existsSync(openFile);
  const { ok, seen } = await takesLogin(probeHost, port, connect);
  lastSeen = seen;
  return ok;
}

async function poll() {
  if (await isOpen()) {
    net.Socket.prototype.connect = connect;
    for (const go of held.splice(0)) go(undefined);
    return;
  }
  if (Date.now() > deadline) {
    // Stays in place: later connections fail the same way instead of hitting a database not meant for them yet.
    closedFor = new Error(
      openFile
        ? `the test harness did not open the database at port ${port} within ${timeoutMs} ms`
        : `Postgres at ${probeHost}:${port} took no login within ${timeoutMs} ms (last: ${lastSeen})`,
    );
    for (const go of held.splice(0)) go(closedFor);
    return;
  }
  // Referenced: a held connection has no handle yet, and Logto must not exit waiting on it.
  setTimeout(poll, 50);
}

if (port !== undefined && (openFile || probeHost)) {
  net.Socket.prototype.connect = function gatedConnect(...args) {
    if (targetPort(args) !== Number(port)) return connect.apply(this, args);
    if (closedFor) {
      const error = closedFor;
      process.nextTick(() => this.destroy(error));
      return this;
    }
    held.push((error) => (error ? this.destroy(error) : connect.apply(this, args)));
    return this;
  };
  void poll();
}
