import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runFlow } from '../src/runtime/run-flow.js';
import { flowFile, resolveShapes, shapeBundle, startShapeApi, type ShapeApi } from './helpers/flow-shapes.js';

/** enrich: an endpoint's answer per record, one call per distinct request in a run, 404s as asked. */
const test = suite('enrich');

let api: ShapeApi;
test.before(async () => {
  api = await startShapeApi();
});
test.after(() => api.close());
test.before.each(() => {
  api.received = [];
  api.answer = (request) => {
    if (request.method !== 'GET') return undefined;
    const tiers: Record<string, string> = { '/customers/c1': 'gold', '/customers/c2': 'silver' };
    const tier = tiers[request.path];
    // The API echoes the caller's token in what it answers: never into a record.
    return tier ? { status: 200, body: { customer: { tier, seenWith: 'api-token' } } } : { status: 404, body: { error: 'no such customer' } };
  };
});

const run = { id: 'run-1', startedAt: '2026-12-06T10:00:00.000Z' };
const orders = [
  { id: 1, customer: 'c1' },
  { id: 2, customer: 'c1' },
  { id: 3, customer: 'c2' },
  { id: 4, customer: 'nobody' },
];
const steps = (extra: string) => `    - id: customer
      enrich: { instance: api, endpoint: find, input: { queue: customers, id: "{{record.customer}}" }, into: customer, select: customer${extra} }
    - id: push
      send: { instance: api, endpoint: push, input: { queue: orders } }
`;

test('each record gets its answer; equal requests share one call; a 404 fails the record by default; echoed secrets are redacted', async () => {
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('orders', steps('')) });
  const outcome = await runFlow('orders', { bundle, resolve: resolveShapes, run, passes: [{ records: orders }] });
  assert.is(outcome.status, 'partial');
  assert.equal(api.received.filter((request) => request.method === 'GET').map((request) => request.path).sort(), ['/customers/c1', '/customers/c2', '/customers/nobody']);
  assert.equal(api.at('/orders'), [
    { id: 1, customer: { tier: 'gold', seenWith: '[redacted]' } },
    { id: 2, customer: { tier: 'gold', seenWith: '[redacted]' } },
    { id: 3, customer: { tier: 'silver', seenWith: '[redacted]' } },
  ]);
  assert.equal(outcome.failures.map((failure) => [failure.step, failure.index, failure.error]), [['customer', 3, "find of instance 'api' has nothing for this record (404)"]]);
});

test('missing: keep leaves the record as it is; a second run asks again (answers are kept for one run)', async () => {
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('orders', steps('.tier, missing: keep')) });
  for (const id of ['run-a', 'run-b']) {
    const outcome = await runFlow('orders', { bundle, resolve: resolveShapes, run: { ...run, id }, passes: [{ records: orders }] });
    assert.is(outcome.status, 'succeeded', outcome.error);
  }
  assert.equal(api.at('/orders').slice(0, 4), [{ id: 1, customer: 'gold' }, { id: 2, customer: 'gold' }, { id: 3, customer: 'silver' }, { id: 4, customer: 'nobody' }]);
  assert.is(api.received.filter((request) => request.method === 'GET').length, 6);
});

test('a refusal other than 404 fails the record with the status', async () => {
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('orders', steps('')) });
  api.answer = (request) => (request.method === 'GET' ? { status: 403, body: { error: 'forbidden' } } : undefined);
  const outcome = await runFlow('orders', { bundle, resolve: resolveShapes, run, passes: [{ records: [orders[0]!] }] });
  assert.match(outcome.failures[0]!.error, /^GET .*\/customers\/c1 answered 403: /);
});

test('the input of an enrich with a select has its placeholders resolved and {{vars}} bound; the select is left as written', async () => {
  const steps = `    - id: customer
      enrich: { instance: api, endpoint: find, input: { queue: "{{vars.where}}", id: "\${env:FIXED_CUSTOMER}" }, into: tier, select: "customer.tier & '/' & $record.id" }
    - id: push
      send: { instance: api, endpoint: push, input: { queue: orders } }
`;
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('orders', steps, '  variables: { where: customers }\n') });
  const resolve = (placeholder: { source: string; name: string }) => (placeholder.name === 'FIXED_CUSTOMER' ? 'c2' : resolveShapes(placeholder));
  const outcome = await runFlow('orders', { bundle, resolve, run, passes: [{ records: [{ id: 7 }] }] });
  assert.is(outcome.status, 'succeeded', outcome.error);
  assert.equal(api.at('/orders'), [{ id: 7, tier: 'silver/7' }]);
});

test.run();
