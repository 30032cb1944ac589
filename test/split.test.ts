import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runFlow } from '../src/runtime/run-flow.js';
import { flowFile, resolveShapes, shapeBundle, startShapeApi, type ShapeApi } from './helpers/flow-shapes.js';

/** split and batch: one record into many, many into one bulk request, and what a failure keeps. */
const test = suite('split');

let api: ShapeApi;
test.before(async () => {
  api = await startShapeApi();
});
test.after(() => api.close());
test.before.each(() => {
  api.received = [];
  api.answer = () => undefined;
});

const run = { id: 'run-1', startedAt: '2026-12-06T10:00:00.000Z' };
const orders = [
  { id: 1, warehouse: 'ams', lines: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }] },
  { id: 2, warehouse: 'nyc', lines: [{ sku: 'c', qty: 3 }] },
  { id: 3, warehouse: 'ams', lines: [] },
  { id: 4, warehouse: 'ams', lines: { sku: 'd', qty: 4 } },
];

test('split: each line a record, its order readable as $parent and copied where asked', async () => {
  const steps = `    - id: lines
      split: { items: lines }
    - id: shape
      map: '{ "order": $parent.id, "sku": sku, "qty": qty }'
    - id: push
      send: { instance: api, endpoint: push, input: { queue: lines } }
`;
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('lines', steps) });
  const outcome = await runFlow('lines', { bundle, resolve: resolveShapes, run, passes: [{ records: orders }] });
  assert.is(outcome.status, 'succeeded', outcome.error);
  assert.equal(api.at('/lines'), [
    { order: 1, sku: 'a', qty: 1 },
    { order: 1, sku: 'b', qty: 2 },
    { order: 2, sku: 'c', qty: 3 },
    { order: 4, sku: 'd', qty: 4 },
  ]);
  assert.equal(outcome.steps.find((step) => step.id === 'lines'), { id: 'lines', kind: 'split', in: 4, out: 4, failed: 0 });
  const copied = await shapeBundle(api.port, { 'flow.yaml': flowFile('lines', `    - id: lines\n      split: { items: lines, parent: order }\n    - id: push\n      send: { instance: api, endpoint: push, input: { queue: copied } }\n`) });
  await runFlow('lines', { bundle: copied, resolve: resolveShapes, run, passes: [{ records: [orders[1]!] }] });
  assert.equal(api.at('/copied'), [{ sku: 'c', qty: 3, order: orders[1] }]);
});

test('split after a batch: an item that fails is one failure, not the batch; an item that cannot take its parent fails its record before any item goes on', async () => {
  const steps = `    - id: group
      batch: { size: 2 }
    - id: items
      split: { items: $ }
    - id: push
      send: { instance: api, endpoint: push, input: { queue: items } }
`;
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('items', steps) });
  api.answer = (request) => ((request.body as { id: number }).id === 2 ? { status: 422, body: { error: 'no' } } : undefined);
  const outcome = await runFlow('items', { bundle, resolve: resolveShapes, run, passes: [{ records: [{ id: 1 }, { id: 2 }] }] });
  assert.equal(outcome.failures.map((failure) => [failure.step, (failure.record as { id: number }).id]), [['push', 2]]);

  const parented = await shapeBundle(api.port, { 'flow.yaml': flowFile('lines', `    - id: lines\n      split: { items: lines, parent: order }\n    - id: push\n      send: { instance: api, endpoint: push, input: { queue: parented } }\n`) });
  const mixed = await runFlow('lines', { bundle: parented, resolve: resolveShapes, run, passes: [{ records: [{ id: 9, lines: [{ sku: 'a' }, 5] }] }] });
  assert.equal(api.at('/parented'), []);
  assert.equal(mixed.failures.map((failure) => failure.step), ['lines']);
});

test('batch: groups of at most N by key, one request per batch with the list as its body; a refused batch keeps each record, at the batch step', async () => {
  const steps = `    - id: by-warehouse
      batch: { size: 2, key: warehouse }
    - id: bulk
      send: { instance: api, endpoint: push, input: { queue: bulk } }
`;
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('bulk', steps) });
  // The nyc batch is refused, with the token echoed.
  api.answer = (request) => ((request.body as { warehouse: string }[])[0]!.warehouse === 'nyc' ? { status: 413, body: { error: 'batch refused for api-token' } } : undefined);
  const records = [...orders, { id: 5, warehouse: 'nyc', lines: [] }, { id: 6, warehouse: 'ams', lines: [] }];
  const outcome = await runFlow('bulk', { bundle, resolve: resolveShapes, run, passes: [{ records }], chunkSize: 1 });
  assert.is(outcome.status, 'partial');
  // Chunks of 1 are raised to the batch size (2): [1,2] [3,4] [5,6], each batched by warehouse.
  assert.equal(api.at('/bulk').map((body) => (body as { id: number }[]).map((record) => record.id)), [[1], [2], [3, 4], [5], [6]]);
  assert.equal(outcome.failures.map((failure) => [failure.step, failure.index, (failure.record as { id: number }).id]), [['by-warehouse', 1, 2], ['by-warehouse', 4, 5]]);
  assert.match(outcome.failures[0]!.error, /^step 'bulk' failed on the batch: POST .* answered 413: .*batch refused for \[redacted\]/);
  assert.equal(outcome.steps.find((step) => step.id === 'bulk'), { id: 'bulk', kind: 'send', in: 5, out: 3, failed: 2 });
});

test('batch after a filter in one chunk: fewer, fuller batches; $batch readable', async () => {
  const steps = `    - id: ams
      filter: warehouse = 'ams'
    - id: group
      batch: { size: 10 }
    - id: wrap
      map: '{ "count": $batch.size, "ids": $.id }'
    - id: bulk
      send: { instance: api, endpoint: push, input: { queue: wrapped } }
`;
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('wrapped', steps) });
  const outcome = await runFlow('wrapped', { bundle, resolve: resolveShapes, run, passes: [{ records: orders }] });
  assert.is(outcome.status, 'succeeded', outcome.error);
  assert.equal(api.at('/wrapped'), [{ count: 3, ids: [1, 3, 4] }]);
});

test("{{records}} in an endpoint body: a batch's records, or the one record as a list of one", async () => {
  const steps = `    - id: single
      send: { instance: api, endpoint: bulk, input: { queue: single } }
    - id: group
      batch: { size: 3 }
    - id: grouped
      send: { instance: api, endpoint: bulk, input: { queue: grouped } }
`;
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('bulk', steps) });
  const outcome = await runFlow('bulk', { bundle, resolve: resolveShapes, run, passes: [{ records: [{ id: 1 }, { id: 2 }] }] });
  assert.is(outcome.status, 'succeeded', outcome.error);
  assert.equal(api.at('/bulk/single'), [{ items: [{ id: 1 }] }, { items: [{ id: 2 }] }]);
  assert.equal(api.at('/bulk/grouped'), [{ items: [{ id: 1 }, { id: 2 }] }]);
});

test.run();
