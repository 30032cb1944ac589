import type { RunRecord } from './stores.js';

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
