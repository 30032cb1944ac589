import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { StateFileError } from '../../engine.js';
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
    // Checked before anything is written: a state file we cannot use is left byte for byte as it was.
    checkStateFile(file);
    let db: Database.Database | undefined;
    try {
      this.looseDirectory = createPrivateDirectory(directory);
      // The file made 0600 before SQLite opens it: SQLite gives its -wal and -shm the database's mode.
      if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
      restrict(file, 0o600);
      db = new Database(file, { timeout: 5000 });
      refuseForeign(db, file);
      db.pragma('journal_mode = WAL');
      for (const companion of [`${file}-wal`, `${file}-shm`]) if (existsSync(companion)) restrict(companion, 0o600);
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrate(db, file);
    } catch (error) {
      if (db?.open) db.close();
      throw stateFileError(error, file);
    }
    this.db = db;
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

const sqliteHeader = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Refuses a state file that is not whole before SQLite touches it: an empty one where a
 * secret key or write-ahead log says there was a state (a new engine would hide its secrets),
 * one that is not SQLite, and one shorter than its header says (truncated).
 */
function checkStateFile(file: string): void {
  if (!existsSync(file)) return;
  const size = statSync(file).size;
  const directory = path.dirname(file);
  if (size === 0) {
    const companion = [path.join(directory, 'secret.key'), `${file}-wal`].find((other) => existsSync(other));
    if (companion) {
      throw new StateFileError(
        `${file} is empty, but ${companion} beside it says there was a state here; restore ${path.basename(file)} from a backup, or remove it to start a new engine (its revisions, runs and secrets are lost)`,
      );
    }
    return;
  }
  // Another process's checkpoint writes the header (with the new page count) before the pages
  // that grow the file: shorter than the header says for a moment is that, not truncation. The
  // file is looked at again a few times before it is called damaged.
  for (let attempt = 1; ; attempt++) {
    const { header, read, size: now } = readHeader(file);
    if (read < 100 || !header.subarray(0, 16).equals(sqliteHeader)) throw notWeftState(file, 'it is not an SQLite database');
    // Offsets 16 (page size, 1 meaning 65536) and 28 (pages), valid while 92 matches 24 (SQLite's file format).
    const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
    const pages = header.readUInt32BE(28);
    if (!(pages > 0 && header.readUInt32BE(92) === header.readUInt32BE(24) && now < pageSize * pages)) return;
    if (attempt === 5) throw damaged(file, `it is ${now} bytes, but its header says ${pageSize * pages}: it was truncated`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

/** The first 100 bytes of a state file, and its size as the same descriptor sees it after reading them. */
function readHeader(file: string): { header: Buffer; read: number; size: number } {
  const header = Buffer.alloc(100);
  try {
    const descriptor = openSync(file, 'r');
    try {
      const read = readSync(descriptor, header, 0, 100, 0);
      return { header, read, size: fstatSync(descriptor).size };
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    throw stateFileError(error, file);
  }
}

/** An SQLite database with tables but not ours (no schema_migrations) is another program's. */
function refuseForeign(db: Database.Database, file: string): void {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name);
  if (tables.length > 0 && !tables.includes('schema_migrations')) {
    throw notWeftState(file, `it is an SQLite database without weft's tables (it has ${tables.slice(0, 3).map((name) => `'${name}'`).join(', ')}${tables.length > 3 ? ', …' : ''})`);
  }
}

function notWeftState(file: string, why: string): StateFileError {
  return new StateFileError(`${file} is not a weft state database: ${why}; move it away (weft creates a new state where there is none), or restore the engine's state.db from a backup`);
}

function damaged(file: string, why: string): StateFileError {
  return new StateFileError(`${file} is damaged: ${why}; restore it from a backup (weft leaves it as it is)`);
}

/** The error to report for a failure opening the state: a StateFileError where it is the file's fault. */
function stateFileError(error: unknown, file: string): unknown {
  if (error instanceof StateFileError) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  const message = (error as Error).message;
  if (code === 'SQLITE_NOTADB') return notWeftState(file, 'it is not an SQLite database');
  const native = nativeModuleProblem(message);
  if (native) return new StateFileError(native);
  if (code.startsWith('SQLITE_CORRUPT')) return damaged(file, message);
  if (['EACCES', 'EPERM', 'EROFS'].includes(code) || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
    return new StateFileError(
      `cannot write ${file}: ${code === 'EROFS' ? 'the file system is read-only' : 'permission denied'}; weft needs to write ${path.dirname(file)}/ and the files in it (chmod u+rwx ${path.dirname(file)}, as their owner)`,
    );
  }
  return error;
}

/**
 * What to do when better-sqlite3's compiled part cannot be loaded: built for another Node.js
 * (after upgrading Node, or with node_modules copied between machines), or never built (its
 * install script was skipped or failed). Undefined for any other error.
 */
export function nativeModuleProblem(message: string | undefined): string | undefined {
  if (!message || !/NODE_MODULE_VERSION|Could not locate the bindings file|better_sqlite3\.node|invalid ELF header|wrong ELF class/.test(message)) return undefined;
  const why = /NODE_MODULE_VERSION/.test(message) ? 'was built for another version of Node.js' : 'is not built';
  return (
    `the SQLite module weft keeps its state with (better-sqlite3) ${why}: this is Node.js ${process.version} (modules ABI ${process.versions.modules}). ` +
    'Run `npm rebuild better-sqlite3` in the folder weft is installed in (with npm 11.16 or later, approve its install script first: `npm approve-scripts better-sqlite3`); ' +
    'it uses a prebuilt binary where one exists for this Node.js and platform, and otherwise compiles it (about a minute; needs python3, make and a C++ compiler)'
  );
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
