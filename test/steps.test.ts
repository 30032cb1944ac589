import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, BundleResource } from '../src/compile/compile-bundle.js';
import type { Placeholder } from '../src/lex/placeholders.js';
import { compileProject } from '../src/pipeline/compile-project.js';
import { AmqpLinks, derivedMessageId } from '../src/runtime/amqp.js';
import { InstanceClients } from '../src/runtime/instance-clients.js';
import { runFlow } from '../src/runtime/run-flow.js';
import { stepServices } from '../src/runtime/step-services.js';
import { filter } from '../src/steps/filter.js';
import { map } from '../src/steps/map.js';
import { publish } from '../src/steps/publish.js';
import { receive } from '../src/steps/receive.js';
import { send } from '../src/steps/send.js';
import { dropped, type Batch, type StepKind } from '../src/steps/step-kind.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/**
 * The step kinds on their own: what each checks at compile time (its templates, expressions and
 * references, through the real checker), and what each does with a batch of records, against an
 * API on 127.0.0.1 that counts the requests in flight.
 */
const test = suite('steps');

let api: Server;
let port = 0;
let received: { url: string; key?: string; body: unknown }[] = [];
let inFlight = 0;
let maxInFlight = 0;
/** How long the API takes to answer a send, so that requests overlap. */
let answerDelayMs = 0;

test.before(async () => {
  api = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const record = body === '' ? undefined : (JSON.parse(body) as { id?: number });
      received.push({ url: request.url!, key: request.headers['idempotency-key'] as string | undefined, body: record });
      setTimeout(() => {
        inFlight--;
        if (request.method === 'GET') {
          response.writeHead(200, { 'content-type': 'application/json' });
          return response.end(JSON.stringify({ items: [{ id: 1, status: 'paid' }, { id: 2, status: 'open' }, { id: 3, status: 'paid' }] }));
        }
        const refused = record?.id === 13;
        response.writeHead(refused ? 422 : 201, { 'content-type': 'application/json' });
        response.end(refused ? '{"error":"unknown customer"}' : '{}');
      }, request.method === 'GET' ? 0 : answerDelayMs);
    });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  port = (api.address() as AddressInfo).port;
});

test.after(async () => {
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
});

test.before.each(() => {
  received = [];
  inFlight = 0;
  maxInFlight = 0;
  answerDelayMs = 0;
});

function bundleOf(...resources: { kind: BundleResource['kind']; name: string; spec: Record<string, unknown> }[]): Bundle {
  return { apiVersion: 'weft/v1', kind: 'Bundle', project: 'test', resources: resources.map((resource) => ({ ...resource, metadata: { name: resource.name }, sha256: '' })), sha256: '' };
}

/** An ERP taking orders by POST (any order but 13), and listing them by GET. */
const erp = bundleOf(
  {
    kind: 'Connector',
    name: 'erp',
    spec: {
      type: 'http',
      version: '1.0.0',
      http: { baseUrl: 'http://127.0.0.1:{{settings.port}}', retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1, on: [] } },
      endpoints: {
        createOrder: { method: 'POST', path: '/orders', body: '{{record}}' },
        listOrders: { path: '/orders', query: { since: '{{input.since}}' }, records: 'items' },
      },
    },
  },
  { kind: 'Instance', name: 'ledger', spec: { connector: 'erp', settings: { port: 0 } } },
  { kind: 'Connector', name: 'bus', spec: { type: 'event', version: '1.0.0', event: { broker: 'rabbitmq' } } },
  // Nothing listens on port 1: a publish that gets as far as connecting fails there.
  { kind: 'Instance', name: 'events', spec: { connector: 'bus', credentials: { url: 'amqp://guest:${secret:bus/password}@127.0.0.1:1/' } } },
);
const resolve = (placeholder: Placeholder) => (placeholder.name === 'bus/password' ? 'guest-pw' : undefined);
const runFields = { id: 'run-3', startedAt: '2026-02-03T04:05:06.000Z' };
const batch: Batch = { scope: { flow: 'orders', run: runFields, keySource: 'run-3' }, keyOf: (position) => ({ source: 'run-3', index: 10 + position }), bindings: () => undefined };

function prepared(kind: StepKind, body: unknown, links?: AmqpLinks) {
  const bundle = structuredClone(erp);
  (bundle.resources[1]!.spec.settings as { port: number }).port = port;
  const clients = new InstanceClients({ bundle, resolve, links });
  return { step: kind.prepare(body, { flow: 'orders', path: 'push', services: stepServices(clients) }), clients, bundle };
}

test('filter: keeps a record when its expression is truthy, an array only when it is not empty', async () => {
  const { step } = prepared(filter, 'value');
  const records = [{ value: [] }, { value: [0] }, { value: [1, 2] }, { value: 0 }, { value: 1 }, { value: '' }, { value: 'yes' }, { value: null }, {}];
  const outcomes = await step.process!(records, batch);
  assert.equal(
    outcomes.map((outcome) => (outcome === dropped ? 'dropped' : outcome)),
    ['dropped', { value: [0] }, { value: [1, 2] }, 'dropped', { value: 1 }, 'dropped', { value: 'yes' }, 'dropped', 'dropped'],
  );
});

test('map: each record becomes the value of its expression, falsy ones included; a record it yields nothing for is dropped', async () => {
  const { step } = prepared(map, 'value');
  const outcomes = await step.process!([{ value: { id: 1 } }, {}, { value: 0 }, { value: false }, { value: null }, { value: '' }], batch);
  assert.equal(
    outcomes.map((outcome) => (outcome === dropped ? 'dropped' : outcome)),
    [{ id: 1 }, 'dropped', 0, false, null, ''],
  );
});

test('send: one request per record with a key derived from the run, step and index; a delivered record passes on, a refused one is its Error', async () => {
  const { step } = prepared(send, { instance: 'ledger', endpoint: 'createOrder' });
  const outcomes = await step.process!([{ id: 11 }, { id: 12 }, { id: 13 }], batch);
  assert.equal(outcomes.slice(0, 2), [{ id: 11 }, { id: 12 }]);
  assert.instance(outcomes[2], Error);
  assert.is((outcomes[2] as Error).message, `POST http://127.0.0.1:${port}/orders answered 422: {"error":"unknown customer"}`);
  assert.equal(
    received.map((request) => [request.body, request.key]).sort((a, b) => (a[0] as { id: number }).id - (b[0] as { id: number }).id),
    [11, 12, 13].map((id, position) => [{ id }, derivedMessageId('orders', 'run-3', 'push', 10 + position)]),
  );
});

test('send: four requests in flight at most by default, and as many as `concurrency` says', async () => {
  answerDelayMs = 100;
  const records = Array.from({ length: 12 }, (_, index) => ({ id: index }));
  await prepared(send, { instance: 'ledger', endpoint: 'createOrder' }).step.process!(records, batch);
  assert.is(maxInFlight, 4);
  assert.is(received.length, 12);
  maxInFlight = 0;
  await prepared(send, { instance: 'ledger', endpoint: 'createOrder', concurrency: 2 }).step.process!(records, batch);
  assert.is(maxInFlight, 2);
});

test("receive: a flow's records come from its endpoint, page by page, its input rendered from the run", async () => {
  const { step } = prepared(receive, { instance: 'ledger', endpoint: 'listOrders', input: { since: '{{run.startedAt}}' } });
  const pages: unknown[][] = [];
  for await (const page of step.pages!(batch.scope)) pages.push(page);
  assert.equal(pages, [[{ id: 1, status: 'paid' }, { id: 2, status: 'open' }, { id: 3, status: 'paid' }]]);
  assert.equal(
    received.map((request) => request.url),
    [`/orders?since=${encodeURIComponent(runFields.startedAt)}`],
  );
  // A flow that starts with a receive runs on what it fetches.
  const bundle = prepared(receive, {}).bundle;
  bundle.resources.push({
    kind: 'Flow',
    name: 'orders',
    metadata: { name: 'orders' },
    sha256: '',
    spec: { onError: 'continue', trigger: { manual: {} }, steps: [{ id: 'fetch', receive: { instance: 'ledger', endpoint: 'listOrders' } }, { id: 'paid', filter: "status = 'paid'" }] },
  });
  const outcome = await runFlow('orders', { bundle, resolve, run: runFields });
  assert.equal(
    outcome.steps.map((stat) => [stat.id, stat.in, stat.out]),
    [
      ['fetch', 0, 3],
      ['paid', 3, 2],
    ],
  );
});

test('publish: a routing key over 255 bytes fails its record before anything is sent; 255 bytes is allowed', async () => {
  const links = new AmqpLinks(() => {}, 1000);
  try {
    const { step } = prepared(publish, { instance: 'events', exchange: 'orders', routingKey: '{{record.key}}' }, links);
    const outcomes = await step.process!([{ key: 'k'.repeat(256) }, { key: 'é'.repeat(128) }, { key: 'k'.repeat(255) }], batch);
    assert.equal(
      outcomes.map((outcome) => (outcome as Error).message),
      [
        'the routing key is 256 bytes; AMQP allows 255',
        'the routing key is 256 bytes; AMQP allows 255',
        // Past the check: the publish itself, to a broker that is not there (its password not shown).
        'cannot connect to amqp://127.0.0.1:1/: connect ECONNREFUSED 127.0.0.1:1',
      ],
    );
  } finally {
    await links.close();
  }
});

/** What the checker says about a flow (diagnostics of the flow file only), as code and message. */
async function checkFlow(steps: string): Promise<string[]> {
  const root = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: steps }\n',
    'erp.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: erp }
spec:
  version: 1.0.0
  http: { baseUrl: "https://erp.example.com" }
  endpoints:
    createOrder: { method: POST, path: /orders, inputs: { channel: {} }, body: "{{record}}" }
    listOrders: { path: /orders, inputs: { since: {} }, query: { since: "{{input.since}}" } }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: ledger }
spec: { connector: erp }
---
apiVersion: weft/v1
kind: Connector
metadata: { name: bus }
spec: { version: 1.0.0, type: event, event: { broker: rabbitmq } }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: events }
spec: { connector: bus, credentials: { url: "\${secret:bus/url}" } }
`,
    'flow.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: orders }
spec:
  trigger: { manual: {} }
  steps:
${steps}`,
  });
  try {
    const result = await compileProject(root);
    return result.diagnostics.filter((diagnostic) => diagnostic.file?.endsWith('flow.yaml')).map((diagnostic) => `${diagnostic.code} ${diagnostic.pointer}: ${diagnostic.message}`);
  } finally {
    await removeProject(root);
  }
}

test('the checker reads each kind: templates of receive and send inputs and of a routing key, filter and map expressions, publish references', async () => {
  const diagnostics = await checkFlow(`    - id: fetch
      receive: { instance: ledger, endpoint: listOrders, input: { since: "{{record.since}}" } }
    - id: paid
      filter: "status = 'paid' and"
    - id: shape
      map: "{ 'id': }"
    - id: push
      send: { instance: ledger, endpoint: createOrder, input: { channel: "{{settings.channel}}" } }
    - id: announce
      publish: { instance: events, exchange: orders, routingKey: "orders.{{input.kind}}" }
    - id: misrouted
      publish: { instance: ledger, exchange: orders, routingKey: created }
    - id: fine
      send: { instance: ledger, endpoint: createOrder, input: { channel: "{{record.channel}}-{{run.id}}" } }
`);
  assert.equal(diagnostics, [
    "unknown-template-ref /spec/steps/0/receive/input/since: '{{record}}' is not available in step 'fetch'; only 'run' or 'vars' are",
    "bad-expression /spec/steps/1/filter: filter of step 'paid' is not valid JSONata: unexpected end of expression",
    'bad-expression /spec/steps/2/map: map of step \'shape\' is not valid JSONata: the symbol "}" cannot be used as a unary operator',
    "unknown-template-ref /spec/steps/3/send/input/channel: '{{settings}}' is not available in step 'push'; only 'run', 'record' or 'vars' are",
    "unknown-template-ref /spec/steps/4/publish/routingKey: '{{input}}' is not available in step 'announce'; only 'run', 'record' or 'vars' are",
    "wrong-connector-type /spec/steps/5/publish/instance: a 'publish' step needs an event instance, but 'ledger' uses the http connector 'erp'",
  ]);
});

test.run();
