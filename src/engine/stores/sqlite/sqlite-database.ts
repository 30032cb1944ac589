import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { migrate } from './migrations.js';

/**
 * How a write must reach the disk. `durable`: synchronous=FULL, on disk when the commit returns
 * (applies, secrets, a webhook's accepted payload). `process`: synchronous=NORMAL in WAL mode —
 * it survives the engine process dying, which is what acknowledging a message or checkpointing
 * a run is about, without a sync to disk per commit; a power failure can lose the last ones
 * (a resumed run then repeats a few records, with the same idempotency keys).
 */
export type Durability = 'durable' | 'process';

/**
 * The one SQLite database the stores share (WAL): prepared statements compiled once, and writes
 * made in IMMEDIATE transactions at the durability each asks for. Nothing about SQLite leaves
 * the stores built on it.
 */
export class SqliteDatabase {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private synchronous: 'FULL' | 'NORMAL' = 'FULL';
  private busyMs = -1;

  /** The state directory when it existed already with access for others (mode & 077): the CLI warns. */
  readonly looseDirectory: { path: string; mode: number } | undefined;

  constructor(readonly file: string) {
    const directory = path.dirname(file);
    this.looseDirectory = createPrivateDirectory(directory);
    // The file made 0600 before SQLite opens it: SQLite gives its -wal and -shm the database's mode.
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
    restrict(file, 0o600);
    this.db = new Database(file, { timeout: 5000 });
    this.db.pragma('journal_mode = WAL');
    for (const companion of [`${file}-wal`, `${file}-shm`]) if (existsSync(companion)) restrict(companion, 0o600);
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    migrate(this.db, file);
  }

  /** A prepared statement, compiled once (event consumers and checkpoints write often). */
  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  /**
   * Runs `work` in one IMMEDIATE transaction, committed with the given durability. `busyMs`:
   * how long to wait for another process's write (an apply waits on a timer instead: 0).
   */
  write<T>(durability: Durability, work: () => T, busyMs = 5000): T {
    const synchronous = durability === 'durable' ? 'FULL' : 'NORMAL';
    if (synchronous !== this.synchronous) {
      this.db.pragma(`synchronous = ${synchronous}`);
      this.synchronous = synchronous;
    }
    if (busyMs !== this.busyMs) {
      this.db.pragma(`busy_timeout = ${busyMs}`);
      this.busyMs = busyMs;
    }
    return this.db.transaction(work).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Creates the state directory 0700 whatever the umask; one that exists is left as it is (its
 * owner may have reasons) and returned with its mode when others may read or enter it.
 */
export function createPrivateDirectory(directory: string): { path: string; mode: number } | undefined {
  if (existsSync(directory)) {
    const mode = statSync(directory).mode & 0o777;
    return mode & 0o077 ? { path: directory, mode } : undefined;
  }
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  restrict(directory, 0o700);
  return undefined;
}

/** chmod, where the file is ours to change (a read-only copy of someone else's state is still read). */
function restrict(file: string, mode: number): void {
  try {
    chmodSync(file, mode);
  } catch {
    // Not the owner: the permissions are whoever made the file's to set.
  }
}

/**
 * Group commit: the writes asked for in one turn of the event loop go into one transaction (one
 * sync to disk when durable), and each caller's promise settles when that transaction has.
 */
export class GroupCommit<T> {
  private pending: { item: T; settle: (error?: Error) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly database: SqliteDatabase,
    private readonly durability: Durability,
    private readonly writeOne: (item: T) => void,
  ) {}

  write(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, settle: (error) => (error ? reject(error) : resolve()) });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    try {
      this.database.write(this.durability, () => {
        for (const { item } of batch) this.writeOne(item);
      });
    } catch (error) {
      for (const entry of batch) entry.settle(error as Error);
      return;
    }
    for (const entry of batch) entry.settle();
  }
}

/** Whether an error is SQLite saying another connection holds the write lock. */
export function isBusy(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_BUSY';
}
