import type pg from 'pg';
import type { Bundle } from '../../../compile/compile-bundle.js';
import type { DeployedResource, EngineState, Plan, PlanAction } from '../../../plan/plan.js';
import { EngineBusyError, StaleStateError } from '../../engine.js';
import { byKind } from '../apply-order.js';
import type { Revision, RevisionSource, StateStore } from '../stores.js';
import type { PgDatabase } from './pg-database.js';

/** The advisory lock key applies take (transaction-scoped: a crashed apply's lock goes with its connection). */
const applyLock = 0x6170706c; // 'appl'

export interface PgStateStoreOptions {
  /** Test-only: pause this long inside the apply transaction, after half the writes (crash and race tests). */
  testDelayMs?: number;
}

/**
 * Deployed resources and revisions in PostgreSQL. An apply is one transaction holding an
 * advisory lock: the revision is checked inside it, so of two applies of plans made from one
 * revision only the first succeeds, whichever processes or machines they run on. An apply that
 * finds the lock held waits up to its timeout, then names the holder (user, pid, since when).
 */
export class PgStateStore implements StateStore {
  constructor(
    private readonly database: PgDatabase,
    private readonly options: PgStateStoreOptions = {},
  ) {}

  async read(): Promise<EngineState> {
    const [rows, revision] = await Promise.all([
      this.database.query<{ kind: DeployedResource['kind']; name: string; sha256: string; metadata: string; spec: string }>('SELECT kind, name, sha256, metadata, spec FROM resources ORDER BY kind, name'),
      this.revision(),
    ]);
    return { revision, resources: rows.rows.map((row) => ({ kind: row.kind, name: row.name, sha256: row.sha256, metadata: JSON.parse(row.metadata), spec: JSON.parse(row.spec) })) };
  }

  async revision(): Promise<number> {
    return Number((await this.database.query<{ number: number }>('SELECT COALESCE(MAX(number), 0) AS number FROM revisions')).rows[0]!.number);
  }

  async apply(plan: Plan, bundle: Bundle, user: string, options: { lockTimeoutMs: number; source?: RevisionSource }): Promise<Revision> {
    return this.database.transaction(async (client) => {
      const timeout = Math.max(0, Math.round(options.lockTimeoutMs));
      if (timeout === 0) {
        const taken = (await client.query<{ taken: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS taken', [applyLock])).rows[0]!.taken;
        if (!taken) throw new EngineBusyError(await this.lockHolder());
      } else {
        await client.query(`SET LOCAL lock_timeout = ${timeout}`);
        try {
          await client.query('SELECT pg_advisory_xact_lock($1)', [applyLock]);
        } catch (error) {
          if ((error as { code?: string }).code === '55P03') throw new EngineBusyError(await this.lockHolder());
          throw error;
        }
        await client.query('SET LOCAL lock_timeout = 0');
      }
      // Inside the lock: say who holds it, for an apply that finds it taken.
      await client.query(`SELECT set_config('application_name', $1, true)`, [`weft apply by ${user} (pid ${process.pid}) since ${new Date().toISOString()}`.slice(0, 63)]);
      const current = Number((await client.query<{ number: number }>('SELECT COALESCE(MAX(number), 0) AS number FROM revisions')).rows[0]!.number);
      if (current !== plan.stateRevision) throw new StaleStateError(plan.stateRevision, current);
      return this.writePlan(client, plan, bundle, user, current + 1, options.source);
    });
  }

  private async writePlan(client: pg.PoolClient, plan: Plan, bundle: Bundle, user: string, number: number, source: RevisionSource | undefined): Promise<Revision> {
    const writes = plan.actions.filter((action) => action.action !== 'delete').sort(byKind(1));
    const deletes = plan.actions.filter((action) => action.action === 'delete').sort(byKind(-1));
    const testDelayMs = this.options.testDelayMs ?? 0;
    for (const [index, action] of writes.entries()) {
      if (testDelayMs > 0 && index === Math.floor(writes.length / 2)) await client.query('SELECT pg_sleep($1)', [testDelayMs / 1000]);
      const after = (action as Extract<PlanAction, { after: DeployedResource }>).after;
      if (action.action === 'update' && action.previousName) {
        await client.query('DELETE FROM resources WHERE kind = $1 AND name = $2', [action.kind, action.previousName]);
        await client.query('INSERT INTO renames (kind, old_name, new_name, revision) VALUES ($1, $2, $3, $4)', [action.kind, action.previousName, action.name, number]);
      }
      await client.query(
        `INSERT INTO resources (kind, name, sha256, metadata, spec, revision) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (kind, name) DO UPDATE SET sha256 = excluded.sha256, metadata = excluded.metadata, spec = excluded.spec, revision = excluded.revision`,
        [after.kind, after.name, after.sha256, JSON.stringify(after.metadata), JSON.stringify(after.spec), number],
      );
    }
    for (const action of deletes) await client.query('DELETE FROM resources WHERE kind = $1 AND name = $2', [action.kind, action.name]);
    const revision: Revision = { number, createdAt: new Date().toISOString(), user, bundleSha256: bundle.sha256, summary: plan.summary, ...(source && { source }) };
    await client.query('INSERT INTO revisions (number, created_at, "user", bundle_sha256, summary, bundle, source) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      number,
      revision.createdAt,
      user,
      bundle.sha256,
      JSON.stringify(plan.summary),
      JSON.stringify(bundle),
      source ? JSON.stringify(source) : null,
    ]);
    return revision;
  }

  async revisions(): Promise<Revision[]> {
    const rows = await this.database.query<{ number: number; created_at: string; user: string; bundle_sha256: string; summary: string; source: string | null }>(
      'SELECT number, created_at, "user", bundle_sha256, summary, source FROM revisions ORDER BY number',
    );
    return rows.rows.map((row) => ({
      number: row.number,
      createdAt: row.created_at,
      user: row.user,
      bundleSha256: row.bundle_sha256,
      summary: JSON.parse(row.summary),
      ...(row.source !== null && { source: JSON.parse(row.source) as RevisionSource }),
    }));
  }

  async revisionBundle(number: number): Promise<Bundle | undefined> {
    const row = (await this.database.query<{ bundle: string }>('SELECT bundle FROM revisions WHERE number = $1', [number])).rows[0];
    return row ? (JSON.parse(row.bundle) as Bundle) : undefined;
  }

  /** Who holds the apply lock, as its connection says ('user (pid n) since t'), if anyone does. */
  async lockHolder(): Promise<string | undefined> {
    const row = (
      await this.database.query<{ application_name: string }>(
        `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [applyLock],
      )
    ).rows[0];
    const match = row && /^weft apply by (.*)$/.exec(row.application_name);
    return match ? match[1] : undefined;
  }
}
