import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import { DuplicateRunError, RunTakenOverError, type AcceptedRun, type DailyRuns, type FlowStateStore, type MessageCommit, type MessageLedger, type RecordFailure, type RunPass, type RunProgress, type RunQuery, type RunRecord, type RunStore, type UnfinishedRun } from '../stores.js';
import { fromFailureRow, fromRow, runSearchSql, type FailureRow, type FullRunRow, type RunRow } from '../run-rows.js';
import type { PgDatabase, Queryable } from './pg-database.js';

export interface PgRunStoreOptions {
  /** How long a running run stays this process's without a renewal; 30 s by default. */
  leaseMs?: number;
}

/** How long a running run stays its process's without a renewal, unless told otherwise. */
export const defaultLeaseMs = 30_000;

/**
 * Marks interrupted the running runs (of one flow, or all) whose lease ran out. A row another
 * session has locked is left for the next look: its holder is writing it (or is frozen inside
 * a transaction, which the server ends after a lease), and waiting for it would hold this
 * process up as long.
 */
const interruptExpired = (flow: 'one flow' | 'all flows') =>
  `UPDATE runs SET status = 'interrupted', owner = NULL, lease_until = NULL WHERE id IN (
     SELECT id FROM runs WHERE status = 'running' AND lease_until < $1${flow === 'one flow' ? ' AND flow = $2' : ''} FOR UPDATE SKIP LOCKED)`;

/**
 * Runs, their failed records and the flows' watermarks in PostgreSQL, for processes on many
 * machines: a running run is held by a lease its process renews (a third of the lease apart,
 * and with every checkpoint). A run whose lease ran out — its process was killed, its machine
 * lost — is interrupted, and any process may claim it and go on from what it had committed.
 * Closing the store hands its running runs back at once.
 */
export class PgRunStore implements RunStore, FlowStateStore {
  /** This store, as the owner of the runs it executes: host, pid and a token of its own. */
  readonly owner = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  private readonly leaseMs: number;
  private readonly renewal: NodeJS.Timeout;

  constructor(
    private readonly database: PgDatabase,
    options: PgRunStoreOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? defaultLeaseMs;
    this.renewal = setInterval(() => void this.renew().catch(() => undefined), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.renewal.unref();
  }

  private leaseUntil(): number {
    return Date.now() + this.leaseMs;
  }

  /** Renews the leases of the runs this store holds. */
  async renew(): Promise<void> {
    await this.database.query("UPDATE runs SET lease_until = $1 WHERE owner = $2 AND status = 'running'", [this.leaseUntil(), this.owner]);
  }

  /** Stops renewing, and hands back the runs still running here (another process may resume them now). */
  async close(): Promise<void> {
    clearInterval(this.renewal);
    await this.database.query("UPDATE runs SET status = 'interrupted', owner = NULL, lease_until = NULL WHERE owner = $1 AND status = 'running'", [this.owner]).catch(() => undefined);
  }

  async accept(run: AcceptedRun, options: { queued?: boolean } = {}): Promise<void> {
    const queued = options.queued === true;
    const inserted = await this.database.query(
      `INSERT INTO runs (id, flow, revision, bundle_sha256, trigger, status, started_at, finished_at, steps, error, passes, progress, since, owner, lease_until, retry_of, parent, key_source, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, '', '[]', NULL, $8, NULL, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (id) DO NOTHING`,
      [
        run.id,
        run.flow,
        run.revision,
        run.bundleSha256,
        run.trigger,
        queued ? 'queued' : 'running',
        run.startedAt,
        run.passes ? JSON.stringify(run.passes) : null,
        run.since ?? null,
        queued ? null : this.owner,
        queued ? null : this.leaseUntil(),
        run.retryOf ?? null,
        run.parent ?? null,
        run.keySource ?? null,
        queued ? 0 : 1,
      ],
    );
    if (inserted.rowCount === 0) throw new DuplicateRunError(`run ${run.id} is recorded already`);
  }

  async checkpoint(id: string, progress: RunProgress, failures: readonly RecordFailure[]): Promise<void> {
    await this.database.transaction(async (client) => {
      const updated = await client.query("UPDATE runs SET progress = $1, steps = $2, lease_until = $3 WHERE id = $4 AND owner = $5 AND status = 'running'", [
        JSON.stringify(progress),
        JSON.stringify(progress.steps),
        this.leaseUntil(),
        id,
        this.owner,
      ]);
      if (updated.rowCount === 0) throw takenOver(id);
      await insertFailures(client, id, failures);
    });
  }

  async finish(run: RunRecord, failures: readonly RecordFailure[], watermark?: string): Promise<void> {
    await this.database.transaction(async (client) => {
      const updated = await client.query(
        "UPDATE runs SET status = $1, finished_at = $2, steps = $3, error = $4, progress = NULL, passes = NULL, owner = NULL, lease_until = NULL WHERE id = $5 AND owner = $6 AND status = 'running'",
        [run.status, run.finishedAt, JSON.stringify(run.steps), run.error ?? null, run.id, this.owner],
      );
      if (updated.rowCount === 0) throw takenOver(run.id);
      await insertFailures(client, run.id, failures);
      if (watermark !== undefined) await moveWatermark(client, run.flow, watermark);
    });
  }

  async record(run: RunRecord): Promise<void> {
    await this.database.transaction((client) => insertRun(client, run));
  }

  async list(flow?: string, limit = 50): Promise<RunRecord[]> {
    const where = flow === undefined ? '' : 'WHERE flow = $2';
    const rows = await this.database.query<RunRow>(
      `SELECT id, flow, revision, bundle_sha256, trigger, status, started_at, finished_at, steps, error, since, retry_of, parent, key_source, attempts FROM runs ${where}
       UNION ALL
       SELECT run_id, flow, revision, bundle_sha256, trigger, 'succeeded', started_at, finished_at, steps, NULL, NULL, NULL, NULL, NULL, 1 FROM message_runs ${where}
       ORDER BY started_at DESC, id DESC LIMIT $1`,
      flow === undefined ? [limit] : [limit, flow],
    );
    return rows.rows.map(fromRow);
  }

  async search(query: RunQuery): Promise<RunRecord[]> {
    const { sql, values } = runSearchSql(query, 'postgres');
    return (await this.database.query<RunRow>(sql, values)).rows.map(fromRow);
  }

  async daily(from: string): Promise<DailyRuns[]> {
    const rows = await this.database.query<DailyRuns>(
      `SELECT flow, substr(started_at, 1, 10) AS day, status, COUNT(*)::int AS runs, SUM(COALESCE(((steps::jsonb) -> -1 ->> 'out')::bigint, 0))::float8 AS records FROM runs WHERE started_at >= $1 GROUP BY flow, day, status
       UNION ALL
       SELECT flow, substr(started_at, 1, 10) AS day, 'succeeded', COUNT(*)::int, SUM(COALESCE(((steps::jsonb) -> -1 ->> 'out')::bigint, 0))::float8 FROM message_runs WHERE started_at >= $1 GROUP BY flow, day`,
      [from],
    );
    return rows.rows;
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const row =
      (await this.database.query<RunRow>('SELECT * FROM runs WHERE id = $1', [id])).rows[0] ??
      (
        await this.database.query<RunRow>(
          "SELECT run_id AS id, flow, revision, bundle_sha256, trigger, 'succeeded' AS status, started_at, finished_at, steps, NULL AS error, NULL AS since, NULL AS retry_of, NULL AS parent, NULL AS key_source FROM message_runs WHERE run_id = $1",
          [id],
        )
      ).rows[0];
    if (!row) return undefined;
    return { ...fromRow(row), failures: await this.failuresOf(this.database, id) };
  }

  async child(parent: string, keySource: string): Promise<RunRecord | undefined> {
    const row = (await this.database.query<RunRow>('SELECT * FROM runs WHERE parent = $1 AND key_source = $2 ORDER BY started_at, id LIMIT 1', [parent, keySource])).rows[0];
    return row && fromRow(row);
  }

  private async failuresOf(client: Queryable, id: string): Promise<RecordFailure[]> {
    const rows = await client.query<FailureRow>('SELECT step, record_index, error, record, call FROM run_failures WHERE run_id = $1 ORDER BY position', [id]);
    return rows.rows.map(fromFailureRow);
  }

  async interrupted(): Promise<UnfinishedRun[]> {
    await this.markInterrupted();
    const rows = await this.database.query<FullRunRow>("SELECT * FROM runs WHERE status = 'interrupted' ORDER BY started_at, id");
    return Promise.all(rows.rows.map((row) => this.unfinished(this.database, row)));
  }

  async markInterrupted(): Promise<void> {
    await this.database.query(interruptExpired('all flows'), [Date.now()]);
  }

  async claim(id: string): Promise<UnfinishedRun | undefined> {
    const row = (
      await this.database.query<FullRunRow>("UPDATE runs SET status = 'running', owner = $1, lease_until = $2, attempts = attempts + 1 WHERE id = $3 AND status IN ('interrupted', 'queued') RETURNING *", [
        this.owner,
        this.leaseUntil(),
        id,
      ])
    ).rows[0];
    return row && this.unfinished(this.database, row);
  }

  /**
   * A worker's claim of queued or interrupted runs of one flow, within its concurrency across the
   * cluster: the claims of a flow take turns (an advisory lock per flow, for the transaction), and
   * runs whose lease ran out count as interrupted first. Per run, in the order given: claimed;
   * 'at-limit' when the flow has `concurrency` runs running; 'dead' when an interrupted run has had
   * its `maxAttempts` (it is buried); undefined when there is nothing to claim (ended, running
   * elsewhere, unknown).
   */
  async claimWithin(flow: string, ids: readonly string[], concurrency: number, maxAttempts: number): Promise<Map<string, UnfinishedRun | 'at-limit' | 'dead' | undefined>> {
    const results = new Map<string, UnfinishedRun | 'at-limit' | 'dead' | undefined>();
    // A look without locks first: under a backlog most claims find the flow at its limit.
    const busy = await this.database.query<{ count: string }>("SELECT COUNT(*) AS count FROM runs WHERE flow = $1 AND status = 'running' AND lease_until >= $2", [flow, Date.now()]);
    if (Number(busy.rows[0]!.count) >= concurrency) {
      for (const id of ids) results.set(id, 'at-limit');
      return results;
    }
    return this.database.transaction(async (client) => {
      const now = Date.now();
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`weft-flow/${flow}`]);
      await client.query(interruptExpired('one flow'), [now, flow]);
      const rows = await client.query<{ id: string; status: string; attempts: number }>('SELECT id, status, attempts FROM runs WHERE id = ANY($1::text[]) AND flow = $2 FOR UPDATE', [ids, flow]);
      const found = new Map(rows.rows.map((row) => [row.id, row]));
      let running = Number((await client.query<{ count: string }>("SELECT COUNT(*) AS count FROM runs WHERE flow = $1 AND status = 'running'", [flow])).rows[0]!.count);
      const claiming: string[] = [];
      const dead: { id: string; attempts: number }[] = [];
      for (const id of ids) {
        const row = found.get(id);
        if (!row || (row.status !== 'queued' && row.status !== 'interrupted') || claiming.includes(id)) results.set(id, undefined);
        else if (row.status === 'interrupted' && row.attempts >= maxAttempts) dead.push({ id, attempts: row.attempts });
        else if (running < concurrency) {
          claiming.push(id);
          running++;
        } else results.set(id, 'at-limit');
      }
      for (const { id, attempts } of dead) {
        await client.query("UPDATE runs SET status = 'dead', error = $1, finished_at = $2, owner = NULL, lease_until = NULL, progress = NULL, passes = NULL WHERE id = $3", [
          `its process went away during each of its ${attempts} attempt${attempts === 1 ? '' : 's'}; it is not tried again`,
          new Date(now).toISOString(),
          id,
        ]);
        results.set(id, 'dead');
      }
      if (claiming.length > 0) {
        const claimed = await client.query<FullRunRow>("UPDATE runs SET status = 'running', owner = $1, lease_until = $2, attempts = attempts + 1 WHERE id = ANY($3::text[]) RETURNING *", [this.owner, this.leaseUntil(), claiming]);
        for (const row of claimed.rows) results.set(row.id, await this.unfinished(client, row));
      }
      return results;
    });
  }

  async bury(id: string, error: string, finishedAt: string): Promise<void> {
    await this.database.query("UPDATE runs SET status = 'dead', error = $1, finished_at = $2, owner = NULL, lease_until = NULL, progress = NULL, passes = NULL WHERE id = $3 AND status IN ('queued', 'interrupted')", [error, finishedAt, id]);
  }

  async pending(queuedBefore: string, limit: number): Promise<RunRecord[]> {
    await this.markInterrupted();
    const rows = await this.database.query<RunRow>(
      `(SELECT * FROM runs WHERE status = 'interrupted' ORDER BY started_at, id LIMIT $2)
       UNION ALL (SELECT * FROM runs WHERE status = 'queued' AND started_at < $1 ORDER BY started_at, id LIMIT $2)
       ORDER BY started_at, id LIMIT $2`,
      [queuedBefore, limit],
    );
    return rows.rows.map(fromRow);
  }

  private async unfinished(client: Queryable, row: FullRunRow): Promise<UnfinishedRun> {
    const failures = await this.failuresOf(client, row.id);
    return {
      run: { ...fromRow(row), failures },
      ...(row.passes !== null && { passes: JSON.parse(row.passes) as RunPass[] }),
      ...(row.progress !== null && { progress: JSON.parse(row.progress) as RunProgress }),
      ...(row.key_source !== null && row.key_source !== undefined && { keySource: row.key_source }),
      failuresRecorded: failures.length,
    };
  }

  async watermark(flow: string): Promise<string | undefined> {
    return (await this.database.query<{ last_success_at: string }>('SELECT last_success_at FROM flow_state WHERE flow = $1', [flow])).rows[0]?.last_success_at;
  }
}

/** Message runs and attempts, next to the runs in the same database. */
export class PgMessageLedger implements MessageLedger {
  constructor(private readonly database: PgDatabase) {}

  async committed(flow: string, messageId: string): Promise<boolean> {
    return ((await this.database.query('SELECT 1 FROM message_runs WHERE flow = $1 AND message_id = $2', [flow, messageId])).rowCount ?? 0) > 0;
  }

  async commit(entries: readonly MessageCommit[]): Promise<void> {
    if (entries.length === 0) return;
    await this.database.transaction(async (client) => {
      for (const { messageId, run, retried } of entries) {
        await client.query(
          'INSERT INTO message_runs (flow, message_id, run_id, revision, bundle_sha256, trigger, started_at, finished_at, steps) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (flow, message_id) DO NOTHING',
          [run.flow, messageId, run.id, run.revision, run.bundleSha256, run.trigger, run.startedAt, run.finishedAt, JSON.stringify(run.steps)],
        );
        if (retried !== false) await client.query('DELETE FROM message_attempts WHERE flow = $1 AND message_id = $2', [run.flow, messageId]);
      }
    });
  }

  async recordFailure(messageId: string, run: RunRecord): Promise<number> {
    return this.database.transaction(async (client) => {
      await insertRun(client, run);
      const row = await client.query<{ attempts: number }>(
        'INSERT INTO message_attempts (flow, message_id, attempts) VALUES ($1, $2, 1) ON CONFLICT (flow, message_id) DO UPDATE SET attempts = message_attempts.attempts + 1 RETURNING attempts',
        [run.flow, messageId],
      );
      return row.rows[0]!.attempts;
    });
  }

  async clearAttempts(flow: string, messageId: string): Promise<void> {
    await this.database.query('DELETE FROM message_attempts WHERE flow = $1 AND message_id = $2', [flow, messageId]);
  }
}

/** A whole run's row and its failed records (inside the caller's transaction). */
async function insertRun(client: pg.PoolClient, run: RunRecord): Promise<void> {
  await client.query(
    'INSERT INTO runs (id, flow, revision, bundle_sha256, trigger, status, started_at, finished_at, steps, error, since, retry_of, parent, attempts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1)',
    [run.id, run.flow, run.revision, run.bundleSha256, run.trigger, run.status, run.startedAt, run.finishedAt, JSON.stringify(run.steps), run.error ?? null, run.since ?? null, run.retryOf ?? null, run.parent ?? null],
  );
  await insertFailures(client, run.id, run.failures ?? []);
}

/** Failed records after those a run has, in order (one statement for the lot). */
async function insertFailures(client: pg.PoolClient, id: string, failures: readonly RecordFailure[]): Promise<void> {
  if (failures.length === 0) return;
  const next = Number((await client.query<{ next: number }>('SELECT COALESCE(MAX(position) + 1, 0) AS next FROM run_failures WHERE run_id = $1', [id])).rows[0]!.next);
  await client.query(
    `INSERT INTO run_failures (run_id, position, step, record_index, error, record, call)
     SELECT $1, $2 + ordinality - 1, step, record_index, error, record, call FROM unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS f (step, record_index, error, record, call, ordinality)`,
    [
      id,
      next,
      failures.map((entry) => entry.step),
      failures.map((entry) => entry.index),
      failures.map((entry) => entry.error),
      failures.map((entry) => JSON.stringify(entry.record ?? null)),
      failures.map((entry) => (entry.call === undefined ? null : JSON.stringify(entry.call))),
    ],
  );
}

/** Moves a flow's watermark forward (never back). */
async function moveWatermark(client: pg.PoolClient, flow: string, watermark: string): Promise<void> {
  await client.query('INSERT INTO flow_state (flow, last_success_at) VALUES ($1, $2) ON CONFLICT (flow) DO UPDATE SET last_success_at = GREATEST(flow_state.last_success_at, excluded.last_success_at)', [flow, watermark]);
}

/** This process no longer holds the run: its lease ran out, and it was handed back or claimed elsewhere. */
function takenOver(id: string): RunTakenOverError {
  return new RunTakenOverError(`run ${id} is no longer this process's: it was held past its lease and handed to another process`);
}
