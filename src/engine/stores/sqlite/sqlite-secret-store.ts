import path from 'node:path';
import type { SecretStore } from '../stores.js';
import { StateFileError } from '../../engine.js';
import { seal, secretKey, secretKeySource, unseal, type SealedSecret } from '../../secret-store.js';
import type { SqliteDatabase } from './sqlite-database.js';

/**
 * Secrets in the engine's database, AES-256-GCM under WEFT_SECRET_KEY or a generated
 * .weft/secret.key (the path is authenticated data: a row moved to another path fails).
 */
export class SqliteSecretStore implements SecretStore {
  private key: Buffer | undefined;

  constructor(
    private readonly database: SqliteDatabase,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  async set(secretPath: string, value: string): Promise<void> {
    const sealed = seal(this.secretKey(), secretPath, value);
    this.database.write('durable', () =>
      this.database
        .statement(
          `INSERT INTO secrets (path, nonce, ciphertext, tag, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (path) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, tag = excluded.tag, updated_at = excluded.updated_at`,
        )
        .run(secretPath, sealed.nonce, sealed.ciphertext, sealed.tag, new Date().toISOString()),
    );
  }

  async remove(secretPath: string): Promise<boolean> {
    return this.database.write('durable', () => this.database.statement('DELETE FROM secrets WHERE path = ?').run(secretPath).changes > 0);
  }

  async paths(): Promise<string[]> {
    return this.pathsNow();
  }

  pathsNow(): string[] {
    return (this.database.statement('SELECT path FROM secrets ORDER BY path').all() as { path: string }[]).map((row) => row.path);
  }

  async read(secretPath: string): Promise<string | undefined> {
    return this.readNow(secretPath);
  }

  readNow(secretPath: string): string | undefined {
    const row = this.database.statement('SELECT nonce, ciphertext, tag FROM secrets WHERE path = ?').get(secretPath) as SealedSecret | undefined;
    if (!row) return undefined;
    const value = unseal(this.secretKey(), secretPath, row);
    if (value !== undefined) return value;
    const source = secretKeySource(path.dirname(this.database.file), this.env);
    throw new StateFileError(
      `cannot decrypt secret '${secretPath}' in ${this.database.file}: it was stored under another key than ${source}; ` +
        (this.env.WEFT_SECRET_KEY
          ? 'set WEFT_SECRET_KEY to the key it was stored with (or unset it if it was stored with .weft/secret.key)'
          : 'set WEFT_SECRET_KEY to the key it was stored with (or restore .weft/secret.key)') +
        `, or store it again: weft secret set ${secretPath} < file`,
    );
  }

  /** Changes whenever a secret is stored or removed (by any process): cached values are stale then. */
  async version(): Promise<string> {
    const row = this.database.statement('SELECT COUNT(*) AS count, COALESCE(MAX(updated_at), \'\') AS latest FROM secrets').get() as { count: number; latest: string };
    return `${row.count}/${row.latest}`;
  }

  /** The key, derived once (scrypt is deliberately slow). */
  private secretKey(): Buffer {
    this.key ??= secretKey(path.dirname(this.database.file), this.env);
    return this.key;
  }
}
