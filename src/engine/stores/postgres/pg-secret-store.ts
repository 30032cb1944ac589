import { StateFileError } from '../../engine.js';
import { seal, secretKey, unseal, type SealedSecret } from '../../secret-store.js';
import type { SecretStore } from '../stores.js';
import { redactedUrl, type PgDatabase } from './pg-database.js';

/**
 * Secrets in PostgreSQL, sealed as the embedded engine seals them (AES-256-GCM, the path as
 * authenticated data) under WEFT_SECRET_KEY, which every process of the cluster must be given:
 * there is no key file to share. The database never sees a value.
 */
export class PgSecretStore implements SecretStore {
  private key: Buffer | undefined;

  constructor(
    private readonly database: PgDatabase,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  async set(secretPath: string, value: string): Promise<void> {
    const sealed = seal(this.secretKey(), secretPath, value);
    await this.database.transaction(async (client) => {
      await client.query(
        `INSERT INTO secrets (path, nonce, ciphertext, tag, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (path) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, tag = excluded.tag, updated_at = excluded.updated_at`,
        [secretPath, sealed.nonce, sealed.ciphertext, sealed.tag, new Date().toISOString()],
      );
      await client.query("SELECT nextval('secrets_version')");
    });
  }

  async remove(secretPath: string): Promise<boolean> {
    return this.database.transaction(async (client) => {
      const removed = ((await client.query('DELETE FROM secrets WHERE path = $1', [secretPath])).rowCount ?? 0) > 0;
      if (removed) await client.query("SELECT nextval('secrets_version')");
      return removed;
    });
  }

  async paths(): Promise<string[]> {
    return (await this.database.query<{ path: string }>('SELECT path FROM secrets ORDER BY path')).rows.map((row) => row.path);
  }

  async read(secretPath: string): Promise<string | undefined> {
    const row = (await this.database.query<SealedSecret>('SELECT nonce, ciphertext, tag FROM secrets WHERE path = $1', [secretPath])).rows[0];
    if (!row) return undefined;
    const value = unseal(this.secretKey(), secretPath, row);
    if (value !== undefined) return value;
    throw new StateFileError(
      `cannot decrypt secret '${secretPath}' in ${redactedUrl(this.database.url)}: it was stored under another WEFT_SECRET_KEY; set WEFT_SECRET_KEY to the key it was stored with, or store it again: weft secret set ${secretPath} < file`,
    );
  }

  /** A counter every store and removal moves (a sequence: every process sees the latest). */
  async version(): Promise<string> {
    return String((await this.database.query<{ last_value: string; is_called: boolean }>('SELECT last_value, is_called FROM secrets_version')).rows.map((row) => (row.is_called ? row.last_value : '0'))[0]);
  }

  private secretKey(): Buffer {
    if (!this.env.WEFT_SECRET_KEY) {
      throw new StateFileError('the PostgreSQL engine keeps secrets encrypted under WEFT_SECRET_KEY, which is not set: give every weft process of the cluster the same WEFT_SECRET_KEY (32 bytes in base64, or a passphrase)');
    }
    // With the variable set no key file is read or made: the directory is never used.
    this.key ??= secretKey('', this.env);
    return this.key;
  }
}
