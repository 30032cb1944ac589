import type { AuditEntry, OperationsStore, PausedFlow } from '../stores.js';
import { auditEntry, type AuditRow } from '../audit-rows.js';
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
