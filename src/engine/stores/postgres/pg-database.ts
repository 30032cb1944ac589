import pg from 'pg';
import { StateFileError } from '../../engine.js';
import { pgMigrations } from './pg-migrations.js';

/** Anything queries run on: the database's pool, or one client inside a transaction. */
export interface Queryable {
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<pg.QueryResult<Row>>;
}

export interface PgDatabaseOptions {
  max?: number;
  applicationName?: string;
  /** How long the server lets a session sit idle inside a transaction before it ends it (at least a second). */
  idleInTransactionMs?: number;
}

/** PostgreSQL's largest timeout setting (milliseconds, a 32-bit integer): a longer lease is this. */
const maxTimeoutMs = 2_147_483_647;

/** The advisory lock key migrations run under: one process migrates, the others wait and find it done. */
const migrationLock = 0x77656674; // 'weft'

/**
 * The PostgreSQL database the stores of an engine cluster share: a connection pool, migrations
 * applied once under an advisory lock (every process of a cluster may start at once), and
 * transactions. Nothing about PostgreSQL leaves the stores built on it.
 */
export class PgDatabase {
  readonly pool: pg.Pool;
  /** What begins a transaction: BEGIN, and the idle-in-transaction timeout for it, in one round trip. */
  private readonly begin: string;

  private constructor(
    readonly url: string,
    options: PgDatabaseOptions,
  ) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 20,
      application_name: options.applicationName ?? 'weft',
      idleTimeoutMillis: 10_000,
    });
    // A process frozen inside a transaction (stopped, swapped out, cut off) would hold its locks
    // until its connection is found dead, minutes or hours later, and every process of the
    // cluster that needs those rows would wait as long: the server ends such a session instead.
    // Our transactions never wait on anything but their own statements. SET LOCAL, for each
    // transaction: not a setting of the session, which a pooler such as PgBouncer (in transaction
    // mode) would carry over to other clients, nor a startup parameter, which it refuses.
    this.begin =
      options.idleInTransactionMs === undefined ? 'BEGIN' : `BEGIN; SET LOCAL idle_in_transaction_session_timeout = ${Math.min(maxTimeoutMs, Math.max(1000, Math.round(options.idleInTransactionMs)))}`;
    // An idle client whose server went away must not take the process down: the next query reports it.
    this.pool.on('error', () => undefined);
  }

  /** Connects, and brings the database to the newest schema (refusing one written by a newer weft). */
  static async open(url: string, options: PgDatabaseOptions = {}): Promise<PgDatabase> {
    const database = new PgDatabase(url, options);
    try {
      await database.migrate();
    } catch (error) {
      await database.pool.end().catch(() => undefined);
      throw databaseError(error, url);
    }
    return database;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [migrationLock]);
      try {
        await client.query('CREATE TABLE IF NOT EXISTS weft_schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
        const applied = Number((await client.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM weft_schema_migrations')).rows[0]!.version);
        if (applied > pgMigrations.length) {
          throw new StateFileError(`${redactedUrl(this.url)} was written by a newer weft (schema version ${applied}, this one knows ${pgMigrations.length}); upgrade weft`);
        }
        for (let next = applied + 1; next <= pgMigrations.length; next++) {
          await client.query('BEGIN');
          try {
            await client.query(pgMigrations[next - 1]!);
            await client.query('INSERT INTO weft_schema_migrations (version, applied_at) VALUES ($1, $2)', [next, new Date().toISOString()]);
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw error;
          }
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [migrationLock]).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }

  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<pg.QueryResult<Row>> {
    return this.pool.query<Row>(sql, values);
  }

  /** Runs `work` in one transaction on one client: committed when it returns, rolled back when it throws. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // The server ending the session between two statements (the idle-in-transaction timeout after
    // the process was frozen, a restart) is an error event with no query to fail: unheard, it
    // would end the process. The transaction's next statement fails instead, with the server's
    // reason, and the client is thrown away rather than handed back to the pool.
    let lost: Error | undefined;
    const onError = (error: Error) => (lost ??= error);
    client.on('error', onError);
    try {
      // Inside: a BEGIN whose SET then fails leaves the session in an aborted transaction, rolled back here.
      await client.query(this.begin);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      // Why the session ended (the server's own words), rather than that the client cannot be used.
      throw lost ?? error;
    } finally {
      client.off('error', onError);
      client.release(lost);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** A connection URL without its password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the PostgreSQL URL';
  }
}

/** Why a database cannot be used, naming it (without its password) and what to do. */
function databaseError(error: unknown, url: string): Error {
  if (error instanceof StateFileError) return error;
  const code = (error as { code?: string }).code;
  const message = (error as Error).message;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') return new StateFileError(`cannot reach PostgreSQL at ${redactedUrl(url)} (${code}); is the server running, and is the URL right?`);
  if (code === '28P01' || code === '28000') return new StateFileError(`PostgreSQL at ${redactedUrl(url)} refused the login: ${message}`);
  if (code === '3D000') return new StateFileError(`PostgreSQL at ${redactedUrl(url)}: ${message} (create it first: createdb)`);
  return new StateFileError(`cannot use PostgreSQL at ${redactedUrl(url)}: ${message}`);
}
