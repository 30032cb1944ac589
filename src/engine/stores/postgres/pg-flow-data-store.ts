import { cacheFullMessage } from '../memory-flow-data-store.js';
import { CacheFullError, type FlowDataStore } from '../stores.js';
import type { PgDatabase } from './pg-database.js';

/**
 * Dedupe keys and cache entries in PostgreSQL. A dedupe look records its new keys with
 * INSERT … ON CONFLICT in one transaction: of two runs (on any machines) asking for one key at
 * once, the second waits for the first's row and finds it, so exactly one sees the key new.
 */
export class PgFlowDataStore implements FlowDataStore {
  constructor(private readonly database: PgDatabase) {}

  async dedupe(pool: string, keys: readonly { key: string; claim: string }[], options: { now: Date; expiresAt: Date; track: boolean }): Promise<boolean[]> {
    if (keys.length === 0) return [];
    const now = options.now.getTime();
    // Within one look a key's first claim is the one recorded; a later one of the same key is seen.
    const first = new Map<string, string>();
    for (const { key, claim } of keys) if (!first.has(key)) first.set(key, claim);
    const claims = async (query: PgDatabase['query']) => {
      const rows = await query<{ key: string; claim: string }>('SELECT key, claim FROM dedupe_keys WHERE pool = $1 AND key = ANY($2::text[]) AND expires_at > $3', [pool, [...first.keys()], now]);
      return new Map(rows.rows.map((row) => [row.key, row.claim]));
    };
    if (!options.track) {
      const held = await claims((sql, values) => this.database.query(sql, values));
      return keys.map(({ key, claim }) => held.has(key) && held.get(key) !== claim);
    }
    const held = await this.database.transaction(async (client) => {
      await client.query('DELETE FROM dedupe_keys WHERE pool = $1 AND key = ANY($2::text[]) AND expires_at <= $3', [pool, [...first.keys()], now]);
      await client.query(
        `INSERT INTO dedupe_keys (pool, key, claim, expires_at) SELECT $1, key, claim, $4 FROM unnest($2::text[], $3::text[]) AS k (key, claim)
         ON CONFLICT (pool, key) DO NOTHING`,
        [pool, [...first.keys()], [...first.values()], options.expiresAt.getTime()],
      );
      return claims((sql, values) => client.query(sql, values));
    });
    return keys.map(({ key, claim }) => held.has(key) && held.get(key) !== claim);
  }

  async release(pool: string, keys: readonly { key: string; claim: string }[]): Promise<void> {
    if (keys.length === 0) return;
    await this.database.query('DELETE FROM dedupe_keys d USING unnest($2::text[], $3::text[]) AS k (key, claim) WHERE d.pool = $1 AND d.key = k.key AND d.claim = k.claim', [
      pool,
      keys.map((entry) => entry.key),
      keys.map((entry) => entry.claim),
    ]);
  }

  async cacheGet(namespace: string, keys: readonly string[], now: Date): Promise<(string | undefined)[]> {
    if (keys.length === 0) return [];
    const rows = await this.database.query<{ key: string; value: string }>('SELECT key, value FROM cache_entries WHERE namespace = $1 AND key = ANY($2::text[]) AND expires_at > $3', [namespace, [...new Set(keys)], now.getTime()]);
    const found = new Map(rows.rows.map((row) => [row.key, row.value]));
    return keys.map((key) => found.get(key));
  }

  async cachePut(namespace: string, entries: readonly { key: string; value: string }[], options: { now: Date; expiresAt: Date; maxEntries: number }): Promise<void> {
    if (entries.length === 0) return;
    // The last value of a key wins, as writes one after another would leave it.
    const latest = new Map(entries.map((entry) => [entry.key, entry.value]));
    await this.database.transaction(async (client) => {
      // One writer per cache at a time: the count and the writes agree.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`weft-cache/${namespace}`]);
      await client.query('DELETE FROM cache_entries WHERE namespace = $1 AND expires_at <= $2', [namespace, options.now.getTime()]);
      const counts = await client.query<{ live: string; present: string }>('SELECT COUNT(*) AS live, COUNT(*) FILTER (WHERE key = ANY($2::text[])) AS present FROM cache_entries WHERE namespace = $1', [namespace, [...latest.keys()]]);
      const live = Number(counts.rows[0]!.live);
      const added = latest.size - Number(counts.rows[0]!.present);
      if (live + added > options.maxEntries) throw new CacheFullError(cacheFullMessage(namespace, options.maxEntries));
      await client.query(
        `INSERT INTO cache_entries (namespace, key, value, expires_at) SELECT $1, key, value, $4 FROM unnest($2::text[], $3::text[]) AS e (key, value)
         ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
        [namespace, [...latest.keys()], [...latest.values()], options.expiresAt.getTime()],
      );
    });
    // Other caches' expired entries (a run's cache is never written again after its run), now and then.
    if (Math.random() < 0.05) await this.database.query('DELETE FROM cache_entries WHERE expires_at <= $1', [options.now.getTime()]);
  }
}
