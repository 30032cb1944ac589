import type { AuditEntry, OperationsStore, PausedFlow, StoredSession } from '../stores.js';
import { auditEntry, storedSession, type AuditRow, type SessionRow } from '../audit-rows.js';
import type { PgDatabase, Queryable } from './pg-database.js';

/** Paused flows and the audit log in PostgreSQL, seen by every process of the cluster. */
export class PgOperationsStore implements OperationsStore {
  constructor(private readonly database: PgDatabase) {}

  async paused(): Promise<PausedFlow[]> {
    const rows = (await this.database.query<{ flow: string; paused_by: string; paused_at: string }>('SELECT flow, paused_by, paused_at FROM paused_flows ORDER BY flow')).rows;
    return rows.map((row) => ({ flow: row.flow, by: row.paused_by, at: row.paused_at }));
  }

  async setPaused(flow: string, paused: boolean, actor: string, at: string): Promise<boolean> {
    return this.database.transaction(async (client) => {
      const changed = paused
        ? (await client.query('INSERT INTO paused_flows (flow, paused_by, paused_at) VALUES ($1, $2, $3) ON CONFLICT (flow) DO NOTHING', [flow, actor, at])).rowCount
        : (await client.query('DELETE FROM paused_flows WHERE flow = $1', [flow])).rowCount;
      if (changed === 0) return false;
      await insert(client, { at, actor, action: paused ? 'pause' : 'resume', flow });
      return true;
    });
  }

  async audit(entry: AuditEntry): Promise<void> {
    await insert(this.database, entry);
  }

  async createSession(session: StoredSession, max: number, idleBefore: number): Promise<void> {
    await this.database.transaction(async (client) => {
      await client.query('DELETE FROM ui_sessions WHERE last_seen < $1', [idleBefore]);
      await client.query('INSERT INTO ui_sessions (id_hash, role, created_at, last_seen) VALUES ($1, $2, $3, $4)', [session.idHash, session.role, session.createdAt, session.lastSeen]);
      // Per role: signing in read-only over and over ends only read-only sessions.
      await client.query('DELETE FROM ui_sessions WHERE id_hash IN (SELECT id_hash FROM ui_sessions WHERE role = $2 ORDER BY created_at DESC, id_hash OFFSET $1)', [max, session.role]);
    });
  }

  async session(idHash: string): Promise<StoredSession | undefined> {
    const row = (await this.database.query<SessionRow>('SELECT id_hash, role, created_at, last_seen FROM ui_sessions WHERE id_hash = $1', [idHash])).rows[0];
    return row && storedSession(row);
  }

  async touchSession(idHash: string, lastSeen: number): Promise<void> {
    await this.database.query('UPDATE ui_sessions SET last_seen = GREATEST(last_seen, $1) WHERE id_hash = $2', [lastSeen, idHash]);
  }

  async endSession(idHash: string): Promise<void> {
    await this.database.query('DELETE FROM ui_sessions WHERE id_hash = $1', [idHash]);
  }

  async auditLog(limit: number, flow?: string): Promise<AuditEntry[]> {
    const rows =
      flow === undefined
        ? await this.database.query<AuditRow>('SELECT at, actor, action, flow, run_id FROM audit_log ORDER BY position DESC LIMIT $1', [limit])
        : await this.database.query<AuditRow>('SELECT at, actor, action, flow, run_id FROM audit_log WHERE flow = $2 ORDER BY position DESC LIMIT $1', [limit, flow]);
    return rows.rows.map(auditEntry);
  }
}

async function insert(client: Queryable, entry: AuditEntry): Promise<void> {
  await client.query('INSERT INTO audit_log (at, actor, action, flow, run_id) VALUES ($1, $2, $3, $4, $5)', [entry.at, entry.actor, entry.action, entry.flow, entry.run ?? null]);
}
