import type { AuditEntry } from './stores.js';

/** An audit log entry's row (SQLite and PostgreSQL alike). */
export interface AuditRow {
  at: string;
  actor: string;
  action: AuditEntry['action'];
  flow: string;
  run_id: string | null;
}

/** An audit row as the entry it records. */
export const auditEntry = (row: AuditRow): AuditEntry => ({ at: row.at, actor: row.actor, action: row.action, flow: row.flow, ...(row.run_id !== null && { run: row.run_id }) });

