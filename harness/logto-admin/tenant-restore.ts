import { isDeepStrictEqual } from 'node:util';
import { expectOk, type ManagementApi } from './management-api.js';
import { readTenantState, signInFields, type TenantState } from './tenant-state.js';

/**
 * What a run sets on a Logto it did not start: the sign-in experience fields and the email
 * connector (its id and config keys) it writes, as it writes them. A field "still holds what the
 * run set" when it contains these values (Logto may add keys of its own beside them).
 */
export interface TenantIntent {
  signInExperience: Partial<Record<(typeof signInFields)[number], unknown>>;
  emailConnector: { connectorId: string; config: Record<string, unknown> } | undefined;
}

export interface RestoreResult {
  /** What was put back, as it was found. */
  restored: string[];
  /** What someone else changed while the run was up: left as they set it. */
  leftAsSet: string[];
}

/** `value` has every key (deeply) of `part` with the same value: Logto's copy of what was sent. */
export function holds(value: unknown, part: unknown): boolean {
  if (part !== null && typeof part === 'object' && !Array.isArray(part)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    return Object.entries(part).every(([k, v]) => holds((value as Record<string, unknown>)[k], v));
  }
  if (Array.isArray(part)) {
    return Array.isArray(value) && value.length === part.length && part.every((v, i) => holds(value[i], v));
  }
  return isDeepStrictEqual(value, part);
}

/**
 * Puts back, field by field, only what still holds what the run set: a field someone else
 * changed meanwhile (an admin rotating the SES keys, a change made the day after a killed run)
 * is left as they set it and named. Never writes a field that already is as it was.
 */
export async function restoreWhatTheRunSet(
  api: ManagementApi,
  before: TenantState,
  intent: TenantIntent,
): Promise<RestoreResult> {
  const now = await readTenantState(api);
  const result: RestoreResult = { restored: [], leftAsSet: [] };

  // The sign-in experience first: the one found may need an email connector, and any will do meanwhile.
  const patch: Record<string, unknown> = {};
  for (const [field, set] of Object.entries(intent.signInExperience) as [(typeof signInFields)[number], unknown][]) {
    const was = before.signInExperience[field];
    const is = now.signInExperience[field];
    if (isDeepStrictEqual(is, was)) continue;
    if (holds(is, set)) patch[field] = was;
    else result.leftAsSet.push(`sign-in experience ${field}`);
  }
  if (Object.keys(patch).length > 0) {
    await expectOk('Restore the sign-in experience', api.PATCH('/api/sign-in-exp', { body: patch as never }));
    result.restored.push(`sign-in experience (${Object.keys(patch).join(', ')})`);
  }

  const set = intent.emailConnector;
  if (!set) return result;
  const connectors = await expectOk('Read the connectors', api.GET('/api/connectors'));
  const current = connectors.find((c) => c.type === 'Email');
  const found = before.emailConnectors[0];
  if (!current || current.connectorId !== set.connectorId) {
    // Someone replaced the run's connector with another: theirs now.
    if (!isDeepStrictEqual(current?.connectorId, found?.connectorId)) {
      result.leftAsSet.push(`email connector (now ${current?.connectorId ?? 'none'})`);
    }
    return result;
  }
  const config = current.config as Record<string, unknown>;
  if (found?.connectorId === set.connectorId) {
    // The same connector the run found: each config key the run set and nobody touched since goes back.
    const keys = [...new Set([...Object.keys(found.config), ...Object.keys(set.config)])];
    const next: Record<string, unknown> = { ...config };
    const back: string[] = [];
    for (const key of keys) {
      if (isDeepStrictEqual(config[key], found.config[key])) continue;
      if (key in set.config && holds(config[key], set.config[key])) {
        if (key in found.config) next[key] = found.config[key];
        else delete next[key];
        back.push(key);
      } else {
        result.leftAsSet.push(`email connector ${key}`);
      }
    }
    if (back.length > 0) {
      await expectOk(
        `Restore the ${set.connectorId} connector`,
        api.PATCH('/api/connectors/{id}', { params: { path: { id: current.id } }, body: { config: next } }),
      );
      result.restored.push(`email connector ${set.connectorId} (${back.join(', ')})`);
    }
    return result;
  }
  // The run put its connector in place of the one found (or of none): back only if still wholly the run's.
  const touched = Object.keys(set.config).filter((key) => !holds(config[key], set.config[key]));
  if (touched.length > 0) {
    result.leftAsSet.push(`email connector ${set.connectorId} (${touched.join(', ')} changed since the run set it)`);
    return result;
  }
  if (found) {
    // Logto keeps one email connector: creating the one found replaces the run's.
    await expectOk(
      `Restore the ${found.connectorId} connector`,
      api.POST('/api/connectors', { body: { connectorId: found.connectorId, config: found.config } }),
    );
    result.restored.push(`email connector ${found.connectorId} (in place of the run's ${set.connectorId})`);
  } else {
    await expectOk(
      `Remove the ${set.connectorId} connector the run added`,
      api.DELETE('/api/connectors/{id}', { params: { path: { id: current.id } } }),
    );
    result.restored.push(`email connector ${set.connectorId} removed (there was none)`);
  }
  return result;
}
