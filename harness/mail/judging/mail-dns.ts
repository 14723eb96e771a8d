import { promises as dns } from 'node:dns';
import { sinkFetch, type SinkControl } from '../sink-control.js';

/** A DNS lookup as `dns.promises.resolve` answers it (what mailauth and the doctor take). */
export type Resolver = (name: string, rrtype: string) => Promise<unknown[]>;

type Zone = Record<string, Record<string, unknown[]>>;

/** Not found, as Node's resolver says it (ENOTFOUND): mailauth reads the code. */
function notFound(name: string, rrtype: string): Error {
  return Object.assign(new Error(`query${rrtype} ENOTFOUND ${name}`), { code: 'ENOTFOUND', hostname: name });
}

/**
 * The mail sink's zone (what the sending domain and SES publish, per the account's state) as a
 * resolver: a CNAME is followed, as a real resolver does for a TXT asked at its name. Read at
 * each lookup (on loopback, a millisecond): a test's own state may have added records.
 */
export function sinkResolver(sink: SinkControl): Resolver {
  return async (name, rrtype) => {
    const response = await sinkFetch(sink, '/_dns');
    if (!response.ok) throw new Error(`the mail sink's DNS zone answered ${response.status}`);
    const records = ((await response.json()) as { zone: Zone }).zone;
    let node = records[name.toLowerCase()];
    const cname = node?.CNAME?.[0];
    if (rrtype !== 'CNAME' && typeof cname === 'string') node = records[cname.toLowerCase()];
    const found = node?.[rrtype];
    if (!found) throw notFound(name, rrtype);
    return found;
  };
}

/** Each lookup bounded: a DNS that does not answer is said, in one line, not waited on. */
export function boundedResolver(resolver: Resolver, timeoutMs = 5000): Resolver {
  return async (name, rrtype) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`DNS did not answer for ${rrtype} ${name} within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([resolver(name, rrtype), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Real DNS (Node's resolver), bounded. */
export function realResolver(timeoutMs = 5000): Resolver {
  return boundedResolver((name, rrtype) => dns.resolve(name, rrtype) as Promise<unknown[]>, timeoutMs);
}

/** What a lookup of a name with no such record throws, as Node's resolver says it. */
export const noSuchRecord = (error: unknown): boolean =>
  ['ENOTFOUND', 'ENODATA', 'NXDOMAIN'].includes(String((error as { code?: unknown }).code));

/**
 * Whether `domain` is one DNS never answers for (RFC 2606 and 6761: `.test`, `.example`,
 * `.invalid`, `.localhost`, `example.com/net/org`): its mail cannot pass DKIM or DMARC by real DNS.
 */
export function isReservedDomain(domain: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '');
  return /(^|\.)(test|example|invalid|localhost)$/.test(d) || /(^|\.)example\.(com|net|org)$/.test(d);
}
