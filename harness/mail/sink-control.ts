/**
 * The mail sink's SES endpoint and the run's secret: its store (every mail) and its fault
 * controls answer only requests that carry the secret; the SES API itself is open to Logto.
 */
export interface SinkControl {
  sesEndpoint: string;
  secret: string;
}

/** A request to the sink's store or controls, with the run's secret. */
export function sinkFetch(sink: SinkControl, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sink.sesEndpoint}${path}`, {
    signal: AbortSignal.timeout(5000),
    ...init,
    headers: { ...(init.headers as Record<string, string> | undefined), 'x-sink-secret': sink.secret },
  });
}
