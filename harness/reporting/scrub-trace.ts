import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';

/** What a masked value reads as in the trace viewer. */
export const masked = '‹masked by the harness›';
/** Headers that carry a live credential: a session, a bearer token, a basic password. */
const credentialHeaders = /^(cookie|set-cookie|authorization|proxy-authorization|x-sink-secret)$/i;

/**
 * Masks the live credentials a Playwright trace records: every cookie's value (the network log's
 * request and response cookies, and what `context.cookies()` answered), and the values of the
 * Cookie, Set-Cookie and Authorization headers. What the viewer shows otherwise (actions, DOM
 * snapshots, URLs, bodies) is kept. A trace uploaded for a failed canary run must not hand a
 * reader the production canary user's Logto session (Logto keeps sessions for days).
 * Playwright has no option for it, so the zip's JSON lines are rewritten with JSZip.
 */
export async function scrubTrace(path: string): Promise<{ masked: number }> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  let count = 0;
  const mask = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(mask);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === 'cookies' && Array.isArray(v)) {
        out[key] = v.map((c: unknown) =>
          c && typeof c === 'object' && 'value' in c ? (count++, { ...c, value: masked }) : c,
        );
      } else if (key === 'headers' && Array.isArray(v)) {
        out[key] = v.map((h: unknown) => {
          const header = h as { name?: unknown; value?: unknown };
          return typeof header?.name === 'string' && credentialHeaders.test(header.name) && header.value !== masked
            ? (count++, { ...header, value: masked })
            : mask(h);
        });
      } else if (key === 'headers' && v && typeof v === 'object') {
        // An API request's headers given as an object (page.request.get(url, { headers })).
        out[key] = Object.fromEntries(
          Object.entries(v).map(([name, hv]) =>
            credentialHeaders.test(name) ? (count++, [name, masked]) : [name, hv],
          ),
        );
      } else {
        out[key] = mask(v);
      }
    }
    return out;
  };
  const entries = Object.values(zip.files).filter((f) => !f.dir && /(^|\/)[\w-]*\.(trace|network)$/.test(f.name));
  for (const entry of entries) {
    const text = await entry.async('string');
    const lines = text.split('\n').map((line) => {
      if (!line.trim()) return line;
      try {
        return JSON.stringify(mask(JSON.parse(line)));
      } catch {
        return line;
      }
    });
    zip.file(entry.name, lines.join('\n'));
  }
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return { masked: count };
}

/** Every trace zip below the given folders (a run's test results), masked; one that cannot be is removed. */
export async function scrubTracesIn(dirs: string[]): Promise<void> {
  for (const dir of dirs.filter((d) => existsSync(d))) {
    const traces = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      /(^|\/)trace(-\d+)?\.zip$/.test(f),
    );
    for (const trace of traces) {
      const path = join(dir, trace);
      await scrubTrace(path).catch(() => rmSync(path, { force: true }));
    }
  }
}
