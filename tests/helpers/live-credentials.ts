import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { masked } from '../../harness/reporting/scrub-trace.js';

const credentialHeaders = /^(cookie|set-cookie|authorization|proxy-authorization)$/i;

/**
 * The live credentials a Playwright trace still holds, read structurally (not by a known value):
 * any cookie value and any Cookie / Set-Cookie / Authorization header value that is not masked,
 * in every JSON line of the zip's trace and network logs. Each as `<entry>: <what>`.
 */
export async function liveCredentialsInTrace(zipPath: string): Promise<{ live: string[]; masked: number }> {
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  const found: string[] = [];
  let maskedCount = 0;
  const walk = (value: unknown, entry: string): void => {
    if (Array.isArray(value)) return value.forEach((v) => walk(v, entry));
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (key === 'cookies' && Array.isArray(v)) {
        for (const c of v as { name?: string; value?: unknown }[]) {
          if (c?.value === masked) maskedCount++;
          else if (c?.value !== undefined && c.value !== '') found.push(`${entry}: cookie ${c.name}`);
        }
      } else if (key === 'headers' && Array.isArray(v)) {
        for (const h of v as { name?: string; value?: unknown }[]) {
          if (typeof h?.name !== 'string' || !credentialHeaders.test(h.name)) continue;
          if (h.value === masked) maskedCount++;
          else found.push(`${entry}: header ${h.name}`);
        }
      } else {
        walk(v, entry);
      }
    }
  };
  for (const file of Object.values(zip.files).filter((f) => !f.dir && /\.(trace|network)$/.test(f.name))) {
    for (const line of (await file.async('string')).split('\n')) {
      if (!line.trim()) continue;
      try {
        walk(JSON.parse(line), `${zipPath} › ${file.name}`);
      } catch {
        // not a JSON line: nothing structured to read
      }
    }
  }
  return { live: [...new Set(found)], masked: maskedCount };
}
