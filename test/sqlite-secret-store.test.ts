import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StateFileError } from '../src/engine/engine.js';
import { openSqliteStores, type SqliteStores } from '../src/engine/stores/sqlite/sqlite-stores.js';

/** Secrets in a real state file: stored, listed, read, removed, versioned; read under the wrong key. */
const test = suite('sqlite-secret-store');

let directory: string;
let file: string;
const opened: SqliteStores[] = [];
const open = (env: Record<string, string | undefined>) => {
  const stores = openSqliteStores(file, env);
  opened.push(stores);
  return stores;
};

test.before.each(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'weft-secrets-'));
  file = path.join(directory, '.weft', 'state.db');
});
test.after.each(async () => {
  for (const stores of opened.splice(0)) await stores.close();
  await rm(directory, { recursive: true, force: true });
});

test('secrets are stored, listed by path, read back, replaced and removed; the version changes with each change', async () => {
  const { secrets } = open({ WEFT_SECRET_KEY: 'a passphrase' });
  const versions = [await secrets.version()];
  assert.is(versions[0], '0/');
  assert.is(await secrets.read('shop/token'), undefined);
  await secrets.set('shop/token', 'shpat_1');
  await secrets.set('erp/secret', '');
  versions.push(await secrets.version());
  assert.equal(await secrets.paths(), ['erp/secret', 'shop/token']);
  assert.is(await secrets.read('shop/token'), 'shpat_1');
  assert.is(await secrets.read('erp/secret'), '');
  await new Promise((resolve) => setTimeout(resolve, 2));
  await secrets.set('shop/token', 'shpat_2');
  versions.push(await secrets.version());
  assert.is(await secrets.read('shop/token'), 'shpat_2');
  assert.is(await secrets.remove('erp/secret'), true);
  assert.is(await secrets.remove('erp/secret'), false);
  assert.is(await secrets.remove('never/stored'), false);
  versions.push(await secrets.version());
  assert.equal(await secrets.paths(), ['shop/token']);
  assert.is(new Set(versions).size, 4, versions.join(' '));
  assert.match(versions[1]!, /^2\/\d{4}-\d\d-\d\dT/);
  assert.match(versions[3]!, /^1\//);
  // Without WEFT_SECRET_KEY nothing made a key file.
  assert.not.ok(existsSync(path.join(directory, '.weft', 'secret.key')));
});

test('without WEFT_SECRET_KEY a key file is made beside the state and used by the next process', async () => {
  const first = open({});
  await first.secrets.set('shop/token', 'shpat_1');
  assert.ok(existsSync(path.join(directory, '.weft', 'secret.key')));
  await first.close();
  assert.is(await open({}).secrets.read('shop/token'), 'shpat_1');
});

test('a secret stored under another key is refused naming the secret, the file and the key to set', async () => {
  await open({ WEFT_SECRET_KEY: 'the first key' }).secrets.set('shop/token', 'shpat_1');
  const refusal = async (env: Record<string, string | undefined>) => {
    try {
      await open(env).secrets.read('shop/token');
    } catch (error) {
      assert.instance(error, StateFileError);
      return (error as Error).message;
    }
    return assert.unreachable('read under another key');
  };
  assert.is(
    await refusal({ WEFT_SECRET_KEY: 'another key' }),
    `cannot decrypt secret 'shop/token' in ${file}: it was stored under another key than WEFT_SECRET_KEY; set WEFT_SECRET_KEY to the key it was stored with (or unset it if it was stored with .weft/secret.key), or store it again: weft secret set shop/token < file`,
  );
  assert.is(
    await refusal({}),
    `cannot decrypt secret 'shop/token' in ${file}: it was stored under another key than ${path.join(directory, '.weft', 'secret.key')}; set WEFT_SECRET_KEY to the key it was stored with (or restore .weft/secret.key), or store it again: weft secret set shop/token < file`,
  );
});

test.run();
