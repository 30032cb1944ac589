import type Database from 'better-sqlite3';
import { StateFileError } from '../../engine.js';

/** Schema migrations, in order; each runs once, in a transaction, and is recorded. */
export const migrations: readonly string[] = [
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
     user TEXT NOT NULL,
     bundle_sha256 TEXT NOT NULL,
     summary TEXT NOT NULL,
     bundle TEXT NOT NULL
   );
   CREATE TABLE renames (
     kind TEXT NOT NULL,
     old_name TEXT NOT NULL,
     new_name TEXT NOT NULL,
     revision INTEGER NOT NULL
   );`,
  `CREATE TABLE secrets (
     path TEXT PRIMARY KEY,
     nonce BLOB NOT NULL,
     ciphertext BLOB NOT NULL,
     tag BLOB NOT NULL,
     updated_at TEXT NOT NULL
   );`,
  `CREATE TABLE runs (
     id TEXT PRIMARY KEY,
     flow TEXT NOT NULL,
     revision INTEGER,
     bundle_sha256 TEXT NOT NULL,
     trigger TEXT NOT NULL,
     status TEXT NOT NULL,
     started_at TEXT NOT NULL,
     finished_at TEXT NOT NULL,
     steps TEXT NOT NULL,
     error TEXT
   );
   CREATE INDEX runs_by_flow ON runs (flow, started_at);
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
     last_success_at TEXT NOT NULL
   );`,
  // Event triggers. A message's successful run is one row keyed by the message (so a redelivery
  // of it is recognised and only acknowledged): one B-tree insert a message, where a row in
  // `runs` costs three. Failed runs go to `runs` with their failed records, and are counted per
  // message in message_attempts (at the flow's maxAttempts the message is dead-lettered).
  `CREATE TABLE message_runs (
     flow TEXT NOT NULL,
     message_id TEXT NOT NULL,
     run_id TEXT NOT NULL,
     revision INTEGER,
     bundle_sha256 TEXT NOT NULL,
     trigger TEXT NOT NULL,
     started_at TEXT NOT NULL,
     finished_at TEXT NOT NULL,
     steps TEXT NOT NULL,
     PRIMARY KEY (flow, message_id)
   ) WITHOUT ROWID;
   CREATE TABLE message_attempts (
     flow TEXT NOT NULL,
     message_id TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     PRIMARY KEY (flow, message_id)
   ) WITHOUT ROWID;`,
  // Runs are recorded when accepted and resumed after a crash: what they were given (passes),
  // how far they got (progress), the watermark their receive started from, the process that
  // owns a running one, and the run a retry re-sends.
  `ALTER TABLE runs ADD COLUMN passes TEXT;
   ALTER TABLE runs ADD COLUMN progress TEXT;
   ALTER TABLE runs ADD COLUMN since TEXT;
   ALTER TABLE runs ADD COLUMN owner TEXT;
   ALTER TABLE runs ADD COLUMN retry_of TEXT;
   CREATE INDEX runs_unfinished ON runs (status) WHERE status IN ('running', 'interrupted');`,
  // Webhook delivery ids seen within their flow's replay window, with the run each started.
  `CREATE TABLE webhook_deliveries (
     path TEXT NOT NULL,
     delivery_id TEXT NOT NULL,
     run_id TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     PRIMARY KEY (path, delivery_id)
   ) WITHOUT ROWID;
   CREATE INDEX webhook_deliveries_by_expiry ON webhook_deliveries (expires_at);`,
  // Where each applied bundle came from: the git commit, branch, dirty flag and author (JSON).
  `ALTER TABLE revisions ADD COLUMN source TEXT;`,
  // What flows keep between runs: keys their dedupe steps saw (with the record that claimed
  // each) and cache entries, each until it expires.
  `CREATE TABLE dedupe_keys (
     pool TEXT NOT NULL,
     key TEXT NOT NULL,
     claim TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (pool, key)
   ) WITHOUT ROWID;
   CREATE INDEX dedupe_keys_by_expiry ON dedupe_keys (expires_at);
   CREATE TABLE cache_entries (
     namespace TEXT NOT NULL,
     key TEXT NOT NULL,
     value TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (namespace, key)
   ) WITHOUT ROWID;
   CREATE INDEX cache_entries_by_expiry ON cache_entries (namespace, expires_at);
   CREATE INDEX cache_entries_expiring ON cache_entries (expires_at);`,
  // A child flow's run: the run that started it, and what its keys derive from (kept for a resume).
  `ALTER TABLE runs ADD COLUMN parent TEXT;
   ALTER TABLE runs ADD COLUMN key_source TEXT;
   CREATE INDEX runs_by_parent ON runs (parent, key_source) WHERE parent IS NOT NULL;`,
  // How many times a process took a run up (a resume after a crash is a second attempt).
  `ALTER TABLE runs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
   UPDATE runs SET attempts = 1 WHERE status <> 'interrupted';`,
  // When a delivery was claimed: a claim whose run was never recorded (its process died between
  // the two) is taken over by a later delivery once it is old enough.
  `ALTER TABLE webhook_deliveries ADD COLUMN claimed_at TEXT;`,
  // The runs list's filters, each by an index (100,000 runs stay fast); flows paused by an
  // operator, and the audit log of what operators did.
  `CREATE INDEX runs_by_start ON runs (started_at, id);
   CREATE INDEX runs_by_status ON runs (status, started_at, id);
   CREATE INDEX runs_by_trigger ON runs (substr(trigger, 1, instr(trigger, ' ')), started_at, id);
   CREATE INDEX message_runs_by_start ON message_runs (started_at, run_id);
   CREATE TABLE paused_flows (
     flow TEXT PRIMARY KEY,
     paused_by TEXT NOT NULL,
     paused_at TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE audit_log (
     position INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     flow TEXT NOT NULL,
     run_id TEXT
   );
   CREATE INDEX audit_log_by_flow ON audit_log (flow, position);`,
  // The HTTP call that failed a record (request and answer, redacted), as JSON.
  `ALTER TABLE run_failures ADD COLUMN call TEXT;`,
  // The dashboard's sessions, by the hash of their id: every engine process on the store knows them.
  `CREATE TABLE ui_sessions (
     id_hash TEXT PRIMARY KEY,
     role TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_seen INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX ui_sessions_by_age ON ui_sessions (created_at);`,
];

/** Brings a database to the newest schema; refuses one written by a newer weft. */
export function migrate(db: Database.Database, file: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const version = db.prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
  const applied = (version.get() as { version: number }).version;
  if (applied > migrations.length) throw new StateFileError(`${file} was written by a newer weft (schema version ${applied}, this one knows ${migrations.length}); upgrade weft`);
  for (let next = applied + 1; next <= migrations.length; next++) {
    db.transaction(() => {
      // Another process opening the same new file may have applied it since the read above:
      // the version is read again inside the write lock.
      if ((version.get() as { version: number }).version >= next) return;
      db.exec(migrations[next - 1]!);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(next, new Date().toISOString());
    }).immediate();
  }
}
