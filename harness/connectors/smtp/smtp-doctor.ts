import { connect as tcpConnect, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { CheckResult, DoctorCheck } from '../../doctor/doctor-check.js';
import { reachFromHarness, type SinkReach } from '../sink-reach.js';
import { smtpConfigFromHarness } from './smtp-connector.js';

/** The fields of Logto's SMTP connector config the checks read. */
interface SmtpConfig {
  host?: string;
  port?: number;
  secure?: boolean;
  auth?: { user?: string; pass?: string };
}

/**
 * What the server at host:port does first: greets in plain text (a STARTTLS port, as 587 and
 * 25), or waits for the client's TLS hello (an implicit-TLS port, as 465). Read on a raw TCP
 * connection, ended at the first byte or after `waitMs` of silence.
 */
async function firstMove(host: string, port: number, waitMs: number): Promise<'greets' | 'waits' | Error> {
  return new Promise((resolve) => {
    const socket: Socket = tcpConnect({ host, port });
    const done = (value: 'greets' | 'waits' | Error) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(waitMs, () => done('waits'));
    socket.once('data', (chunk: Buffer) =>
      /^\d{3}[ -]/.test(chunk.toString('latin1')) ? done('greets') : done('waits'),
    );
    socket.once('error', (error) => done(error));
  });
}

/**
 * The SMTP connector's own checks, read-only: the server answers, it speaks TLS the way the
 * connector's `secure` expects for that port (Logto issue #6191: `secure: true` on 587 gives
 * OpenSSL's "wrong version number"), and EHLO, TLS and AUTH go through with its account.
 */
export function smtpDoctorChecks(
  given: Record<string, unknown>,
  o: { waitMs?: number; reach?: SinkReach | undefined } = {},
): DoctorCheck[] {
  const config = given as SmtpConfig;
  const host = config.host ?? '';
  const port = config.port ?? 0;
  // Said as Logto has it; reached where this machine reaches it (a container's published port).
  const where = `${host}:${port}`;
  const at = reachFromHarness(o.reach, host, port);
  let move: 'greets' | 'waits' | Error | undefined;
  let tlsFits = false;
  return [
    {
      name: 'SMTP server reachable',
      run: async (): Promise<CheckResult> => {
        move = await firstMove(at.host, at.port, o.waitMs ?? 3000);
        return move instanceof Error
          ? {
              ok: false,
              detail: `${where} did not take a connection (${move.message})`,
              fix: "check the connector's host and port, and that the server takes connections from Logto's host",
            }
          : { ok: true, detail: `${where} takes connections` };
      },
    },
    {
      name: 'TLS as the port expects',
      run: async (): Promise<CheckResult> => {
        if (move === undefined || move instanceof Error) throw new Error('not checked: the server did not answer');
        if (move === 'greets' && config.secure) {
          return {
            ok: false,
            detail: `${where} greets in plain text (a STARTTLS port, as 587), and the connector starts TLS at once (secure: true): every send fails with OpenSSL's "wrong version number"`,
            fix: 'set secure to false (nodemailer upgrades with STARTTLS), or use the server’s implicit-TLS port (465)',
          };
        }
        if (move === 'waits' && !config.secure) {
          return {
            ok: false,
            detail: `${where} says nothing until TLS starts (an implicit-TLS port, as 465), and the connector waits for its greeting (secure: false): every send times out`,
            fix: 'set secure to true, or use the server’s STARTTLS port (587)',
          };
        }
        tlsFits = true;
        return {
          ok: true,
          detail:
            move === 'greets'
              ? 'plain text first, then STARTTLS (secure: false)'
              : 'TLS from the first byte (secure: true)',
        };
      },
    },
    {
      name: 'SMTP login (EHLO, TLS, AUTH)',
      run: async (): Promise<CheckResult> => {
        // A TLS mode that does not fit the port fails every login the same way: said once, above.
        if (!tlsFits) throw new Error('not checked: the TLS mode did not hold');
        const { templates: _templates, fromEmail: _from, ...transport } = smtpConfigFromHarness(given, o.reach);
        const mailer = nodemailer.createTransport({
          ...transport,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 10_000,
        } as SMTPTransport.Options);
        try {
          await mailer.verify();
          return { ok: true, detail: `logged in to ${where} as ${config.auth?.user ?? '(no user)'}` };
        } catch (error) {
          const message = (error as Error).message;
          return {
            ok: false,
            detail: `${where} refused the login: ${message}`,
            fix: /\b53[05]\b|auth/i.test(message)
              ? "check the connector's user and password (the provider's SMTP credentials, not the account's own password)"
              : "fix what the server says above (its TLS certificate: give Logto its CA in the connector's tls.ca)",
          };
        } finally {
          mailer.close();
        }
      },
    },
  ];
}
