import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { seal, secretKey, unseal } from '../src/engine/secret-store.js';
import { makeTemporaryDirectory, removeTemporaryDirectory } from './helpers/run-weft.js';

/** The local engine's secret encryption: where its key comes from, and values sealed to their path. */
const test = suite('secret-store');

let directory = '';
test.before.each(async () => {
  directory = await makeTemporaryDirectory();
});
test.after.each(async () => {
  await removeTemporaryDirectory(directory);
});

const mode = (file: string) => statSync(file).mode & 0o777;

test('WEFT_SECRET_KEY: 32 bytes in base64 are the key; anything else is a passphrase stretched with scrypt; no key file is made', () => {
  const bytes = randomBytes(32);
  assert.equal(secretKey(directory, { WEFT_SECRET_KEY: bytes.toString('base64') }), bytes);
  const stretched = (passphrase: string) => scryptSync(passphrase, 'weft-secret-store', 32);
  assert.equal(secretKey(directory, { WEFT_SECRET_KEY: 'correct horse battery staple' }), stretched('correct horse battery staple'));
  // 31 and 33 bytes, and base64 that does not read back the same, are passphrases too.
  for (const passphrase of [randomBytes(31).toString('base64'), randomBytes(33).toString('base64'), bytes.toString('base64').replace(/=$/, '')]) {
    assert.equal(secretKey(directory, { WEFT_SECRET_KEY: passphrase }), stretched(passphrase), passphrase);
  }
  assert.not.ok(existsSync(path.join(directory, 'secret.key')));
});

test('without WEFT_SECRET_KEY: a key file is made on first use with mode 0600 (directory too), then read again', () => {
  const weft = path.join(directory, 'project', '.weft');
  const key = secretKey(weft, {});
  const file = path.join(weft, 'secret.key');
  assert.is(key.length, 32);
  assert.is(readFileSync(file, 'utf8'), `${key.toString('base64')}\n`);
  assert.is(mode(file), 0o600);
  assert.equal(secretKey(weft, {}), key);
  // An empty variable is no key.
  assert.equal(secretKey(weft, { WEFT_SECRET_KEY: '' }), key);
  // A file whose mode was opened up is closed again.
  chmodSync(file, 0o644);
  assert.equal(secretKey(weft, {}), key);
  assert.is(mode(file), 0o600);
});

test('a key file that does not hold 32 bytes in base64 is an error naming it', () => {
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, 'secret.key');
  writeFileSync(file, randomBytes(16).toString('base64'));
  assert.throws(() => secretKey(directory, {}), (error: Error) => error.message === `${file} does not hold a 32-byte key in base64; restore it from a backup, or set WEFT_SECRET_KEY to the key the secrets were stored with`);
});

test('a sealed value opens with its key and path only; every seal has its own nonce', () => {
  const key = randomBytes(32);
  const sealed = seal(key, 'shopify/uk/token', 'shpat_123 ünïcode');
  assert.is(sealed.nonce.length, 12);
  assert.is(sealed.tag.length, 16);
  assert.not.ok(sealed.ciphertext.includes(Buffer.from('shpat_123')));
  assert.is(unseal(key, 'shopify/uk/token', sealed), 'shpat_123 ünïcode');
  const again = seal(key, 'shopify/uk/token', 'shpat_123 ünïcode');
  assert.not.equal(again.nonce, sealed.nonce);
  assert.not.equal(again.ciphertext, sealed.ciphertext);
  // Moved to another path, under another key, or altered: it does not open (undefined; the store says which key it needs).
  assert.is(unseal(key, 'shopify/us/token', sealed), undefined);
  assert.is(unseal(randomBytes(32), 'shopify/uk/token', sealed), undefined);
  const flipped = Buffer.from(sealed.ciphertext);
  flipped[0] = flipped[0]! ^ 1;
  assert.is(unseal(key, 'shopify/uk/token', { ...sealed, ciphertext: flipped }), undefined);
  assert.is(unseal(key, 'a', seal(key, 'a', '')), '');
});

test.run();
