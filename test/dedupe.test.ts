import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Bundle } from '../src/compile/compile-bundle.js';
import { RunService } from '../src/engine/run-service.js';
import { openSqliteStores, type SqliteStores } from '../src/engine/stores/sqlite/sqlite-stores.js';
import { flowFile, shapeBundle, startShapeApi, type ShapeApi } from './helpers/flow-shapes.js';

/** dedupe: keys kept in the engine's SQLite store, across runs, concurrent runs, restarts and windows. */
const test = suite('dedupe');

let api: ShapeApi;
let directory: string;
let bundle: Bundle;
let clock = new Date('2026-12-06T10:00:00.000Z');

const steps = `    - id: once
      dedupe: { key: "'order-' & $string(id)", window: 90d }
    - id: push
      send: { instance: api, endpoint: push, input: { queue: orders }, concurrency: 2 }
`;

test.before(async () => {
  api = await startShapeApi();
  bundle = await shapeBundle(api.port, {
    'flow.yaml': flowFile('orders', steps),
    'track.yaml': flowFile('tracker', `    - id: seen\n      dedupe: { key: id, mode: track, pool: orders }\n    - id: push\n      send: { instance: api, endpoint: push, input: { queue: tracked } }\n`),
    'strict.yaml': flowFile('strict', `${steps}    - id: archive\n      send: { instance: api, endpoint: push, input: { queue: archive } }\n`, '  onError: stop\n'),
    'filter.yaml': flowFile('filterer', `    - id: unseen\n      dedupe: { key: id, mode: filter, pool: orders }\n    - id: push\n      send: { instance: api, endpoint: push, input: { queue: filtered } }\n`),
  });
});
test.after(() => api.close());
test.before.each(async () => {
  api.received = [];
  api.answer = () => undefined;
  clock = new Date('2026-12-06T10:00:00.000Z');
  directory = await mkdtemp(path.join(os.tmpdir(), 'weft-dedupe-'));
});
test.after.each(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function open(): Promise<{ stores: SqliteStores; service: RunService }> {
  const stores = openSqliteStores(path.join(directory, 'state.db'), {});
  await stores.secrets.set('api/token', 'api-token');
  return { stores, service: new RunService({ stores, env: {}, chunkSize: 5, now: () => clock }) };
}

const records = (ids: number[]) => ids.map((id) => ({ id, total: id * 10 }));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);
const sentIds = (queue = '/orders') => api.at(queue).map((body) => (body as { id: number }).id);

test('two concurrent runs of one flow over the same records send each record once', async () => {
  const { stores, service } = await open();
  // Slow answers: the two runs' chunks interleave.
  api.answer = () => ({ status: 201, delayMs: 3 });
  const ids = range(1, 60);
  const [first, second] = await Promise.all([0, 1].map(() => service.run({ bundle, revision: null, flow: 'orders', trigger: 'test', passes: [{ records: records(ids) }] })));
  assert.is(first!.status, 'succeeded', first!.error);
  assert.is(second!.status, 'succeeded', second!.error);
  const sent = sentIds();
  assert.equal([...sent].sort((a, b) => a - b), ids, 'every record sent exactly once');
  // The runs did overlap: each sent some records, and each dropped the others'.
  const counts = [first!, second!].map((run) => run.steps.find((step) => step.id === 'push')!.in);
  assert.is(counts[0]! + counts[1]!, 60);
  assert.ok(counts[0]! > 0 && counts[1]! > 0, `both runs sent records (${counts.join(' / ')})`);
  await service.close();
  await stores.close();
});

test('two engines on one state file (two connections) never both pass a key', async () => {
  const a = await open();
  const b = await open();
  api.answer = () => ({ status: 201, delayMs: 2 });
  const ids = range(1, 40);
  await Promise.all([a, b].map(({ service }) => service.run({ bundle, revision: null, flow: 'orders', trigger: 'test', passes: [{ records: records(ids) }] })));
  assert.equal([...sentIds()].sort((x, y) => x - y), ids);
  for (const { service, stores } of [a, b]) {
    await service.close();
    await stores.close();
  }
});

test('keys survive a restart and expire after the window (the clock moved, no waiting)', async () => {
  let engine = await open();
  await engine.service.run({ bundle, revision: null, flow: 'orders', trigger: 'test', passes: [{ records: records([1, 2, 3]) }] });
  assert.equal(sentIds(), [1, 2, 3]);
  await engine.service.close();
  await engine.stores.close();

  engine = await open();
  api.received = [];
  clock = new Date(clock.getTime() + 89 * 86_400_000);
  const again = await engine.service.run({ bundle, revision: null, flow: 'orders', trigger: 'test', passes: [{ records: records([1, 2, 3, 4]) }] });
  assert.equal(sentIds(), [4], 'after a restart, within the window: only the new record');
  assert.equal(again.steps.find((step) => step.id === 'once'), { id: 'once', kind: 'dedupe', in: 4, out: 1, failed: 0 });

  api.received = [];
  clock = new Date(clock.getTime() + 2 * 86_400_000);
  await engine.service.run({ bundle, revision: null, flow: 'orders', trigger: 'test', passes: [{ records: records([1, 2, 3, 4]) }] });
  // 1–3 were seen 91 days ago (window 90d): new again; 4 was seen 2 days ago.
  assert.equal(sentIds(), [1, 2, 3]);
  await engine.service.close();
  await engine.stores.close();
});

test('a record that fails after the dedupe gives its key back: the next run sends it, and only it', async () => {
  const { stores, service } = await open();
  api.answer = (request) => ((request.body as { id: number }).id === 2 ? { status: 422, body: { error: 'refused' } } : undefined);
  const first = await service.run({ bundle, revision: null, flow: 'orders', trigger: 'test', passes: [{ records: records([1, 2, 3]) }] });
  assert.is(first.status, 'partial');
  api.received = [];
  api.answer = () => undefined;
  await service.run({ bundle, revision: null, flow: 'orders', trigger: 'test', passes: [{ records: records([1, 2, 3]) }] });
  assert.equal(sentIds(), [2]);
  // A duplicate inside one run is dropped too.
  api.received = [];
  await service.run({ bundle, revision: null, flow: 'orders', trigger: 'test', passes: [{ records: records([9, 9, 9]) }] });
  assert.equal(sentIds(), [9]);
  await service.close();
  await stores.close();
});

test('a run that stops mid-chunk gives back every key the chunk claimed: the records it never sent are not lost', async () => {
  const { stores, service } = await open();
  // Record 2's refusal at push stops the run: the chunk's other records never reach archive.
  api.answer = (request) => (request.path === '/orders' && (request.body as { id: number }).id === 2 ? { status: 422, body: { error: 'refused' } } : undefined);
  const stopped = await service.run({ bundle, revision: null, flow: 'strict', trigger: 'test', passes: [{ records: records([1, 2, 3, 4, 5]) }] });
  assert.is(stopped.status, 'failed');
  assert.equal(sentIds('/archive'), []);
  api.received = [];
  api.answer = () => undefined;
  await service.run({ bundle, revision: null, flow: 'strict', trigger: 'test', passes: [{ records: records([1, 2, 3, 4, 5]) }] });
  // Not dropped as seen: every record reaches archive (push gets 1, 3, 4 and 5 again: at least once).
  assert.equal([...sentIds('/archive')].sort(), [1, 2, 3, 4, 5]);
  await service.close();
  await stores.close();
});

test('a named pool is shared by flows: track in one, filter in another; a key the expression cannot give fails the record', async () => {
  const { stores, service } = await open();
  await service.run({ bundle, revision: null, flow: 'tracker', trigger: 'test', passes: [{ records: records([1, 2, 1]) }] });
  // track drops nothing.
  assert.equal(sentIds('/tracked'), [1, 2, 1]);
  const filtered = await service.run({ bundle, revision: null, flow: 'filterer', trigger: 'test', passes: [{ records: [...records([1, 2, 3]), { total: 5 }] }] });
  assert.equal(sentIds('/filtered'), [3]);
  assert.equal(filtered.failures!.map((failure) => [failure.step, failure.error]), [['unseen', 'the key expression gave nothing; a key is a non-empty string or a number']]);
  await service.close();
  await stores.close();
});

test('a secret value an API echoed into a key is stored as its placeholder', async () => {
  const { stores, service } = await open();
  await service.run({ bundle, revision: null, flow: 'orders', trigger: 'test', passes: [{ records: [{ id: 'api-token' }] }] });
  const keys = stores.database.db.prepare('SELECT key FROM dedupe_keys').all() as { key: string }[];
  assert.equal(keys.map((row) => row.key), ['order-[redacted]']);
  await service.close();
  await stores.close();
});

test.run();
