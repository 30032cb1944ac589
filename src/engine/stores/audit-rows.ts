import type { AuditEntry, StoredSession } from './stores.js';

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


/** A dashboard session's row (PostgreSQL gives BIGINT columns as strings). */
export interface SessionRow {
  id_hash: string;
  role: StoredSession['role'];
  created_at: number | string;
  last_seen: number | string;
}

export const storedSession = (row: SessionRow): StoredSession => ({ idHash: row.id_hash, role: row.role, createdAt: Number(row.created_at), lastSeen: Number(row.last_seen) });
