import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { migrate, migrations } from '../src/engine/stores/sqlite/migrations.js';
import { StateFileError } from '../src/engine/engine.js';

/** Schema migrations on real database files: each applied once, in order, and recorded. */
const test = suite('migrations');

let directory: string;
let file: string;
test.before.each(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'weft-migrations-'));
  file = path.join(directory, 'state.db');
});
test.after.each(async () => {
  await rm(directory, { recursive: true, force: true });
});

const versions = (db: Database.Database) => (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((row) => row.version);
const columns = (db: Database.Database, table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((row) => row.name);
const tables = (db: Database.Database) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((row) => row.name);

test('a new database gets every table, each migration recorded once with its version; migrating again changes nothing', () => {
  const db = new Database(file);
  try {
    migrate(db, file);
    assert.equal(versions(db), migrations.map((_, index) => index + 1));
    assert.equal(tables(db), ['audit_log', 'cache_entries', 'dedupe_keys', 'flow_state', 'message_attempts', 'message_runs', 'paused_flows', 'renames', 'resources', 'revisions', 'run_failures', 'runs', 'schema_migrations', 'secrets', 'ui_sessions', 'webhook_deliveries']);
    assert.ok(['passes', 'progress', 'since', 'owner', 'retry_of', 'parent', 'key_source', 'attempts'].every((column) => columns(db, 'runs').includes(column)));
    assert.ok(columns(db, 'revisions').includes('source'));
    migrate(db, file);
    assert.equal(versions(db), migrations.map((_, index) => index + 1));
  } finally {
    db.close();
  }
});

test('a database of an older weft gets only the migrations it lacks, with their versions', () => {
  const db = new Database(file);
  try {
    migrate(db, file);
    // Back to schema version 4: what an older weft left.
    db.exec(`DELETE FROM schema_migrations WHERE version > 4;
      DROP TABLE webhook_deliveries;
      DROP INDEX runs_unfinished;
      ALTER TABLE runs DROP COLUMN passes; ALTER TABLE runs DROP COLUMN progress; ALTER TABLE runs DROP COLUMN since;
      ALTER TABLE runs DROP COLUMN owner; ALTER TABLE runs DROP COLUMN retry_of;
      ALTER TABLE revisions DROP COLUMN source;
      DROP TABLE dedupe_keys; DROP TABLE cache_entries;
      DROP INDEX runs_by_parent; ALTER TABLE runs DROP COLUMN parent; ALTER TABLE runs DROP COLUMN key_source;
      ALTER TABLE runs DROP COLUMN attempts; ALTER TABLE run_failures DROP COLUMN call; DROP TABLE ui_sessions;
      DROP INDEX runs_by_start; DROP INDEX runs_by_status; DROP INDEX runs_by_trigger; DROP INDEX message_runs_by_start; DROP TABLE paused_flows; DROP TABLE audit_log;
      INSERT INTO runs (id, flow, revision, bundle_sha256, trigger, status, started_at, finished_at, steps) VALUES ('old-run', 'copy', 1, 'x', 'manual', 'succeeded', 'a', 'b', '[]');`);
    migrate(db, file);
    assert.equal(versions(db), migrations.map((_, index) => index + 1));
    assert.ok(tables(db).includes('webhook_deliveries'));
    assert.ok(columns(db, 'revisions').includes('source'));
    // A run that ended before attempts were counted was taken up once.
    assert.equal(db.prepare('SELECT id, passes, owner, attempts FROM runs').all(), [{ id: 'old-run', passes: null, owner: null, attempts: 1 }]);
  } finally {
    db.close();
  }
});

test('a database of a newer weft is refused, untouched', () => {
  const db = new Database(file);
  try {
    db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES (99, 'later')");
    // A StateFileError: the CLI says it and exits 1, never "internal error".
    assert.throws(
      () => migrate(db, file),
      (error: Error) => error instanceof StateFileError && error.message === `${file} was written by a newer weft (schema version 99, this one knows ${migrations.length}); upgrade weft`,
    );
    assert.equal(tables(db), ['schema_migrations']);
  } finally {
    db.close();
  }
});

test('processes opening the same new file at once: each migration applied once, none fails', async () => {
  const migrationsModule = fileURLToPath(new URL('../src/engine/stores/sqlite/migrations.ts', import.meta.url));
  const script = `
    const Database = require('better-sqlite3');
    import(${JSON.stringify(migrationsModule)}).then(({ migrate }) => {
      const db = new Database(process.argv[1]);
      db.pragma('busy_timeout = 10000');
      // Every process starts migrating at the same instant, once all have loaded.
      while (Date.now() < Number(process.argv[2]));
      migrate(db, process.argv[1]);
      db.close();
    }).catch((error) => { console.error(error.message); process.exit(1); });`;
  for (let round = 0; round < 2; round++) {
    const target = path.join(directory, `race-${round}.db`);
    const startAt = String(Date.now() + 2500);
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, target, startAt], { stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
          child.on('close', (code) => resolve({ code, stderr }));
        }),
      ),
    );
    assert.equal(outcomes.filter((outcome) => outcome.code !== 0), [], 'every process migrated');
    const db = new Database(target);
    try {
      assert.equal(versions(db), migrations.map((_, index) => index + 1));
    } finally {
      db.close();
    }
  }
});

test.run();
