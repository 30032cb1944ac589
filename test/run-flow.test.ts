import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compileProject } from '../src/pipeline/compile-project.js';
import { defaultChunkSize, newRunId, PreparedFlow, runFlow, type RunEnvironment } from '../src/runtime/run-flow.js';
import { derivedMessageId } from '../src/runtime/amqp.js';
import type { RecordFailure, RunPass, RunProgress } from '../src/engine/stores/stores.js';
import type { Bundle } from '../src/compile/compile-bundle.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/**
 * A flow run end to end against two simulated third parties on 127.0.0.1: a store (bearer token,
 * Link-header pagination, a 429 with Retry-After) and an ERP (OAuth2 client credentials, sales
 * orders by POST, one order refused, a 503 now and then).
 */
const test = suite('run-flow');

const orders = Array.from({ length: 23 }, (_, index) => ({ id: index + 1, status: index % 3 === 0 ? 'pending' : 'paid', total: (index + 1) * 10 }));
let store: Server;
let erp: Server;
let storePort = 0;
let erpPort = 0;
let storeHits: { url: string; authorization?: string }[] = [];
let created: { externalId: string; total: number }[] = [];
/** The idempotency key of each sales order POSTed (every attempt). */
let keys: { externalId: string; key: string }[] = [];
let tokenRequests = 0;
let erpCalls = 0;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

test.before(async () => {
  store = createServer((request, response) => {
    storeHits.push({ url: request.url!, authorization: request.headers.authorization });
    if (request.headers.authorization !== 'Bearer store-token') {
      response.writeHead(401);
      return response.end('{"errors":"Invalid API key or access token"}');
    }
    const url = new URL(request.url!, 'http://store');
    const page = Number(url.searchParams.get('page_info') ?? 1);
    // The second page is rate limited once, as Shopify does under load.
    if (page === 2 && !storeHits.some((hit, index) => index < storeHits.length - 1 && hit.url.includes('page_info=2'))) {
      response.writeHead(429, { 'retry-after': '0' });
      return response.end('{"errors":"Exceeded 2 calls per second"}');
    }
    const limit = Number(url.searchParams.get('limit') ?? 10);
    const slice = orders.slice((page - 1) * limit, page * limit);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (page * limit < orders.length) headers.link = `<http://127.0.0.1:${storePort}/admin/orders.json?limit=${limit}&page_info=${page + 1}>; rel="next"`;
    response.writeHead(200, headers);
    response.end(JSON.stringify({ orders: slice }));
  });
  erp = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/oauth/token') {
        tokenRequests++;
        const expected = `Basic ${Buffer.from('erp-client:erp-secret').toString('base64')}`;
        if (request.headers.authorization !== expected) {
          response.writeHead(401, { 'content-type': 'application/json' });
          return response.end('{"error":"invalid_client"}');
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ access_token: 'erp-access', expires_in: 3600 }));
      }
      erpCalls++;
      if (request.headers.authorization !== 'Bearer erp-access') {
        response.writeHead(401);
        return response.end();
      }
      if (erpCalls % 7 === 0) {
        response.writeHead(503);
        return response.end('maintenance');
      }
      const order = (body === '' ? undefined : JSON.parse(body)) as { externalId: string; total: number };
      if (typeof order !== 'object' || order === null) {
        response.writeHead(400, { 'content-type': 'application/json' });
        return response.end('{"error":"a sales order is an object"}');
      }
      keys.push({ externalId: order.externalId, key: String(request.headers['idempotency-key']) });
      if (order.externalId === 'order-8') {
        response.writeHead(400, { 'content-type': 'application/json' });
        return response.end('{"error":"customer on credit hold"}');
      }
      // Exactly once: a retried POST of an order already created is answered, not repeated.
      if (!created.some((existing) => existing.externalId === order.externalId)) created.push(order);
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: created.length }));
    });
  });
  [storePort, erpPort] = await Promise.all([listen(store), listen(erp)]);
});

test.after(async () => {
  for (const server of [store, erp]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test.before.each(() => {
  storeHits = [];
  created = [];
  keys = [];
  tokenRequests = 0;
  erpCalls = 0;
});

/** A project of the two connectors, their instances and one flow; compiled for real. */
async function bundle(onError: 'continue' | 'stop'): Promise<Bundle> {
  const root = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: run-test }\n',
    'store.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: store }
spec:
  version: 1.0.0
  http:
    baseUrl: "http://127.0.0.1:{{settings.port}}/admin"
    retry: { maxAttempts: 3, initialDelayMs: 1, on: [429, 503] }
  settings: { type: object, properties: { port: { type: integer } }, required: [port] }
  credentials: { token: { description: the store's access token } }
  auth:
    token: { type: bearer, token: "{{credentials.token}}" }
  endpoints:
    listOrders:
      path: /orders.json
      query: { limit: 10 }
      pagination: { type: link-header }
      records: orders
`,
    'erp.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: erp }
spec:
  version: 1.0.0
  http:
    baseUrl: "http://127.0.0.1:{{settings.port}}"
    retry: { maxAttempts: 3, initialDelayMs: 1, on: [503] }
  settings: { type: object, properties: { port: { type: integer } }, required: [port] }
  credentials: { clientId: {}, clientSecret: {} }
  auth:
    oauth:
      type: oauth2
      grant: client_credentials
      tokenUrl: "http://127.0.0.1:{{settings.port}}/oauth/token"
      clientId: "{{credentials.clientId}}"
      clientSecret: "{{credentials.clientSecret}}"
  endpoints:
    createSalesOrder:
      method: POST
      path: /salesOrder
      body: "{{record}}"
      idempotent: true
`,
    'instances.yaml': `apiVersion: weft/v1
kind: Instance
metadata: { name: shop }
spec:
  connector: store
  settings: { port: ${storePort} }
  credentials: { token: "\${secret:store/token}" }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: ledger }
spec:
  connector: erp
  settings: { port: ${erpPort} }
  credentials: { clientId: "\${env:ERP_CLIENT_ID}", clientSecret: "\${secret:erp/secret}" }
`,
    'flow.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: orders-to-erp }
spec:
  onError: ${onError}
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: shop, endpoint: listOrders }
    - id: paid
      filter: status = 'paid'
    - id: to-sales-order
      map: '{ "externalId": "order-" & $string(id), "total": total }'
    - id: create
      send: { instance: ledger, endpoint: createSalesOrder, concurrency: 3 }
`,
  });
  try {
    const result = await compileProject(root);
    assert.equal(result.diagnostics, [], JSON.stringify(result.diagnostics, null, 2));
    return result.bundle!;
  } finally {
    await removeProject(root);
  }
}

const values: Record<string, string> = { 'secret:store/token': 'store-token', 'secret:erp/secret': 'erp-secret', 'env:ERP_CLIENT_ID': 'erp-client' };
const environment = (compiled: Bundle): RunEnvironment => ({
  bundle: compiled,
  resolve: (placeholder) => values[`${placeholder.source}:${placeholder.name}`],
  run: { id: 'run-1', startedAt: new Date().toISOString() },
});

test('orders in, sales orders out: pages streamed through filter and map into send; a refused record kept with its error', async () => {
  const outcome = await runFlow('orders-to-erp', environment(await bundle('continue')));
  const paid = orders.filter((order) => order.status === 'paid');
  assert.is(outcome.status, 'partial');
  assert.equal(
    outcome.steps.map((step) => [step.id, step.in, step.out, step.failed]),
    [
      ['fetch', 0, 23, 0],
      ['paid', 23, paid.length, 0],
      ['to-sales-order', paid.length, paid.length, 0],
      ['create', paid.length, paid.length - 1, 1],
    ],
  );
  // Exactly once: every paid order but the refused one, each created once.
  assert.equal(created.map((order) => order.externalId).sort(), paid.filter((order) => order.id !== 8).map((order) => `order-${order.id}`).sort());
  assert.equal(outcome.failures.map((failure) => [failure.step, failure.error.replace(/:\d+/, ':PORT')]), [['create', 'POST http://127.0.0.1:PORT/salesOrder answered 400: {"error":"customer on credit hold"}']]);
  assert.equal(outcome.failures[0]!.record, { externalId: 'order-8', total: 80 });
  assert.is(outcome.failuresCheckpointed, 0);
  // Three pages of 10, page 2 retried after its 429; bearer token on each; one OAuth2 token for all sends.
  assert.equal(storeHits.map((hit) => new URL(hit.url, 'http://x').searchParams.get('page_info') ?? '1'), ['1', '2', '2', '3']);
  assert.ok(storeHits.every((hit) => hit.authorization === 'Bearer store-token'));
  assert.is(tokenRequests, 1);
});

test("onError 'stop' ends the run, failed, at the first refused record", async () => {
  const outcome = await runFlow('orders-to-erp', environment(await bundle('stop')));
  assert.is(outcome.status, 'failed');
  assert.match(outcome.error!, /^step 'create' failed on record \d+: POST http:\/\/127\.0\.0\.1:\d+\/salesOrder answered 400/);
  assert.is(outcome.failures.length, 1);
});

test('a placeholder the engine cannot resolve fails the run, naming the placeholder and never a value', async () => {
  const compiled = await bundle('continue');
  const outcome = await runFlow('orders-to-erp', { ...environment(compiled), resolve: (placeholder) => (placeholder.name === 'store/token' ? undefined : values[`${placeholder.source}:${placeholder.name}`]) });
  assert.is(outcome.status, 'failed');
  assert.is(outcome.error, "step 'fetch' (receive): instance 'shop': ${secret:store/token} does not resolve in the engine; store it with: weft secret set store/token");
  assert.is(storeHits.length, 0);
});

/** The bundle with one resource's spec changed (what a project would compile to; the run reads only the bundle). */
function withSpec(compiled: Bundle, kind: string, name: string, change: (spec: Record<string, any>) => void): Bundle {
  const copy = structuredClone(compiled);
  change(copy.resources.find((resource) => resource.kind === kind && resource.name === name)!.spec as Record<string, any>);
  return copy;
}

test("an instance's settings resolve their placeholders at run time, inside longer strings too", async () => {
  // Before: `${env:…}` in settings validated and planned, then the run failed with 'Invalid URL'.
  let compiled = withSpec(await bundle('continue'), 'Connector', 'store', (spec) => (spec.http.baseUrl = '{{settings.base}}/admin'));
  compiled = withSpec(compiled, 'Instance', 'shop', (spec) => (spec.settings = { base: 'http://127.0.0.1:${env:STORE_PORT}' }));
  const outcome = await runFlow('orders-to-erp', { ...environment(compiled), resolve: (placeholder) => (placeholder.name === 'STORE_PORT' ? String(storePort) : values[`${placeholder.source}:${placeholder.name}`]) });
  assert.is(outcome.error, undefined);
  assert.is(outcome.steps[0]!.out, 23);
  assert.is(storeHits.length, 4);
});

test("a step's own placeholders resolve at run time (a send's input); one that does not resolve fails the run naming the step", async () => {
  let compiled = withSpec(await bundle('continue'), 'Flow', 'orders-to-erp', (spec) => (spec.steps[3].send.input = { channel: '${env:SALES_CHANNEL}' }));
  compiled = withSpec(compiled, 'Connector', 'erp', (spec) => (spec.endpoints.createSalesOrder.body = { externalId: '{{record.externalId}}', total: '{{record.total}}', channel: '{{input.channel}}' }));
  const outcome = await runFlow('orders-to-erp', { ...environment(compiled), resolve: (placeholder) => (placeholder.name === 'SALES_CHANNEL' ? 'web-eu' : values[`${placeholder.source}:${placeholder.name}`]) });
  assert.is(outcome.failures.length, 1, 'the order on credit hold');
  assert.ok(created.length > 0 && created.every((order) => (order as { channel?: unknown }).channel === 'web-eu'), JSON.stringify(created.slice(0, 2)));
  const unresolved = await runFlow('orders-to-erp', environment(compiled));
  assert.is(unresolved.status, 'failed');
  assert.is(unresolved.error, "step 'create' (send): ${env:SALES_CHANNEL} does not resolve in the engine; set SALES_CHANNEL in the engine's environment");
});

test('a request URL that is not a URL fails the run naming the step and instance, without its credentials or query', async () => {
  const compiled = withSpec(await bundle('continue'), 'Connector', 'store', (spec) => (spec.http.baseUrl = 'http://admin:hunter2-secret@exa mple.test/admin'));
  const outcome = await runFlow('orders-to-erp', environment(compiled));
  assert.is(outcome.status, 'failed');
  assert.is(
    outcome.error,
    "step 'fetch' (receive): instance 'shop': the request URL 'http://…@exa mple.test/admin/orders.json?…' is not a valid URL; check the connector's baseUrl and the instance's settings",
  );
  assert.not.ok(outcome.error!.includes('hunter2'));
});

test('a JSONata error at run time names the expression position and JSONata message, kept per record (never [object Object])', async () => {
  const compiled = withSpec(await bundle('continue'), 'Flow', 'orders-to-erp', (spec) => (spec.steps[2].map = '{ "externalId": "order-" & $string(id), "total": total + status }'));
  const outcome = await runFlow('orders-to-erp', environment(compiled));
  const paid = orders.filter((order) => order.status === 'paid');
  assert.is(outcome.status, 'partial');
  assert.is(outcome.failures.length, paid.length);
  assert.equal(
    outcome.failures.map((failure) => [failure.step, failure.index]),
    paid.map((_, index) => ['to-sales-order', index]),
  );
  assert.match(outcome.failures[0]!.error, /^map expression at position \d+ \(near '\+'\): The right side of the "\+" operator must evaluate to a number \[T2002\]$/);
  assert.not.ok(outcome.failures.some((failure) => failure.error.includes('[object Object]')));
  assert.is(created.length, 0);
});

test('a filter keeps a record when its expression yields a non-empty array, and drops it for an empty one', async () => {
  // JSONata's truthiness for a filter: [] is false, [x] is true (the paid orders' ids, as arrays).
  const compiled = withSpec(await bundle('continue'), 'Flow', 'orders-to-erp', (spec) => (spec.steps[1].filter = "status = 'paid' ? [id] : []"));
  const outcome = await runFlow('orders-to-erp', environment(compiled));
  const paid = orders.filter((order) => order.status === 'paid');
  assert.equal(outcome.steps[1], { id: 'paid', kind: 'filter', in: 23, out: paid.length, failed: 0 });
});

test('a send passes each record it delivered on to the next step', async () => {
  const compiled = withSpec(await bundle('continue'), 'Flow', 'orders-to-erp', (spec) => spec.steps.push({ id: 'after', map: 'externalId' }));
  const outcome = await runFlow('orders-to-erp', environment(compiled));
  const paid = orders.filter((order) => order.status === 'paid');
  // The refused order (8) stops at the send; every other one reaches the map as the record sent.
  assert.equal(outcome.steps[4], { id: 'after', kind: 'map', in: paid.length - 1, out: paid.length - 1, failed: 0 });
});

/** Runs the flow prepared once, committing progress through `checkpoint` (copies: the run goes on changing its counts). */
async function runPrepared(compiled: Bundle, input: Partial<Parameters<PreparedFlow['run']>[0]> & { stopAt?: number } = {}) {
  const prepared = new PreparedFlow('orders-to-erp', environment(compiled));
  const checkpoints: { progress: RunProgress; failures: RecordFailure[] }[] = [];
  try {
    const outcome = await prepared.run({
      run: { id: 'run-1', startedAt: new Date().toISOString() },
      ...input,
      checkpoint: async (progress, failures) => {
        checkpoints.push(structuredClone({ progress, failures }));
        // The process dies right after this commit: nothing more is done.
        if (progress.consumed === input.stopAt) throw new Error('killed');
      },
    });
    return { outcome, checkpoints };
  } finally {
    await prepared.close();
  }
}

const paid = orders.filter((order) => order.status === 'paid');
/** The key a sales order is sent with in run-1: derived from its place among the records the send step received. */
const keyOfPaid = (id: number) => derivedMessageId('orders-to-erp', 'run-1', 'create', paid.findIndex((order) => order.id === id));

test('progress is committed after each chunk of a page, with the records consumed, the counts so far and the failed records found since', async () => {
  const { outcome, checkpoints } = await runPrepared(await bundle('continue'), { chunkSize: 4 });
  assert.is(outcome.status, 'partial');
  // Pages of 10, 10 and 3 in chunks of at most 4; the source's last chunk is committed too.
  assert.equal(checkpoints.map((entry) => [entry.progress.pass, entry.progress.consumed]), [[0, 4], [0, 8], [0, 10], [0, 14], [0, 18], [0, 20], [0, 23]]);
  assert.equal(
    checkpoints.map((entry) => entry.progress.steps.map((step) => [step.in, step.out, step.failed])),
    checkpoints.map((entry) => {
      const through = paid.filter((order) => order.id <= entry.progress.consumed);
      const failed = through.some((order) => order.id === 8) ? 1 : 0;
      return [[0, entry.progress.consumed, 0], [entry.progress.consumed, through.length, 0], [through.length, through.length, 0], [through.length, through.length - failed, failed]];
    }),
  );
  assert.equal(checkpoints.map((entry) => entry.failures.map((failure) => failure.record)), [[], [{ externalId: 'order-8', total: 80 }], [], [], [], [], []]);
  assert.is(outcome.failuresCheckpointed, 1);
  assert.equal(outcome.steps, checkpoints.at(-1)!.progress.steps);
  // Each order's key is its place among all the records the send step received, across chunks and pages.
  assert.equal(
    [...new Set(keys.map((entry) => `${entry.externalId} ${entry.key}`))].sort(),
    paid.map((order) => `order-${order.id} ${keyOfPaid(order.id)}`).sort(),
  );
});

test('a run resumed from a checkpoint skips exactly the records it had consumed and goes on with the counts and keys where they were', async () => {
  const compiled = await bundle('continue');
  const full = await runFlow('orders-to-erp', environment(compiled));
  // Interrupted after 6 records (chunks of 3), and after 9; resumed in chunks of 5.
  for (const consumed of [6, 9]) {
    const crashed = await runPrepared(compiled, { chunkSize: 3, stopAt: consumed });
    assert.is(crashed.outcome.status, 'failed');
    const progress = crashed.checkpoints.at(-1)!.progress;
    assert.is(progress.consumed, consumed);
    created = [];
    keys = [];
    const resumed = await runPrepared(compiled, { chunkSize: 5, progress });
    assert.equal(resumed.outcome.steps, full.steps, `after ${consumed}`);
    assert.equal(resumed.checkpoints.map((entry) => entry.progress.consumed), [10, 15, 20, 23], `after ${consumed}`);
    const rest = paid.filter((order) => order.id > consumed && order.id !== 8);
    assert.equal(created.map((order) => order.externalId).sort(), rest.map((order) => `order-${order.id}`).sort(), `after ${consumed}`);
    assert.equal(
      [...new Set(keys.map((entry) => `${entry.externalId} ${entry.key}`))].sort(),
      paid.filter((order) => order.id > consumed).map((order) => `order-${order.id} ${keyOfPaid(order.id)}`).sort(),
    );
    // The refused order was found before the checkpoint (and kept then) or after it.
    assert.equal(resumed.outcome.failures.map((failure) => failure.index), consumed < 8 ? [paid.findIndex((order) => order.id === 8)] : []);
  }
});

test('records given start at their step, pass by pass; a retry\'s pass keeps the keys of the run it failed in; the last chunk is left to the run\'s end', async () => {
  const passes: RunPass[] = [
    { startAt: 'paid', records: orders.slice(1, 6) },
    { startAt: 'create', records: [{ externalId: 'order-8', total: 80 }, { externalId: 'order-100', total: 1 }], keys: { source: 'run-0', indices: [7, 0] } },
    { startAt: 'to-sales-order', records: [] },
    // A retry's keys are those of the records at the step they start at; the steps after it key them in this run.
    { startAt: 'to-sales-order', records: [{ id: 101, total: 3 }], keys: { source: 'run-0', indices: [5] } },
  ];
  const { outcome, checkpoints } = await runPrepared(await bundle('continue'), { chunkSize: 2, passes });
  assert.equal(
    outcome.steps.map((step) => [step.id, step.in, step.out, step.failed]),
    [
      ['fetch', 0, 0, 0],
      ['paid', 5, 4, 0],
      ['to-sales-order', 5, 5, 0],
      ['create', 7, 6, 1],
    ],
  );
  assert.is(storeHits.length, 0);
  assert.equal(checkpoints.map((entry) => [entry.progress.pass, entry.progress.consumed]), [[0, 2], [0, 4], [0, 5], [1, 2]]);
  assert.equal(outcome.failures, [{ step: 'create', index: 7, error: outcome.failures[0]!.error, record: { externalId: 'order-8', total: 80 }, call: outcome.failures[0]!.call }]);
  // The call that failed is kept with the record: the request as sent, the answer.
  assert.equal([outcome.failures[0]!.call?.request.method, outcome.failures[0]!.call?.response?.status, outcome.failures[0]!.call?.response?.body], ['POST', 400, '{"error":"customer on credit hold"}']);
  assert.is(outcome.failuresCheckpointed, 1);
  assert.equal(
    keys.map((entry) => [entry.externalId, entry.key]).sort(),
    [
      ['order-100', derivedMessageId('orders-to-erp', 'run-0', 'create', 0)],
      ['order-101', derivedMessageId('orders-to-erp', 'run-1', 'create', 6)],
      ['order-2', derivedMessageId('orders-to-erp', 'run-1', 'create', 0)],
      ['order-3', derivedMessageId('orders-to-erp', 'run-1', 'create', 1)],
      ['order-5', derivedMessageId('orders-to-erp', 'run-1', 'create', 2)],
      ['order-6', derivedMessageId('orders-to-erp', 'run-1', 'create', 3)],
      ['order-8', derivedMessageId('orders-to-erp', 'run-0', 'create', 7)],
    ],
  );
});

test('chunks: of 100 records unless told, a size below 1 taken as 1; a run without a failed record succeeds', async () => {
  const compiled = await bundle('continue');
  assert.is(defaultChunkSize, 100);
  const pending = Array.from({ length: 250 }, (_, index) => ({ id: 1000 + index, status: 'pending', total: 1 }));
  const byDefault = await runPrepared(compiled, { passes: [{ startAt: 'paid', records: pending }] });
  assert.equal(byDefault.checkpoints.map((entry) => entry.progress.consumed), [100, 200]);
  assert.equal(byDefault.outcome, {
    status: 'succeeded',
    steps: [
      { id: 'fetch', kind: 'receive', in: 0, out: 0, failed: 0 },
      { id: 'paid', kind: 'filter', in: 250, out: 0, failed: 0 },
      { id: 'to-sales-order', kind: 'map', in: 0, out: 0, failed: 0 },
      { id: 'create', kind: 'send', in: 0, out: 0, failed: 0 },
    ],
    failures: [],
    failuresCheckpointed: 0,
  });
  const ones = await runPrepared(compiled, { chunkSize: 0, passes: [{ startAt: 'paid', records: pending.slice(0, 3) }] });
  assert.equal(ones.checkpoints.map((entry) => entry.progress.consumed), [1, 2]);
});

test('a run resumed after its flow\'s steps changed fails without running; a pass starting at a step the flow lacks fails the run', async () => {
  const compiled = await bundle('continue');
  const steps = [
    { id: 'fetch', kind: 'receive', in: 0, out: 10, failed: 0 },
    { id: 'create', kind: 'send', in: 10, out: 10, failed: 0 },
  ];
  const { outcome, checkpoints } = await runPrepared(compiled, { progress: { pass: 0, consumed: 10, steps } });
  assert.equal(outcome, {
    status: 'failed',
    steps,
    failures: [],
    failuresCheckpointed: 0,
    error: "the steps of flow 'orders-to-erp' changed since the run was interrupted; it cannot go on (start a new run)",
  });
  assert.equal([checkpoints.length, storeHits.length, erpCalls], [0, 0, 0]);
  const missing = await runPrepared(compiled, { passes: [{ startAt: 'push', records: [{ id: 1 }] }] });
  assert.is(missing.outcome.status, 'failed');
  assert.is(missing.outcome.error, "flow 'orders-to-erp' has no step 'push'");
});

test('a flow without a source runs what it is given from its first step, and given nothing succeeds with nothing', async () => {
  const compiled = withSpec(await bundle('continue'), 'Flow', 'orders-to-erp', (spec) => spec.steps.shift());
  const nothing = await runFlow('orders-to-erp', environment(compiled));
  assert.equal([nothing.status, nothing.steps.map((step) => step.in + step.out + step.failed)], ['succeeded', [0, 0, 0]]);
  const given = await runFlow('orders-to-erp', { ...environment(compiled), passes: [{ startAt: 'paid', records: orders.slice(0, 3) }] });
  assert.is(given.status, 'succeeded');
  assert.equal(created.map((order) => order.externalId).sort(), ['order-2', 'order-3']);
  assert.equal(storeHits, []);
});

test('records all filtered out never reach the send: its instance is not even resolved', async () => {
  const compiled = await bundle('continue');
  const pending = orders.filter((order) => order.status === 'pending');
  const outcome = await runFlow('orders-to-erp', {
    ...environment(compiled),
    resolve: (placeholder) => (placeholder.name === 'erp/secret' ? undefined : values[`${placeholder.source}:${placeholder.name}`]),
    passes: [{ startAt: 'paid', records: pending }],
  });
  assert.is(outcome.error, undefined);
  assert.equal(outcome.steps.at(-1), { id: 'create', kind: 'send', in: 0, out: 0, failed: 0 });
  // With one paid record, the send resolves its instance, and fails the run naming the secret.
  const paidToo = await runFlow('orders-to-erp', {
    ...environment(compiled),
    resolve: (placeholder) => (placeholder.name === 'erp/secret' ? undefined : values[`${placeholder.source}:${placeholder.name}`]),
    passes: [{ startAt: 'paid', records: [...pending, paid[0]] }],
  });
  assert.is(paidToo.status, 'failed');
  assert.match(paidToo.error!, /erp\/secret/);
});

test('a record that is a falsy JSON value is kept as it was when it fails', async () => {
  const { outcome } = await runPrepared(await bundle('continue'), { passes: [{ startAt: 'create', records: [0, false, ''] }] });
  assert.equal(
    outcome.failures.map((failure) => failure.record),
    [0, false, ''],
  );
});

test('a run id is its start to the second, in UTC, then 8 random hex digits', () => {
  const started = new Date('2026-11-28T18:30:05.123Z');
  const ids = [newRunId(started), newRunId(started)];
  for (const id of ids) assert.match(id, /^20261128T183005Z-[0-9a-f]{8}$/);
  assert.is.not(ids[0], ids[1]);
});

test.run();
