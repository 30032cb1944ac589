import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle } from '../compile/compile-bundle.js';
import type { DeployedResource, EngineState, Plan, PlanAction } from '../plan/plan.js';
import { EngineBusyError, StaleStateError, type ApplyOptions, type Engine, type PlaceholderRef, type Revision } from './engine.js';
import { seal, secretKey, unseal, type SealedSecret } from './secret-store.js';

/** Schema migrations, in order; each runs once, in a transaction, and is recorded. */
const migrations: readonly string[] = [
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
];

/** A run as the engine records it. */
export interface RunRecord {
  id: string;
  flow: string;
  /** The applied revision it ran, or none for a run of the working tree (weft run). */
  revision: number | null;
  bundleSha256: string;
  trigger: string;
  status: 'succeeded' | 'partial' | 'failed';
  startedAt: string;
  finishedAt: string;
  steps: { id: string; kind: string; in: number; out: number; failed: number }[];
  error?: string;
  failures?: { step: string; index: number; error: string; record: unknown }[];
}

/** Order of writes: connectors, then instances, then flows; deletes the other way round. */
const kindOrder = { Connector: 0, Instance: 1, Flow: 2 } as const;

export interface LocalEngineOptions {
  /** How long an apply waits for another to finish, unless the apply says otherwise; 0 by default. */
  lockTimeoutMs?: number;
  /** Test-only: pause this long inside the apply transaction, after half the writes (crash and race tests). */
  testDelayMs?: number;
  /** The environment the engine runs in: `${env:}` placeholders resolve from it; WEFT_SECRET_KEY. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The embedded engine: state in a SQLite file (WAL, synchronous=FULL) inside the project's
 * .weft/ directory. It answers synchronously; `weft engine start` serves it over HTTP.
 */
export class LocalEngine implements Engine {
  readonly description = 'the local engine';
  private readonly db: Database.Database;
  private readonly testDelayMs: number;
  private readonly lockTimeoutMs: number;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly statements = new Map<string, Database.Statement>();
  /** The transaction of commitMessages, made once. */
  private messageBatch: Database.Transaction<(batch: readonly { messageId: string; run: RunRecord; retried?: boolean }[]) => void> | undefined;
  /** Whether synchronous is NORMAL for message commits (see commitMessages); FULL otherwise. */
  private relaxed = false;

  constructor(readonly file: string, options: LocalEngineOptions = {}) {
    this.testDelayMs = options.testDelayMs ?? 0;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 0;
    this.env = options.env ?? process.env;
    mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file, { timeout: this.lockTimeoutMs });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.migrate();
  }

  /** The engine of a project: .weft/state.db below its root. */
  static forProject(root: string, options: LocalEngineOptions = {}): LocalEngine {
    return new LocalEngine(path.join(root, '.weft', 'state.db'), options);
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = (this.db.prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations').get() as { version: number }).version;
    if (applied > migrations.length) throw new Error(`${this.file} was written by a newer weft (schema version ${applied}); upgrade weft`);
    migrations.slice(applied).forEach((sql, index) => {
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(applied + index + 1, new Date().toISOString());
      }).immediate();
    });
  }

  private revisionNumber(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(number), 0) AS number FROM revisions').get() as { number: number }).number;
  }

  readState(): EngineState {
    const rows = this.db.prepare('SELECT kind, name, sha256, metadata, spec FROM resources').all() as { kind: DeployedResource['kind']; name: string; sha256: string; metadata: string; spec: string }[];
    return {
      revision: this.revisionNumber(),
      resources: rows.map((row) => ({ kind: row.kind, name: row.name, sha256: row.sha256, metadata: JSON.parse(row.metadata), spec: JSON.parse(row.spec) })),
    };
  }

  apply(plan: Plan, bundle: Bundle, user: string, options: ApplyOptions = {}): Revision | undefined {
    this.strict();
    if (plan.actions.length === 0) return undefined;
    // BEGIN IMMEDIATE: a second apply waits (up to the lock timeout) or fails; the revision is
    // checked inside the lock, so two applies of plans from one revision cannot both succeed.
    let holding = false;
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.lockTimeoutMs ?? this.lockTimeoutMs))}`);
    try {
      return this.applyInTransaction(plan, bundle, user, () => {
        // Inside the lock: say who holds it, for an apply that finds it taken.
        writeFileSync(this.holderFile, JSON.stringify({ pid: process.pid, user, since: new Date().toISOString() }));
        holding = true;
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new EngineBusyError(this.lockHolder());
      throw error;
    } finally {
      if (holding) rmSync(this.holderFile, { force: true });
    }
  }

  private applyInTransaction(plan: Plan, bundle: Bundle, user: string, locked: () => void): Revision {
    const upsert = this.db.prepare(
      `INSERT INTO resources (kind, name, sha256, metadata, spec, revision) VALUES (@kind, @name, @sha256, @metadata, @spec, @revision)
       ON CONFLICT (kind, name) DO UPDATE SET sha256 = excluded.sha256, metadata = excluded.metadata, spec = excluded.spec, revision = excluded.revision`,
    );
    const remove = this.db.prepare('DELETE FROM resources WHERE kind = ? AND name = ?');
    const rename = this.db.prepare('INSERT INTO renames (kind, old_name, new_name, revision) VALUES (?, ?, ?, ?)');
    const record = this.db.prepare('INSERT INTO revisions (number, created_at, user, bundle_sha256, summary, bundle) VALUES (?, ?, ?, ?, ?, ?)');
    return this.db
      .transaction((): Revision => {
        locked();
        const current = this.revisionNumber();
        if (current !== plan.stateRevision) throw new StaleStateError(plan.stateRevision, current);
        const number = current + 1;
        const writes = plan.actions.filter((action) => action.action !== 'delete').sort(byKind(1));
        const deletes = plan.actions.filter((action) => action.action === 'delete').sort(byKind(-1));
        writes.forEach((action, index) => {
          if (this.testDelayMs > 0 && index === Math.floor(writes.length / 2)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, this.testDelayMs);
          const after = (action as Extract<PlanAction, { after: DeployedResource }>).after;
          if (action.action === 'update' && action.previousName) {
            remove.run(action.kind, action.previousName);
            rename.run(action.kind, action.previousName, action.name, number);
          }
          upsert.run({ kind: after.kind, name: after.name, sha256: after.sha256, metadata: JSON.stringify(after.metadata), spec: JSON.stringify(after.spec), revision: number });
        });
        for (const action of deletes) remove.run(action.kind, action.name);
        const revision: Revision = { number, createdAt: new Date().toISOString(), user, bundleSha256: bundle.sha256, summary: plan.summary };
        record.run(number, revision.createdAt, user, bundle.sha256, JSON.stringify(plan.summary), JSON.stringify(bundle));
        return revision;
      })
      .immediate();
  }

  /** Stores a secret, encrypted with the engine's key. */
  setSecret(secretPath: string, value: string, env: Readonly<Record<string, string | undefined>> = this.env): void {
    this.strict();
    const sealed = seal(this.key(env), secretPath, value);
    this.db
      .prepare(
        `INSERT INTO secrets (path, nonce, ciphertext, tag, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, tag = excluded.tag, updated_at = excluded.updated_at`,
      )
      .run(secretPath, sealed.nonce, sealed.ciphertext, sealed.tag, new Date().toISOString());
  }

  /** The paths of the stored secrets, never their values. */
  secretPaths(): string[] {
    return (this.db.prepare('SELECT path FROM secrets ORDER BY path').all() as { path: string }[]).map((row) => row.path);
  }

  removeSecret(secretPath: string): boolean {
    this.strict();
    return this.db.prepare('DELETE FROM secrets WHERE path = ?').run(secretPath).changes > 0;
  }

  /** A stored secret's value: for the engine's runs only, never for output. */
  readSecret(secretPath: string, env: Readonly<Record<string, string | undefined>> = this.env): string | undefined {
    const row = this.db.prepare('SELECT nonce, ciphertext, tag FROM secrets WHERE path = ?').get(secretPath) as SealedSecret | undefined;
    return row ? unseal(this.key(env), secretPath, row) : undefined;
  }

  /**
   * What a placeholder resolves to in this engine, for its runs only (never for output): a
   * stored secret, or the variable in `env` (the environment the engine runs with). A default
   * (`${env:X:-d}`) is the caller's to apply.
   */
  placeholderValue(placeholder: PlaceholderRef, env: Readonly<Record<string, string | undefined>> = this.env): string | undefined {
    return placeholder.source === 'secret' ? this.readSecret(placeholder.name) : env[placeholder.name];
  }

  private readonly keys = new Map<string, Buffer>();

  /** The secret key, derived once per engine (scrypt is deliberately slow). */
  private key(env: Readonly<Record<string, string | undefined>>): Buffer {
    const id = env.WEFT_SECRET_KEY ?? '';
    let key = this.keys.get(id);
    if (!key) this.keys.set(id, (key = secretKey(path.dirname(this.file), env)));
    return key;
  }

  /** Whether each placeholder resolves here: an env variable set (or a default), a secret stored. Never their values. */
  resolves(placeholders: readonly PlaceholderRef[], env: Readonly<Record<string, string | undefined>> = this.env): boolean[] {
    const stored = new Set(this.secretPaths());
    return placeholders.map((placeholder) =>
      placeholder.source === 'env' ? placeholder.default !== undefined || env[placeholder.name] !== undefined : stored.has(placeholder.name),
    );
  }

  /** Records a finished run with its failed records; a successful one moves the flow's lastSuccessAt. */
  recordRun(run: RunRecord): void {
    this.strict();
    this.db
      .transaction(() => {
        this.insertRun(run);
        // A retry re-sends old records; it says nothing about what a receive has seen.
        if (run.status === 'succeeded' && !run.trigger.startsWith('retry of ')) {
          this.db
            .prepare('INSERT INTO flow_state (flow, last_success_at) VALUES (?, ?) ON CONFLICT (flow) DO UPDATE SET last_success_at = excluded.last_success_at')
            .run(run.flow, run.startedAt);
        }
      })
      .immediate();
  }

  /** Back to synchronous=FULL (after message commits) before any other write. */
  private strict(): void {
    if (!this.relaxed) return;
    this.db.pragma('synchronous = FULL');
    this.relaxed = false;
  }

  /** A prepared statement, compiled once per engine (event consumers write a run per message). */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  /** A run's row and its failed records (inside the caller's transaction). */
  private insertRun(run: RunRecord): void {
    this.statement('INSERT INTO runs (id, flow, revision, bundle_sha256, trigger, status, started_at, finished_at, steps, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      run.id, run.flow, run.revision, run.bundleSha256, run.trigger, run.status, run.startedAt, run.finishedAt, JSON.stringify(run.steps), run.error ?? null);
    if (!run.failures?.length) return;
    const failure = this.statement('INSERT INTO run_failures (run_id, position, step, record_index, error, record) VALUES (?, ?, ?, ?, ?, ?)');
    run.failures.forEach((entry, position) => failure.run(run.id, position, entry.step, entry.index, entry.error, JSON.stringify(entry.record ?? null)));
  }

  /** Whether a message's run for this flow has committed (a redelivery of it is only acknowledged). */
  messageCommitted(flow: string, messageId: string): boolean {
    return this.statement('SELECT 1 FROM message_runs WHERE flow = ? AND message_id = ?').get(flow, messageId) !== undefined;
  }

  /**
   * Commits the runs of messages that succeeded, with their receipts, in one transaction (a
   * batch of deliveries costs one sync to disk). Only after this are the messages acknowledged.
   */
  commitMessages(entries: readonly { messageId: string; run: RunRecord; /** a redelivery: it may have failed runs counted */ retried?: boolean }[]): void {
    if (entries.length === 0) return;
    // In WAL mode, NORMAL commits survive the engine process dying (what acknowledging after the
    // commit needs) without a sync to disk per batch; a power failure could lose the last run
    // records of messages already acknowledged, never a message. Applies and secrets stay FULL.
    // The switch costs two pragmas per batch; batches are small when messages flow steadily, so
    // the setting stays NORMAL between batches and goes back to FULL before anything else writes.
    if (!this.relaxed) {
      this.db.pragma('synchronous = NORMAL');
      this.relaxed = true;
    }
    this.messageBatch ??= this.db.transaction((batch: readonly { messageId: string; run: RunRecord; retried?: boolean }[]) => {
      const insert = this.statement(
        'INSERT OR IGNORE INTO message_runs (flow, message_id, run_id, revision, bundle_sha256, trigger, started_at, finished_at, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const clear = this.statement('DELETE FROM message_attempts WHERE flow = ? AND message_id = ?');
      for (const { messageId, run, retried } of batch) {
        insert.run(run.flow, messageId, run.id, run.revision, run.bundleSha256, run.trigger, run.startedAt, run.finishedAt, JSON.stringify(run.steps));
        if (retried !== false) clear.run(run.flow, messageId);
      }
    });
    this.messageBatch.immediate(entries);
  }

  /** Records a failed run of a message and counts it; the message's failed runs so far. */
  recordMessageFailure(messageId: string, run: RunRecord): number {
    this.strict();
    return this.db
      .transaction(() => {
        this.insertRun(run);
        this.db
          .prepare('INSERT INTO message_attempts (flow, message_id, attempts) VALUES (?, ?, 1) ON CONFLICT (flow, message_id) DO UPDATE SET attempts = attempts + 1')
          .run(run.flow, messageId);
        return (this.db.prepare('SELECT attempts FROM message_attempts WHERE flow = ? AND message_id = ?').get(run.flow, messageId) as { attempts: number }).attempts;
      })
      .immediate();
  }

  /** Forgets a message's failed runs (it was dead-lettered: a replay of it starts again). */
  clearMessageAttempts(flow: string, messageId: string): void {
    this.strict();
    this.statement('DELETE FROM message_attempts WHERE flow = ? AND message_id = ?').run(flow, messageId);
  }

  /** Recent runs, newest first (of one flow, if given); without their failed records. */
  runs(flow?: string, limit = 50): RunRecord[] {
    const where = flow === undefined ? '' : 'WHERE flow = @flow';
    const rows = this.db
      .prepare(
        `SELECT id, flow, revision, bundle_sha256, trigger, status, started_at, finished_at, steps, error FROM runs ${where}
         UNION ALL
         SELECT run_id, flow, revision, bundle_sha256, trigger, 'succeeded', started_at, finished_at, steps, NULL FROM message_runs ${where}
         ORDER BY started_at DESC, id DESC LIMIT @limit`,
      )
      .all(flow === undefined ? { limit } : { flow, limit }) as RunRow[];
    return rows.map(fromRow);
  }

  /** One run with its failed records. */
  run(id: string): RunRecord | undefined {
    const row = (this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) ??
      this.db
        .prepare("SELECT run_id AS id, flow, revision, bundle_sha256, trigger, 'succeeded' AS status, started_at, finished_at, steps, NULL AS error FROM message_runs WHERE run_id = ?")
        .get(id)) as RunRow | undefined;
    if (!row) return undefined;
    const failures = this.db.prepare('SELECT step, record_index, error, record FROM run_failures WHERE run_id = ? ORDER BY position').all(id) as {
      step: string;
      record_index: number;
      error: string;
      record: string;
    }[];
    return { ...fromRow(row), failures: failures.map((entry) => ({ step: entry.step, index: entry.record_index, error: entry.error, record: JSON.parse(entry.record) })) };
  }

  /** When the flow last ran successfully: `{{run.lastSuccessAt}}` for incremental receives. */
  lastSuccessAt(flow: string): string | undefined {
    return (this.db.prepare('SELECT last_success_at FROM flow_state WHERE flow = ?').get(flow) as { last_success_at: string } | undefined)?.last_success_at;
  }

  /** The bundle a past revision applied, to roll back to it. */
  revisionBundle(number: number): Bundle | undefined {
    const row = this.db.prepare('SELECT bundle FROM revisions WHERE number = ?').get(number) as { bundle: string } | undefined;
    return row ? (JSON.parse(row.bundle) as Bundle) : undefined;
  }

  /** Who holds the apply lock, as the holder recorded it ('user (pid n) since t'), if anyone does. */
  lockHolder(): string | undefined {
    try {
      const holder = JSON.parse(readFileSync(this.holderFile, 'utf8')) as { pid: number; user: string; since: string };
      return `${holder.user} (pid ${holder.pid}) since ${holder.since}`;
    } catch {
      return undefined;
    }
  }

  private get holderFile(): string {
    return path.join(path.dirname(this.file), 'apply.holder');
  }

  revisions(): Revision[] {
    const rows = this.db.prepare('SELECT number, created_at, user, bundle_sha256, summary FROM revisions ORDER BY number').all() as {
      number: number;
      created_at: string;
      user: string;
      bundle_sha256: string;
      summary: string;
    }[];
    return rows.map((row) => ({ number: row.number, createdAt: row.created_at, user: row.user, bundleSha256: row.bundle_sha256, summary: JSON.parse(row.summary) }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

interface RunRow {
  id: string;
  flow: string;
  revision: number | null;
  bundle_sha256: string;
  trigger: string;
  status: RunRecord['status'];
  started_at: string;
  finished_at: string;
  steps: string;
  error: string | null;
}

function fromRow(row: RunRow): RunRecord {
  return {
    id: row.id,
    flow: row.flow,
    revision: row.revision,
    bundleSha256: row.bundle_sha256,
    trigger: row.trigger,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    steps: JSON.parse(row.steps),
    ...(row.error !== null && { error: row.error }),
  };
}

function byKind(direction: 1 | -1) {
  return (a: PlanAction, b: PlanAction) => direction * (kindOrder[a.kind] - kindOrder[b.kind]) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
