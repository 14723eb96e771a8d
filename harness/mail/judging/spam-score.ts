import { connect } from 'node:net';
import { sinkFetch, type SinkControl } from '../sink-control.js';

/** SpamAssassin's verdict on a mail: its score against the threshold, and the rules it hit. */
export interface SpamReport {
  score: number;
  threshold: number;
  spam: boolean;
  rules: { name: string; points: number; description: string }[];
  /** One line: "2.1 / 5.0 (MIME_HTML_ONLY 0.1, …)". */
  summary: string;
}

/**
 * Where spamd listens (127.0.0.1 and a port), or the mail sink that relays to its own (the
 * container's); else why there is no score (one line).
 */
export type SpamdAddress = { host: string; port: number } | { relay: SinkControl } | { missing: string };

/**
 * Scores a mail with SpamAssassin's spamd, in its own protocol (SPAMC/1.5, REPORT: the score and
 * each rule's points). Written here: the protocol is a request line, two headers and the message,
 * and the npm clients for it are unmaintained. Fails with one line when spamd does not answer.
 */
export async function scoreMail(
  spamd: { host: string; port: number } | { relay: SinkControl },
  raw: Buffer,
  timeoutMs = 20_000,
): Promise<SpamReport> {
  const request = Buffer.concat([
    Buffer.from(`REPORT SPAMC/1.5\r\nContent-length: ${raw.length}\r\nUser: nobody\r\n\r\n`),
    raw,
  ]);
  if ('relay' in spamd) {
    const where = `the mail sink's spamd (${spamd.relay.sesEndpoint}/_spamc)`;
    const response = await sinkFetch(spamd.relay, '/_spamc', {
      method: 'POST',
      body: request,
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((error: Error) => {
      throw new Error(`${where} could not score the mail: ${error.message}`);
    });
    if (!response.ok) throw new Error(`${where} could not score the mail: ${response.status} ${await response.text()}`);
    return parseReport(Buffer.from(await response.arrayBuffer()).toString('utf8'), where);
  }
  const where = `spamd at ${spamd.host}:${spamd.port}`;
  // spamd may still be loading its rules (it starts beside the stack): a refused connection is
  // tried again every 100 ms until the deadline.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return parseReport(await askSpamd(spamd, request, timeoutMs), where);
    } catch (error) {
      const refused = (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
      if (!refused || Date.now() > deadline)
        throw new Error(`${where} could not score the mail: ${(error as Error).message}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100)); // a bounded retry of a refused connection
    }
  }
}

/** One SPAMC exchange: the request written, the answer read to its end. */
function askSpamd(spamd: { host: string; port: number }, request: Buffer, timeoutMs: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(spamd.port, spamd.host);
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    socket.on('connect', () => socket.end(request));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', (hadError) => {
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** spamd's REPORT answer: the verdict line and each rule's points. */
function parseReport(text: string, where: string): SpamReport {
  const status = /^SPAMD\/[\d.]+ (\d+) (\S+)/.exec(text);
  const verdict = /^Spam: (True|False) ; (-?[\d.]+) \/ (-?[\d.]+)/m.exec(text);
  if (!status || status[1] !== '0' || !verdict) {
    throw new Error(`${where} answered no score: ${text.split('\n')[0] || '(nothing)'}`);
  }
  const rules = [...text.matchAll(/^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]+)\s+(.+)$/gm)].map((m) => ({
    name: m[2] as string,
    points: Number(m[1]),
    description: (m[3] as string).trim(),
  }));
  const score = Number(verdict[2]);
  const threshold = Number(verdict[3]);
  const counted = rules.filter((r) => r.points !== 0).map((r) => `${r.name} ${r.points}`);
  return {
    score,
    threshold,
    spam: verdict[1] === 'True',
    rules,
    summary: `${score.toFixed(1)} / ${threshold.toFixed(1)} (${counted.join(', ') || 'no rule with points'})`,
  };
}
