import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SettingError } from '../config/settings.js';
import type { MailConnectorName } from '../connectors/email-connectors.js';
import type { LogtoAndMail, ModeStartOptions } from './mode-start.js';
import type { StackSettings } from './stack-settings.js';
import type { StackMode } from './stack-mode-names.js';

/**
 * One door per stack mode: how it starts (or reaches) Logto and the run's mail, what kind of
 * Logto it is, and how its version is known. `E2E_STACK`'s values and the `StackMode` type come
 * from here; a new mode is a folder with its start, its name and its entry here. Starts are
 * imported when used: a mode's dependencies (Testcontainers) load only for runs of that mode.
 */
export interface StackModeDoor {
  /** What kind of Logto this is, for messages ("an existing Logto"). */
  what: string;
  /** Whether the run starts this Logto (false: a Logto the run must leave as it found it). */
  startsLogto: boolean;
  /** Whether this Logto can reach a mail sink the run starts (MAIL_MODE=sink). */
  reachesSink: boolean;
  /** The email connectors (MAIL_CONNECTOR) this mode runs; with a reason for the ones it does not yet. */
  connectors: Record<MailConnectorName, true | string>;
  /** Why the run uses this mode when it is named (E2E_STACK); throws when a setting it needs is missing. */
  chosen(settings: Pick<StackSettings, 'LOGTO_ENDPOINT' | 'LOGTO_HOME'>): string;
  start(settings: StackSettings, o: ModeStartOptions): Promise<LogtoAndMail>;
  /** Logto's version as this mode knows it (undefined: not known). */
  logtoVersion(endpoint: string, o: { logtoHome: string; logtoImage: string }): Promise<string | undefined>;
}

export { isStackMode, stackModeNames, type StackMode } from './stack-mode-names.js';

export const stackModes: Record<StackMode, StackModeDoor> = {
  containers: {
    what: 'Logto in containers',
    startsLogto: true,
    reachesSink: true,
    connectors: { ses: true, smtp: true, http: true },
    chosen: () => 'E2E_STACK=containers',
    start: async (settings, o) => (await import('./containers/containers-start.js')).startInContainers(settings, o),
    // The image's tag.
    logtoVersion: async (_endpoint, o) => o.logtoImage.split(':').at(1) ?? o.logtoImage,
  },
  local: {
    what: 'a local Logto installation',
    startsLogto: true,
    reachesSink: true,
    connectors: { ses: true, smtp: true, http: true },
    chosen: (settings) => `E2E_STACK=local, LOGTO_HOME=${settings.LOGTO_HOME}`,
    start: async (settings, o) => (await import('./local/local-start.js')).startLocally(settings, o),
    // The installation's core package.
    logtoVersion: async (_endpoint, o) => {
      const manifest = join(o.logtoHome, 'packages/core/package.json');
      return existsSync(manifest)
        ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version
        : undefined;
    },
  },
  external: {
    what: 'an existing Logto',
    startsLogto: false,
    reachesSink: false,
    connectors: { ses: true, smtp: true, http: true },
    chosen: (settings) => {
      if (!settings.LOGTO_ENDPOINT)
        throw new SettingError('Setting LOGTO_ENDPOINT: expected the URL of the existing Logto (E2E_STACK=external)');
      return `LOGTO_ENDPOINT=${settings.LOGTO_ENDPOINT}`;
    },
    start: async (settings, o) => (await import('./external/external-start.js')).reachExisting(settings, o),
    // Logto serves no version (its OpenAPI document says "Cloud" everywhere): what its OpenAPI
    // document says, marked as such.
    logtoVersion: async (endpoint) => {
      const response = await fetch(`${endpoint}/api/swagger.json`, { signal: AbortSignal.timeout(10_000) }).catch(
        () => undefined,
      );
      if (!response?.ok) return undefined;
      const version = ((await response.json().catch(() => ({}))) as { info?: { version?: string } }).info?.version;
      return version && `${version} (its OpenAPI document)`;
    },
  },
};
