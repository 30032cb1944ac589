import { cacheFullMessage } from '../memory-flow-data-store.js';
import { CacheFullError, type FlowDataStore } from '../stores.js';
import type { SqliteDatabase } from './sqlite-database.js';

/**
 * Dedupe keys and cache entries in two tables of the engine's database. A dedupe look and the
 * keys it records are one IMMEDIATE transaction: SQLite lets one writer in at a time, across
 * processes too, so two runs asking for the same key never both find it new.
 */
export class SqliteFlowDataStore implements FlowDataStore {
  constructor(private readonly database: SqliteDatabase) {}

  async dedupe(pool: string, keys: readonly { key: string; claim: string }[], options: { now: Date; expiresAt: Date; track: boolean }): Promise<boolean[]> {
    const now = options.now.getTime();
    const find = this.database.statement('SELECT claim, expires_at FROM dedupe_keys WHERE pool = ? AND key = ?');
    const record = this.database.statement('INSERT OR REPLACE INTO dedupe_keys (pool, key, claim, expires_at) VALUES (?, ?, ?, ?)');
    const look = () =>
      keys.map(({ key, claim }) => {
        const row = find.get(pool, key) as { claim: string; expires_at: number } | undefined;
        if (row && row.expires_at > now) return row.claim !== claim;
        if (options.track) record.run(pool, key, claim, options.expiresAt.getTime());
        return false;
      });
    // A look that records nothing needs no write lock.
    if (!options.track) return look();
    return this.database.write('process', () => {
      this.database.statement('DELETE FROM dedupe_keys WHERE expires_at <= ?').run(now);
      return look();
    });
  }

  async release(pool: string, keys: readonly { key: string; claim: string }[]): Promise<void> {
    if (keys.length === 0) return;
    const forget = this.database.statement('DELETE FROM dedupe_keys WHERE pool = ? AND key = ? AND claim = ?');
    this.database.write('process', () => {
      for (const { key, claim } of keys) forget.run(pool, key, claim);
    });
  }

  async cacheGet(namespace: string, keys: readonly string[], now: Date): Promise<(string | undefined)[]> {
    const find = this.database.statement('SELECT value FROM cache_entries WHERE namespace = ? AND key = ? AND expires_at > ?');
    return keys.map((key) => (find.get(namespace, key, now.getTime()) as { value: string } | undefined)?.value);
  }

  async cachePut(namespace: string, entries: readonly { key: string; value: string }[], options: { now: Date; expiresAt: Date; maxEntries: number }): Promise<void> {
    if (entries.length === 0) return;
    const exists = this.database.statement('SELECT 1 FROM cache_entries WHERE namespace = ? AND key = ?');
    const store = this.database.statement('INSERT OR REPLACE INTO cache_entries (namespace, key, value, expires_at) VALUES (?, ?, ?, ?)');
    this.database.write('process', () => {
      // Every cache's expired entries, not only this one's: a run's cache is never written again after its run.
      this.database.statement('DELETE FROM cache_entries WHERE expires_at <= ?').run(options.now.getTime());
      const live = (this.database.statement('SELECT COUNT(*) AS count FROM cache_entries WHERE namespace = ?').get(namespace) as { count: number }).count;
      const added = new Set(entries.map((entry) => entry.key).filter((key) => exists.get(namespace, key) === undefined)).size;
      if (live + added > options.maxEntries) throw new CacheFullError(cacheFullMessage(namespace, options.maxEntries));
      for (const { key, value } of entries) store.run(namespace, key, value, options.expiresAt.getTime());
    });
  }
}
