import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Bundle } from '../src/compile/compile-bundle.js';
import { compileProject } from '../src/pipeline/compile-project.js';
import { differences, fakeValue, runTest, type TestCase } from '../src/testing/run-tests.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/** The test runner: the real runtime with an in-process transport, OAuth2 and pagination included; no socket, no secret. */
const test = suite('run-tests');

let bundle: Bundle;

test.before(async () => {
  const root = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: runner }\n',
    'shop.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: shop }
spec:
  version: 1.0.0
  http: { baseUrl: "https://shop.example.com" }
  credentials: { clientId: {}, clientSecret: {} }
  auth:
    oauth: { type: oauth2, grant: client_credentials, tokenUrl: "https://shop.example.com/oauth/token", clientId: "{{credentials.clientId}}", clientSecret: "{{credentials.clientSecret}}" }
  endpoints:
    listOrders:
      path: /orders
      pagination: { type: link-header }
      records: orders
    createInvoice:
      method: POST
      path: /invoices
      body: { order: "{{record.id}}", total: "{{record.total}}" }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: shop }
spec:
  connector: shop
  credentials: { clientId: "\${secret:shop/client-id}", clientSecret: "\${secret:shop/client-secret}" }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: invoices }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: shop, endpoint: listOrders }
    - id: paid
      filter: status = 'paid'
    - id: invoice
      send: { instance: shop, endpoint: createInvoice }
---
apiVersion: weft/v1
kind: Connector
metadata: { name: bus }
spec:
  version: 1.0.0
  type: event
  event: { broker: rabbitmq }
  credentials: { url: {} }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: bus }
spec:
  connector: bus
  credentials: { url: "\${secret:bus/url}" }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: announce }
spec:
  trigger: { manual: {} }
  steps:
    - id: once
      dedupe: { key: id, pool: orders }
    - id: remember
      cache: { put: { key: id, value: "{ 'total': total }", name: totals, ttl: 1h } }
    - id: tell
      publish: { instance: bus, exchange: orders, routingKey: "order.{{record.status}}" }
`,
  });
  try {
    const result = await compileProject(root);
    assert.equal(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'), []);
    bundle = result.bundle!;
  } finally {
    await removeProject(root);
  }
});

const token = { instance: 'shop', request: { method: 'POST' as const, path: '/oauth/token' }, body: { access_token: 'test-access', expires_in: 3600 } };
const pages = [
  { instance: 'shop', endpoint: 'listOrders', request: { query: { page: '2' } }, body: { orders: [{ id: 3, status: 'paid', total: 30 }] } },
  {
    instance: 'shop',
    endpoint: 'listOrders',
    headers: { link: '<https://shop.example.com/orders?page=2>; rel="next"' },
    body: { orders: [{ id: 1, status: 'paid', total: 10 }, { id: 2, status: 'pending', total: 20 }] },
  },
];
const testCase = (spec: Partial<TestCase['spec']>): TestCase => ({ name: 'invoices', file: 'tests/invoices.yaml', line: 4, spec: { flow: 'invoices', expect: {}, ...spec } });

test('a receive through OAuth2 and two pages, then sends: every request answered in process, in order', async () => {
  const result = await runTest(bundle, testCase({
    responses: [token, ...pages, { instance: 'shop', endpoint: 'createInvoice', status: 201 }],
    expect: { status: 'succeeded', requests: [{ instance: 'shop', endpoint: 'createInvoice', bodies: [{ order: 1, total: 10 }, { order: 3, total: 30 }] }], failures: [] },
  }));
  assert.equal(result.problems, []);
  assert.ok(result.passed);
});

test('answers outside 2xx are what the real API would do: a refused send is a failed record, a retried 503 is retried without waiting', async () => {
  let started = performance.now();
  const refused = await runTest(bundle, testCase({
    responses: [token, ...pages, { instance: 'shop', endpoint: 'createInvoice', request: { body: { order: 3 } }, status: 422, body: { error: 'order 3 is closed' } }, { instance: 'shop', endpoint: 'createInvoice', status: 201 }],
    expect: { status: 'partial', failures: [{ step: 'invoice', message: 'answered 422: .*order 3 is closed' }] },
  }));
  assert.equal(refused.problems, []);
  started = performance.now();
  const unavailable = await runTest(bundle, testCase({
    responses: [token, ...pages, { instance: 'shop', endpoint: 'createInvoice', status: 503, headers: { 'retry-after': '30' } }],
    expect: { status: 'partial' },
  }));
  assert.equal(unavailable.problems, []);
  assert.ok(performance.now() - started < 2000, 'Retry-After: 30 is not waited for');
});

const announce = (spec: Partial<TestCase['spec']>): TestCase => ({ name: 'announce', file: 'tests/announce.yaml', line: 4, spec: { flow: 'announce', expect: {}, ...spec } });
const orders = [{ id: 7, status: 'paid', total: 70 }, { id: 'A-8', status: 'refunded', total: 80 }, { id: 7, status: 'paid', total: 70 }];

test('published messages are kept by the test, by exchange and routing key; no broker is reached (its URL is a fake)', async () => {
  const result = await runTest(bundle, announce({
    given: { records: orders },
    expect: {
      status: 'succeeded',
      messages: [
        { instance: 'bus', routingKey: 'order.paid', bodies: [{ id: 7, status: 'paid', total: 70 }] },
        { instance: 'bus', exchange: 'orders', match: 'partial', bodies: [{ id: 7 }, { id: 'A-8' }] },
      ],
    },
  }));
  assert.equal(result.problems, []);
  const wrong = await runTest(bundle, announce({
    given: { records: orders },
    expect: { messages: [{ instance: 'bus', routingKey: 'order.paid', bodies: [{ id: 7, status: 'shipped', total: 70 }, { id: 9 }] }] },
  }));
  assert.equal(wrong.problems, ["messages to bus routing key 'order.paid': 1 published, 2 expected", "messages to bus routing key 'order.paid', #1: status: expected \"shipped\", got \"paid\""]);
});

test('state: keys given as seen are dropped, and the keys and cache entries the run leaves are compared exactly', async () => {
  const result = await runTest(bundle, announce({
    now: '2026-03-01T10:00:00Z',
    given: { records: orders },
    state: { dedupe: [{ step: 'once', keys: ['A-8'] }], cache: [{ step: 'remember', entries: { old: { total: 1 } } }] },
    expect: {
      messages: [{ instance: 'bus', bodies: [{ id: 7, status: 'paid', total: 70 }] }],
      state: { dedupe: [{ step: 'once', keys: [7, 'A-8'] }], cache: [{ step: 'remember', entries: { old: { total: 1 }, '7': { total: 70 } } }] },
    },
  }));
  assert.equal(result.problems, []);
  const wrong = await runTest(bundle, announce({
    given: { records: orders },
    expect: { state: { dedupe: [{ step: 'once', keys: ['7', 'B-9'] }], cache: [{ step: 'remember', entries: { '7': { total: 71 } } }, { step: 'once', entries: {} }] } },
  }));
  assert.equal(wrong.problems, [
    'dedupe step \'once\' does not hold key(s) "B-9"',
    'dedupe step \'once\' holds key(s) not expected: "A-8"',
    "cache of step 'remember': 7.total: expected 71, got 70",
    'cache of step \'remember\': A-8: expected nothing, got {"total":80}',
    "state: the flow has no cache step 'once' (its cache steps: remember)",
  ]);
  // A wrong step in the given state fails the test before the flow runs.
  const unknown = await runTest(bundle, announce({ given: { records: orders }, state: { dedupe: [{ step: 'twice', keys: [1] }] }, expect: {} }));
  assert.equal(unknown.problems, ["state: the flow has no dedupe step 'twice' (its dedupe steps: once)"]);
});

test('placeholders resolve to fake values that say what they are; no secret is read', () => {
  assert.is(fakeValue({ source: 'secret', name: 'shop/client-id' }), 'fake-secret-shop/client-id');
  assert.is(fakeValue({ source: 'env', name: 'ERP_URL' }), 'fake-env-ERP_URL');
});

test('differences name each field, exactly or partially', () => {
  assert.equal(differences({ a: 1, b: { c: [1, 2] }, d: 4 }, { a: 1, b: { c: [1, 3] } }, '', false), ['b.c[1]: expected 3, got 2', 'd: expected nothing, got 4']);
  assert.equal(differences({ a: 1, b: { c: [1, 2] }, d: 4 }, { b: { c: [1, 2] } }, '', true), []);
  assert.equal(differences('x', { a: 1 }, '', false), ['the body: expected {"a":1}, got "x"']);
});

test.run();
