import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runFlow } from '../src/runtime/run-flow.js';
import { flowFile, resolveShapes, shapeBundle, startShapeApi, type ShapeApi } from './helpers/flow-shapes.js';

/** notify: the run's summary posted (or logged) when the run ends as asked, and never changing how it ended. */
const test = suite('notify');

let api: ShapeApi;
test.before(async () => {
  api = await startShapeApi();
});
test.after(() => api.close());
test.before.each(() => {
  api.received = [];
  api.answer = () => undefined;
});

const run = { id: 'run-7', startedAt: '2026-12-06T10:00:00.000Z' };
const steps = (on: string, target: string | null = 'instance: api, endpoint: push, input: { queue: chat }') => `    - id: push
      send: { instance: api, endpoint: push, input: { queue: orders } }
    - id: tell
      notify: { on: ${on}${target === null ? '' : `, ${target}`} }
`;
const refuseTwo = () => {
  api.answer = (request) => (request.path === '/orders' && (request.body as { id: number }).id === 2 ? { status: 422, body: { error: 'refused, token api-token' } } : undefined);
};

test('a partial run posts its summary: counts, the first failures, one sentence; secrets redacted', async () => {
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('orders', steps('[partial, failure]')) });
  refuseTwo();
  const outcome = await runFlow('orders', { bundle, resolve: resolveShapes, run, passes: [{ records: [{ id: 1 }, { id: 2 }, { id: 3 }] }] });
  assert.is(outcome.status, 'partial');
  const [summary] = api.at('/chat') as { flow: string; run: string; status: string; records: unknown; failures: { step: string; error: string }[]; message: string }[];
  assert.equal([summary!.flow, summary!.run, summary!.status, summary!.records], ['orders', 'run-7', 'partial', { in: 3, out: 2, failed: 1 }]);
  assert.equal(summary!.failures.map((failure) => failure.step), ['push']);
  assert.match(summary!.message, /^flow 'orders' run run-7 ended partial: 3 record\(s\) in, 2 out, 1 failed \(first: step 'push': POST .* answered 422: .*refused, token \[redacted\]/);
  assert.not.match(JSON.stringify(api.received), /api-token/);
  // The chat message comes after the run's records, once.
  assert.equal(api.received.map((request) => request.path), ['/orders', '/orders', '/orders', '/chat']);
});

test('only on the endings asked for; without an instance the sentence goes to the log', async () => {
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('orders', steps('[failure]')) });
  refuseTwo();
  await runFlow('orders', { bundle, resolve: resolveShapes, run, passes: [{ records: [{ id: 1 }, { id: 2 }] }] });
  assert.equal(api.at('/chat'), [], 'a partial run is not a failure');

  const logged = await shapeBundle(api.port, { 'flow.yaml': flowFile('orders', steps('[always]', null)) });
  const lines: string[] = [];
  api.answer = () => undefined;
  const outcome = await runFlow('orders', { bundle: logged, resolve: resolveShapes, run, passes: [{ records: [{ id: 1 }] }], log: (line) => lines.push(line) });
  assert.is(outcome.status, 'succeeded');
  assert.equal(lines, ["flow 'orders' run run-7 ended succeeded: 1 record(s) in, 1 out, 0 failed"]);
});

test('a chat endpoint that is down is logged; the run ends as it would have', async () => {
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('orders', steps('[always]')) });
  api.answer = (request) => (request.path === '/chat' ? { status: 500, body: { error: 'chat down' } } : undefined);
  const lines: string[] = [];
  const outcome = await runFlow('orders', { bundle, resolve: resolveShapes, run, passes: [{ records: [{ id: 1 }] }], log: (line) => lines.push(line) });
  assert.is(outcome.status, 'succeeded', outcome.error);
  assert.equal(outcome.failures, []);
  assert.is(lines.length, 1);
  assert.match(lines[0]!, /^step 'tell' \(notify\) of flow 'orders' could not tell how run run-7 ended: POST .*\/chat answered 500/);
});

test.run();
