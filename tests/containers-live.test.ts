import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { getContainerRuntimeClient } from 'testcontainers';
import { sampleAppContract } from '../fixtures/app-under-test/app-contract.js';
import { removeStaleContainers } from '../fixtures/stack/containers/stale-containers.js';
import { containerRuntimeAnswers } from '../fixtures/stack/select-mode.js';
import { stackSettingsFromEnv } from '../fixtures/stack/stack-settings.js';
import { startStackScript } from './helpers/stack-script.js';
import { startStack } from '../fixtures/stack/start-stack.js';

const settings = stackSettingsFromEnv();

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
