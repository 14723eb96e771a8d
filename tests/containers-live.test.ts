import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { getContainerRuntimeClient } from 'testcontainers';
import { sampleAppContract } from '../harness/app-under-test/app-contract.js';
import { harnessLabels, removeStaleContainers } from '../harness/stack/containers/stale-containers.js';
import { currentSeedImageTag, removeSeedImage } from '../harness/stack/containers/seed-image.js';
import { containerRuntimeAnswers } from '../harness/stack/select-mode.js';
import { startStackScript } from './helpers/stack-script.js';
import { startStack } from '../harness/stack/start-stack.js';
import { stackSettingsOf } from './helpers/settings-of.js';

const settings = stackSettingsOf();
// One at a time: a test that reaps stale containers would take another's "SIGKILLed run" from
// under it (seen: the killed run's Postgres removed by the seed-image test running beside it).
test.describe.configure({ mode: 'default' });

/** These tests need a container runtime: without one, skipped with how to provide it. */
async function skipWithoutRuntime(): Promise<void> {
  test.skip(
    !(await containerRuntimeAnswers()),
    'No container runtime answers: start Docker (or Podman), or point DOCKER_HOST at one, to test containers mode',
  );
}

/** What this process has in the container runtime (by the harness's labels and the sessions seen). */
async function ours(
  knownSessions: string[] = [],
): Promise<{ containers: string[]; networks: string[]; sessions: string[] }> {
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const containers = await docker.listContainers({ all: true, filters: { label: [`logto-e2e.pid=${process.pid}`] } });
  const sessions = [
    ...new Set([...knownSessions, ...containers.map((c) => c.Labels['org.testcontainers.session-id'] ?? '')]),
  ].filter(Boolean);
  const networks = (
    await Promise.all(
      sessions.map((s) => docker.listNetworks({ filters: { label: [`org.testcontainers.session-id=${s}`] } })),
    )
  ).flat();
  return {
    containers: containers.map((c) => `${c.Image} ${c.State}`),
    networks: networks.map((n) => n.Name),
    sessions,
  };
}

/** The host side of every port this process's containers publish, as `ip:port`. */
async function publishedAddresses(): Promise<string[]> {
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const containers = await docker.listContainers({ filters: { label: [`logto-e2e.pid=${process.pid}`] } });
  return containers.flatMap((c) => c.Ports.filter((p) => p.PublicPort).map((p) => `${p.IP ?? ''}:${p.PublicPort}`));
}

test('containers mode: Logto answers, the connector test mail is read over IMAP, and stop leaves nothing', async () => {
  await skipWithoutRuntime();
  test.setTimeout(600_000); // a first run builds the mail sink image and may pull images
  const logDir = mkdtempSync(join(tmpdir(), 'logto-e2e-containers-'));
  try {
    const stack = await startStack(
      'containers',
      { ...settings, MAIL_MODE: 'sink', E2E_LOG_DIR: logDir },
      { app: { kind: 'sample', contract: sampleAppContract } },
    );
    let running: Awaited<ReturnType<typeof ours>>;
    try {
      expect((await fetch(`${stack.info.logto.endpoint}/api/status`)).status).toBe(204);
      // Sent by Logto's AWS SES connector to the sink container, read back over IMAP.
      expect(stack.info.connectorTestEmail).toEqual({ subject: 'Generic: your verification code', code: '000000' });
      running = await ours();
      expect(running.containers.length, 'Postgres, the mail sink and Logto').toBe(3);
      expect(running.networks.length).toBe(1);
      // Every published port binds the host's loopback only (Docker's default: every interface).
      const published = await publishedAddresses();
      expect(published.length, 'Logto, its admin port, IMAP, SES').toBeGreaterThanOrEqual(4);
      expect(published.filter((p) => !p.startsWith('127.0.0.1:'))).toEqual([]);
    } finally {
      await stack.stop();
    }
    const after = await ours(running.sessions);
    expect({ containers: after.containers, networks: after.networks }, 'after stop: no container, no network').toEqual({
      containers: [],
      networks: [],
    });
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
});

test("containers mode through SMTP and HTTP: the connector's test email goes through the sink container's front, its ports on the loopback only", async () => {
  await skipWithoutRuntime();
  test.setTimeout(600_000);
  for (const connector of ['smtp', 'http'] as const) {
    const logDir = mkdtempSync(join(tmpdir(), 'logto-e2e-containers-'));
    try {
      const stack = await startStack(
        'containers',
        { ...settings, MAIL_MODE: 'sink', MAIL_CONNECTOR: connector, E2E_LOG_DIR: logDir },
        { app: { kind: 'sample', contract: sampleAppContract } },
      );
      let running: Awaited<ReturnType<typeof ours>>;
      try {
        const mail = stack.info.mail;
        expect(mail.connector).toBe(connector);
        // Logto has the sink by its network alias; the harness reaches the same ports on 127.0.0.1.
        const given =
          connector === 'smtp' ? `mail-sink:${mail.smtp?.starttlsPort}` : new URL(mail.http?.endpoint ?? '').host;
        expect(given, connector).toMatch(/^mail-sink:\d+$/);
        expect(mail.reach?.[given], connector).toMatch(/^127\.0\.0\.1:\d+$/);
        expect(stack.info.connectorTestEmail?.code, connector).toBe('000000');
        running = await ours();
        expect((await publishedAddresses()).filter((p) => !p.startsWith('127.0.0.1:'))).toEqual([]);
      } finally {
        await stack.stop();
      }
      const after = await ours(running.sessions);
      expect({ containers: after.containers, networks: after.networks }).toEqual({ containers: [], networks: [] });
    } finally {
      rmSync(logDir, { recursive: true, force: true });
    }
  }
});

test('containers mode: a Logto container that exits at start fails at once with its log tail, leaving nothing', async () => {
  await skipWithoutRuntime();
  test.setTimeout(300_000);
  const logDir = mkdtempSync(join(tmpdir(), 'logto-e2e-containers-'));
  try {
    // An image without Logto in it: its seed command is not found and the container exits.
    const started = Date.now();
    const error = await startStack(
      'containers',
      { ...settings, MAIL_MODE: 'sink', E2E_LOG_DIR: logDir, LOGTO_IMAGE: settings.POSTGRES_IMAGE },
      { app: { kind: 'sample', contract: sampleAppContract } },
    ).catch((e: Error) => e);
    expect(String(error)).toMatch(
      /Gave up waiting for logto to answer \/api\/status with 204: the logto container exited with code \d+; last lines of its log:\n.*npm/s,
    );
    expect(Date.now() - started, 'at once, not at the 120 s startup timeout').toBeLessThan(60_000);
    expect((await ours()).containers, 'nothing left').toEqual([]);
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
});

test('containers mode with Ryuk off: what a SIGKILLed run left is removed by the next run, which says what', async () => {
  await skipWithoutRuntime();
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'logto-e2e-killed-'));
  let child: ChildProcess | undefined;
  try {
    ({ child } = await startStackScript(process.cwd(), dir, {
      E2E_STACK: 'containers',
      TESTCONTAINERS_RYUK_DISABLED: 'true',
    }));
    const pid = child.pid;
    const docker = (await getContainerRuntimeClient()).container.dockerode;
    const left = () => docker.listContainers({ all: true, filters: { label: [`logto-e2e.pid=${pid}`] } });
    expect((await left()).length).toBe(3);
    child.kill('SIGKILL'); // no teardown runs, and no Ryuk
    await once(child, 'exit');
    expect((await left()).length, 'left behind').toBe(3);

    const removed = await removeStaleContainers(settings.E2E_RUN_TTL_HOURS * 3600_000);
    expect(removed.filter((r) => r.startsWith('container '))).toHaveLength(3);
    expect(removed.filter((r) => r.startsWith('network '))).toHaveLength(1);
    expect(await left()).toEqual([]);
  } finally {
    if (child?.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('containers mode: the first stack keeps its seeded Postgres as an image; the next starts from it with a password of its own; a bad one is dropped and remade', async () => {
  await skipWithoutRuntime();
  test.setTimeout(600_000);
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const tag = await currentSeedImageTag(settings.LOGTO_IMAGE, settings.POSTGRES_IMAGE);
  test.skip(!tag, `the images ${settings.LOGTO_IMAGE} and ${settings.POSTGRES_IMAGE} are not in the engine yet`);
  const seedTag = tag ?? '';
  await removeSeedImage(seedTag);
  const logDir = mkdtempSync(join(tmpdir(), 'logto-e2e-containers-'));
  const start = async (lines: string[]) =>
    startStack(
      'containers',
      { ...settings, MAIL_MODE: 'sink', E2E_LOG_DIR: logDir, LOGTO_SEED_CACHE: '/unused-in-containers-mode' },
      { app: { kind: 'sample', contract: sampleAppContract }, report: (line) => lines.push(line) },
    );
  /** This process's Postgres container: its mapped port and the password it was given. */
  const postgresContainer = async () => {
    const [listed] = await docker.listContainers({
      filters: { label: [`logto-e2e.pid=${process.pid}`], ancestor: [seedTag] },
    });
    const port = listed?.Ports.find((p) => p.PrivatePort === 5432 && p.PublicPort)?.PublicPort;
    if (!listed || !port) throw new Error(`no Postgres container from ${seedTag} with a mapped port`);
    const env = (await docker.getContainer(listed.Id).inspect()).Config.Env;
    const password = env.find((e) => e.startsWith('POSTGRES_PASSWORD='))?.slice('POSTGRES_PASSWORD='.length) ?? '';
    return { port, password };
  };
  /** The password the first stack's (fresh) Postgres was given. */
  const freshPassword = async () => {
    const [listed] = await docker.listContainers({
      filters: { label: [`logto-e2e.pid=${process.pid}`], ancestor: [settings.POSTGRES_IMAGE] },
    });
    const env = listed ? (await docker.getContainer(listed.Id).inspect()).Config.Env : [];
    return env.find((e) => e.startsWith('POSTGRES_PASSWORD='))?.slice('POSTGRES_PASSWORD='.length) ?? '';
  };
  try {
    const firstLines: string[] = [];
    const first = await start(firstLines);
    let firstPassword = '';
    try {
      firstPassword = await freshPassword();
      expect(firstPassword).not.toBe('');
      expect(first.info.timings.logtoSeedAndBoot, firstLines.join('\n')).toBeGreaterThan(0);
      expect(firstLines.join('\n')).toContain(`seed image saved for later stacks: ${seedTag}`);
    } finally {
      await first.stop();
    }
    const image = await docker.getImage(seedTag).inspect();
    const plainImage = await docker.getImage(settings.POSTGRES_IMAGE).inspect();
    // Postgres's own entrypoint and command, not those of the helper that shut it down cleanly.
    expect([image.Config.Entrypoint, image.Config.Cmd]).toEqual([plainImage.Config.Entrypoint, plainImage.Config.Cmd]);
    expect(image.Config.Env ?? [], 'the run password is not kept in the image').not.toContain(
      `POSTGRES_PASSWORD=${firstPassword}`,
    );

    const secondLines: string[] = [];
    const second = await start(secondLines);
    try {
      expect(second.info.timings.logtoSeedAndBoot, secondLines.join('\n')).toBeUndefined();
      expect(second.info.timings.logtoBoot).toBeGreaterThan(0);
      expect((await fetch(`${second.info.logto.endpoint}/api/status`)).status).toBe(204);
      const { port, password } = await postgresContainer();
      // Shut down cleanly when it was made: no crash recovery at start.
      const postgresLog = second.info.logs.find((l) => l.name === 'postgres.log')?.path ?? '';
      expect(readFileSync(postgresLog, 'utf8')).toContain('ready to accept connections');
      expect(readFileSync(postgresLog, 'utf8')).not.toContain('not properly shut down');
      expect(password).not.toBe(firstPassword);
      await expect(connectTo(port, firstPassword)).rejects.toThrow(/password authentication failed/);
      await expect(connectTo(port, password)).resolves.toBe('ok');
    } finally {
      await second.stop();
    }

    // Not a seed image (a plain Postgres under its tag): dropped, this stack seeds, and it is made again.
    await docker.getImage(seedTag).remove({ force: true });
    const [repo = '', version = ''] = seedTag.split(':');
    await docker.getImage(settings.POSTGRES_IMAGE).tag({ repo, tag: version });
    const badLines: string[] = [];
    const third = await start(badLines);
    try {
      expect(badLines.join('\n')).toContain(`the seed image ${seedTag} did not start`);
      expect(third.info.timings.logtoSeedAndBoot).toBeGreaterThan(0);
    } finally {
      await third.stop();
    }
    // The seed image's container that exited is gone with the stack, not left for the next run.
    expect((await ours()).containers, 'after stop, the failed seed container too').toEqual([]);
    const remade = await docker.getImage(seedTag).inspect();
    const plain = await docker.getImage(settings.POSTGRES_IMAGE).inspect();
    expect(remade.Id).not.toBe(plain.Id);
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
});

async function connectTo(port: number, password: string): Promise<string> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'logto' });
  await client.connect();
  await client.end();
  return 'ok';
}

test('containers mode: two runs removing the same stale container at once both go on (one removes it, the other skips it)', async () => {
  await skipWithoutRuntime();
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const dead = spawn(process.execPath, ['-e', '']);
  await once(dead, 'exit');
  const created = await docker.createContainer({
    Image: settings.POSTGRES_IMAGE,
    Labels: { ...harnessLabels(), 'logto-e2e.pid': String(dead.pid) },
  });
  try {
    const results = await Promise.all([removeStaleContainers(3600_000), removeStaleContainers(3600_000)]);
    const mentions = results.flat().filter((line) => line.includes(`pid ${dead.pid}`));
    expect(mentions, results.flat().join('\n')).toHaveLength(1);
    await expect(docker.getContainer(created.id).inspect()).rejects.toMatchObject({ statusCode: 404 });
  } finally {
    await docker
      .getContainer(created.id)
      .remove({ force: true })
      .catch(() => undefined);
  }
});
