import type { AuditEntry, OperationsStore, PausedFlow, StoredSession } from '../stores.js';
import { auditEntry, storedSession, type AuditRow, type SessionRow } from '../audit-rows.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Paused flows and the audit log in the state file. */
export class SqliteOperationsStore implements OperationsStore {
  constructor(private readonly database: SqliteDatabase) {}

  async paused(): Promise<PausedFlow[]> {
    const rows = this.database.statement('SELECT flow, paused_by, paused_at FROM paused_flows ORDER BY flow').all() as { flow: string; paused_by: string; paused_at: string }[];
    return rows.map((row) => ({ flow: row.flow, by: row.paused_by, at: row.paused_at }));
  }

  async setPaused(flow: string, paused: boolean, actor: string, at: string): Promise<boolean> {
    return this.database.write('durable', () => {
      const changed = paused
        ? this.database.statement('INSERT OR IGNORE INTO paused_flows (flow, paused_by, paused_at) VALUES (?, ?, ?)').run(flow, actor, at).changes
        : this.database.statement('DELETE FROM paused_flows WHERE flow = ?').run(flow).changes;
      if (changed === 0) return false;
      this.insert({ at, actor, action: paused ? 'pause' : 'resume', flow });
      return true;
    });
  }

  async audit(entry: AuditEntry): Promise<void> {
    this.database.write('durable', () => this.insert(entry));
  }

  async auditLog(limit: number, flow?: string): Promise<AuditEntry[]> {
    const rows = (
      flow === undefined
        ? this.database.statement('SELECT at, actor, action, flow, run_id FROM audit_log ORDER BY position DESC LIMIT ?').all(limit)
        : this.database.statement('SELECT at, actor, action, flow, run_id FROM audit_log WHERE flow = ? ORDER BY position DESC LIMIT ?').all(flow, limit)
    ) as AuditRow[];
    return rows.map(auditEntry);
  }

  async createSession(session: StoredSession, max: number, idleBefore: number): Promise<void> {
    this.database.write('process', () => {
      this.database.statement('DELETE FROM ui_sessions WHERE last_seen < ?').run(idleBefore);
      this.database.statement('INSERT INTO ui_sessions (id_hash, role, created_at, last_seen) VALUES (?, ?, ?, ?)').run(session.idHash, session.role, session.createdAt, session.lastSeen);
      // Per role: signing in read-only over and over ends only read-only sessions.
      this.database.statement('DELETE FROM ui_sessions WHERE id_hash IN (SELECT id_hash FROM ui_sessions WHERE role = ? ORDER BY created_at DESC, id_hash LIMIT -1 OFFSET ?)').run(session.role, max);
    });
  }

  async session(idHash: string): Promise<StoredSession | undefined> {
    const row = this.database.statement('SELECT id_hash, role, created_at, last_seen FROM ui_sessions WHERE id_hash = ?').get(idHash) as SessionRow | undefined;
    return row && storedSession(row);
  }

  async touchSession(idHash: string, lastSeen: number): Promise<void> {
    this.database.write('process', () => this.database.statement('UPDATE ui_sessions SET last_seen = MAX(last_seen, ?) WHERE id_hash = ?').run(lastSeen, idHash));
  }

  async endSession(idHash: string): Promise<void> {
    this.database.write('process', () => this.database.statement('DELETE FROM ui_sessions WHERE id_hash = ?').run(idHash));
  }

  private insert(entry: AuditEntry): void {
    this.database.statement('INSERT INTO audit_log (at, actor, action, flow, run_id) VALUES (?, ?, ?, ?, ?)').run(entry.at, entry.actor, entry.action, entry.flow, entry.run ?? null);
  }
}
