import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { compileProject } from '../src/pipeline/compile-project.js';
import { RunService, RunServiceError } from '../src/engine/run-service.js';
import { openSqliteStores, type SqliteStores } from '../src/engine/stores/sqlite/sqlite-stores.js';
import { AmqpLinks, derivedMessageId } from '../src/runtime/amqp.js';
import type { Bundle } from '../src/compile/compile-bundle.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/**
 * The run service over real SQLite stores (a temporary state file) and an API on 127.0.0.1 that
 * serves records page by page and records every delivery with its idempotency key: runs
 * accepted then executed, watermarks, retries of failed records, runs resumed after their
 * process died (a real child process, SIGKILLed mid-run), message runs, prepared flows.
 */
const test = suite('run-service');

const env = { WEFT_SECRET_KEY: 'run-service test key' };
let server: Server;
let port = 0;
let bundle: Bundle;
let directory: string;
let stores: SqliteStores;
let service: RunService;
let logged: string[];

/** What GET /records serves (4 a page), and whether it fails. */
let source: { id: number; amount: unknown }[];
let listStatus = 200;
/** The `since` query of each GET of the first page, and each request's bearer token. */
let sinceSeen: (string | null)[];
let tokens: string[];
/** Each delivery, in arrival order: the record's ref and its idempotency key. */
let deliveries: { ref: number; key: string }[];
/** Refs answered 422; a ref never answered (its process is killed waiting). */
let refused: Set<number>;
let heldRef: number | undefined;
let onArrival: (ref: number) => void;

test.before(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => handle(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const root = await writeProject(projectFiles());
  try {
    const result = await compileProject(root);
    assert.equal(result.diagnostics, [], JSON.stringify(result.diagnostics, null, 2));
    bundle = result.bundle!;
  } finally {
    await removeProject(root);
  }
});
test.after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
test.before.each(async () => {
  source = [];
  listStatus = 200;
  sinceSeen = [];
  tokens = [];
  deliveries = [];
  refused = new Set();
  heldRef = undefined;
  onArrival = () => {};
  logged = [];
  directory = await mkdtemp(path.join(tmpdir(), 'weft-run-service-'));
  stores = openSqliteStores(path.join(directory, 'state.db'), env);
  await stores.secrets.set('api/token', 'token-1');
  // One record a chunk: a run's failed records are in the order of its records.
  service = new RunService({ stores, env, chunkSize: 1, log: (line) => logged.push(line) });
});
test.after.each(async () => {
  await service.close();
  await stores.close();
  await rm(directory, { recursive: true, force: true });
});

function handle(request: IncomingMessage, response: ServerResponse, body: string): void {
  const url = new URL(request.url!, 'http://api');
  tokens.push(request.headers.authorization ?? '(none)');
  if (request.method === 'GET' && url.pathname === '/records') {
    const after = Number(url.searchParams.get('after') ?? 0);
    if (after === 0) sinceSeen.push(url.searchParams.get('since') || null);
    if (listStatus !== 200) {
      response.writeHead(listStatus);
      return void response.end('{"error":"listing is down"}');
    }
    const records = source.slice(after, after + 4);
    response.writeHead(200, { 'content-type': 'application/json' });
    return void response.end(JSON.stringify({ records, next: after + records.length < source.length ? after + records.length : null }));
  }
  if (request.method === 'POST' && url.pathname === '/deliveries') {
    const { ref } = JSON.parse(body) as { ref: number };
    deliveries.push({ ref, key: String(request.headers['idempotency-key']) });
    onArrival(ref);
    if (ref === heldRef) return;
    response.writeHead(refused.has(ref) ? 422 : 201, { 'content-type': 'application/json' });
    return void response.end(refused.has(ref) ? '{"error":"refused"}' : '{}');
  }
  response.writeHead(404);
  response.end();
}

function projectFiles(): Record<string, string> {
  return {
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: run-service }\n',
    'api.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: api }
spec:
  version: 1.0.0
  http:
    baseUrl: "http://127.0.0.1:{{settings.port}}"
    retry: { maxAttempts: 1 }
  settings: { type: object, properties: { port: { type: integer } }, required: [port] }
  credentials: { token: {} }
  auth:
    bearer: { type: bearer, token: "{{credentials.token}}" }
  endpoints:
    list:
      path: /records
      query: { since: "{{input.since}}", limit: "4" }
      inputs: { since: { type: string } }
      pagination: { type: cursor, param: after, cursorPath: next }
      records: records
    deliver:
      method: POST
      path: /deliveries
      body: "{{record}}"
---
apiVersion: weft/v1
kind: Instance
metadata: { name: main }
spec:
  connector: api
  settings: { port: ${port} }
  credentials: { token: "\${secret:api/token}" }
`,
    'flows.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: copy }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: main, endpoint: list, input: { since: "{{run.lastSuccessAt}}" } }
    - id: shape
      map: '{ "ref": id, "cents": amount * 100 }'
    - id: push
      send: { instance: main, endpoint: deliver }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: hook }
spec:
  trigger: { manual: {} }
  steps:
    - id: shape
      map: '{ "ref": id, "cents": amount * 100 }'
    - id: check
      map: 'cents < 100000 ? $ : $error("over the limit")'
    - id: push
      send: { instance: main, endpoint: deliver }
`,
  };
}

/** The bundle with the hook flow's steps changed (what a new revision would compile to). */
function withHookSteps(change: (steps: { id: string }[]) => { id: string }[]): Bundle {
  const copy = structuredClone(bundle);
  const flow = copy.resources.find((resource) => resource.kind === 'Flow' && resource.name === 'hook')!;
  flow.spec.steps = change(flow.spec.steps as { id: string }[]);
  // Another content, another hash (prepared flows are kept by it).
  copy.sha256 = 'f'.repeat(64);
  return copy;
}

const records = (count: number) => Array.from({ length: count }, (_, index) => ({ id: index + 1, amount: index + 1 }));
const keyOf = (flow: string, run: string, step: string, index: number) => derivedMessageId(flow, run, step, index);

test('a run is recorded running before it executes, then ended with its counts; it moves the watermark the next run starts from', async () => {
  source = records(5);
  const admitted = await service.admit({ bundle, revision: 4, flow: 'copy', trigger: 'manual' });
  assert.match(admitted.id, /^\d{8}T\d{6}Z-[0-9a-f]{8}$/);
  assert.equal(await stores.runs.get(admitted.id), {
    id: admitted.id,
    flow: 'copy',
    revision: 4,
    bundleSha256: bundle.sha256,
    trigger: 'manual',
    status: 'running',
    startedAt: (await stores.runs.get(admitted.id))!.startedAt,
    finishedAt: '',
    steps: [],
    failures: [],
  });
  assert.equal(deliveries, [], 'admitted runs wait for execute()');
  const first = await admitted.execute();
  assert.equal(Object.keys(first).sort(), ['bundleSha256', 'failures', 'finishedAt', 'flow', 'id', 'revision', 'startedAt', 'status', 'steps', 'trigger']);
  assert.equal(
    { ...first, startedAt: '', finishedAt: '' },
    {
      id: admitted.id,
      flow: 'copy',
      revision: 4,
      bundleSha256: bundle.sha256,
      trigger: 'manual',
      status: 'succeeded',
      startedAt: '',
      finishedAt: '',
      steps: [
        { id: 'fetch', kind: 'receive', in: 0, out: 5, failed: 0 },
        { id: 'shape', kind: 'map', in: 5, out: 5, failed: 0 },
        { id: 'push', kind: 'send', in: 5, out: 5, failed: 0 },
      ],
      failures: [],
    },
  );
  // The id is the run's start (to the second), then randomness.
  assert.is(first.id.slice(0, 16), first.startedAt.replace(/[-:]/g, '').slice(0, 15) + 'Z');
  assert.ok(first.finishedAt >= first.startedAt);
  assert.equal(await stores.runs.get(first.id), first);
  assert.equal(deliveries.map((entry) => entry.ref), [1, 2, 3, 4, 5]);
  assert.equal(deliveries.map((entry) => entry.key), [0, 1, 2, 3, 4].map((index) => keyOf('copy', first.id, 'push', index)));
  assert.is(await stores.flowState.watermark('copy'), first.startedAt);

  // accept() starts it at once; the next receive asks for what changed since the first began.
  const accepted = await service.accept({ bundle, revision: 4, flow: 'copy', trigger: 'schedule' });
  const second = await accepted.done;
  assert.is(second.id, accepted.id);
  assert.is(second.since, first.startedAt);
  assert.equal(sinceSeen, [null, first.startedAt]);
  assert.equal(await stores.runs.get(second.id), second);
  assert.is(await stores.flowState.watermark('copy'), second.startedAt);
  assert.not.equal(second.id, first.id);
});

test('a run that fails keeps its error and leaves the watermark where it was; a flow the bundle lacks fails the run, recorded', async () => {
  source = records(2);
  const first = await service.run({ bundle, revision: null, flow: 'copy', trigger: 'manual' });
  listStatus = 500;
  const failed = await service.run({ bundle, revision: null, flow: 'copy', trigger: 'manual' });
  assert.is(failed.status, 'failed');
  assert.match(failed.error!, /^step 'fetch' \(receive\): instance 'main': GET http:\/\/127\.0\.0\.1:\d+\/records\?.* answered 500/);
  assert.is(failed.since, first.startedAt);
  assert.equal(await stores.runs.get(failed.id), failed);
  assert.is(await stores.flowState.watermark('copy'), first.startedAt);

  const missing = await service.run({ bundle, revision: null, flow: 'nope', trigger: 'manual' });
  assert.equal({ ...missing, id: '', startedAt: '', finishedAt: '' }, {
    id: '',
    flow: 'nope',
    revision: null,
    bundleSha256: bundle.sha256,
    trigger: 'manual',
    status: 'failed',
    startedAt: '',
    finishedAt: '',
    steps: [],
    error: "the bundle has no flow 'nope'",
    failures: [],
  });
  assert.equal(await stores.runs.get(missing.id), missing);
  assert.is(await stores.flowState.watermark('nope'), undefined);
});

test('a retry re-sends each failed record from the step it failed at, in the flow\'s order, with the keys of the run it failed in; it leaves the watermark alone', async () => {
  // Records given (as a webhook's are), one a chunk: refused at push, failing the map, over the check's limit, delivered.
  refused = new Set([1]);
  const given = [
    { id: 1, amount: 10 },
    { id: 2, amount: 'ten' },
    { id: 3, amount: 5000 },
    { id: 4, amount: 40 },
  ];
  const original = await service.run({ bundle, revision: 7, flow: 'hook', trigger: 'webhook', passes: [{ records: given }] });
  assert.is(original.status, 'partial');
  assert.equal(
    original.failures!.map((entry) => [entry.step, entry.index, entry.record]),
    [
      ['push', 0, { ref: 1, cents: 1000 }],
      ['shape', 1, { id: 2, amount: 'ten' }],
      ['check', 1, { ref: 3, cents: 500000 }],
    ],
  );
  const watermark = await stores.flowState.watermark('hook');
  assert.is(watermark, original.startedAt);

  const start = await service.retryStart(original.id, bundle, 8);
  assert.equal(start, {
    bundle,
    revision: 8,
    flow: 'hook',
    trigger: `retry of ${original.id}`,
    passes: [
      { startAt: 'shape', records: [{ id: 2, amount: 'ten' }], keys: { source: original.id, indices: [1] } },
      { startAt: 'check', records: [{ ref: 3, cents: 500000 }], keys: { source: original.id, indices: [1] } },
      { startAt: 'push', records: [{ ref: 1, cents: 1000 }], keys: { source: original.id, indices: [0] } },
    ],
    retryOf: original.id,
  });
  assert.is((await service.retryStart(original.id, bundle, 8, 'runs retry')).trigger, 'runs retry');
  // A step the flow has lost since sorts with its first step (its retry fails naming it).
  const withoutCheck = withHookSteps((steps) => steps.filter((step) => step.id !== 'check'));
  assert.equal((await service.retryStart(original.id, withoutCheck, 8)).passes!.map((pass) => pass.startAt), ['shape', 'check', 'push']);

  refused = new Set();
  deliveries = [];
  const retry = await service.retry(original.id, bundle, 8);
  assert.equal(
    { ...retry, id: '', startedAt: '', finishedAt: '', failures: retry.failures!.map((entry) => [entry.step, entry.index]) },
    {
      id: '',
      flow: 'hook',
      revision: 8,
      bundleSha256: bundle.sha256,
      trigger: `retry of ${original.id}`,
      status: 'partial',
      startedAt: '',
      finishedAt: '',
      steps: [
        { id: 'shape', kind: 'map', in: 1, out: 0, failed: 1 },
        { id: 'check', kind: 'map', in: 1, out: 0, failed: 1 },
        { id: 'push', kind: 'send', in: 1, out: 1, failed: 0 },
      ],
      failures: [
        ['shape', 1],
        ['check', 1],
      ],
      retryOf: original.id,
    },
  );
  assert.equal(await stores.runs.get(retry.id), retry);
  // The refused record went again with the key it had.
  assert.equal(deliveries, [{ ref: 1, key: keyOf('hook', original.id, 'push', 0) }]);
  assert.is(await stores.flowState.watermark('hook'), watermark);
});

test('a retry against a flow that lost a failed step: that step sorts first and the retry fails naming it', async () => {
  const given = [
    { id: 1, amount: 5000 },
    { id: 2, amount: 'ten' },
    { id: 3, amount: 30 },
  ];
  refused = new Set([3]);
  const original = await service.run({ bundle, revision: 1, flow: 'hook', trigger: 'webhook', passes: [{ records: given }] });
  assert.equal(original.failures!.map((entry) => entry.step), ['check', 'shape', 'push']);
  const withoutCheck = withHookSteps((steps) => steps.filter((step) => step.id !== 'check'));
  const start = await service.retryStart(original.id, withoutCheck, 2);
  assert.equal(start.passes!.map((pass) => pass.startAt), ['check', 'shape', 'push']);
  const retry = await service.run(start);
  assert.is(retry.status, 'failed');
  assert.is(retry.error, "flow 'hook' has no step 'check'");
});

test('retries refused: no such run, a run without failed records, a run that has not ended', async () => {
  const refusal = async (id: string, message: string) => {
    try {
      await service.retryStart(id, bundle, 1);
    } catch (error) {
      assert.instance(error, RunServiceError);
      assert.is((error as Error).message, message);
      return;
    }
    assert.unreachable(`retry of ${id} was not refused`);
  };
  await refusal('no-such-run', "there is no run 'no-such-run'; see weft runs");
  const fine = await service.run({ bundle, revision: 1, flow: 'hook', trigger: 'webhook', passes: [{ records: [{ id: 1, amount: 1 }] }] });
  assert.is(fine.status, 'succeeded');
  await refusal(fine.id, `run ${fine.id} has no failed records to retry`);

  // Under way, with failed records checkpointed already; then its process gone.
  const running = await service.admit({ bundle, revision: 1, flow: 'hook', trigger: 'webhook', passes: [{ records: [{ id: 1, amount: 1 }] }] });
  await stores.runs.checkpoint(running.id, { pass: 0, consumed: 1, steps: [] }, [{ step: 'push', index: 0, error: 'refused', record: { ref: 1 } }]);
  await refusal(running.id, `run ${running.id} has not ended (running); resume it with weft runs resume ${running.id}`);
  stores.database.db.prepare('UPDATE runs SET owner = ? WHERE id = ?').run(`${hostname()}/${process.pid}/an-earlier-start`, running.id);
  assert.equal((await service.interrupted()).map((entry) => entry.run.id), [running.id]);
  await refusal(running.id, `run ${running.id} has not ended (interrupted); resume it with weft runs resume ${running.id}`);
});

/**
 * Runs the service in a child process (`mode` 'run': runs flow copy; 'admit-retry': admits a
 * retry of `retryOf` and exits without executing it). Resolves when the child exits.
 */
async function inChild(mode: 'run' | 'admit-retry', options: { retryOf?: string; killAtRef?: number } = {}): Promise<NodeJS.Signals | null> {
  const bundleFile = path.join(directory, 'bundle.json');
  await writeFile(bundleFile, JSON.stringify(bundle));
  const script = `
    import { readFileSync } from 'node:fs';
    const { RunService } = await import(process.env.SERVICE_MODULE);
    const { openSqliteStores } = await import(process.env.STORES_MODULE);
    const env = { WEFT_SECRET_KEY: process.env.WEFT_SECRET_KEY };
    const stores = openSqliteStores(process.env.STATE_FILE, env);
    const service = new RunService({ stores, env, chunkSize: 2 });
    const bundle = JSON.parse(readFileSync(process.env.BUNDLE_FILE, 'utf8'));
    if (process.env.MODE === 'run') await service.run({ bundle, revision: 5, flow: 'copy', trigger: 'manual' });
    else await service.admit(await service.retryStart(process.env.RETRY_OF, bundle, 6));
    process.exit(0);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: {
      ...process.env,
      ...env,
      MODE: mode,
      RETRY_OF: options.retryOf ?? '',
      SERVICE_MODULE: new URL('../src/engine/run-service.ts', import.meta.url).href,
      STORES_MODULE: new URL('../src/engine/stores/sqlite/sqlite-stores.ts', import.meta.url).href,
      STATE_FILE: path.join(directory, 'state.db'),
      BUNDLE_FILE: bundleFile,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  if (options.killAtRef !== undefined) {
    heldRef = options.killAtRef;
    onArrival = (ref) => {
      if (ref === options.killAtRef) child.kill('SIGKILL');
    };
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (...exit) => resolve(exit)));
  clearTimeout(timer);
  onArrival = () => {};
  heldRef = undefined;
  if (signal === null) assert.is(code, 0, stderr);
  return signal;
}

test('a run whose process was killed mid-way is interrupted; resumed, it goes on after its last checkpoint with its id, watermark and keys', async () => {
  // A first run (nothing to copy) sets the watermark the killed run starts from.
  const first = await service.run({ bundle, revision: 5, flow: 'copy', trigger: 'manual' });
  assert.is(first.status, 'succeeded');
  source = records(7);
  // Chunks of 2 from pages of 4: the process dies delivering the third chunk (refs 5 and 6).
  assert.is(await inChild('run', { killAtRef: 5 }), 'SIGKILL');
  const killedDeliveries = deliveries.length;
  assert.ok(deliveries.slice(0, 4).every((entry, index) => entry.ref === index + 1));

  const [unfinished, ...others] = await service.interrupted();
  assert.equal(others, []);
  const id = unfinished!.run.id;
  assert.equal(
    { ...unfinished, run: { ...unfinished!.run, id: '', startedAt: '' } },
    {
      run: { id: '', flow: 'copy', revision: 5, bundleSha256: bundle.sha256, trigger: 'manual', status: 'interrupted', startedAt: '', finishedAt: '', steps: unfinished!.progress!.steps, since: first.startedAt, failures: [] },
      progress: {
        pass: 0,
        consumed: 4,
        steps: [
          { id: 'fetch', kind: 'receive', in: 0, out: 4, failed: 0 },
          { id: 'shape', kind: 'map', in: 4, out: 4, failed: 0 },
          { id: 'push', kind: 'send', in: 4, out: 4, failed: 0 },
        ],
      },
      failuresRecorded: 0,
    },
  );

  const resumed = await service.resume(id, bundle);
  assert.equal(logged, [`run ${id} of copy (manual) was interrupted; resuming after 4 record(s)`]);
  assert.equal(
    { ...resumed, finishedAt: '' },
    {
      id,
      flow: 'copy',
      revision: 5,
      bundleSha256: bundle.sha256,
      trigger: 'manual',
      status: 'succeeded',
      startedAt: unfinished!.run.startedAt,
      finishedAt: '',
      steps: [
        { id: 'fetch', kind: 'receive', in: 0, out: 7, failed: 0 },
        { id: 'shape', kind: 'map', in: 7, out: 7, failed: 0 },
        { id: 'push', kind: 'send', in: 7, out: 7, failed: 0 },
      ],
      failures: [],
      since: first.startedAt,
      // Its second attempt: the run history says it was resumed.
      attempts: 2,
    },
  );
  assert.equal(await stores.runs.get(id), resumed);
  // Its receive read from the same watermark; the first four records were not sent again, the rest with the keys of the run.
  assert.equal(sinceSeen, [null, first.startedAt, first.startedAt]);
  const again = deliveries.slice(killedDeliveries);
  assert.equal(again.map((entry) => entry.ref), [5, 6, 7]);
  assert.equal(again.map((entry) => entry.key), [4, 5, 6].map((index) => keyOf('copy', id, 'push', index)));
  assert.is(deliveries.filter((entry) => entry.ref === 5).length, 2);
  assert.equal([...new Set(deliveries.filter((entry) => entry.ref === 5).map((entry) => entry.key))], [keyOf('copy', id, 'push', 4)]);
  assert.is(await stores.flowState.watermark('copy'), unfinished!.run.startedAt);
  // Ended: neither interrupted nor resumable.
  assert.equal(await service.interrupted(), []);
  assert.is(await service.resume(id, bundle), undefined);
});

test('a retry admitted by a process that stopped before executing it is resumed from the start as the retry it was', async () => {
  refused = new Set([2]);
  const original = await service.run({ bundle, revision: 5, flow: 'hook', trigger: 'webhook', passes: [{ records: records(3) }] });
  assert.equal(original.failures!.map((entry) => [entry.step, entry.index]), [['push', 1]]);
  const watermark = await stores.flowState.watermark('hook');
  refused = new Set();
  deliveries = [];
  assert.is(await inChild('admit-retry', { retryOf: original.id }), null);

  const [unfinished] = await service.interrupted();
  assert.is(unfinished!.run.retryOf, original.id);
  assert.equal(unfinished!.passes, [{ startAt: 'push', records: [{ ref: 2, cents: 200 }], keys: { source: original.id, indices: [1] } }]);
  assert.is(unfinished!.progress, undefined);
  const resumed = await service.resume(unfinished!.run.id, bundle);
  assert.equal(logged, [`run ${unfinished!.run.id} of hook (retry of ${original.id}) was interrupted; resuming from the start`]);
  assert.equal({ ...resumed, finishedAt: '' }, {
    id: unfinished!.run.id,
    flow: 'hook',
    revision: 6,
    bundleSha256: bundle.sha256,
    trigger: `retry of ${original.id}`,
    status: 'succeeded',
    startedAt: unfinished!.run.startedAt,
    finishedAt: '',
    steps: [
      { id: 'shape', kind: 'map', in: 0, out: 0, failed: 0 },
      { id: 'check', kind: 'map', in: 0, out: 0, failed: 0 },
      { id: 'push', kind: 'send', in: 1, out: 1, failed: 0 },
    ],
    failures: [],
    retryOf: original.id,
    attempts: 2,
  });
  assert.equal(await stores.runs.get(resumed!.id), resumed);
  assert.equal(deliveries, [{ ref: 2, key: keyOf('hook', original.id, 'push', 1) }]);
  // A retry says nothing about the flow's window.
  assert.is(await stores.flowState.watermark('hook'), watermark);
});

test('a broker message runs through a prepared flow with keys from its message id; its record is returned, not stored', async () => {
  const prepared = await service.prepare(bundle, 'hook');
  const record = await service.runMessage(prepared, { messageId: 'msg-41', record: { id: 41, amount: 2 }, trigger: 'message from orders', revision: 9, bundleSha256: 'b'.repeat(64) });
  assert.equal(
    { ...record, startedAt: '', finishedAt: '' },
    {
      id: record.id,
      flow: 'hook',
      revision: 9,
      bundleSha256: 'b'.repeat(64),
      trigger: 'message from orders',
      status: 'succeeded',
      startedAt: '',
      finishedAt: '',
      steps: [
        { id: 'shape', kind: 'map', in: 1, out: 1, failed: 0 },
        { id: 'check', kind: 'map', in: 1, out: 1, failed: 0 },
        { id: 'push', kind: 'send', in: 1, out: 1, failed: 0 },
      ],
      failures: [],
    },
  );
  assert.match(record.id, /^\d{8}T\d{6}Z-[0-9a-f]{8}$/);
  assert.equal(deliveries, [{ ref: 41, key: keyOf('hook', 'msg-41', 'push', 0) }]);
  assert.is(await stores.runs.get(record.id), undefined);
});

test('prepared flows: one per bundle and flow, made again when a secret changes (its new value used), at most about 200 kept', async () => {
  source = records(1);
  const prepared = await service.prepare(bundle, 'copy');
  assert.ok((await service.prepare(bundle, 'copy')) === prepared, "the prepared flow was made again");
  assert.ok((await service.prepare(bundle, 'hook')) !== prepared, "the prepared flow was kept");
  await service.run({ bundle, revision: 1, flow: 'copy', trigger: 'manual' });
  await stores.secrets.set('api/token', 'token-2');
  const renewed = await service.prepare(bundle, 'copy');
  assert.ok(renewed !== prepared, "the prepared flow was kept");
  await service.run({ bundle, revision: 1, flow: 'copy', trigger: 'manual' });
  assert.equal([...new Set(tokens)], ['Bearer token-1', 'Bearer token-2']);

  // 201 prepared flows are kept; the 202nd starts the cache again.
  const fresh = new RunService({ stores, env });
  try {
    const revisions = Array.from({ length: 202 }, (_, index) => ({ ...bundle, sha256: `${index}`.padStart(64, '0') }));
    const first = await fresh.prepare(revisions[0]!, 'copy');
    for (const revision of revisions.slice(1, 201)) await fresh.prepare(revision, 'copy');
    assert.ok((await fresh.prepare(revisions[0]!, 'copy')) === first, 'the prepared flow was made again');
    await fresh.prepare(revisions[201]!, 'copy');
    assert.ok((await fresh.prepare(revisions[0]!, 'copy')) !== first, 'the prepared flow was kept');
  } finally {
    await fresh.close();
  }
});

test('placeholders resolve from the secret store and the environment, never to an engine variable; the lookup is worked out once per bundle', async () => {
  const environment = { ...env, REGION: 'eu-west', WEFT_ENGINE_TOKEN: 'engine-token' };
  const local = new RunService({ stores, env: environment });
  try {
    assert.is(await local.resolve({ source: 'secret', name: 'api/token' }), 'token-1');
    assert.is(await local.resolve({ source: 'secret', name: 'REGION' }), undefined);
    assert.is(await local.resolve({ source: 'env', name: 'REGION' }), 'eu-west');
    assert.is(await local.resolve({ source: 'env', name: 'api/token' }), undefined);
    assert.is(await local.resolve({ source: 'env', name: 'WEFT_ENGINE_TOKEN' }), undefined);
    assert.is(await local.resolve({ source: 'env', name: 'WEFT_SECRET_KEY' }), undefined);
    const lookup = await local.placeholderLookup(bundle);
    assert.is(lookup({ source: 'secret', name: 'api/token' } as never), 'token-1');
    assert.is(lookup({ source: 'env', name: 'REGION' } as never), undefined, 'only the bundle\'s placeholders are looked up');
    assert.is(await local.placeholderLookup(bundle), lookup);
    // A flow's own placeholders (a send's input) are looked up too.
    const withInput = structuredClone(bundle);
    const flow = withInput.resources.find((resource) => resource.kind === 'Flow')!;
    (flow.spec as { steps: Record<string, unknown>[] }).steps.push({ id: 'tagged', description: 'region ${env:REGION}' });
    withInput.sha256 = `${bundle.sha256}-with-input`;
    assert.is((await local.placeholderLookup(withInput))({ source: 'env', name: 'REGION' } as never), 'eu-west');
  } finally {
    await local.close();
  }
});

test('close() forgets prepared flows and leaves shared broker connections to their owner', async () => {
  const links = new AmqpLinks();
  const shared = new RunService({ stores, env, links });
  const link = links.link('amqp://127.0.0.1:1');
  const prepared = await shared.prepare(bundle, 'hook');
  await shared.close();
  assert.is(links.link('amqp://127.0.0.1:1'), link);
  assert.ok((await shared.prepare(bundle, 'hook')) !== prepared, "the prepared flow was kept");
  await shared.close();
  await links.close();
});

test.run();
