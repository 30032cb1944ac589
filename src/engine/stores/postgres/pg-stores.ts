import type { Stores } from '../stores.js';
import { PgOperationsStore } from './pg-operations-store.js';
import { PgDatabase } from './pg-database.js';
import { PgFlowDataStore } from './pg-flow-data-store.js';
import { defaultLeaseMs, PgMessageLedger, PgRunStore, type PgRunStoreOptions } from './pg-run-store.js';
import { PgSecretStore } from './pg-secret-store.js';
import { PgStateStore, type PgStateStoreOptions } from './pg-state-store.js';
import { PgWebhookDeliveryStore } from './pg-webhook-delivery-store.js';

/** The PostgreSQL stores over one database (migrated on first use), shared by every process of a cluster. */
export interface PgStores extends Stores {
  state: PgStateStore;
  secrets: PgSecretStore;
  runs: PgRunStore;
  ledger: PgMessageLedger;
  flowState: PgRunStore;
  deliveries: PgWebhookDeliveryStore;
  flowData: PgFlowDataStore;
  operations: PgOperationsStore;
  database: PgDatabase;
}

export async function openPostgresStores(
  url: string,
  env: Readonly<Record<string, string | undefined>>,
  options: PgStateStoreOptions & PgRunStoreOptions & { maxConnections?: number } = {},
): Promise<PgStores> {
  // A transaction left idle for as long as a lease is a process that stopped: its runs are
  // another's by then, and its locks must not hold the cluster up.
  const database = await PgDatabase.open(url, { max: options.maxConnections, idleInTransactionMs: options.leaseMs ?? defaultLeaseMs });
  const runs = new PgRunStore(database, options);
  return {
    database,
    state: new PgStateStore(database, options),
    secrets: new PgSecretStore(database, env),
    runs,
    ledger: new PgMessageLedger(database),
    flowState: runs,
    operations: new PgOperationsStore(database),
    deliveries: new PgWebhookDeliveryStore(database),
    flowData: new PgFlowDataStore(database),
    async close() {
      await runs.close();
      await database.close();
    },
  };
}
