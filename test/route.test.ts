import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { RunService } from '../src/engine/run-service.js';
import { openSqliteStores } from '../src/engine/stores/sqlite/sqlite-stores.js';
import { compileProject } from '../src/pipeline/compile-project.js';
import { runFlow } from '../src/runtime/run-flow.js';
import { apiFiles, flowFile, resolveShapes, shapeBundle, startShapeApi, type ShapeApi } from './helpers/flow-shapes.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/** route and branch: records down the routes whose conditions hold, or down every branch, against a simulated API. */
const test = suite('route');

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

const byCountry = `    - id: by-country
      route:
        routes:
          - name: uk
            when: country = 'GB'
            steps:
              - id: push-uk
                send: { instance: api, endpoint: push, input: { queue: uk } }
          - name: europe
            when: country in ['GB', 'FR', 'DE']
            steps:
              - id: push-eu
                send: { instance: api, endpoint: push, input: { queue: eu } }
          - name: big
            when: total > $vars.bigOrder
            steps:
              - id: flag
                map: '$merge([$, { "flagged": true }])'
              - id: push-big
                send: { instance: api, endpoint: push, input: { queue: big } }
        otherwise:
          - id: push-rest
            send: { instance: api, endpoint: push, input: { queue: "{{vars.restQueue}}" } }
    - id: after
      send: { instance: api, endpoint: push, input: { queue: after } }
`;
const variables = '  variables: { bigOrder: 500, restQueue: rest }\n';

test('a record goes down every route whose condition holds, or otherwise; what comes out goes on', async () => {
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('orders', byCountry, variables) });
  const records = [
    { id: 1, country: 'GB', total: 10 },
    { id: 2, country: 'FR', total: 900 },
    { id: 3, country: 'US', total: 20 },
    { id: 4, country: 'US', total: 700 },
    { id: 5, country: 'JP', total: 5 },
  ];
  const outcome = await runFlow('orders', { bundle, resolve: resolveShapes, run, passes: [{ records }] });
  assert.is(outcome.status, 'succeeded', outcome.error);
  const ids = (path: string) => api.at(path).map((body) => (body as { id: number }).id).sort();
  assert.equal(ids('/uk'), [1]);
  assert.equal(ids('/eu'), [1, 2]);
  assert.equal(ids('/big'), [2, 4]);
  assert.equal(api.at('/big').map((body) => (body as { flagged?: boolean }).flagged), [true, true]);
  // Only the records no route took: 3 and 5 (4 went down 'big').
  assert.equal(ids('/rest'), [3, 5]);
  // Every record coming out of a route goes on: 1 twice (uk, europe), 2 twice, 4, 3 and 5.
  assert.equal(ids('/after'), [1, 1, 2, 2, 3, 4, 5]);
  const stat = (id: string) => outcome.steps.find((step) => step.id === id);
  assert.equal(outcome.steps.map((step) => step.id), ['by-country', 'by-country/uk/push-uk', 'by-country/europe/push-eu', 'by-country/big/flag', 'by-country/big/push-big', 'by-country/otherwise/push-rest', 'after']);
  assert.equal(stat('by-country'), { id: 'by-country', kind: 'route', in: 5, out: 7, failed: 0 });
  assert.equal(stat('by-country/big/push-big'), { id: 'by-country/big/push-big', kind: 'send', in: 2, out: 2, failed: 0 });
  // Idempotency keys differ per nested step: the same record sent by two routes is two requests.
  const keys = api.received.map((request) => request.key);
  assert.is(new Set(keys).size, keys.length);
});

test('routes are independent: a refusal in one route fails its records only; a condition that throws fails the record at the route', async () => {
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('orders', byCountry, variables) });
  api.answer = (request) => (request.path === '/uk' ? { status: 422, body: { error: 'customer on credit hold' } } : undefined);
  // total as a string: 'total > 500' throws in JSONata (T2009) for record 3.
  const records = [{ id: 1, country: 'GB', total: 10 }, { id: 2, country: 'FR', total: 1 }, { id: 3, country: 'US', total: 'lots' }];
  const outcome = await runFlow('orders', { bundle, resolve: resolveShapes, run, passes: [{ records }] });
  assert.is(outcome.status, 'partial');
  assert.equal(outcome.failures.map((failure) => [failure.step, (failure.record as { id: number }).id]), [['by-country', 3], ['by-country/uk/push-uk', 1]]);
  assert.match(outcome.failures.find((failure) => failure.step === 'by-country')!.error, /condition of route 'big'/);
  assert.match(outcome.failures.find((failure) => failure.step === 'by-country/uk/push-uk')!.error, /422.*credit hold/);
  // Record 1 still went down 'europe' and on.
  assert.equal(api.at('/eu').map((body) => (body as { id: number }).id).sort(), [1, 2]);
  assert.equal(api.at('/after').map((body) => (body as { id: number }).id).sort(), [1, 2]);
});

test('a retry of a record that failed inside a route starts at its step and goes on after the route', async () => {
  const directory = await mkdtemp(`${os.tmpdir()}/weft-route-`);
  const stores = openSqliteStores(`${directory}/state.db`, {});
  try {
    await stores.secrets.set('api/token', 'api-token');
    const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('orders', byCountry, variables) });
    const service = new RunService({ stores, env: {} });
    api.answer = (request) => (request.path === '/big' ? { status: 422, body: { error: 'too big' } } : undefined);
    const first = await service.run({ bundle, revision: null, flow: 'orders', trigger: 'test', passes: [{ records: [{ id: 9, country: 'US', total: 800 }] }] });
    assert.is(first.status, 'partial');
    assert.equal(first.failures!.map((failure) => failure.step), ['by-country/big/push-big']);
    api.received = [];
    api.answer = () => undefined;
    const retry = await service.retry(first.id, bundle, null);
    assert.is(retry.status, 'succeeded', retry.error);
    // The flagged record, from push-big on: not mapped again, not sent down other routes, then 'after'.
    assert.equal(api.received.map((request) => request.path), ['/big', '/after']);
    assert.equal(api.at('/big'), [{ id: 9, country: 'US', total: 800, flagged: true }]);
    await service.close();
  } finally {
    await stores.close();
    await rm(directory, { recursive: true, force: true });
  }
});

test('branch: every branch gets every record, one branch after the other', async () => {
  const steps = `    - id: fan-out
      branch:
        - name: erp
          steps:
            - id: to-erp
              send: { instance: api, endpoint: push, input: { queue: erp } }
        - name: archive
          steps:
            - id: slim
              map: '{ "id": id }'
            - id: to-archive
              send: { instance: api, endpoint: push, input: { queue: archive } }
`;
  const bundle = await shapeBundle(api.port, { 'flow.yaml': flowFile('fan', steps) });
  const records = [{ id: 1, x: 'a' }, { id: 2, x: 'b' }];
  const outcome = await runFlow('fan', { bundle, resolve: resolveShapes, run, passes: [{ records }] });
  assert.is(outcome.status, 'succeeded', outcome.error);
  assert.equal(api.received.map((request) => request.path), ['/erp', '/erp', '/archive', '/archive']);
  assert.equal(api.at('/erp'), records);
  assert.equal(api.at('/archive'), [{ id: 1 }, { id: 2 }]);
  assert.equal(outcome.steps.find((step) => step.id === 'fan-out'), { id: 'fan-out', kind: 'branch', in: 2, out: 4, failed: 0 });
});

test("an environment's overlay patches a flow's variables: its runs read the patched value", async () => {
  const root = await writeProject({
    ...apiFiles(api.port),
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: shapes }\nspec:\n  defaultEnvironment: staging\n  environments:\n    staging: {}\n    production: {}\n',
    'flow.yaml': flowFile('orders', byCountry, variables),
    'environments/staging/orders.yaml': 'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: orders, patch: true }\nspec:\n  variables: { restQueue: staging-rest }\n',
  });
  try {
    for (const [environment, queue] of [['staging', '/staging-rest'], ['production', '/rest']] as const) {
      const result = await compileProject(root, { environment });
      assert.equal(result.diagnostics, []);
      api.received = [];
      const outcome = await runFlow('orders', { bundle: result.bundle!, resolve: resolveShapes, run, passes: [{ records: [{ id: 3, country: 'US', total: 20 }] }] });
      assert.is(outcome.status, 'succeeded', outcome.error);
      assert.equal(api.received.map((request) => request.path), [queue, '/after'], environment);
    }
  } finally {
    await removeProject(root);
  }
});

test.run();
