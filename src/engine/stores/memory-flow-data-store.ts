import { CacheFullError, type FlowDataStore } from './stores.js';

/**
 * Flow data in memory, for a run that has no engine store (the kernel run alone, in tests and
 * benchmarks): the same answers as the SQLite store, gone when the process ends.
 */
export class MemoryFlowDataStore implements FlowDataStore {
  private readonly seen = new Map<string, { claim: string; expiresAt: number }>();
  private readonly cache = new Map<string, Map<string, { value: string; expiresAt: number }>>();
  /** Expired keys are swept when the keys have doubled since the last sweep (a sweep per look would be quadratic). */
  private sweepAt = 1024;

  async dedupe(pool: string, keys: readonly { key: string; claim: string }[], options: { now: Date; expiresAt: Date; track: boolean }): Promise<boolean[]> {
    const now = options.now.getTime();
    if (options.track && this.seen.size >= this.sweepAt) {
      for (const [id, entry] of this.seen) if (entry.expiresAt <= now) this.seen.delete(id);
      this.sweepAt = Math.max(1024, this.seen.size * 2);
    }
    return keys.map(({ key, claim }) => {
      const id = `${pool}\u0000${key}`;
      const entry = this.seen.get(id);
      if (entry && entry.expiresAt > now) return entry.claim !== claim;
      if (options.track) this.seen.set(id, { claim, expiresAt: options.expiresAt.getTime() });
      return false;
    });
  }

  async release(pool: string, keys: readonly { key: string; claim: string }[]): Promise<void> {
    for (const { key, claim } of keys) {
      const id = `${pool}\u0000${key}`;
      if (this.seen.get(id)?.claim === claim) this.seen.delete(id);
    }
  }

  async cacheGet(namespace: string, keys: readonly string[], now: Date): Promise<(string | undefined)[]> {
    const entries = this.cache.get(namespace);
    return keys.map((key) => {
      const entry = entries?.get(key);
      return entry && entry.expiresAt > now.getTime() ? entry.value : undefined;
    });
  }

  async cachePut(namespace: string, entries: readonly { key: string; value: string }[], options: { now: Date; expiresAt: Date; maxEntries: number }): Promise<void> {
    let stored = this.cache.get(namespace);
    if (!stored) this.cache.set(namespace, (stored = new Map()));
    const now = options.now.getTime();
    for (const entries of this.cache.values()) for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
    const added = new Set(entries.map((entry) => entry.key).filter((key) => !stored.has(key))).size;
    if (stored.size + added > options.maxEntries) throw new CacheFullError(cacheFullMessage(namespace, options.maxEntries));
    for (const { key, value } of entries) stored.set(key, { value, expiresAt: options.expiresAt.getTime() });
  }

  /** The keys a pool holds at `now`, sorted (what `weft test` compares). */
  dedupeKeys(pool: string, now: Date): string[] {
    const prefix = `${pool}\u0000`;
    return [...this.seen].filter(([id, entry]) => id.startsWith(prefix) && entry.expiresAt > now.getTime()).map(([id]) => id.slice(prefix.length)).sort();
  }

  /** The live entries of a cache at `now` (JSON text), by key. */
  cacheEntries(namespace: string, now: Date): Map<string, string> {
    return new Map([...(this.cache.get(namespace) ?? [])].filter(([, entry]) => entry.expiresAt > now.getTime()).map(([key, entry]) => [key, entry.value]));
  }
}

/** What a put into a full cache says (every store says the same). */
export function cacheFullMessage(namespace: string, maxEntries: number): string {
  return `cache '${namespace}' is full: it holds ${maxEntries} entries that have not expired; raise the step's maxEntries or shorten its ttl`;
}
