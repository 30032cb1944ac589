import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Bundle } from '../src/compile/compile-bundle.js';
import { RunService } from '../src/engine/run-service.js';
import { openSqliteStores, type SqliteStores } from '../src/engine/stores/sqlite/sqlite-stores.js';
import { validateProject } from '../src/pipeline/validate-project.js';
import { runFlow } from '../src/runtime/run-flow.js';
import { removeProject, writeProject } from './helpers/temp-project.js';
import { flowFile, resolveShapes, shapeBundle, startShapeApi, type ShapeApi } from './helpers/flow-shapes.js';

/** run: child flows, recorded and linked to their parent run, waited for or not. */
const test = suite('run-flow-step');

let api: ShapeApi;
let directory: string;
let stores: SqliteStores;
let bundle: Bundle;

const child = `    - id: to-archive
      send: { instance: api, endpoint: push, input: { queue: archive } }
`;

test.before(async () => {
  api = await startShapeApi();
  bundle = await shapeBundle(api.port, {
    'parent.yaml': flowFile('orders', `    - id: hand-over\n      run: { flow: archive }\n    - id: push\n      send: { instance: api, endpoint: push, input: { queue: orders } }\n`),
    'later.yaml': flowFile('later', `    - id: hand-over\n      run: { flow: archive, wait: false }\n`),
    'strict.yaml': flowFile('strict', `    - id: hand-over\n      run: { flow: strict-archive }\n    - id: push\n      send: { instance: api, endpoint: push, input: { queue: orders } }\n`),
    'archive.yaml': flowFile('archive', child),
    'strict-archive.yaml': flowFile('strict-archive', child, '  onError: stop\n'),
  });
});
test.after(() => api.close());
test.before.each(async () => {
  api.received = [];
  api.answer = () => undefined;
  directory = await mkdtemp(path.join(os.tmpdir(), 'weft-child-'));
  stores = openSqliteStores(path.join(directory, 'state.db'), {});
  await stores.secrets.set('api/token', 'api-token');
});
test.after.each(async () => {
  await stores.close();
  await rm(directory, { recursive: true, force: true });
});

test('a parent run waits for its child run, recorded and linked to it; the records then go on', async () => {
  const service = new RunService({ stores, env: {}, chunkSize: 2 });
  const parent = await service.run({ bundle, revision: 3, flow: 'orders', trigger: 'test', passes: [{ records: [{ id: 1 }, { id: 2 }, { id: 3 }] }] });
  assert.is(parent.status, 'succeeded', parent.error);
  // Chunks of 2: two child runs, each before its records go on.
  assert.equal(api.received.map((request) => `${request.path} ${(request.body as { id: number }).id}`), ['/archive 1', '/archive 2', '/orders 1', '/orders 2', '/archive 3', '/orders 3']);
  const children = (await stores.runs.list('archive')).reverse();
  assert.equal(children.map((run) => [run.parent, run.revision, run.trigger, run.status]), [0, 1].map(() => [parent.id, 3, `run by flow orders (run ${parent.id})`, 'succeeded']));
  // The children's keys derive from the parent's records: distinct per chunk, not per child run id.
  const keys = api.received.filter((request) => request.path === '/archive').map((request) => request.key);
  assert.is(new Set(keys).size, 3);
  await service.close();
});

test('a child run that fails fails the records that started it; one that is partial does not', async () => {
  const service = new RunService({ stores, env: {} });
  api.answer = (request) => (request.path === '/archive' && (request.body as { id: number }).id === 2 ? { status: 422, body: { error: 'no' } } : undefined);
  const strict = await service.run({ bundle, revision: null, flow: 'strict', trigger: 'test', passes: [{ records: [{ id: 1 }, { id: 2 }] }] });
  assert.is(strict.status, 'partial');
  assert.equal(strict.failures!.map((failure) => failure.step), ['hand-over', 'hand-over']);
  assert.match(strict.failures![0]!.error, /^the run \S+ of flow 'strict-archive' failed: step 'to-archive' failed on record 1: POST .* answered 422/);
  assert.equal(api.at('/orders'), []);

  api.received = [];
  const lenient = await service.run({ bundle, revision: null, flow: 'orders', trigger: 'test', passes: [{ records: [{ id: 1 }, { id: 2 }] }] });
  assert.is(lenient.status, 'succeeded', lenient.error);
  assert.equal(api.at('/orders'), [{ id: 1 }, { id: 2 }]);
  const [archived] = await stores.runs.list('archive');
  assert.is(archived!.status, 'partial');
  assert.equal((await stores.runs.get(archived!.id))!.failures!.map((failure) => (failure.record as { id: number }).id), [2]);
  await service.close();
});

test('wait: false starts the child run and goes on; the child run ends on its own, recorded', async () => {
  const service = new RunService({ stores, env: {} });
  api.answer = () => ({ status: 201, delayMs: 50 });
  const parent = await service.run({ bundle, revision: null, flow: 'later', trigger: 'test', passes: [{ records: [{ id: 1 }] }] });
  assert.is(parent.status, 'succeeded');
  const [started] = await stores.runs.list('archive');
  assert.is(started!.parent, parent.id);
  for (let wait = 0; wait < 100 && (await stores.runs.list('archive'))[0]!.status === 'running'; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.is((await stores.runs.list('archive'))[0]!.status, 'succeeded');
  assert.equal(api.at('/archive'), [{ id: 1 }]);
  await service.close();
});

test('a parent run that handles a chunk again (going on after a crash) finds the child run it started: no second one', async () => {
  const service = new RunService({ stores, env: {} });
  const prepared = await service.prepare(bundle, 'orders', null);
  const input = { run: { id: 'parent-1', startedAt: '2026-12-06T10:00:00.000Z' }, passes: [{ records: [{ id: 1 }] }] };
  assert.is((await prepared.run(input)).status, 'succeeded');
  assert.is((await prepared.run(input)).status, 'succeeded');
  assert.equal((await stores.runs.list('archive')).map((run) => run.parent), ['parent-1']);
  assert.equal(api.at('/archive'), [{ id: 1 }]);
  await service.close();
});

test('a retry of a child run keys its records as the child run did', async () => {
  const service = new RunService({ stores, env: {} });
  api.answer = (request) => (request.path === '/archive' ? { status: 503, body: { error: 'down' } } : undefined);
  await service.run({ bundle, revision: null, flow: 'orders', trigger: 'test', passes: [{ records: [{ id: 1 }] }] });
  const [archived] = await stores.runs.list('archive');
  assert.is(archived!.status, 'partial');
  const firstKey = api.received.find((request) => request.path === '/archive')!.key;
  api.answer = () => undefined;
  api.received = [];
  const retried = await service.retry(archived!.id, bundle, null);
  assert.is(retried.status, 'succeeded', retried.error);
  assert.equal(api.received.map((request) => [request.path, request.key]), [['/archive', firstKey]]);
  await service.close();
});

test('flow-cycle stays quick on chains of diamonds (each flow runs two that both run the next)', async () => {
  const files: Record<string, string> = { 'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: diamonds }\n' };
  for (let level = 0; level < 40; level++) {
    for (const side of ['a', 'b']) {
      const next = level === 39 ? '' : `    - id: left\n      run: { flow: f${level + 1}a }\n    - id: right\n      run: { flow: f${level + 1}b }\n`;
      files[`f${level}${side}.yaml`] = flowFile(`f${level}${side}`, next === '' ? '    - id: keep\n      filter: "true"\n' : next);
    }
  }
  const root = await writeProject(files);
  try {
    const started = performance.now();
    const result = await validateProject(root);
    assert.equal(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'), []);
    assert.ok(performance.now() - started < 5000, `validated in ${Math.round(performance.now() - started)} ms`);
  } finally {
    await removeProject(root);
  }
});

test('the kernel alone runs child flows in its own process', async () => {
  const outcome = await runFlow('orders', { bundle, resolve: resolveShapes, run: { id: 'run-1', startedAt: '2026-12-06T10:00:00.000Z' }, passes: [{ records: [{ id: 5 }] }] });
  assert.is(outcome.status, 'succeeded', outcome.error);
  assert.equal(api.received.map((request) => request.path), ['/archive', '/orders']);
});

test.run();
