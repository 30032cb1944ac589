import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a signed-in viewer may do: `admin` (the engine token) also retries, runs and pauses. */
export type UiRole = 'admin' | 'read';

export interface UiSession {
  id: string;
  role: UiRole;
  /** Sent back in X-CSRF-Token with every change; the cookie alone changes nothing. */
  csrf: string;
  /** Ends at the first of: `idleMs` after the last request, `maxMs` after sign-in. */
  lastSeen: number;
  createdAt: number;
}

export interface UiSessionOptions {
  idleMs?: number;
  maxMs?: number;
  /** Sessions held at once; signing in beyond it ends the oldest. */
  max?: number;
  now?: () => number;
}

export const sessionCookie = 'weft_session';

/**
 * The dashboard's sessions, in the engine's memory (a restart signs everyone out): a random id
 * in an HttpOnly, SameSite=Strict cookie, a random CSRF token per session, expiry by idleness
 * and by age, and a bound on how many are held.
 */
export class UiSessions {
  private readonly sessions = new Map<string, UiSession>();
  private readonly idleMs: number;
  private readonly maxMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(options: UiSessionOptions = {}) {
    this.idleMs = options.idleMs ?? 30 * 60_000;
    this.maxMs = options.maxMs ?? 12 * 60 * 60_000;
    this.max = options.max ?? 1000;
    this.now = options.now ?? Date.now;
  }

  create(role: UiRole): UiSession {
    const now = this.now();
    if (this.sessions.size >= this.max) this.sessions.delete(this.sessions.keys().next().value!);
    const session = { id: randomBytes(32).toString('base64url'), role, csrf: randomBytes(32).toString('base64url'), lastSeen: now, createdAt: now };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session a Cookie header names, its idle time renewed; undefined when none or expired. */
  find(cookieHeader: string | undefined): UiSession | undefined {
    const id = cookieValue(cookieHeader, sessionCookie);
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const now = this.now();
    if (now - session.lastSeen > this.idleMs || now - session.createdAt > this.maxMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeen = now;
    return session;
  }

  end(session: UiSession): void {
    this.sessions.delete(session.id);
  }

  /** Seconds a new session's cookie lives (its age limit; idleness is checked here). */
  get cookieSeconds(): number {
    return Math.floor(this.maxMs / 1000);
  }
}

/** Whether `given` equals `expected`, in constant time (both hashed first: lengths do not leak). */
export function sameSecret(given: string, expected: string | undefined): boolean {
  if (expected === undefined || expected === '') return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}
