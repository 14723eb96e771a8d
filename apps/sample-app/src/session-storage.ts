import type { Storage, StorageKey } from '@logto/node';
import type { Session } from 'express-session';

declare module 'express-session' {
  interface SessionData {
    logto?: Partial<Record<StorageKey, string>>;
  }
}

/**
 * The SDK's storage kept in the web session (as the Flask sample keeps tokens in Flask's
 * session), so tokens survive across requests and never live in process memory per user.
 */
export class SessionStorage implements Storage<StorageKey> {
  constructor(private readonly session: Session & { logto?: Partial<Record<StorageKey, string>> }) {}

  async getItem(key: StorageKey): Promise<string | null> {
    return this.session.logto?.[key] ?? null;
  }

  async setItem(key: StorageKey, value: string): Promise<void> {
    this.session.logto = { ...this.session.logto, [key]: value };
  }

  async removeItem(key: StorageKey): Promise<void> {
    if (!this.session.logto) return;
    const { [key]: _removed, ...rest } = this.session.logto;
    this.session.logto = rest;
  }
}
