import type { RecordFailure, RunQuery, RunRecord } from './stores.js';

/** A run's row as the stores keep it (SQLite and PostgreSQL alike): JSON in text columns. */
export interface RunRow {
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
  since: string | null;
  retry_of: string | null;
  parent?: string | null;
  key_source?: string | null;
  attempts?: number | null;
}

export interface FullRunRow extends RunRow {
  passes: string | null;
  progress: string | null;
}

/** A run's row as the run it records. */
export function fromRow(row: RunRow): RunRecord {
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
    ...(row.since !== null && row.since !== undefined && { since: row.since }),
    ...(row.retry_of !== null && row.retry_of !== undefined && { retryOf: row.retry_of }),
    ...(row.parent !== null && row.parent !== undefined && { parent: row.parent }),
    ...(row.key_source !== null && row.key_source !== undefined && { keySource: row.key_source }),
    ...(typeof row.attempts === 'number' && row.attempts > 1 && { attempts: row.attempts }),
  };
}

/** A run's trigger kind in SQL: the first word of its trigger and the space after it ('webhook '), as indexed. */
export function triggerKindSql(dialect: 'sqlite' | 'postgres'): string {
  return dialect === 'sqlite' ? "substr(trigger, 1, instr(trigger, ' '))" : "substr(trigger, 1, strpos(trigger, ' '))";
}

/** The columns of a run's row, in runs and (a committed message's run) in message_runs. */
const runColumns = 'id, flow, revision, bundle_sha256, trigger, status, started_at, finished_at, steps, error, since, retry_of, parent, key_source, attempts';
const messageRunColumns = "run_id AS id, flow, revision, bundle_sha256, trigger, 'succeeded' AS status, started_at, finished_at, steps, NULL AS error, NULL AS since, NULL AS retry_of, NULL AS parent, NULL AS key_source, 1 AS attempts";

/**
 * The runs list's query, for SQLite (`?` parameters) and PostgreSQL (`$n`): each table's newest
 * matching page by its index, then the two merged. Committed message runs (all succeeded) are
 * looked at only when the status and trigger allow them.
 */
export function runSearchSql(query: RunQuery, dialect: 'sqlite' | 'postgres'): { sql: string; values: unknown[] } {
  const param = dialect === 'sqlite' ? () => '?' : (index: number) => `$${index}`;
  const values: unknown[] = [];
  const value = (given: unknown) => {
    values.push(given);
    return param(values.length);
  };
  const page = (table: string, columns: string, id: string, status: boolean) => {
    const conditions: string[] = [];
    if (query.flow !== undefined) conditions.push(`flow = ${value(query.flow)}`);
    if (status && query.status !== undefined) conditions.push(`status = ${value(query.status)}`);
    // The trigger's first word, as the runs_by_trigger index has it.
    if (query.trigger !== undefined) conditions.push(`${triggerKindSql(dialect)} = ${value(`${query.trigger} `)}`);
    if (query.from !== undefined) conditions.push(`started_at >= ${value(query.from)}`);
    if (query.to !== undefined) conditions.push(`started_at < ${value(query.to)}`);
    if (query.before !== undefined) conditions.push(`(started_at < ${value(query.before.startedAt)} OR (started_at = ${value(query.before.startedAt)} AND ${id} < ${value(query.before.id)}))`);
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    return `SELECT * FROM (SELECT ${columns} FROM ${table} ${where} ORDER BY started_at DESC, ${id} DESC LIMIT ${value(query.limit)}) AS ${table}_page`;
  };
  const pages = [page('runs', runColumns, 'id', true)];
  // Committed message runs all succeeded, and all have an event for their trigger.
  if ((query.status === undefined || query.status === 'succeeded') && (query.trigger === undefined || query.trigger === 'event')) pages.push(page('message_runs', messageRunColumns, 'run_id', false));
  return { sql: `${pages.join(' UNION ALL ')} ORDER BY started_at DESC, id DESC LIMIT ${value(query.limit)}`, values };
}

/** A failed record's row (SQLite and PostgreSQL alike). */
export interface FailureRow {
  step: string;
  record_index: number;
  error: string;
  record: string;
  call: string | null;
}

export function fromFailureRow(row: FailureRow): RecordFailure {
  return { step: row.step, index: row.record_index, error: row.error, record: JSON.parse(row.record), ...(row.call !== null && { call: JSON.parse(row.call) }) };
}
