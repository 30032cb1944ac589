import { hostname } from 'node:os';
import {
  DuplicateRunError,
  type AcceptedRun,
  type DailyRuns,
  type FlowStateStore,
  type MessageCommit,
  type MessageLedger,
  type RecordFailure,
  type RunPass,
  type RunProgress,
  type RunQuery,
  type RunRecord,
  type RunStore,
  type UnfinishedRun,
} from '../stores.js';
import { fromFailureRow, fromRow, runSearchSql, type FailureRow, type FullRunRow, type RunRow } from '../run-rows.js';
import { GroupCommit, type SqliteDatabase } from './sqlite-database.js';

/** This process, as the owner of the runs it executes: host, pid and a token for this start. */
const owner = `${hostname()}/${process.pid}/${Date.now().toString(36)}`;

/**
 * Runs, their failed records and the flows' watermarks. Accepted runs are committed durably in
 * groups: the accepts that arrive in one turn of the event loop share one transaction and one
 * sync to disk (a webhook is answered once its payload is on disk). Checkpoints and ends of
 * runs survive the process dying (see Durability).
 */
export class SqliteRunStore implements RunStore, FlowStateStore {
  /** Accepts are durable, and share a sync: many webhooks arrive together. */
  private readonly accepts: GroupCommit<{ run: AcceptedRun; queued: boolean }>;
  /** Ends share a transaction too. */
  private readonly ends: GroupCommit<{ run: RunRecord; failures: readonly RecordFailure[]; watermark?: string }>;

  constructor(private readonly database: SqliteDatabase) {
    this.accepts = new GroupCommit(database, 'durable', ({ run, queued }) =>
      database
        .statement(
          `INSERT INTO runs (id, flow, revision, bundle_sha256, trigger, status, started_at, finished_at, steps, error, passes, progress, since, owner, retry_of, parent, key_source, attempts)
           VALUES (?, ?, ?, ?, ?, ?, ?, '', '[]', NULL, ?, NULL, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          run.id,
          run.flow,
          run.revision,
          run.bundleSha256,
          run.trigger,
          queued ? 'queued' : 'running',
          run.startedAt,
          run.passes ? JSON.stringify(run.passes) : null,
          run.since ?? null,
          queued ? null : owner,
          run.retryOf ?? null,
          run.parent ?? null,
          run.keySource ?? null,
          queued ? 0 : 1,
        ),
    );
    this.ends = new GroupCommit(database, 'process', ({ run, failures, watermark }) => {
      database
        .statement('UPDATE runs SET status = ?, finished_at = ?, steps = ?, error = ?, progress = NULL, passes = NULL, owner = NULL WHERE id = ?')
        .run(run.status, run.finishedAt, JSON.stringify(run.steps), run.error ?? null, run.id);
      this.insertFailures(run.id, failures);
      if (watermark !== undefined) this.moveWatermark(run.flow, watermark);
    });
  }

  async accept(run: AcceptedRun, options: { queued?: boolean } = {}): Promise<void> {
    // Checked before the group's transaction: one duplicate must not fail the accepts it shares a commit with.
    if (this.database.statement('SELECT 1 FROM runs WHERE id = ?').get(run.id) !== undefined) throw new DuplicateRunError(`run ${run.id} is recorded already`);
    return this.accepts.write({ run, queued: options.queued === true });
  }

  async checkpoint(id: string, progress: RunProgress, failures: readonly RecordFailure[]): Promise<void> {
    this.database.write('process', () => {
      this.database.statement('UPDATE runs SET progress = ?, steps = ? WHERE id = ?').run(JSON.stringify(progress), JSON.stringify(progress.steps), id);
      this.insertFailures(id, failures);
    });
  }

  finish(run: RunRecord, failures: readonly RecordFailure[], watermark?: string): Promise<void> {
    return this.ends.write({ run, failures, watermark });
  }

  async record(run: RunRecord): Promise<void> {
    this.database.write('process', () => this.insertRun(run));
  }

  /** A whole run's row and its failed records (inside the caller's transaction). */
  insertRun(run: RunRecord): void {
    this.database
      .statement('INSERT INTO runs (id, flow, revision, bundle_sha256, trigger, status, started_at, finished_at, steps, error, since, retry_of, parent, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)')
      .run(run.id, run.flow, run.revision, run.bundleSha256, run.trigger, run.status, run.startedAt, run.finishedAt, JSON.stringify(run.steps), run.error ?? null, run.since ?? null, run.retryOf ?? null, run.parent ?? null);
    this.insertFailures(run.id, run.failures ?? []);
  }

  private insertFailures(id: string, failures: readonly RecordFailure[]): void {
    if (failures.length === 0) return;
    const next = (this.database.statement('SELECT COALESCE(MAX(position) + 1, 0) AS next FROM run_failures WHERE run_id = ?').get(id) as { next: number }).next;
    const insert = this.database.statement('INSERT INTO run_failures (run_id, position, step, record_index, error, record, call) VALUES (?, ?, ?, ?, ?, ?, ?)');
    failures.forEach((entry, offset) => insert.run(id, next + offset, entry.step, entry.index, entry.error, JSON.stringify(entry.record ?? null), entry.call === undefined ? null : JSON.stringify(entry.call)));
  }

  private moveWatermark(flow: string, watermark: string): void {
    this.database
      .statement('INSERT INTO flow_state (flow, last_success_at) VALUES (?, ?) ON CONFLICT (flow) DO UPDATE SET last_success_at = MAX(last_success_at, excluded.last_success_at)')
      .run(flow, watermark);
  }

  async list(flow?: string, limit = 50): Promise<RunRecord[]> {
    const where = flow === undefined ? '' : 'WHERE flow = @flow';
    const rows = this.database
      .statement(
        `SELECT id, flow, revision, bundle_sha256, trigger, status, started_at, finished_at, steps, error, since, retry_of, parent, key_source, attempts FROM runs ${where}
         UNION ALL
         SELECT run_id, flow, revision, bundle_sha256, trigger, 'succeeded', started_at, finished_at, steps, NULL, NULL, NULL, NULL, NULL, 1 FROM message_runs ${where}
         ORDER BY started_at DESC, id DESC LIMIT @limit`,
      )
      .all(flow === undefined ? { limit } : { flow, limit }) as RunRow[];
    return rows.map(fromRow);
  }

  async search(query: RunQuery): Promise<RunRecord[]> {
    const { sql, values } = runSearchSql(query, 'sqlite');
    return (this.database.statement(sql).all(...values) as RunRow[]).map(fromRow);
  }

  async daily(from: string): Promise<DailyRuns[]> {
    return this.database
      .statement(
        `SELECT flow, substr(started_at, 1, 10) AS day, status, COUNT(*) AS runs, SUM(COALESCE(json_extract(steps, '$[#-1].out'), 0)) AS records FROM runs WHERE started_at >= ? GROUP BY flow, day, status
         UNION ALL
         SELECT flow, substr(started_at, 1, 10) AS day, 'succeeded', COUNT(*), SUM(COALESCE(json_extract(steps, '$[#-1].out'), 0)) FROM message_runs WHERE started_at >= ? GROUP BY flow, day`,
      )
      .all(from, from) as DailyRuns[];
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const row = (this.database.statement('SELECT * FROM runs WHERE id = ?').get(id) ??
      this.database
        .statement("SELECT run_id AS id, flow, revision, bundle_sha256, trigger, 'succeeded' AS status, started_at, finished_at, steps, NULL AS error, NULL AS since, NULL AS retry_of, NULL AS parent, NULL AS key_source FROM message_runs WHERE run_id = ?")
        .get(id)) as RunRow | undefined;
    if (!row) return undefined;
    return { ...fromRow(row), failures: this.failuresOf(id) };
  }

  async child(parent: string, keySource: string): Promise<RunRecord | undefined> {
    const row = this.database.statement('SELECT * FROM runs WHERE parent = ? AND key_source = ? ORDER BY started_at, id LIMIT 1').get(parent, keySource) as RunRow | undefined;
    return row && fromRow(row);
  }

  private failuresOf(id: string): RecordFailure[] {
    const rows = this.database.statement('SELECT step, record_index, error, record, call FROM run_failures WHERE run_id = ? ORDER BY position').all(id) as FailureRow[];
    return rows.map(fromFailureRow);
  }

  async interrupted(): Promise<UnfinishedRun[]> {
    await this.markInterrupted();
    const rows = this.database.statement("SELECT * FROM runs WHERE status = 'interrupted' ORDER BY started_at, id").all() as FullRunRow[];
    return rows.map((row) => this.unfinished(row));
  }

  async markInterrupted(): Promise<void> {
    const running = this.database.statement("SELECT id, owner FROM runs WHERE status = 'running'").all() as { id: string; owner: string | null }[];
    const gone = running.filter((row) => !ownerAlive(row.owner));
    if (gone.length > 0) {
      this.database.write('process', () => {
        const mark = this.database.statement("UPDATE runs SET status = 'interrupted', owner = NULL WHERE id = ? AND status = 'running'");
        for (const row of gone) mark.run(row.id);
      });
    }
  }

  async claim(id: string): Promise<UnfinishedRun | undefined> {
    const claimed = this.database.write('process', () => this.database.statement("UPDATE runs SET status = 'running', owner = ?, attempts = attempts + 1 WHERE id = ? AND status IN ('interrupted', 'queued')").run(owner, id).changes);
    if (claimed === 0) return undefined;
    const row = this.database.statement('SELECT * FROM runs WHERE id = ?').get(id) as FullRunRow;
    return this.unfinished(row);
  }

  private unfinished(row: FullRunRow): UnfinishedRun {
    const failuresRecorded = (this.database.statement('SELECT COUNT(*) AS count FROM run_failures WHERE run_id = ?').get(row.id) as { count: number }).count;
    return {
      run: { ...fromRow(row), failures: this.failuresOf(row.id) },
      ...(row.passes !== null && { passes: JSON.parse(row.passes) as RunPass[] }),
      ...(row.progress !== null && { progress: JSON.parse(row.progress) as RunProgress }),
      ...(row.key_source !== null && row.key_source !== undefined && { keySource: row.key_source }),
      failuresRecorded,
    };
  }

  async bury(id: string, error: string, finishedAt: string): Promise<void> {
    this.database.write('process', () =>
      this.database.statement("UPDATE runs SET status = 'dead', error = ?, finished_at = ?, owner = NULL, progress = NULL, passes = NULL WHERE id = ? AND status IN ('queued', 'interrupted')").run(error, finishedAt, id),
    );
  }

  async pending(queuedBefore: string, limit: number): Promise<RunRecord[]> {
    await this.markInterrupted();
    const rows = this.database.statement("SELECT * FROM runs WHERE (status = 'queued' AND started_at < ?) OR status = 'interrupted' ORDER BY started_at, id LIMIT ?").all(queuedBefore, limit) as RunRow[];
    return rows.map(fromRow);
  }

  async watermark(flow: string): Promise<string | undefined> {
    return (this.database.statement('SELECT last_success_at FROM flow_state WHERE flow = ?').get(flow) as { last_success_at: string } | undefined)?.last_success_at;
  }
}

/** Message runs and attempts, next to the runs in the same database. */
export class SqliteMessageLedger implements MessageLedger {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly runs: SqliteRunStore,
  ) {}

  async committed(flow: string, messageId: string): Promise<boolean> {
    return this.database.statement('SELECT 1 FROM message_runs WHERE flow = ? AND message_id = ?').get(flow, messageId) !== undefined;
  }

  async commit(entries: readonly MessageCommit[]): Promise<void> {
    if (entries.length === 0) return;
    const insert = this.database.statement(
      'INSERT OR IGNORE INTO message_runs (flow, message_id, run_id, revision, bundle_sha256, trigger, started_at, finished_at, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const clear = this.database.statement('DELETE FROM message_attempts WHERE flow = ? AND message_id = ?');
    this.database.write('process', () => {
      for (const { messageId, run, retried } of entries) {
        insert.run(run.flow, messageId, run.id, run.revision, run.bundleSha256, run.trigger, run.startedAt, run.finishedAt, JSON.stringify(run.steps));
        if (retried !== false) clear.run(run.flow, messageId);
      }
    });
  }

  async recordFailure(messageId: string, run: RunRecord): Promise<number> {
    return this.database.write('process', () => {
      this.runs.insertRun(run);
      this.database
        .statement('INSERT INTO message_attempts (flow, message_id, attempts) VALUES (?, ?, 1) ON CONFLICT (flow, message_id) DO UPDATE SET attempts = attempts + 1')
        .run(run.flow, messageId);
      return (this.database.statement('SELECT attempts FROM message_attempts WHERE flow = ? AND message_id = ?').get(run.flow, messageId) as { attempts: number }).attempts;
    });
  }

  async clearAttempts(flow: string, messageId: string): Promise<void> {
    this.database.write('process', () => this.database.statement('DELETE FROM message_attempts WHERE flow = ? AND message_id = ?').run(flow, messageId));
  }
}

/**
 * Whether the process that owns a running run is still there. Only a process on this host can be
 * checked (by its pid, and the token of its start: a restarted engine may get the same pid); a
 * run owned on another host is left alone.
 */
function ownerAlive(recorded: string | null): boolean {
  if (!recorded) return false;
  if (recorded === owner) return true;
  const [host, pid] = recorded.split('/');
  if (host !== hostname()) return true;
  if (Number(pid) === process.pid) return false; // this pid, another start: that process is gone
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
