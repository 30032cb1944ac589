import type { Stores } from '../stores.js';
import { SqliteOperationsStore } from './sqlite-operations-store.js';
import { SqliteDatabase } from './sqlite-database.js';
import { SqliteFlowDataStore } from './sqlite-flow-data-store.js';
import { SqliteWebhookDeliveryStore } from './sqlite-webhook-delivery-store.js';
import { SqliteMessageLedger, SqliteRunStore } from './sqlite-run-store.js';
import { SqliteSecretStore } from './sqlite-secret-store.js';
import { SqliteStateStore, type SqliteStateStoreOptions } from './sqlite-state-store.js';

/** The SQLite stores over one database file (created and migrated on first use). */
export interface SqliteStores extends Stores {
  state: SqliteStateStore;
  secrets: SqliteSecretStore;
  runs: SqliteRunStore;
  ledger: SqliteMessageLedger;
  flowState: SqliteRunStore;
  deliveries: SqliteWebhookDeliveryStore;
  flowData: SqliteFlowDataStore;
  operations: SqliteOperationsStore;
  database: SqliteDatabase;
}

export function openSqliteStores(file: string, env: Readonly<Record<string, string | undefined>>, options: SqliteStateStoreOptions = {}): SqliteStores {
  const database = new SqliteDatabase(file);
  const runs = new SqliteRunStore(database);
  return {
    database,
    state: new SqliteStateStore(database, options),
    secrets: new SqliteSecretStore(database, env),
    runs,
    ledger: new SqliteMessageLedger(database, runs),
    flowState: runs,
    operations: new SqliteOperationsStore(database),
    deliveries: new SqliteWebhookDeliveryStore(database),
    flowData: new SqliteFlowDataStore(database),
    async close() {
      database.close();
    },
  };
}
