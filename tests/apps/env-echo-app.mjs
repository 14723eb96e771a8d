// A stand-in for a user's app in command mode: answers on $PORT with what it was handed
// (names only for secrets), and keeps a child of its own, so a group stop can be checked.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import process from 'node:process';

const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
const handed = ['LOGTO_ENDPOINT', 'LOGTO_APP_ID', 'APP_BASE_URL', 'PORT', 'APP_PORT'];
createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify({
      handed: Object.fromEntries(handed.map((name) => [name, process.env[name]])),
      appSecretLength: process.env.LOGTO_APP_SECRET?.length ?? 0,
      sessionSecretLength: process.env.APP_SESSION_SECRET?.length ?? 0,
      child: child.pid,
      // Settings of the harness the app must never see.
      leaked: Object.keys(process.env).filter((name) => /M2M|IMAP_PASSWORD|SES_SECRET|E2E_STACK_INFO/.test(name)),
    }),
  );
}).listen(Number(process.env.PORT), '127.0.0.1');
