import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle } from '../../../compile/compile-bundle.js';
import type { DeployedResource, EngineState, Plan, PlanAction } from '../../../plan/plan.js';
import { EngineBusyError, EngineError, StaleStateError } from '../../engine.js';
import { byKind } from '../apply-order.js';
import type { Revision, RevisionSource, StateStore } from '../stores.js';
import { isBusy, type SqliteDatabase } from './sqlite-database.js';

/** How often an apply looks again for a lock another process holds. */
const lockPollMs = 50;

export interface SqliteStateStoreOptions {
  /** Test-only: pause this long inside the apply transaction, after half the writes (crash and race tests). */
  testDelayMs?: number;
}

/**
 * Deployed resources and revisions. An apply is one IMMEDIATE transaction: the revision is
 * checked inside the lock, so two applies of plans from one revision cannot both succeed; while
 * another process holds the lock, the apply waits on a timer (the event loop keeps serving).
 */
export class SqliteStateStore implements StateStore {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly options: SqliteStateStoreOptions = {},
  ) {}

  async read(): Promise<EngineState> {
    return this.readNow();
  }

  /**
   * The state, synchronously (the engine's own callers inside one turn). The resources' metadata
   * and spec are read when one of them is first asked for, all at once, as they were then (by
   * each resource's hash: a resource applied over since is an error, never another version's
   * fields): a plan with nothing to change reads none of the 10,000 specs of a big project, whose
   * bytes were most of reading the state, and a read of all of them (the admin API's) is one query.
   */
  readNow(): EngineState {
    const rows = this.database.statement('SELECT kind, name, sha256 FROM resources').all() as StateRow[];
    let fields: Map<string, StateRow & StateFields> | undefined;
    const fieldsOf = (row: StateRow): StateFields => {
      fields ??= new Map(
        (this.database.statement('SELECT kind, name, sha256, CAST(metadata AS BLOB) AS metadata, CAST(spec AS BLOB) AS spec FROM resources').all() as (StateRow & StateFields)[]).map((now) => [`${now.kind}\0${now.name}`, now]),
      );
      const now = fields.get(`${row.kind}\0${row.name}`);
      if (now?.sha256 !== row.sha256) throw new EngineError(`the engine's state changed while it was read (${row.kind.toLowerCase()} ${row.name} was applied over); read it again`);
      return now;
    };
    return {
      revision: this.revisionNow(),
      resources: rows.map((row) => deployedFrom(row, () => fieldsOf(row))),
    };
  }

  async revision(): Promise<number> {
    return this.revisionNow();
  }

  revisionNow(): number {
    return (this.database.statement('SELECT COALESCE(MAX(number), 0) AS number FROM revisions').get() as { number: number }).number;
  }

  async apply(plan: Plan, bundle: Bundle, user: string, options: { lockTimeoutMs: number; source?: RevisionSource }): Promise<Revision> {
    const deadline = Date.now() + Math.max(0, options.lockTimeoutMs);
    for (;;) {
      try {
        return this.applyOnce(plan, bundle, user, options.source);
      } catch (error) {
        if (!isBusy(error)) throw error;
        if (Date.now() >= deadline) throw new EngineBusyError(this.lockHolder());
        await new Promise((resolve) => setTimeout(resolve, Math.min(lockPollMs, Math.max(1, deadline - Date.now()))));
      }
    }
  }

  private applyOnce(plan: Plan, bundle: Bundle, user: string, source: RevisionSource | undefined): Revision {
    let holding = false;
    try {
      return this.database.write(
        'durable',
        (): Revision => {
          // Inside the lock: say who holds it, for an apply that finds it taken.
          writeFileSync(this.holderFile, JSON.stringify({ pid: process.pid, user, since: new Date().toISOString() }));
          holding = true;
          const current = this.revisionNow();
          if (current !== plan.stateRevision) throw new StaleStateError(plan.stateRevision, current);
          return this.writePlan(plan, bundle, user, current + 1, source);
        },
        0,
      );
    } finally {
      if (holding) rmSync(this.holderFile, { force: true });
    }
  }

  private writePlan(plan: Plan, bundle: Bundle, user: string, number: number, source: RevisionSource | undefined): Revision {
    const upsert = this.database.statement(
      `INSERT INTO resources (kind, name, sha256, metadata, spec, revision) VALUES (@kind, @name, @sha256, @metadata, @spec, @revision)
       ON CONFLICT (kind, name) DO UPDATE SET sha256 = excluded.sha256, metadata = excluded.metadata, spec = excluded.spec, revision = excluded.revision`,
    );
    const remove = this.database.statement('DELETE FROM resources WHERE kind = ? AND name = ?');
    const rename = this.database.statement('INSERT INTO renames (kind, old_name, new_name, revision) VALUES (?, ?, ?, ?)');
    const writes = plan.actions.filter((action) => action.action !== 'delete').sort(byKind(1));
    const deletes = plan.actions.filter((action) => action.action === 'delete').sort(byKind(-1));
    const testDelayMs = this.options.testDelayMs ?? 0;
    writes.forEach((action, index) => {
      if (testDelayMs > 0 && index === Math.floor(writes.length / 2)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, testDelayMs);
      const after = (action as Extract<PlanAction, { after: DeployedResource }>).after;
      if (action.action === 'update' && action.previousName) {
        remove.run(action.kind, action.previousName);
        rename.run(action.kind, action.previousName, action.name, number);
      }
      upsert.run({ kind: after.kind, name: after.name, sha256: after.sha256, metadata: JSON.stringify(after.metadata), spec: JSON.stringify(after.spec), revision: number });
    });
    for (const action of deletes) remove.run(action.kind, action.name);
    const revision: Revision = { number, createdAt: new Date().toISOString(), user, bundleSha256: bundle.sha256, summary: plan.summary, ...(source && { source }) };
    this.database
      .statement('INSERT INTO revisions (number, created_at, user, bundle_sha256, summary, bundle, source) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(number, revision.createdAt, user, bundle.sha256, JSON.stringify(plan.summary), JSON.stringify(bundle), source ? JSON.stringify(source) : null);
    return revision;
  }

  async revisions(): Promise<Revision[]> {
    const rows = this.database.statement('SELECT number, created_at, user, bundle_sha256, summary, source FROM revisions ORDER BY number').all() as {
      number: number;
      created_at: string;
      user: string;
      bundle_sha256: string;
      summary: string;
      source: string | null;
    }[];
    return rows.map((row) => ({
      number: row.number,
      createdAt: row.created_at,
      user: row.user,
      bundleSha256: row.bundle_sha256,
      summary: JSON.parse(row.summary),
      ...(row.source !== null && { source: JSON.parse(row.source) as RevisionSource }),
    }));
  }

  async revisionBundle(number: number): Promise<Bundle | undefined> {
    return this.revisionBundleNow(number);
  }

  revisionBundleNow(number: number): Bundle | undefined {
    const row = this.database.statement('SELECT bundle FROM revisions WHERE number = ?').get(number) as { bundle: string } | undefined;
    return row ? (JSON.parse(row.bundle) as Bundle) : undefined;
  }

  /** Who holds the apply lock, as the holder recorded it ('user (pid n) since t'), if anyone does. */
  lockHolder(): string | undefined {
    try {
      const holder = JSON.parse(readFileSync(this.holderFile, 'utf8')) as { pid: number; user: string; since: string };
      return `${holder.user} (pid ${holder.pid}) since ${holder.since}`;
    } catch {
      return undefined;
    }
  }

  private get holderFile(): string {
    return path.join(path.dirname(this.database.file), 'apply.holder');
  }
}

interface StateRow {
  kind: DeployedResource['kind'];
  name: string;
  sha256: string;
}

/** A row's fields: JSON, as UTF-8 bytes. */
interface StateFields {
  metadata: Uint8Array;
  spec: Uint8Array;
}

/**
 * A state row as a deployed resource whose metadata and spec are parsed when first read: a plan
 * compares hashes, and reads the fields only of what changed (10,000 specs parsed for a no-op
 * plan were a tenth of its time). Each is parsed once, then an ordinary property; `read`
 * gives the row's fields (both, when either is first read).
 */
function deployedFrom(row: StateRow, read: () => StateFields): DeployedResource {
  let fields: StateFields | undefined;
  const resource = { kind: row.kind, name: row.name, sha256: row.sha256 } as DeployedResource;
  for (const field of ['metadata', 'spec'] as const) {
    Object.defineProperty(resource, field, {
      enumerable: true,
      configurable: true,
      get() {
        const bytes = (fields ??= read())[field];
        const value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as Record<string, unknown>;
        Object.defineProperty(resource, field, { value, enumerable: true, writable: true, configurable: true });
        return value;
      },
      set(value: Record<string, unknown>) {
        Object.defineProperty(resource, field, { value, enumerable: true, writable: true, configurable: true });
      },
    });
  }
  return resource;
}
