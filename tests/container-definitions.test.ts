import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  logtoSpec,
  mailSinkContext,
  mailSinkSpec,
  networkAliases,
  postgresSpec,
} from '../fixtures/stack/containers/definitions.js';

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
  expect([...(spec.entrypoint ?? []), ...(spec.command ?? [])]).toEqual([
    'sh',
    '-c',
    'npm run cli db seed -- --swe && npm start',
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
  const sink = mailSinkSpec('e2e', 'pw');
  expect(sink).toMatchObject({
    aliases: ['mail-sink'],
    env: { MAILBOX_USER: 'e2e', MAILBOX_PASSWORD: 'pw', SES_PORT: '8005' },
  });
  expect(sink.ports.map((p) => p.container)).toEqual([8005, 143, 993]);
  expect(sink.wait).toEqual({ kind: 'log', message: 'server running at', times: 1 });
});

test('the mail sink image uses the same Dovecot template and SES fault front as local mode', () => {
  const dockerfile = readFileSync(join(mailSinkContext, 'Dockerfile'), 'utf8');
  expect(dockerfile).toContain('COPY dovecot.conf.template entrypoint.sh ses-faults.mjs /etc/mail-sink/');
  expect(dockerfile).toMatch(/dovecot-imapd dovecot-lmtpd/);
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
