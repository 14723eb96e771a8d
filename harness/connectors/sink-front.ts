import { fileURLToPath } from 'node:url';
import { pathAndHome } from '../config/child-env.js';
import { sinkFetch, type SinkControl } from '../mail/sink-control.js';
import { ManagedProcess } from '../process/managed-process.js';

/**
 * A connector's front in the mail sink (`<name>-front.mjs` in its folder): started as a child
 * process, ready when it prints `<name>: ready {…}` (its ports, as JSON).
 */
export async function startSinkFront<Ready>(o: {
  name: string;
  /** The script, relative to harness/connectors/. */
  script: string;
  args: string[];
  /** Its own settings (the run's secrets among them): nothing else of this process's. */
  env: Record<string, string>;
  logFile: string;
  startTimeoutMs?: number;
}): Promise<{ ready: Ready; process: ManagedProcess }> {
  const proc = new ManagedProcess({
    name: o.name,
    command: process.execPath,
    args: [fileURLToPath(new URL(o.script, import.meta.url)), ...o.args],
    env: { PATH: pathAndHome().PATH, NODE_ENV: 'production', ...o.env },
    logFile: o.logFile,
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`Timed out waiting for the sink's ${o.name} to listen; its output:\n${proc.tail()}`)),
      o.startTimeoutMs ?? 10_000,
    );
    const readyLine = new RegExp(`${o.name}: ready (\\{.*\\})`);
    proc.onOutput((chunk) => {
      if (output.length > 10_000) return;
      output += chunk;
      const line = readyLine.exec(output);
      if (line?.[1]) {
        clearTimeout(timer);
        resolve(JSON.parse(line[1]) as Ready);
      }
    });
    void proc.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`The sink's ${o.name} ${proc.exitDescription}:\n${proc.tail()}`));
    });
  }).catch(async (error: unknown) => {
    await proc.stop();
    throw error;
  });
  return { ready, process: proc };
}

/** Asks a front for a fault on the next `sends` mails to `to` (its POST /_faults). */
export async function askFrontForFault(
  control: SinkControl,
  what: string,
  body: { to: string; fault: string; sends?: number; delayMs?: number },
): Promise<void> {
  const response = await sinkFetch(control, '/_faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 204) {
    const { message } = (await response.json().catch(() => ({}))) as { message?: string };
    throw new Error(message ?? `The sink's ${what} refused the fault "${body.fault}" (HTTP ${response.status})`);
  }
}

/** A front's journal of what it did with mail to `to`, oldest first. */
export async function frontJournal<Event>(control: SinkControl, what: string, to: string): Promise<Event[]> {
  const response = await sinkFetch(control, `/_faults/journal?to=${encodeURIComponent(to)}`);
  if (!response.ok) throw new Error(`the sink's ${what} answered ${response.status} to its journal`);
  return ((await response.json()) as { events: Event[] }).events;
}
