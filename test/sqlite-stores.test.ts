import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStores } from '../src/engine/stores/sqlite/sqlite-stores.js';
import { storeSuite } from './helpers/store-suite.js';
import { compileProject } from '../src/pipeline/compile-project.js';
import { computePlan } from '../src/plan/compute-plan.js';
import { singleAcme } from './helpers/single-acme.js';

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

test('a state read gives each resource its fields as they were read, or says the state changed since; a plan keeps what it deletes', async () => {
  const directory = await mkdtemp(path.join(tmpdir(), 'weft-stores-'));
  const file = path.join(directory, '.weft', 'state.db');
  try {
    const bundle = (await compileProject(singleAcme())).bundle!;
    const stores = openSqliteStores(file, {});
    await stores.state.apply(computePlan(bundle, await stores.state.read()), bundle, 'tester', { lockTimeoutMs: 0 });
    const read = await stores.state.read();
    const flow = bundle.resources.find((resource) => resource.kind === 'Flow')!;
    // Another process applies a changed flow: the state read before says so for that flow, and
    // gives the others' fields as they were (never a newer version's).
    const changed = { ...bundle, resources: bundle.resources.map((resource) => (resource === flow ? { ...resource, metadata: { ...resource.metadata, description: 'changed' }, sha256: 'e'.repeat(64) } : resource)) };
    const other = openSqliteStores(file, {});
    await other.state.apply(computePlan(changed, await other.state.read()), changed, 'other', { lockTimeoutMs: 0 });
    await other.close();
    const stale = read.resources.find((resource) => resource.name === flow.name)!;
    assert.throws(() => stale.spec, /state changed while it was read \(flow .+ was applied over\)/);
    const connector = read.resources.find((resource) => resource.kind === 'Connector')!;
    assert.equal(connector.spec, bundle.resources.find((resource) => resource.name === connector.name)!.spec);
    // A plan's deletes carry their fields, readable once the store is closed.
    const plan = computePlan({ ...bundle, resources: bundle.resources.filter((resource) => resource.kind !== 'Flow') }, await stores.state.read());
    await stores.close();
    const deleted = plan.actions.filter((action) => action.action === 'delete');
    assert.ok(deleted.length > 0);
    for (const action of deleted) if (action.action === 'delete') assert.ok(JSON.stringify(action.before.spec).length > 2, action.name);
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
