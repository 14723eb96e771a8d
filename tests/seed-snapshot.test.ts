import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import pg from 'pg';
import { connectManagementApi, expectOk } from '../harness/logto-admin/management-api.js';
import { isLogtoInstallation } from '../harness/stack/local/logto-installation.js';
import { startLocalLogto } from '../harness/stack/local/local-logto.js';
import { postgresBuild } from '../harness/stack/local/postgres-cluster.js';
import { scramVerifier } from '../harness/stack/scram-verifier.js';
import { SeedSnapshotStore, seedSnapshotKey } from '../harness/stack/local/seed-snapshot.js';
import { noLogtoMessage, type LogtoStack } from '../harness/stack/logto-stack.js';
import { stackSettingsOf } from './helpers/settings-of.js';

const settings = stackSettingsOf();

const test = base.extend<{ dir: string }>({
  dir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-seed-test-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

/** The files a seed snapshot's key is made of, in a throwaway tree. */
function fakeInstallation(root: string, version: string): string {
  for (const pkg of ['core', 'cli', 'schemas']) {
    mkdirSync(join(root, 'packages', pkg), { recursive: true });
    writeFileSync(join(root, 'packages', pkg, 'package.json'), JSON.stringify({ version }));
  }
  mkdirSync(join(root, 'packages/schemas/tables'), { recursive: true });
  writeFileSync(join(root, 'packages/schemas/tables/users.sql'), 'create table users ();');
  return root;
}

test('the key changes with Logto’s version, its schema files and the Postgres build, and only with them', ({ dir }) => {
  const home = fakeInstallation(join(dir, 'logto'), '1.42.0');
  const key = seedSnapshotKey(home, 'pg@18.4.0');
  expect(seedSnapshotKey(home, 'pg@18.4.0')).toBe(key);
  expect(key).toMatch(/^logto-1\.42\.0-[0-9a-f]{16}$/);
  expect(seedSnapshotKey(home, 'pg@18.5.0')).not.toBe(key);
  writeFileSync(join(home, 'packages/schemas/tables/users.sql'), 'create table users (id text);');
  const schemaChanged = seedSnapshotKey(home, 'pg@18.4.0');
  expect(schemaChanged).not.toBe(key);
  fakeInstallation(home, '1.43.0');
  expect(seedSnapshotKey(home, 'pg@18.4.0')).toMatch(/^logto-1\.43\.0-/);
});

test('the store finds only a whole snapshot under its own key', ({ dir }) => {
  const store = new SeedSnapshotStore(join(dir, 'cache'));
  const data = join(dir, 'data');
  mkdirSync(data);
  writeFileSync(join(data, 'PG_VERSION'), '18\n');
  const saved = store.save('logto-1.42.0-aaaa', data, 'pw-1');
  expect(existsSync(data)).toBe(false); // moved, not copied
  expect(store.find('logto-1.42.0-aaaa')).toEqual(saved);
  expect(store.find('logto-1.41.0-bbbb')).toBeUndefined();
  // Half a snapshot (no data) is not one; nothing of a save in progress is left behind.
  rmSync(join(saved.dataDir, 'PG_VERSION'));
  expect(store.find('logto-1.42.0-aaaa')).toBeUndefined();
  expect(readdirSync(store.root)).toEqual(['logto-1.42.0-aaaa']);
});

test('a cache folder that cannot be written is one line naming LOGTO_SEED_CACHE; the setting’s forms', () => {
  expect(new SeedSnapshotStore('/dev/null/seed').unusable()).toMatch(
    /^LOGTO_SEED_CACHE=\/dev\/null\/seed cannot be written \(.*\); set it to a writable folder or to off$/,
  );
  expect(stackSettingsOf({ LOGTO_SEED_CACHE: 'off' }).LOGTO_SEED_CACHE).toBeUndefined();
  expect(stackSettingsOf({}).LOGTO_SEED_CACHE).toBe(join(homedir(), '.cache/logto-e2e/seed'));
  expect(stackSettingsOf({ LOGTO_SEED_CACHE: '~/seeds' }).LOGTO_SEED_CACHE).toBe(join(homedir(), 'seeds'));
});

test('the SCRAM verifier is the one Postgres computes (RFC 7677’s test vector)', () => {
  // RFC 7677 §3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
  const verifier = scramVerifier('pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'));
  expect(verifier).toBe(
    'SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=',
  );
});

test.describe('local stacks from a seed snapshot (real Logto)', () => {
  test.describe.configure({ mode: 'default', timeout: 240_000 });
  test.skip(!isLogtoInstallation(settings.LOGTO_HOME), noLogtoMessage);

  const start = (dir: string, name: string, lines: string[]) => {
    mkdirSync(join(dir, name));
    return startLocalLogto({
      logtoHome: settings.LOGTO_HOME,
      node: settings.LOGTO_NODE,
      sesEndpoint: undefined,
      logDir: join(dir, name),
      startTimeoutMs: settings.LOGTO_START_TIMEOUT_MS,
      seedCacheDir: join(dir, 'cache'),
      progress: (line) => lines.push(line),
    });
  };

  /** Logto answers its Management API to the stack's own M2M app: the database is whole. */
  const expectWorking = async (logto: LogtoStack) => {
    const api = connectManagementApi(logto, logto.m2m);
    const roles = await expectOk('list roles', api.GET('/api/roles'));
    expect(roles.map((r) => r.name)).toContain('Logto Management API access');
  };

  test('two stacks starting at once with no snapshot: one seeds and keeps one, the other starts from a copy with a password of its own', async ({
    dir,
  }) => {
    // Also the lock: Logto's seed and its boot both rewrite files inside the installation (its
    // alteration scripts); without the installation lock one of them fails with EEXIST.
    const store = new SeedSnapshotStore(join(dir, 'cache'));
    const key = seedSnapshotKey(settings.LOGTO_HOME, await postgresBuild());
    const lines: [string[], string[]] = [[], []];
    const results = await Promise.allSettled([start(dir, 'one', lines[0]), start(dir, 'two', lines[1])]);
    try {
      for (const [i, result] of results.entries()) {
        expect(result.status, `stack ${i + 1}: ${String((result as PromiseRejectedResult).reason)}`).toBe('fulfilled');
      }
      const stacks = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const seeded = stacks.filter((s) => s.timings.seed !== undefined);
      const copies = stacks.filter((s) => s.timings.seed === undefined);
      expect([seeded.length, copies.length], lines.flat().join('\n')).toEqual([1, 1]);
      const snapshot = store.find(key);
      expect(snapshot, `no snapshot under ${key}; progress:\n${lines.flat().join('\n')}`).toBeDefined();
      for (const stack of stacks) await expectWorking(stack);

      const copy = copies[0] as LogtoStack;
      const copyDir = join(dir, stacks[0] === copy ? 'one' : 'two');
      expect(existsSync(join(copyDir, 'logto-seed.log'))).toBe(false);
      expect(copy.logs.map((l) => l.name)).toEqual(['logto.log', 'postgres.log']);
      // The stack's password opens the database; the snapshot's no longer does.
      const [password] = copy.secrets;
      expect(password).not.toBe(snapshot?.password);
      const port = portOf(join(copyDir, 'postgres.log'));
      await expect(connectWith(port, snapshot?.password ?? '')).rejects.toThrow(/password authentication failed/);
      await expect(connectWith(port, password ?? '')).resolves.toBe('ok');
    } finally {
      await Promise.all(results.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    }
  });

  test('a snapshot under another key (another Logto version) is never used; a broken one is dropped and made again', async ({
    dir,
  }) => {
    const store = new SeedSnapshotStore(join(dir, 'cache'));
    const key = seedSnapshotKey(settings.LOGTO_HOME, await postgresBuild());
    // A snapshot of another Logto: whole as far as the store can tell, but not for this key.
    const otherKey = 'logto-1.41.0-0000000000000000';
    mkdirSync(join(store.root, otherKey, 'data'), { recursive: true });
    writeFileSync(join(store.root, otherKey, 'data', 'PG_VERSION'), '17\n');
    writeFileSync(join(store.root, otherKey, 'snapshot.json'), JSON.stringify({ key: otherKey, password: 'x' }));
    expect(store.find(otherKey)).toBeDefined();
    const lines: string[] = [];
    const other = await start(dir, 'other-key', lines);
    try {
      expect(other.timings.seed, lines.join('\n')).toBeGreaterThan(0);
      expect(lines.join('\n')).not.toContain('did not start');
    } finally {
      await other.stop();
    }
    expect(store.find(otherKey), 'the other key’s snapshot is left alone').toBeDefined();
    // Ours was made by that stack; now break it: its cluster cannot start.
    const snapshot = store.find(key);
    expect(snapshot).toBeDefined();
    rmSync(join(snapshot?.dataDir ?? '', 'global'), { recursive: true });
    const brokenLines: string[] = [];
    const afterBroken = await start(dir, 'broken', brokenLines);
    try {
      expect(brokenLines.join('\n')).toContain(`the seed snapshot ${key} did not start`);
      expect(afterBroken.timings.seed).toBeGreaterThan(0);
      await expectWorking(afterBroken);
    } finally {
      await afterBroken.stop();
    }
    expect(store.find(key)).toBeDefined(); // made again
  });
});

async function connectWith(port: number, password: string): Promise<string> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'logto' });
  await client.connect();
  await client.end();
  return 'ok';
}

/** The port the stack's Postgres listens on, from its log ("listening on IPv4 address …, port N"). */
function portOf(log: string): number {
  const ports = [...readFileSync(log, 'utf8').matchAll(/listening on IPv4 address "127\.0\.0\.1", port (\d+)/g)];
  const last = ports.at(-1)?.[1];
  if (!last) throw new Error(`no "listening on" line in ${log}`);
  return Number(last);
}
