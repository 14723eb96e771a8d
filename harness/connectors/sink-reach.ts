/**
 * Where the harness reaches an address Logto is given for the mail sink, as `host:port` keys:
 * in containers mode Logto has the sink's network alias (`mail-sink:587`), which the harness
 * reaches as the port the container publishes on 127.0.0.1. Local mode needs none.
 */
export type SinkReach = Record<string, string>;

/** `host:port` as the harness reaches it (itself when the reach does not name it). */
export function reachFromHarness(
  reach: SinkReach | undefined,
  host: string,
  port: number,
): { host: string; port: number } {
  const mapped = reach?.[`${host}:${port}`];
  if (!mapped) return { host, port };
  const at = mapped.lastIndexOf(':');
  return { host: mapped.slice(0, at), port: Number(mapped.slice(at + 1)) };
}

/** A URL Logto is given, as the harness reaches it. */
export function urlFromHarness(reach: SinkReach | undefined, url: string): string {
  const parsed = new URL(url);
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  const mapped = reachFromHarness(reach, parsed.hostname, port);
  parsed.hostname = mapped.host;
  parsed.port = String(mapped.port);
  return parsed.href;
}
