import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStores } from '../src/engine/stores/sqlite/sqlite-stores.js';
import { storeSuite } from './helpers/store-suite.js';

/** The SQLite stores over one real database file. */
const test = suite('sqlite-stores');

test('the stores share one database file, made on first use; close() closes it', async () => {
  const directory = await mkdtemp(path.join(tmpdir(), 'weft-stores-'));
  try {
    const file = path.join(directory, '.weft', 'state.db');
    const stores = openSqliteStores(file, { WEFT_SECRET_KEY: 'a passphrase' });
    assert.is(stores.database.file, file);
    assert.is(stores.flowState, stores.runs);
    await stores.secrets.set('api/token', 'value');
    assert.is(await stores.state.revision(), 0);
    await stores.close();
    assert.is(stores.database.db.open, false);
    // Another process (here: another opening) finds what was stored.
    const again = openSqliteStores(file, { WEFT_SECRET_KEY: 'a passphrase' });
    assert.is(await again.secrets.read('api/token'), 'value');
    await again.close();
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test.run();

// The engine's store suite, on a new database file for each test (as pg-stores.test.ts runs it on PostgreSQL).
storeSuite('sqlite', async () => {
  const directory = await mkdtemp(path.join(tmpdir(), 'weft-store-suite-'));
  return { where: `sqlite:${path.join(directory, '.weft', 'state.db')}`, drop: () => rm(directory, { recursive: true, force: true }) };
}).run();
