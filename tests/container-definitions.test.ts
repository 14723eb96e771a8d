import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { smtpContainerFront } from '../harness/connectors/smtp/smtp-container-front.js';
import { httpContainerFront } from '../harness/connectors/http/http-container-front.js';
import { seedImageTag } from '../harness/stack/containers/seed-image.js';
import {
  logtoSpec,
  mailSinkContext,
  mailSinkSpec,
  networkAliases,
  postgresSpec,
} from '../harness/stack/containers/definitions.js';

// No container runtime here: the definitions are checked as data, as Testcontainers gets them.
test('Logto is seeded then started, with host URLs and the sink as SES endpoint', () => {
  const spec = logtoSpec({
    image: 'svhd/logto:1.42.0',
    hostPort: 41001,
    adminHostPort: 41002,
    postgresPassword: 'p@ss',
    sesThroughSink: true,
  });
  expect(spec.image).toBe('svhd/logto:1.42.0');
  // Started with Postgres: it waits in the container until Postgres takes logins.
  expect([...(spec.entrypoint ?? []), ...(spec.command ?? [])]).toEqual([
    'sh',
    '-c',
    'node /tmp/logto-e2e/wait-for-postgres.mjs postgres 5432 120000 && npm run cli db seed -- --swe && if [ -f packages/core/package.json ]; then cd packages/core && NODE_ENV=production exec node .; else exec npm start; fi',
  ]);
  expect(spec.files?.map((f) => [basename(f.source), existsSync(f.source), f.target])).toEqual([
    ['postgres-probe.mjs', true, '/tmp/logto-e2e/postgres-probe.mjs'],
    ['wait-for-postgres.mjs', true, '/tmp/logto-e2e/wait-for-postgres.mjs'],
  ]);
  expect(spec.env).toEqual({
    DB_URL: 'postgres://postgres:p%40ss@postgres:5432/logto',
    ENDPOINT: 'http://127.0.0.1:41001',
    ADMIN_ENDPOINT: 'http://127.0.0.1:41002',
    AWS_ENDPOINT_URL_SESV2: 'http://mail-sink:8005',
  });
  expect(spec.ports).toEqual([
    { container: 3001, host: 41001 },
    { container: 3002, host: 41002 },
  ]);
  expect(spec.wait).toEqual({ kind: 'http', path: '/api/status', port: 3001, status: 204 });
});

test('on a database from the seed image Logto only starts, loading its code behind the gate meanwhile', () => {
  const spec = logtoSpec({
    image: 'svhd/logto:1.42.0',
    hostPort: 1,
    adminHostPort: 2,
    postgresPassword: 'p',
    sesThroughSink: true,
    seeded: true,
  });
  // What `npm start` runs, without npm (as in local mode); `npm start` itself in an image laid out otherwise.
  expect(spec.command).toEqual([
    'if [ -f packages/core/package.json ]; then cd packages/core && NODE_ENV=production exec node .; else exec npm start; fi',
  ]);
  // Every Node of the container preloads the gate (npm's too: NODE_OPTIONS reaches Logto through it).
  expect(spec.env).toMatchObject({
    NODE_OPTIONS: '--import=/tmp/logto-e2e/database-gate.mjs',
    LOGTO_E2E_DB_GATE: JSON.stringify({ port: 5432, probeHost: 'postgres', timeoutMs: 120_000 }),
  });
  expect(spec.files?.map((f) => [basename(f.source), existsSync(f.source), f.target])).toEqual([
    ['postgres-probe.mjs', true, '/tmp/logto-e2e/postgres-probe.mjs'],
    ['database-gate.mjs', true, '/tmp/logto-e2e/database-gate.mjs'],
  ]);
});

test('with real SES Logto gets no endpoint override', () => {
  const spec = logtoSpec({ image: 'x', hostPort: 1, adminHostPort: 2, postgresPassword: 'p', sesThroughSink: false });
  expect(spec.env).not.toHaveProperty('AWS_ENDPOINT_URL_SESV2');
});

test('Postgres and the mail sink: images, aliases, waits', () => {
  const pg = postgresSpec('postgres:17-alpine', 'secret');
  expect(pg).toMatchObject({
    image: 'postgres:17-alpine',
    aliases: [networkAliases.postgres],
    ports: [{ container: 5432 }],
  });
  expect(pg.wait).toEqual({ kind: 'log', message: 'database system is ready to accept connections', times: 2 });
  // The data dir is outside the image's VOLUME, so that the seed image (a commit) holds it.
  expect(pg.env).toEqual({
    POSTGRES_USER: 'postgres',
    POSTGRES_PASSWORD: 'secret',
    POSTGRES_DB: 'postgres',
    PGDATA: '/var/lib/postgresql/e2e-data',
  });
  // From the seed image there is no init, so no temporary server: ready once. The run's
  // password (as its verifier) is set in single-user mode, in Logto's database, before the
  // server listens; the plain password is not in the command.
  const verifier = 'SCRAM-SHA-256$4096:c2FsdA==$stored:server';
  const fromSeed = postgresSpec('logto-e2e-seed:0123456789abcdef', 'secret', {
    seedImage: { passwordVerifier: verifier },
  });
  expect(fromSeed.image).toBe('logto-e2e-seed:0123456789abcdef');
  expect(fromSeed.wait).toEqual({ kind: 'log', message: 'database system is ready to accept connections', times: 1 });
  expect(fromSeed.user).toBe('postgres');
  expect(fromSeed.env.E2E_POSTGRES_VERIFIER).toBe(verifier);
  const script = [...(fromSeed.entrypoint ?? []), ...(fromSeed.command ?? [])].join(' ');
  expect(script).toMatch(/postgres --single -D "\$PGDATA" logto .*&& exec docker-entrypoint\.sh postgres$/);
  expect(script).not.toContain('secret');
  const sink = mailSinkSpec('e2e', 'pw', 'run-secret-0123456789');
  expect(sink).toMatchObject({
    aliases: ['mail-sink'],
    env: {
      MAILBOX_USER: 'e2e',
      MAILBOX_PASSWORD: 'pw',
      SES_PORT: '8005',
      SES_SINK_SECRET: 'run-secret-0123456789',
      SES_SINK_ACCOUNT: 'healthy',
    },
  });
  expect(sink.ports.map((p) => p.container)).toEqual([8005, 143, 993]);
  expect(sink.wait).toEqual({ kind: 'log', message: 'server running at', times: 1 });
});

test('the mail sink image uses the same Dovecot template and SES fault front as local mode', () => {
  const dockerfile = readFileSync(join(mailSinkContext, 'Dockerfile'), 'utf8');
  // The front imports the account it emulates from beside it: both are in the image.
  expect(dockerfile).toContain(
    'COPY dovecot.conf.template entrypoint.sh ses-faults.mjs ses-account.mjs ses-delivery.mjs /etc/mail-sink/',
  );
  expect(dockerfile).toMatch(/dovecot-imapd dovecot-lmtpd/);
  expect(dockerfile).toMatch(/spamassassin spamd/);
  // Every module the front imports is in the image beside it.
  const front = readFileSync(join(mailSinkContext, 'ses-faults.mjs'), 'utf8');
  for (const [, module] of front.matchAll(/from '\.\/([\w-]+\.mjs)'/g))
    expect(dockerfile, module).toContain(module as string);
  expect(existsSync(join(mailSinkContext, 'dovecot.conf.template'))).toBe(true);
  const entrypoint = readFileSync(join(mailSinkContext, 'entrypoint.sh'), 'utf8');
  expect(entrypoint).toMatch(/exec node \/etc\/mail-sink\/ses-faults\.mjs --host 0\.0\.0\.0 --port "\$SES_PORT"/);
  // Every placeholder of the template is given a value by the image (ENV) or its entrypoint.
  const template = readFileSync(join(mailSinkContext, 'dovecot.conf.template'), 'utf8');
  for (const [, name] of template.matchAll(/\$\{(\w+)\}/g)) {
    expect(`${dockerfile}\n${entrypoint}`, name).toMatch(new RegExp(`\\b${name}=`));
  }
});

test('compose runs the same images and config', () => {
  const compose = readFileSync(join(mailSinkContext, '..', 'compose.yml'), 'utf8');
  expect(compose).toContain('image: svhd/logto:1.42.0');
  expect(compose).toContain('image: postgres:17-alpine');
  expect(compose).toContain('context: ./mail');
  expect(compose).toContain('npm run cli db seed -- --swe && npm start');
  expect(compose).toContain('AWS_ENDPOINT_URL_SESV2: http://mail-sink:8005');
});

test('the seed image is keyed by both image ids: another Logto or Postgres image never gets it', () => {
  const tag = seedImageTag('sha256:logto-a', 'sha256:pg-a');
  expect(tag).toMatch(/^logto-e2e-seed:[0-9a-f]{16}$/);
  expect(seedImageTag('sha256:logto-a', 'sha256:pg-a')).toBe(tag);
  expect(seedImageTag('sha256:logto-b', 'sha256:pg-a')).not.toBe(tag);
  expect(seedImageTag('sha256:logto-a', 'sha256:pg-b')).not.toBe(tag);
});

test("an SMTP or HTTP run's sink starts the connector's front: the harness's own script, its secrets in env (dropped after), its ports published", async () => {
  const front = await smtpContainerFront();
  const smtp = mailSinkSpec('e2e', 'pw', 'run-secret-0123456789', 'healthy', front);
  expect(Object.keys(smtp.env)).toEqual(
    expect.arrayContaining(['SMTP_SINK_SECRET', 'SMTP_SINK_USER', 'SMTP_SINK_PASSWORD']),
  );
  expect(smtp.env.SINK_FRONT_ENV).toBe('SMTP_SINK_SECRET SMTP_SINK_USER SMTP_SINK_PASSWORD');
  expect(smtp.ports.map((p) => p.container)).toEqual([8005, 143, 993, 587, 465, 8025]);
  // The entrypoint splits the arguments on spaces: none may hold one.
  expect(front.args.every((a) => a && !/\s/.test(a))).toBe(true);
  // The scripts local mode runs, at the path the front's arguments start (its imports resolve there).
  expect(smtp.files?.map((f) => basename(f.target))).toEqual(['lmtp-relay.mjs', 'smtp-front.mjs']);
  for (const file of smtp.files ?? []) expect(existsSync(file.source), file.source).toBe(true);
  expect(smtp.env.SINK_FRONT_ARGS?.split(' ')[0]).toBe(smtp.files?.[1]?.target);
  expect(smtp.contents?.find((c) => c.target.endsWith('.key'))?.mode).toBe(0o600);
  // Its certificate names the alias Logto reaches the sink by (Logto checks it: no rejectUnauthorized).
  const ca = front.delivery(() => 'http://127.0.0.1:1').smtp?.ca ?? '';
  expect(new X509Certificate(ca).subjectAltName).toContain('DNS:mail-sink');
  expect(front.delivery(() => 'http://127.0.0.1:1').smtp).toMatchObject({
    host: 'mail-sink',
    starttlsPort: 587,
    implicitPort: 465,
  });
  const entrypoint = readFileSync(join(mailSinkContext, 'entrypoint.sh'), 'utf8');
  expect(entrypoint).toContain('node $SINK_FRONT_ARGS &');
  expect(entrypoint).toContain('unset $SINK_FRONT_ENV');

  const http = mailSinkSpec('e2e', 'pw', 'run-secret-0123456789', 'healthy', httpContainerFront([]));
  expect(http.env.SINK_FRONT_ENV).toBe('HTTP_SINK_SECRET HTTP_SINK_TOKEN');
  expect(http.ports.map((p) => p.container)).toEqual([8005, 143, 993, 8080]);
  for (const file of http.files ?? []) expect(existsSync(file.source), file.source).toBe(true);
  // A SES run's sink starts no front and publishes none of their ports.
  const ses = mailSinkSpec('e2e', 'pw', 'run-secret-0123456789');
  expect(ses.files).toBeUndefined();
  expect(Object.keys(ses.env).filter((k) => /SMTP|HTTP|SINK_FRONT/.test(k))).toEqual([]);
});

test("the sink image's fronts import the library versions the project's lockfile has", () => {
  const dockerfile = readFileSync(join(mailSinkContext, 'Dockerfile'), 'utf8');
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
    packages: Record<string, { version: string }>;
  };
  for (const [name, arg] of [
    ['smtp-server', 'SMTP_SERVER_VERSION'],
    ['nodemailer', 'NODEMAILER_VERSION'],
  ] as const) {
    expect(dockerfile, arg).toContain(`ARG ${arg}=${lock.packages[`node_modules/${name}`]?.version}`);
    expect(dockerfile).toContain(`${name}@\${${arg}}`);
  }
  // Every package a front imports is installed beside it in the image.
  for (const script of [
    'harness/connectors/smtp/smtp-front.mjs',
    'harness/connectors/lmtp-relay.mjs',
    'harness/connectors/http/http-front.mjs',
  ]) {
    for (const [, module] of readFileSync(script, 'utf8').matchAll(/from '([^.'][^']*)'/g)) {
      if (module?.startsWith('node:')) continue;
      expect(dockerfile, `${script} imports ${module}`).toContain(`${module}@`);
    }
  }
});
