import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Bundle } from '../src/compile/compile-bundle.js';
import { RunService } from '../src/engine/run-service.js';
import { openSqliteStores, type SqliteStores } from '../src/engine/stores/sqlite/sqlite-stores.js';
import { MemoryFlowDataStore } from '../src/engine/stores/memory-flow-data-store.js';
import { runFlow } from '../src/runtime/run-flow.js';
import { flowFile, resolveShapes, shapeBundle, startShapeApi, type ShapeApi } from './helpers/flow-shapes.js';

/** cache: put and get across runs and flows, in the engine's SQLite store; TTL by an injected clock; bounded. */
const test = suite('cache');

let api: ShapeApi;
let directory: string;
let bundle: Bundle;
let clock = new Date('2026-12-06T10:00:00.000Z');

test.before(async () => {
  api = await startShapeApi();
  bundle = await shapeBundle(api.port, {
    'customers.yaml': flowFile('customers', `    - id: remember
      cache: { put: { key: email, value: '{ "id": id, "tier": tier }', scope: project, name: customers, ttl: 7d, maxEntries: 3 } }
`),
    'orders.yaml': flowFile('orders', `    - id: customer
      cache: { get: { key: email, into: customer, scope: project, name: customers, missing: keep } }
    - id: push
      send: { instance: api, endpoint: push, input: { queue: orders } }
`),
    'strict.yaml': flowFile('strict', `    - id: customer
      cache: { get: { key: email, into: customer, scope: project, name: customers, missing: fail } }
    - id: push
      send: { instance: api, endpoint: push, input: { queue: strict } }
`),
    'run-scope.yaml': flowFile('run-scope', `    - id: first-seen
      cache: { put: { key: sku, value: price, scope: run } }
    - id: priced
      cache: { get: { key: sku, into: listPrice, scope: run, missing: drop } }
    - id: push
      send: { instance: api, endpoint: push, input: { queue: priced } }
`),
  });
});
test.after(() => api.close());
test.before.each(async () => {
  api.received = [];
  clock = new Date('2026-12-06T10:00:00.000Z');
  directory = await mkdtemp(path.join(os.tmpdir(), 'weft-cache-'));
});
test.after.each(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function open(): Promise<{ stores: SqliteStores; service: RunService }> {
  const stores = openSqliteStores(path.join(directory, 'state.db'), {});
  await stores.secrets.set('api/token', 'api-token');
  return { stores, service: new RunService({ stores, env: {}, now: () => clock }) };
}

const customers = [
  { id: 1, email: 'ann@example.com', tier: 'gold' },
  { id: 2, email: 'bob@example.com', tier: 'silver' },
];
const orders = [
  { order: 10, email: 'ann@example.com' },
  { order: 11, email: 'zed@example.com' },
];

test('one flow puts, another gets: entries survive a restart and expire by their TTL', async () => {
  let engine = await open();
  const put = await engine.service.run({ bundle, revision: null, flow: 'customers', trigger: 'test', passes: [{ records: customers }] });
  assert.is(put.status, 'succeeded', put.error);
  await engine.service.close();
  await engine.stores.close();

  engine = await open();
  clock = new Date(clock.getTime() + 6 * 86_400_000);
  await engine.service.run({ bundle, revision: null, flow: 'orders', trigger: 'test', passes: [{ records: orders }] });
  // missing: keep — the unknown customer goes on without the field.
  assert.equal(api.at('/orders'), [
    { order: 10, email: 'ann@example.com', customer: { id: 1, tier: 'gold' } },
    { order: 11, email: 'zed@example.com' },
  ]);

  api.received = [];
  const strict = await engine.service.run({ bundle, revision: null, flow: 'strict', trigger: 'test', passes: [{ records: orders }] });
  assert.is(strict.status, 'partial');
  assert.equal(strict.failures!.map((failure) => [failure.step, failure.error]), [['customer', "the cache has no entry for key 'zed@example.com'"]]);

  api.received = [];
  clock = new Date(clock.getTime() + 2 * 86_400_000);
  await engine.service.run({ bundle, revision: null, flow: 'orders', trigger: 'test', passes: [{ records: orders }] });
  assert.equal(api.at('/orders'), orders, 'after 8 days the 7d entries are gone');
  await engine.service.close();
  await engine.stores.close();
});

test('a full cache fails the records of the put with a clear error, and takes entries again once some expire', async () => {
  const { stores, service } = await open();
  await service.run({ bundle, revision: null, flow: 'customers', trigger: 'test', passes: [{ records: customers }] });
  const more = [{ id: 3, email: 'cy@example.com', tier: 'gold' }, { id: 4, email: 'di@example.com', tier: 'gold' }];
  const full = await service.run({ bundle, revision: null, flow: 'customers', trigger: 'test', passes: [{ records: more }] });
  assert.is(full.status, 'partial');
  assert.equal(full.failures!.map((failure) => failure.error), [0, 1].map(() => "cache 'project/customers' is full: it holds 3 entries that have not expired; raise the step's maxEntries or shorten its ttl"));
  // Replacing entries that exist is no growth.
  const again = await service.run({ bundle, revision: null, flow: 'customers', trigger: 'test', passes: [{ records: customers }] });
  assert.is(again.status, 'succeeded', again.error);
  clock = new Date(clock.getTime() + 8 * 86_400_000);
  const later = await service.run({ bundle, revision: null, flow: 'customers', trigger: 'test', passes: [{ records: more }] });
  assert.is(later.status, 'succeeded', later.error);
  await service.close();
  await stores.close();
});

test('a run-scoped cache is the run’s own; values an API echoed a secret into are stored redacted', async () => {
  const records = [{ sku: 'a', price: 5 }, { sku: 'b', price: 7 }, { sku: 'a', price: 6 }];
  const outcome = await runFlow('run-scope', { bundle, resolve: resolveShapes, run: { id: 'run-a', startedAt: clock.toISOString() }, passes: [{ records }] });
  assert.is(outcome.status, 'succeeded', outcome.error);
  // The chunk's puts happen before its gets: the last put of 'a' wins within the run.
  assert.equal(api.at('/priced').map((body) => (body as { listPrice: number }).listPrice), [6, 7, 6]);

  const { stores, service } = await open();
  await service.run({ bundle, revision: null, flow: 'customers', trigger: 'test', passes: [{ records: [{ id: 9, email: 'eve@example.com', tier: 'token api-token' }] }] });
  const stored = stores.database.db.prepare('SELECT value FROM cache_entries').all() as { value: string }[];
  assert.equal(stored.map((row) => JSON.parse(row.value)), [{ id: 9, tier: 'token [redacted]' }]);
  await service.close();
  await stores.close();
});

test('only secret values are redacted from what a cache keeps: an ${env:…} value or a variable in a record is data', async () => {
  const regional = await shapeBundle(api.port, {
    'flow.yaml': flowFile('regional', `    - id: remember\n      cache: { put: { key: id, value: '{ "region": $vars.region, "note": note }' } }\n    - id: push\n      send: { instance: api, endpoint: push, input: { queue: regional } }\n`, '  variables: { region: "${env:REGION}" }\n'),
  });
  const data = new MemoryFlowDataStore();
  const resolve = (placeholder: { source: string; name: string }) => (placeholder.name === 'REGION' ? 'london-01' : resolveShapes(placeholder));
  const outcome = await runFlow('regional', { bundle: regional, resolve, data, run: { id: 'run-r', startedAt: clock.toISOString() }, passes: [{ records: [{ id: 1, note: 'token api-token' }] }] });
  assert.is(outcome.status, 'succeeded', outcome.error);
  assert.equal((await data.cacheGet('flow/regional/default', ['1'], clock)).map((value) => JSON.parse(value!)), [{ region: 'london-01', note: 'token [redacted]' }]);
});

test.run();
