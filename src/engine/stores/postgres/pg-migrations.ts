/**
 * The PostgreSQL schema, as migrations: each runs once, in a transaction, recorded in
 * weft_schema_migrations. The tables are SQLite's (sqlite/migrations.ts), with what a cluster
 * needs besides: a running run's lease (the process that owns it renews it; a run whose lease
 * ran out is interrupted, and another process may resume it). Times are ISO 8601 text where
 * SQLite has them so (they sort as they read), epoch milliseconds where SQLite has integers.
 */
export const pgMigrations: readonly string[] = [
  // Text compares byte by byte (COLLATE "C") where order matters, as in SQLite, whatever the
  // database's locale: ISO times, run ids, secret paths.
  `CREATE TABLE resources (
     kind TEXT NOT NULL,
     name TEXT NOT NULL,
     sha256 TEXT NOT NULL,
     metadata TEXT NOT NULL,
     spec TEXT NOT NULL,
     revision INTEGER NOT NULL,
     PRIMARY KEY (kind, name)
   );
   CREATE TABLE revisions (
     number INTEGER PRIMARY KEY,
     created_at TEXT NOT NULL,
     "user" TEXT NOT NULL,
     bundle_sha256 TEXT NOT NULL,
     summary TEXT NOT NULL,
     bundle TEXT NOT NULL,
     source TEXT
   );
   CREATE TABLE renames (
     kind TEXT NOT NULL,
     old_name TEXT NOT NULL,
     new_name TEXT NOT NULL,
     revision INTEGER NOT NULL
   );
   CREATE TABLE secrets (
     path TEXT COLLATE "C" PRIMARY KEY,
     nonce BYTEA NOT NULL,
     ciphertext BYTEA NOT NULL,
     tag BYTEA NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE SEQUENCE secrets_version;
   CREATE TABLE runs (
     id TEXT COLLATE "C" PRIMARY KEY,
     flow TEXT NOT NULL,
     revision INTEGER,
     bundle_sha256 TEXT NOT NULL,
     trigger TEXT NOT NULL,
     status TEXT NOT NULL,
     started_at TEXT COLLATE "C" NOT NULL,
     finished_at TEXT NOT NULL,
     steps TEXT NOT NULL,
     error TEXT,
     passes TEXT,
     progress TEXT,
     since TEXT,
     owner TEXT,
     lease_until BIGINT,
     retry_of TEXT,
     parent TEXT,
     key_source TEXT
   );
   CREATE INDEX runs_by_flow ON runs (flow, started_at);
   CREATE INDEX runs_by_start ON runs (started_at, id);
   CREATE INDEX runs_unfinished ON runs (status) WHERE status IN ('running', 'interrupted');
   CREATE INDEX runs_by_parent ON runs (parent, key_source) WHERE parent IS NOT NULL;
   CREATE TABLE run_failures (
     run_id TEXT NOT NULL REFERENCES runs (id),
     position INTEGER NOT NULL,
     step TEXT NOT NULL,
     record_index INTEGER NOT NULL,
     error TEXT NOT NULL,
     record TEXT NOT NULL,
     PRIMARY KEY (run_id, position)
   );
   CREATE TABLE flow_state (
     flow TEXT PRIMARY KEY,
     last_success_at TEXT COLLATE "C" NOT NULL
   );
   CREATE TABLE message_runs (
     flow TEXT NOT NULL,
     message_id TEXT NOT NULL,
     run_id TEXT COLLATE "C" NOT NULL,
     revision INTEGER,
     bundle_sha256 TEXT NOT NULL,
     trigger TEXT NOT NULL,
     started_at TEXT COLLATE "C" NOT NULL,
     finished_at TEXT NOT NULL,
     steps TEXT NOT NULL,
     PRIMARY KEY (flow, message_id)
   );
   CREATE INDEX message_runs_by_run ON message_runs (run_id);
   CREATE INDEX message_runs_by_start ON message_runs (started_at, run_id);
   CREATE TABLE message_attempts (
     flow TEXT NOT NULL,
     message_id TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     PRIMARY KEY (flow, message_id)
   );
   CREATE TABLE webhook_deliveries (
     path TEXT NOT NULL,
     delivery_id TEXT NOT NULL,
     run_id TEXT NOT NULL,
     expires_at TEXT COLLATE "C" NOT NULL,
     PRIMARY KEY (path, delivery_id)
   );
   CREATE INDEX webhook_deliveries_by_expiry ON webhook_deliveries (expires_at);
   CREATE TABLE dedupe_keys (
     pool TEXT NOT NULL,
     key TEXT NOT NULL,
     claim TEXT NOT NULL,
     expires_at BIGINT NOT NULL,
     PRIMARY KEY (pool, key)
   );
   CREATE INDEX dedupe_keys_by_expiry ON dedupe_keys (expires_at);
   CREATE TABLE cache_entries (
     namespace TEXT NOT NULL,
     key TEXT NOT NULL,
     value TEXT NOT NULL,
     expires_at BIGINT NOT NULL,
     PRIMARY KEY (namespace, key)
   );
   CREATE INDEX cache_entries_by_expiry ON cache_entries (namespace, expires_at);
   CREATE INDEX cache_entries_expiring ON cache_entries (expires_at);`,
  // How many times a process took a run up (a resume after a crash is a second attempt).
  `ALTER TABLE runs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
   UPDATE runs SET attempts = 1 WHERE status <> 'interrupted';
   DROP INDEX runs_unfinished;
   CREATE INDEX runs_unfinished ON runs (status, started_at) WHERE status IN ('queued', 'running', 'interrupted');`,
  // When a delivery was claimed (see the SQLite migration of the same column).
  `ALTER TABLE webhook_deliveries ADD COLUMN claimed_at TEXT COLLATE "C";`,
  // The runs list's status filter by an index; paused flows and the audit log (see SQLite's).
  `CREATE INDEX runs_by_status ON runs (status, started_at, id);
   CREATE INDEX runs_by_trigger ON runs (substr(trigger, 1, strpos(trigger, ' ')), started_at, id);
   CREATE TABLE paused_flows (
     flow TEXT PRIMARY KEY,
     paused_by TEXT NOT NULL,
     paused_at TEXT NOT NULL
   );
   CREATE TABLE audit_log (
     position BIGSERIAL PRIMARY KEY,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     flow TEXT NOT NULL,
     run_id TEXT
   );
   CREATE INDEX audit_log_by_flow ON audit_log (flow, position);`,
  // The HTTP call that failed a record (see SQLite's).
  `ALTER TABLE run_failures ADD COLUMN call TEXT;`,
  // The dashboard's sessions (see SQLite's).
  `CREATE TABLE ui_sessions (
     id_hash TEXT PRIMARY KEY,
     role TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     last_seen BIGINT NOT NULL
   );
   CREATE INDEX ui_sessions_by_age ON ui_sessions (created_at);`,
];
