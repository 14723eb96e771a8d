import { authenticate } from 'mailauth';
import type { Resolver } from './mail-dns.js';

/** How an inbox judges a mail's origin: DKIM, SPF, DMARC (and ARC where present). */
export interface MailAuthentication {
  dkim: { domain: string; selector: string; result: string; aligned: boolean }[];
  spf: { domain: string; result: string; aligned: boolean };
  dmarc: { result: string; policy: string | undefined; alignedBy: ('dkim' | 'spf')[] };
  arc: string;
  /** Where the mail entered from the sender (the connecting host the Received line names). */
  from: { ip: string | undefined; helo: string | undefined; mailFrom: string | undefined };
  /** The receiving inbox's own verdict (its Authentication-Results header), where it has one. */
  receiver?: { dkim?: string | undefined; spf?: string | undefined; dmarc?: string | undefined } | undefined;
  /** One line: "dkim=pass (example.test, aligned) spf=pass (amazonses.com) dmarc=pass (p=quarantine, by dkim)". */
  summary: string;
}

const header = (raw: string, name: string) =>
  raw
    .split(/\r?\n\r?\n/, 1)[0]
    ?.replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    .map((l) => l.slice(name.length + 1).trim()) ?? [];

const privateIp = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|fe80:|fc|fd)/i;

/**
 * The hop where the mail came in from its sender: the newest Received line whose connecting
 * address (the TCP-info comment of its `from` clause) is a public one; the inbox's own internal
 * hops above it (LMTP from 127.0.0.1, Gmail's "by … with SMTP id") are skipped.
 */
export function entryHop(raw: string): { ip: string | undefined; helo: string | undefined } {
  for (const received of header(raw, 'Received')) {
    const from = /^from\s+(\S+)\s+\(([^)]*)\)/i.exec(received);
    const ip = from ? /\[([0-9a-f.:]+)\]/i.exec(from[2] ?? '')?.[1] : undefined;
    if (ip && !privateIp.test(ip)) return { ip, helo: from?.[1] };
  }
  return { ip: undefined, helo: undefined };
}

/** The receiving inbox's Authentication-Results (the newest), as results per method. */
export function receiverResults(raw: string): MailAuthentication['receiver'] {
  const results = header(raw, 'Authentication-Results')[0];
  if (!results) return undefined;
  const of = (method: string) => new RegExp(`\\b${method}=(\\w+)`, 'i').exec(results)?.[1]?.toLowerCase();
  return { dkim: of('dkim'), spf: of('spf'), dmarc: of('dmarc') };
}

/**
 * Judges a received mail as an inbox does, with mailauth (Postal Systems; EmailEngine's
 * verifier): DKIM (and whether `d=` aligns with the From domain), SPF of the Return-Path for the
 * host it came in from, DMARC with its policy, ARC where present. DNS from `resolver`: the mail
 * sink's zone, or real DNS for real mail. A mail it cannot parse fails with one line.
 */
export async function verifyMail(raw: Buffer, resolver: Resolver): Promise<MailAuthentication> {
  const text = raw.toString('utf8');
  // mailauth takes anything; a mail with no From header cannot be judged (DMARC is of From's domain).
  if (header(text, 'From').length === 0) {
    throw new Error('The mail could not be judged: it has no From header (not an RFC 5322 message)');
  }
  const hop = entryHop(text);
  const mailFrom = /<([^>]*)>/.exec(header(text, 'Return-Path')[0] ?? '')?.[1];
  let result: Awaited<ReturnType<typeof authenticate>>;
  try {
    result = await authenticate(raw, {
      ...(hop.ip ? { ip: hop.ip } : {}),
      ...(hop.helo ? { helo: hop.helo } : {}),
      ...(mailFrom ? { sender: mailFrom } : {}),
      resolver: resolver as never,
      mta: 'verifier.logto-e2e',
      disableBimi: true,
    });
  } catch (error) {
    throw new Error(`The mail could not be judged (mailauth): ${(error as Error).message}`, { cause: error });
  }
  const dkim = (result.dkim?.results ?? []).map((d) => ({
    domain: String(d.signingDomain ?? ''),
    selector: String(d.selector ?? ''),
    result: String(d.status?.result ?? 'none'),
    aligned: Boolean(d.status?.aligned),
  }));
  const dmarc = result.dmarc as
    | {
        status?: { result?: string };
        policy?: string;
        alignment?: { spf?: { result?: unknown }; dkim?: { result?: unknown } };
      }
    | false;
  const spf = result.spf as { status?: { result?: string } } | false | undefined;
  const spfDomain = mailFrom ? mailFrom.slice(mailFrom.lastIndexOf('@') + 1) : (hop.helo ?? '');
  const alignedBy = [
    ...(dmarc && dmarc.alignment?.dkim?.result ? (['dkim'] as const) : []),
    ...(dmarc && dmarc.alignment?.spf?.result ? (['spf'] as const) : []),
  ];
  const auth: MailAuthentication = {
    dkim,
    spf: {
      domain: spfDomain,
      result: spf ? (spf.status?.result ?? 'none') : 'none',
      aligned: alignedBy.includes('spf'),
    },
    dmarc: {
      result: String(dmarc ? (dmarc.status?.result ?? 'none') : 'none'),
      policy: dmarc ? dmarc.policy : undefined,
      alignedBy,
    },
    arc: String((result.arc as { status?: { result?: string } } | undefined)?.status?.result ?? 'none'),
    from: { ...hop, mailFrom },
    receiver: receiverResults(text),
    summary: '',
  };
  auth.summary = summarize(auth);
  return auth;
}

function summarize(a: MailAuthentication): string {
  const dkim = a.dkim.length
    ? a.dkim.map((d) => `dkim=${d.result} (${d.domain}${d.aligned ? ', aligned' : ''})`).join(' ')
    : 'dkim=none (no signature)';
  return `${dkim} spf=${a.spf.result} (${a.spf.domain}${a.spf.aligned ? ', aligned' : ''}) dmarc=${a.dmarc.result}${a.dmarc.policy ? ` (p=${a.dmarc.policy}${a.dmarc.alignedBy.length ? `, by ${a.dmarc.alignedBy.join(' and ')}` : ', nothing aligned'})` : ''}${a.arc !== 'none' ? ` arc=${a.arc}` : ''}`;
}
