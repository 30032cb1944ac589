import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StateFileError } from './engine.js';

/**
 * The key that encrypts the local engine's secrets (AES-256-GCM): WEFT_SECRET_KEY (32 bytes in
 * base64, or any passphrase, stretched with scrypt), else .weft/secret.key, made on first use
 * with mode 0600.
 */
export function secretKey(weftDirectory: string, env: Readonly<Record<string, string | undefined>>): Buffer {
  const configured = env.WEFT_SECRET_KEY;
  if (configured) {
    const decoded = Buffer.from(configured, 'base64');
    return decoded.length === 32 && decoded.toString('base64') === configured ? decoded : scryptSync(configured, 'weft-secret-store', 32);
  }
  const file = path.join(weftDirectory, 'secret.key');
  let text: string;
  try {
    if (!existsSync(file)) {
      if (!existsSync(weftDirectory)) mkdirSync(weftDirectory, { recursive: true, mode: 0o700 });
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    }
    chmodSync(file, 0o600);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw error;
    throw new StateFileError(`cannot use ${file}: permission denied; weft needs to read and write ${weftDirectory}/ (chmod u+rwx ${weftDirectory}, as its owner), or set WEFT_SECRET_KEY`);
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new StateFileError(`${file} does not hold a 32-byte key in base64; restore it from a backup, or set WEFT_SECRET_KEY to the key the secrets were stored with`);
  return key;
}

/** Where the key of a state directory comes from, for messages. */
export function secretKeySource(weftDirectory: string, env: Readonly<Record<string, string | undefined>>): string {
  return env.WEFT_SECRET_KEY ? 'WEFT_SECRET_KEY' : path.join(weftDirectory, 'secret.key');
}

export interface SealedSecret {
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** Encrypts a value, bound to its path (the path is authenticated data: a row moved elsewhere fails). */
export function seal(key: Buffer, secretPath: string, value: string): SealedSecret {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(secretPath));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return { nonce, ciphertext, tag: cipher.getAuthTag() };
}

/** Decrypts a value; undefined when it does not authenticate (another key, or another path). */
export function unseal(key: Buffer, secretPath: string, sealed: SealedSecret): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce);
    decipher.setAAD(Buffer.from(secretPath));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
