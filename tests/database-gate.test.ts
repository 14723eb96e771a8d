import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { freePorts } from '../harness/process/free-port.js';
import { databaseGate, type DatabaseGate } from '../harness/stack/local/database-gate.js';

// The gate lets a local Logto start before its Postgres: Logto's database connections are held
// until the harness opens it. Checked with a stand-in for Logto: a Node that connects at once.
const client = `
const net = require('node:net');
const [db, other] = process.argv.slice(1).map(Number);
const report = (what) => process.stdout.write(what + '\\n');
const to = (port, name) => net.connect(port, '127.0.0.1')
  .on('connect', function () { report(name + ' connected'); this.destroy(); })
  .on('error', (e) => report(name + ' error: ' + e.message));
to(other, 'other');
to(db, 'db');
report('connecting');
`;

/** The stand-in, started with the gate's Node arguments and environment. */
function startClient(gate: Pick<DatabaseGate, 'nodeArgs' | 'env'>, ports: number[], script = ['-e', client]) {
  const child = spawn(process.execPath, [...gate.nodeArgs, ...script, ...ports.map(String)], {
    env: { ...process.env, ...gate.env },
  });
  let output = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const check of waiters.splice(0)) check();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  /** Resolves once the output has `line` (the test's own timeout bounds it). */
  const saw = (line: string) =>
    new Promise<void>((resolve) => {
      const check = () => (output.includes(line) ? resolve() : waiters.push(check));
      check();
    });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { saw, exited, output: () => output, kill: () => child.kill() };
}

const listen = (port: number) =>
  new Promise<Server>((resolve) => {
    const server = createServer((socket) => socket.destroy());
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

/** The stand-in started behind a gate on one free port, with a server listening on another. */
async function withGatedClient(
  timeoutMs: number,
  work: (o: {
    db: number;
    gate: ReturnType<typeof databaseGate>;
    child: ReturnType<typeof startClient>;
  }) => Promise<void>,
): Promise<void> {
  const [db = 0, other = 0] = await freePorts(2);
  const otherServer = await listen(other);
  const gate = databaseGate(db, timeoutMs);
  const child = startClient(gate, [db, other]);
  try {
    await work({ db, gate, child });
  } finally {
    child.kill();
    otherServer.close();
    gate.remove();
  }
}

test('a connection to the database port waits for the gate; other ports are not held', async () => {
  await withGatedClient(30_000, async ({ db, gate, child }) => {
    await child.saw('other connected');
    await child.saw('connecting');
    // Nothing listens on the database port yet: without the gate this is ECONNREFUSED at once.
    const dbServer = await listen(db);
    try {
      expect(child.output()).not.toContain('db ');
      gate.open();
      await child.saw('db connected');
      expect(child.output()).not.toContain('error');
      expect(await child.exited).toBe(0);
    } finally {
      dbServer.close();
    }
  });
});

test('a gate never opened fails the held connection at its deadline, saying so', async () => {
  await withGatedClient(300, async ({ db, child }) => {
    await child.saw(`db error: the test harness did not open the database at port ${db} within 300 ms`);
    expect(await child.exited).toBe(0);
  });
});

// In a container nobody can tell the gate when Postgres is up: it opens once Postgres takes a
// login. Checked with a stand-in Postgres that first says it is starting up, then asks for a
// password; the stand-in Logto is started through another Node, as `npm start` does.
test('in probe mode the gate opens once Postgres takes a login, for every Node of the process tree', async () => {
  const [db = 0, other = 0] = await freePorts(2);
  let ready = false;
  const probes: string[] = [];
  const fakePostgres = createServer((socket) => {
    // The stand-in Logto drops its connection as soon as it is made, and the gate's probe once it
    // has its answer: a reset is how they leave, not a failure of the stand-in Postgres (left
    // unheard, it was thrown as "read ECONNRESET" and failed the test now and then).
    socket.on('error', () => undefined);
    socket.once('data', (startup: Buffer) => {
      // Only the gate's probe speaks first with a startup message; the stand-in Logto just connects.
      if (startup.readInt32BE(4) !== 196608) return;
      probes.push(ready ? 'R' : 'E');
      const body = Buffer.from(ready ? [0, 0, 0, 3] : Buffer.from('SFATAL\0Mthe database system is starting up\0\0'));
      const header = Buffer.alloc(5);
      header.write(ready ? 'R' : 'E', 0);
      header.writeInt32BE(body.length + 4, 1);
      socket.end(Buffer.concat([header, body]));
    });
  });
  await new Promise<void>((resolve) => fakePostgres.listen(db, '127.0.0.1', resolve));
  const otherServer = await listen(other);
  const viaParent = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(client)}, '${db}', '${other}'], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 1));`;
  // As in Logto's container: no Node arguments of the gate's own, only the environment.
  const gate = {
    nodeArgs: [],
    env: {
      NODE_OPTIONS: `--import=${fileURLToPath(new URL('../docker/logto/database-gate.mjs', import.meta.url))}`,
      LOGTO_E2E_DB_GATE: JSON.stringify({ port: db, probeHost: '127.0.0.1', timeoutMs: 30_000 }),
    },
  };
  const child = startClient(gate, [], ['-e', viaParent]);
  try {
    await child.saw('other connected');
    await expect.poll(() => probes.length, { message: 'the gate probes Postgres' }).toBeGreaterThan(1);
    expect(child.output()).not.toContain('db ');
    ready = true;
    await child.saw('db connected');
    expect(probes).toContain('R');
    expect(child.output()).not.toContain('error');
    expect(await child.exited).toBe(0);
  } finally {
    child.kill();
    otherServer.close();
    fakePostgres.close();
  }
});
