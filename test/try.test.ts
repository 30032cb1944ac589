import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runFlow } from '../src/runtime/run-flow.js';
import { flowFile, resolveShapes, shapeBundle, startShapeApi, type ShapeApi } from './helpers/flow-shapes.js';

/** try / catch: records that fail inside go to the catch steps with $error, against a simulated API. */
const test = suite('try');

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

const guarded = `    - id: guarded
      try:
        steps:
          - id: shape
            map: '{ "id": id, "net": $number(total) - discount }'
          - id: push
            send: { instance: api, endpoint: push, input: { queue: orders } }
        catch:
          - id: describe
            map: '{ "id": $.id, "step": $error.step, "message": $error.message, "status": $error.status }'
          - id: park
            send: { instance: api, endpoint: push, input: { queue: parked } }
    - id: done
      send: { instance: api, endpoint: push, input: { queue: done } }
`;

test('a refused send and an expression error both go to catch, with $error; what both lists pass on goes on', async () => {
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('orders', guarded) });
  api.answer = (request) => ((request.body as { id?: number }).id === 2 && request.path === '/orders' ? { status: 422, body: { error: 'customer on credit hold' } } : undefined);
  const records = [
    { id: 1, total: '10', discount: 1 },
    { id: 2, total: '20', discount: 2 },
    // $number('abc') throws: the map fails inside the try.
    { id: 3, total: 'abc', discount: 0 },
  ];
  const outcome = await runFlow('orders', { bundle, resolve: resolveShapes, run, passes: [{ records }] });
  assert.is(outcome.status, 'succeeded', outcome.error);
  assert.equal(outcome.failures, []);
  assert.equal(api.at('/orders').map((body) => (body as { id: number }).id), [1, 2]);
  const parked = api.at('/parked') as { id: number; step: string; message: string; status?: number }[];
  assert.equal(parked.map((body) => [body.id, body.step, body.status]), [
    [3, 'guarded/try/shape', undefined],
    [2, 'guarded/try/push', 422],
  ]);
  assert.match(parked[0]!.message, /map expression.*cast value to a number: "abc"/);
  assert.match(parked[1]!.message, /answered 422: .*credit hold/);
  // The catch's record is the one that failed, as it came into the failing step (2: mapped; 3: as given).
  assert.equal(api.at('/done').map((body) => (body as { id: number }).id).sort(), [1, 2, 3]);
  assert.equal(outcome.steps.find((step) => step.id === 'guarded/try/push'), { id: 'guarded/try/push', kind: 'send', in: 2, out: 1, failed: 1 });
  assert.equal(outcome.steps.find((step) => step.id === 'guarded'), { id: 'guarded', kind: 'try', in: 3, out: 3, failed: 0 });
});

test('a record that fails in catch is a failed record; one that fails outside a try is one as before; secrets in errors are redacted', async () => {
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('orders', guarded) });
  // The API echoes the bearer token in its refusal: no failed record may keep it.
  api.answer = (request) => (request.path === '/orders' || request.path === '/parked' ? { status: 400, body: { error: `bad request with token api-token` } } : request.path === '/done' ? { status: 409, body: { error: 'duplicate' } } : undefined);
  const outcome = await runFlow('orders', { bundle, resolve: resolveShapes, run, passes: [{ records: [{ id: 7, total: '5', discount: 0 }] }] });
  assert.is(outcome.status, 'partial');
  assert.equal(outcome.failures.map((failure) => failure.step), ['guarded/catch/park']);
  assert.not.match(JSON.stringify(outcome.failures), /api-token/);
  assert.match(outcome.failures[0]!.error, /token \[redacted\]/);
  // The catch's record carried the redacted message too.
  assert.not.match(JSON.stringify(api.at('/parked')), /api-token/);
});

test('onError stop inside a catch still stops the run; a caught failure does not', async () => {
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('orders', guarded, '  onError: stop\n') });
  api.answer = (request) => (request.path === '/orders' ? { status: 422, body: { error: 'no' } } : undefined);
  const caught = await runFlow('orders', { bundle, resolve: resolveShapes, run, passes: [{ records: [{ id: 1, total: '1', discount: 0 }, { id: 2, total: '1', discount: 0 }] }] });
  assert.is(caught.status, 'succeeded', caught.error);
  assert.is(api.at('/parked').length, 2);
  api.received = [];
  api.answer = (request) => (request.path !== '/done' ? { status: 422, body: { error: 'no' } } : undefined);
  const stopped = await runFlow('orders', { bundle, resolve: resolveShapes, run, passes: [{ records: [{ id: 1, total: '1', discount: 0 }, { id: 2, total: '1', discount: 0 }] }] });
  assert.is(stopped.status, 'failed');
  assert.match(stopped.error!, /^step 'guarded\/catch\/park' failed on record 0: /);
});

test.run();
