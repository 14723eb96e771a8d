import { codeSendsTo } from '../logto-admin/audit-log.js';
import { describeLogtoCode } from '../logto-admin/logto-refusals.js';
import type { ManagementApi } from '../logto-admin/management-api.js';

/** One of Logto's refusals the browser received (an experience API answer of 400 or more). */
export interface LogtoRefusal {
  method: string;
  path: string;
  status: number;
  code: string | undefined;
  message: string | undefined;
  /** The provider's own words (a connector error's `data`). */
  provider: string | undefined;
}

/** What the person at the browser had in front of them when the step failed. */
export interface BrowserView {
  /** "Logto's /register screen", "the app's /" … */
  where: string;
  /** Toasts, alerts and dialogs on the page, as the person read them. */
  said: string[];
}

/** What was going on when a step failed, as the flow (or the setup, or the canary) saw it. */
export interface FailureContext {
  /** The step, in words: "submit e2e+…@example.test". */
  step: string;
  /** The first error: it leads the message, whatever the diagnosis finds. */
  error: unknown;
  /** The address the mail was for. */
  address: string;
  /** When the flow began: Logto's log and the sink's journal are read from then on. */
  since: Date;
  browser?: BrowserView | undefined;
  refusals?: LogtoRefusal[] | undefined;
}

export interface FailureExplainerOptions {
  api: ManagementApi;
  /** The mail sink's account of what its front (SES, SMTP) did with mail to an address (sink mode). */
  sinkJournal?: { name: string; read: (to: string) => Promise<string> } | undefined;
  /** The doctor's SES checks, read-only, for an address (real SES): its ✘ and ⚠ lines. */
  doctor?: ((to: string) => Promise<string[]>) | undefined;
  /** Values never to show (the run's secrets), whatever Logto's error data holds. */
  secrets: string[];
}

/** A step that failed, with why: its message leads with the first error, then the evidence in order. */
export class FlowFailure extends Error {
  override name = 'FlowFailure';
}

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0] ?? '';

/**
 * Names the cause of a failed step in every mode, in the order a reader needs it: what the
 * person at the browser saw; what Logto answered (its code, what it means, the provider's own
 * words); the mail's fate (the mail sink's journal, and Logto's audit log of the send, which
 * exists on any Logto); with real SES, the doctor's SES checks run read-only now. Each source
 * that cannot be read says so in its line: the first error is never hidden by a later one.
 * Everything is read only once something failed.
 */
export class FailureExplainer {
  constructor(private readonly o: FailureExplainerOptions) {}

  async explain(c: FailureContext): Promise<FlowFailure> {
    const lines = await this.evidence(c);
    const full = String((c.error as Error)?.message ?? c.error);
    const rest = full.split('\n').slice(1).join('\n').trim();
    const message = [
      `${c.step} failed: ${firstLine(c.error)}`,
      ...lines.map((l) => `  ${l}`),
      ...(rest ? ['', rest] : []),
    ].join('\n');
    return new FlowFailure(this.mask(message), { cause: c.error });
  }

  /** The evidence lines alone, for one-line verdicts (the canary's). */
  async evidence(c: FailureContext): Promise<string[]> {
    const lines: string[] = [];
    if (c.browser) {
      lines.push(
        `the browser: ${c.browser.where}${c.browser.said.length ? `, showing ${c.browser.said.map((s) => `"${s}"`).join(', ')}` : ''}`,
      );
    }
    for (const r of c.refusals ?? []) {
      lines.push(
        `Logto answered ${r.method} ${r.path} with ${r.status} ${describeLogtoCode(r.code)}${r.message ? `: "${r.message}"` : ''}${r.provider ? `; the provider said: ${r.provider}` : ''}`,
      );
    }
    const already = String((c.error as Error)?.message ?? c.error);
    if (this.o.sinkJournal) {
      const journal = await this.o.sinkJournal
        .read(c.address)
        .catch((e: unknown) => `the mail sink could not be asked (${firstLine(e)})`);
      // A wait for the mail already says it: once is enough.
      if (!already.includes(journal)) lines.push(`the mail (${this.o.sinkJournal.name}): ${journal}`);
    }
    lines.push(await this.auditLog(c.address, c.since));
    if (this.o.doctor) {
      const found = await this.o
        .doctor(c.address)
        .catch((e: unknown) => [`the doctor could not run (${firstLine(e)})`]);
      lines.push(
        ...(found.length
          ? found.map((l) => `the doctor (read-only, now): ${l}`)
          : ['the doctor (read-only, now): every SES check holds']),
      );
    }
    return lines.map((l) => this.mask(l));
  }

  /**
   * Why no mail came to `to` where there is no sink to ask (real SES): Logto's audit log says
   * whether SES accepted the send; if it did, what remains is the suppression list (the doctor's
   * line for this address) or the inbox's own filtering.
   */
  async whyNoMail(to: string, since = new Date(Date.now() - 15 * 60_000)): Promise<string> {
    const sends = await codeSendsTo(this.o.api, to, since).catch(() => undefined);
    const last = sends?.at(-1);
    if (!sends) return "Logto's audit log could not be read";
    if (!last) return `Logto's audit log has no code send to ${to}: Logto never sent one`;
    if (last.result !== 'Success') return this.mask(await this.auditLog(to, since));
    const doctor = this.o.doctor
      ? await this.o.doctor(to).catch((e: unknown) => [`the doctor could not run (${firstLine(e)})`])
      : [];
    const suppression =
      doctor.find((l) => l.includes('suppress')) ?? `✔ ${to} is not on the account's suppression list`;
    return this.mask(
      `SES accepted the send (Logto's audit log: ${last.key} at ${last.at.toISOString()}, ${last.id}) and no mail came: what remains is the address on SES's suppression list or the inbox's own filtering (spam, a rule); the doctor (read-only, now): ${suppression}`,
    );
  }

  /** Logto's own record of the sends to `address`: on any Logto, real SES or not. */
  private async auditLog(address: string, since: Date): Promise<string> {
    try {
      const sends = await codeSendsTo(this.o.api, address, since);
      if (sends.length === 0) return `Logto's audit log: no code send to ${address} since ${since.toISOString()}`;
      const last = sends.at(-1);
      // A connector's error is logged before Logto turns it into its answer: its message is the provider's.
      const said = !last?.error
        ? 'Logto handed the mail to the provider, which accepted it'
        : last.error.code
          ? `${describeLogtoCode(last.error.code)}${last.error.provider ? `; the provider said: ${last.error.provider}` : ''}`
          : (last.error.message ?? 'no message');
      return `Logto's audit log: ${sends.length} code send(s) to ${address}, the last ${last?.key} at ${last?.at.toISOString()} (${last?.id}): ${last?.result} — ${said}`;
    } catch (error) {
      return `Logto's audit log could not be read (${firstLine(error)})`;
    }
  }

  private mask(text: string): string {
    return this.o.secrets.filter((s) => s.length >= 6).reduce((t, s) => t.split(s).join('‹secret›'), text);
  }
}
