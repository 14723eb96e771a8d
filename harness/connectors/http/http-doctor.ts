import type { CheckResult, DoctorCheck } from '../../doctor/doctor-check.js';
import { urlFromHarness, type SinkReach } from '../sink-reach.js';

/**
 * The HTTP email connector's own check, read-only: its endpoint answers HTTP at all (a GET: any
 * status, even 404 or 405, proves the service, its DNS and its TLS certificate; a send would mail
 * someone). Whether it takes Logto's posts and token is the connector's test email, after this.
 */
export function httpDoctorChecks(
  config: Record<string, unknown>,
  o: { reach?: SinkReach | undefined; timeoutMs?: number } = {},
): DoctorCheck[] {
  const endpoint = typeof config.endpoint === 'string' ? config.endpoint : '';
  return [
    {
      name: 'Mail service reachable',
      run: async (): Promise<CheckResult> => {
        if (!endpoint) {
          return {
            ok: false,
            detail: 'the connector has no endpoint',
            fix: "set the connector's endpoint (the service's URL Logto posts each mail to)",
          };
        }
        const answer = await fetch(urlFromHarness(o.reach, endpoint), {
          signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
          redirect: 'manual',
        }).catch((error: unknown) => error as Error);
        if (answer instanceof Error) {
          const cause = (answer.cause as { code?: string; message?: string } | undefined) ?? {};
          return {
            ok: false,
            detail: `${endpoint} did not answer (${cause.code ?? cause.message ?? answer.message})`,
            fix: /CERT|SELF_SIGNED|TLS|SSL/i.test(`${cause.code ?? ''} ${cause.message ?? ''}`)
              ? "give the service a certificate Logto trusts (a public CA's)"
              : "check the connector's endpoint, and that the service takes connections from Logto's host",
          };
        }
        return { ok: true, detail: `${endpoint} answers HTTP (${answer.status} to a GET; Logto posts)` };
      },
    },
  ];
}

/** What the service's refusal of the test email asks of the team. */
export function httpRefusalFix(said: string): string {
  if (/\b40[13]\b|unauthori[sz]ed|forbidden|token/i.test(said)) {
    return "check the connector's authorization: the Authorization header the service expects (e.g. Bearer <its token>)";
  }
  if (/\b5\d\d\b/.test(said)) return "the service failed on Logto's post: its own logs say why";
  return 'fix what the service says above';
}
