import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OperationsStore } from '../stores/stores.js';

/** What a signed-in viewer may do: `admin` (the engine token) also retries, runs and pauses. */
export type UiRole = 'admin' | 'read';

export interface UiSession {
  /** The id in the cookie; the store holds only its hash. */
  id: string;
  role: UiRole;
  /** Sent back in X-CSRF-Token with every change; the cookie alone changes nothing. */
  csrf: string;
}

export interface UiSessionOptions {
  idleMs?: number;
  maxMs?: number;
  /** Sessions held at once; signing in beyond it ends the oldest. */
  max?: number;
  now?: () => number;
}

export const sessionCookie = 'weft_session';

/** A session's use is written at most this often (its idle time is that much coarser). */
const touchEveryMs = 30_000;

/**
 * The dashboard's sessions, in the engine's store, so every process of a cluster knows them (a
 * load balancer may send each request elsewhere): a random id in an HttpOnly, SameSite=Strict
 * cookie, of which the store keeps only the SHA-256 (reading the database gives no usable
 * session); the CSRF token derives from the id one way. They end when idle, at their age limit,
 * at sign-out, and beyond the bound on how many are held.
 */
export class UiSessions {
  private readonly idleMs: number;
  private readonly maxMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Pick<OperationsStore, 'createSession' | 'session' | 'touchSession' | 'endSession'>,
    options: UiSessionOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 30 * 60_000;
    this.maxMs = options.maxMs ?? 12 * 60 * 60_000;
    this.max = options.max ?? 1000;
    this.now = options.now ?? Date.now;
  }

  async create(role: UiRole): Promise<UiSession> {
    const now = this.now();
    const id = randomBytes(32).toString('base64url');
    await this.store.createSession({ idHash: hashOf(id), role, createdAt: now, lastSeen: now }, this.max, now - this.idleMs);
    return { id, role, csrf: csrfOf(id) };
  }

  /** The live session a Cookie header names, its use noted (unless `touch: false`); undefined when none or over. */
  async find(cookieHeader: string | undefined, options: { touch?: boolean } = {}): Promise<UiSession | undefined> {
    const id = cookieValue(cookieHeader, sessionCookie);
    if (!id || !/^[\w-]{43}$/.test(id)) return undefined;
    const stored = await this.store.session(hashOf(id));
    if (!stored) return undefined;
    const now = this.now();
    if (now - stored.lastSeen > this.idleMs || now - stored.createdAt > this.maxMs) {
      await this.store.endSession(stored.idHash);
      return undefined;
    }
    if (options.touch !== false && now - stored.lastSeen >= Math.min(touchEveryMs, this.idleMs / 4)) await this.store.touchSession(stored.idHash, now);
    return { id, role: stored.role, csrf: csrfOf(id) };
  }

  async end(session: UiSession): Promise<void> {
    await this.store.endSession(hashOf(session.id));
  }

  /** Seconds a new session's cookie lives (its age limit; idleness is checked here). */
  get cookieSeconds(): number {
    return Math.floor(this.maxMs / 1000);
  }
}

function hashOf(id: string): string {
  return createHash('sha256').update(`weft-session\0${id}`).digest('base64url');
}

/** The session's CSRF token: from its id, one way (the token does not give the id). */
function csrfOf(id: string): string {
  return createHash('sha256').update(`weft-csrf\0${id}`).digest('base64url');
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
