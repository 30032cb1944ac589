import type { Stores } from '../../src/engine/stores/stores.js';

/**
 * The engine's stores at a location: `sqlite:<file>` or a `postgres://` URL (what the store suite
 * runs against, in this process or in a child).
 */
export async function openStoresAt(where: string, env: Record<string, string>, options: { testDelayMs?: number } = {}): Promise<Stores> {
  if (where.startsWith('sqlite:')) {
    const { openSqliteStores } = await import('../../src/engine/stores/sqlite/sqlite-stores.js');
    return openSqliteStores(where.slice('sqlite:'.length), env, options);
  }
  const { openPostgresStores } = await import('../../src/engine/stores/postgres/pg-stores.js');
  return openPostgresStores(where, env, options);
}
