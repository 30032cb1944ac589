import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { busFile } from './helpers/event-project.js';
import { NetSuiteSimulator } from './helpers/netsuite.js';
import { brokerOrSkip, startBroker, type Broker } from './helpers/rabbitmq.js';
import { engineToken, startEngine, type RemoteEngine } from './helpers/remote-engine.js';
import { expectExit, expectNoStackTrace, runWeft, weftBinary, weftEnvironment, type RunResult } from './helpers/run-weft.js';
import { ShopifySimulator, type ShopifyOrder } from './helpers/shopify.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/**
 * `weft engine start` end to end, against a simulated Shopify and NetSuite and a private
 * RabbitMQ: the connectors' base URLs come from instance settings that are `${env:…}`
 * placeholders (one inside a longer string), set only in the engine's environment, and the
 * credentials from the engine's secret store. A per-second schedule and an event flow move every
 * record exactly once; a record NetSuite refuses for good is sent by one run only, kept as a
 * failed record, and retried once; `weft run` on the local engine names the variable it lacks.
 */
const test = suite('engine-e2e');

const shop = 'acme-uk';
const shopToken = 'shpat_e2e_4b9d1f7a2c8e6031';
const clientId = 'ns-e2e-client-8c2f5a';
const clientSecret = 'ns-e2e-secret-1d7b3e9f40a6';
const account = '7654321';
const withBroker = brokerOrSkip('engine-e2e (the event flow)');

let shopify: ShopifySimulator;
let netsuite: NetSuiteSimulator;
let broker: Broker | undefined;
let admin: ChannelModel | undefined;
let channel: Channel | undefined;
let engine: RemoteEngine;
let project: string;
/** Orders NetSuite refuses (by externalId) while they are in here. */
const refused = new Set<string>();
/** Every CLI result, for the leak check. */
const outputs: RunResult[] = [];
/** The secrets' values: none may appear in any output. */
const secretValues = () => [shopToken, clientId, clientSecret, ...(broker ? [broker.url] : [])];

const connectors = `apiVersion: weft/v1
kind: Connector
metadata: { name: shop }
spec:
  version: 1.0.0
  http:
    baseUrl: "{{settings.baseUrl}}/admin/api/2024-01"
    retry: { maxAttempts: 3, initialDelayMs: 5, on: [429, 503] }
  settings: { type: object, properties: { baseUrl: { type: string } }, required: [baseUrl] }
  credentials: { accessToken: {} }
  auth:
    token: { type: bearer, token: "{{credentials.accessToken}}" }
  endpoints:
    listOrders:
      path: /orders.json
      query: { status: any, limit: 250, updated_at_min: "{{input.since}}" }
      inputs: { since: { type: string } }
      pagination: { type: link-header }
      records: orders
---
apiVersion: weft/v1
kind: Connector
metadata: { name: erp }
spec:
  version: 1.0.0
  http:
    baseUrl: "{{settings.accountUrl}}/services/rest"
    retry: { maxAttempts: 3, initialDelayMs: 5, on: [429, 503] }
  settings: { type: object, properties: { accountUrl: { type: string } }, required: [accountUrl] }
  credentials: { clientId: {}, clientSecret: {} }
  auth:
    oauth: { type: oauth2, grant: client_credentials, tokenUrl: "{{settings.accountUrl}}/services/rest/auth/oauth2/v1/token", clientId: "{{credentials.clientId}}", clientSecret: "{{credentials.clientSecret}}" }
  endpoints:
    createSalesOrder: { method: POST, path: /record/v1/salesOrder, body: "{{record}}", idempotent: true, idempotencyKeyHeader: X-NetSuite-Idempotency-Key }
`;

const instances = `apiVersion: weft/v1
kind: Instance
metadata: { name: shop-uk }
spec:
  connector: shop
  settings: { baseUrl: "\${env:SHOP_URL}" }
  credentials: { accessToken: "\${secret:shop/uk/token}" }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: ledger }
spec:
  connector: erp
  auth: oauth
  settings: { accountUrl: "http://127.0.0.1:\${env:ERP_PORT}/${account}" }
  credentials: { clientId: "\${secret:erp/client-id}", clientSecret: "\${secret:erp/client-secret}" }
`;

const sweep = `apiVersion: weft/v1
kind: Flow
metadata: { name: orders-sweep }
spec:
  trigger: { schedule: { cron: "* * * * * *" } }
  steps:
    - id: fetch
      receive: { instance: shop-uk, endpoint: listOrders, input: { since: "{{run.lastSuccessAt}}" } }
    - id: paid
      filter: financial_status = 'paid'
    - id: to-sales-order
      map: '{ "externalId": $string(id), "total": $number(total_price) }'
    - id: push
      send: { instance: ledger, endpoint: createSalesOrder }
`;

const events = `${busFile({ prefetch: 5, url: '\${secret:bus/url}' })}---
apiVersion: weft/v1
kind: Flow
metadata: { name: order-events }
spec:
  trigger: { event: { instance: bus, queue: orders.created, maxAttempts: 2 } }
  steps:
    - id: to-sales-order
      map: '{ "externalId": "evt-" & $string(orderId), "total": total }'
    - id: push
      send: { instance: ledger, endpoint: createSalesOrder }
`;

/** The engine's environment: the only place SHOP_URL and ERP_PORT are set. */
const engineEnv = () => ({ WEFT_SECRET_KEY: 'engine e2e test key', SHOP_URL: shopify.shopUrl(shop), ERP_PORT: new URL(netsuite.origin).port });
/** The CLI's: the engine's token, and none of the engine's variables. */
const cliEnv = { WEFT_ENGINE_TOKEN: engineToken, SHOP_URL: undefined, ERP_PORT: undefined, WEFT_SECRET_KEY: undefined, API_URL: undefined };

async function weft(args: string[], env: Record<string, string | undefined> = cliEnv): Promise<RunResult> {
  const result = await runWeft(args, { env, timeoutMs: 30_000 });
  outputs.push(result);
  return result;
}

/** `weft secret set <path> <dir>` with the value on stdin. */
async function storeSecret(secret: string, value: string, directory: string, env: Record<string, string | undefined>): Promise<void> {
  const child = spawn(process.execPath, [weftBinary, 'secret', 'set', secret, directory], { env: weftEnvironment(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  child.stdin.end(value);
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  outputs.push({ code, signal, stdout, stderr });
  assert.is(code, 0, stderr);
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 50))) if (await check()) return;
  throw new Error(`timed out waiting for ${what}:\n${engine?.output().slice(-3000)}`);
}

interface Run {
  id: string;
  status: string;
  trigger: string;
  startedAt: string;
  finishedAt: string;
  since?: string;
  retryOf?: string;
  steps: { id: string; kind: string; in: number; out: number; failed: number }[];
  failures?: { step: string; index: number; error: string; record: Record<string, unknown> }[];
}

/** The flow's runs through the admin API, oldest first. */
async function runsOf(flow: string): Promise<Run[]> {
  const answer = await fetch(`${engine.url}/v1/runs?flow=${flow}`, { headers: { authorization: `Bearer ${engineToken}` } });
  assert.is(answer.status, 200);
  return ((await answer.json()) as { runs: Run[] }).runs.reverse();
}

/**
 * Waits for a moment between two scheduled runs: mid-second (the schedule fires on the second)
 * with no run under way. An order written there is in exactly one run's window; one written
 * while a run is between its start (its window's end) and its request to Shopify would be
 * received by that run and the next, whose windows overlap by that time.
 */
async function betweenRuns(): Promise<void> {
  await until(async () => {
    const ms = Date.now() % 1000;
    if (ms < 300 || ms > 650) return false;
    const runs = await runsOf('orders-sweep');
    return runs.every((run) => run.status !== 'running') && Date.now() % 1000 <= 700;
  }, 10_000, 'a moment between scheduled runs');
}

/** How many requests NetSuite got for a sales order. */
const attempts = (externalId: string) => netsuite.requests.filter((request) => request.externalId === externalId).length;

test.before(async () => {
  [shopify, netsuite, broker] = await Promise.all([
    ShopifySimulator.start({ tokens: { [shop]: shopToken, 'acme-us': shopToken } }),
    NetSuiteSimulator.start({ account, clientId, clientSecret, refuse: (order) => (refused.has(String(order.externalId)) ? 'Customer is on credit hold.' : undefined) }),
    withBroker ? startBroker() : undefined,
  ]);
  if (broker) {
    // The platform team's definitions: weft consumes, it does not declare.
    admin = await connect(broker.url);
    channel = await admin.createChannel();
    await channel.assertExchange('orders', 'topic', { durable: true });
    await channel.assertExchange('orders.dlx', 'fanout', { durable: true });
    await channel.assertQueue('orders.dead', { durable: true });
    await channel.bindQueue('orders.dead', 'orders.dlx', '');
    await channel.assertQueue('orders.created', { durable: true, arguments: { 'x-dead-letter-exchange': 'orders.dlx' } });
    await channel.bindQueue('orders.created', 'orders', 'order.created');
  }
  // Orders in the store before the first run: every fourth is paid.
  shopify.addOrders(
    shop,
    Array.from({ length: 40 }, (_, index): Partial<ShopifyOrder> => ({
      financial_status: index % 4 === 1 ? 'paid' : 'pending',
      total_price: `${index + 10}.25`,
      updated_at: new Date(Date.now() - 3_600_000 + index * 1000).toISOString(),
    })),
  );
  engine = await startEngine(engineEnv());
  project = await writeProject({
    // The project's engine is the one started above: plan, apply, secret and runs talk to it.
    'weft.yaml': `apiVersion: weft/v1\nkind: Project\nmetadata: { name: engine-e2e }\nspec:\n  engine: { url: "${engine.url}", token: "\${env:WEFT_ENGINE_TOKEN}" }\n`,
    'connectors.yaml': connectors,
    'instances.yaml': instances,
    'sweep.yaml': sweep,
    ...(broker && { 'events.yaml': events }),
  });
});

test.after(async () => {
  await engine?.stop();
  await admin?.close().catch(() => {});
  await Promise.all([shopify?.close(), netsuite?.close(), broker?.stop()]);
  if (project) await removeProject(project);
});

test('placeholders in settings, resolved by the engine: a schedule and an event flow send every record exactly once', async () => {
  // The secrets go to the engine over its admin API (values from stdin).
  const secrets: [string, string][] = [
    ['shop/uk/token', shopToken],
    ['erp/client-id', clientId],
    ['erp/client-secret', clientSecret],
    ...(broker ? [['bus/url', broker.url] as [string, string]] : []),
  ];
  await Promise.all(secrets.map(([secret, value]) => storeSecret(secret, value, project, cliEnv)));
  // Plan asks the engine whether SHOP_URL and ERP_PORT resolve: there, not here.
  const plan = await weft(['plan', project]);
  expectExit(plan, 0);
  assert.match(plan.stdout, /Plan: \d+ to add/);
  expectExit(await weft(['apply', project]), 0);

  const firstPaid = shopify.orders(shop).filter((order) => order.financial_status === 'paid').map((order) => String(order.id));
  assert.is(firstPaid.length, 10);
  await until(() => netsuite.salesOrders.length >= firstPaid.length, 15_000, 'the first scheduled run');

  // New orders between two runs: the next run receives them, and only them.
  await betweenRuns();
  const added = shopify.addOrders(shop, Array.from({ length: 6 }, (_, index): Partial<ShopifyOrder> => ({ financial_status: index % 2 === 0 ? 'paid' : 'refunded', total_price: `${index}.50` })));
  const laterPaid = added.filter((order) => order.financial_status === 'paid').map((order) => String(order.id));
  if (channel) {
    for (let id = 1; id <= 12; id++) channel.publish('orders', 'order.created', Buffer.from(JSON.stringify({ orderId: id, total: id * 3 })), { persistent: true, messageId: `order-${id}` });
  }
  const eventIds = channel ? Array.from({ length: 12 }, (_, index) => `evt-${index + 1}`) : [];
  const expected = [...firstPaid, ...laterPaid, ...eventIds].sort();
  await until(() => netsuite.salesOrders.length >= expected.length, 20_000, 'every sales order');
  // Two more scheduled runs after that: they find nothing new to send.
  const seen = (await runsOf('orders-sweep')).length;
  await until(async () => (await runsOf('orders-sweep')).filter((run) => run.status !== 'running').length >= seen + 2, 10_000, 'two more scheduled runs');

  // Exactly once: each sales order created, none twice, and none even attempted twice.
  const created = netsuite.salesOrders.map((order) => order.externalId).sort();
  assert.equal(created, expected);
  for (const externalId of expected) assert.is(attempts(externalId), 1, `sales order ${externalId} was requested ${attempts(externalId)} times`);
  assert.equal(netsuite.requests.filter((request) => request.status !== 204), [], 'NetSuite refused something (a duplicate?)');
  assert.equal(
    Object.fromEntries(netsuite.salesOrders.filter((order) => !order.externalId.startsWith('evt-')).map((order) => [order.externalId, order.body.total])),
    Object.fromEntries(shopify.orders(shop).filter((order) => order.financial_status === 'paid').map((order) => [String(order.id), Number(order.total_price)])),
  );

  // The sweep's runs: all succeeded on the schedule; the first asked Shopify for everything,
  // each later one for what changed since the one before it began.
  const runs = await runsOf('orders-sweep');
  assert.ok(runs.every((run) => run.status === 'succeeded' || run.status === 'running'), JSON.stringify(runs.map((run) => [run.status, run.trigger])));
  assert.ok(runs.every((run) => run.trigger === 'schedule * * * * * *'));
  const ended = runs.filter((run) => run.status === 'succeeded');
  assert.equal(ended.map((run) => run.steps.find((step) => step.id === 'fetch')!.out).filter((count) => count > 0), [40, 6], 'the orders were received once each');
  const asked = shopify.requests.filter((request) => request.shop === shop && request.status === 200).map((request) => request.query.updated_at_min);
  assert.is(asked[0], undefined, 'the first run asks for every order');
  assert.is(runs[0]!.since, undefined);
  for (const [index, run] of ended.slice(1).entries()) assert.is(run.since, ended[index]!.startedAt, `run ${run.id} starts where the one before it did`);
  assert.equal(asked.slice(1, ended.length), ended.slice(1).map((run) => run.since));

  if (channel) {
    assert.is((await channel.checkQueue('orders.created')).messageCount, 0);
    assert.is((await channel.checkQueue('orders.dead')).messageCount, 0, 'a message was dead-lettered');
    assert.match(engine.output(), /consuming orders\.created .* for order-events/);
    const eventRuns = JSON.parse((await weft(['runs', 'order-events', '--dir', project, '--format', 'json'])).stdout).runs as Run[];
    assert.is(eventRuns.length, 12);
    assert.ok(eventRuns.every((run) => run.status === 'succeeded' && run.trigger.startsWith('event orders.created (message order-')));
  }
});

test('a record NetSuite refuses for good: sent by one run only, kept, the window moves on; retried once', async () => {
  // The schedule applied in the test before still fires every second.
  await betweenRuns();
  const mark = shopify.requests.length;
  const added = shopify.addOrders(shop, Array.from({ length: 5 }, (_, index): Partial<ShopifyOrder> => ({ financial_status: 'paid', total_price: `${index + 200}.00` })));
  const bad = String(added[2]!.id);
  refused.add(bad);
  const good = added.map((order) => String(order.id)).filter((id) => id !== bad);

  // The run that receives them, then at least four more.
  let partial: Run | undefined;
  await until(
    async () => {
      const runs = await runsOf('orders-sweep');
      partial ??= runs.find((run) => run.status === 'partial');
      return partial !== undefined && runs.filter((run) => run.startedAt > partial!.startedAt && run.status !== 'running').length >= 4;
    },
    15_000,
    'a partial run and four runs after it',
  );
  assert.ok(partial);
  const runs = await runsOf('orders-sweep');
  const later = runs.filter((run) => run.startedAt > partial!.startedAt && run.status !== 'running');

  // Each good order is one sales order; the bad one was sent once, by the run that received it.
  for (const externalId of good) {
    assert.is(netsuite.salesOrders.filter((order) => order.externalId === externalId).length, 1, `sales order ${externalId}`);
    assert.is(attempts(externalId), 1, `sales order ${externalId} was requested ${attempts(externalId)} times`);
  }
  assert.is(attempts(bad), 1, `the refused order was sent ${attempts(bad)} times; only the run that received it may send it`);
  assert.not.ok(netsuite.salesOrders.some((order) => order.externalId === bad));
  assert.is(netsuite.requests.filter((request) => request.status === 400).length, 1, 'one refusal, and no duplicates (DUP_RCRD)');

  // The run that met it: partial, its failed record kept, as `weft runs show` tells.
  const shown = await weft(['runs', 'show', partial.id, '--dir', project, '--format', 'json']);
  expectExit(shown, 0);
  const record = JSON.parse(shown.stdout) as Run;
  assert.is(record.status, 'partial');
  assert.equal(record.steps.map((step) => [step.id, step.in, step.out, step.failed]), [
    ['fetch', 0, 5, 0],
    ['paid', 5, 5, 0],
    ['to-sales-order', 5, 5, 0],
    ['push', 5, 4, 1],
  ]);
  assert.is(record.failures?.length, 1);
  assert.equal(record.failures![0]!.record, { externalId: bad, total: 202 });
  assert.is(record.failures![0]!.step, 'push');
  assert.match(record.failures![0]!.error, /Customer is on credit hold/);

  // The runs after it ask Shopify only for what changed since it began, and get nothing.
  assert.is(later[0]!.since, partial.startedAt, 'the partial run moved the watermark');
  for (const run of later) {
    assert.is(run.status, 'succeeded');
    assert.ok(Date.parse(run.since!) >= Date.parse(partial.startedAt), `run ${run.id} asked from ${run.since}`);
    assert.is(run.steps[0]!.out, 0, `run ${run.id} received orders again`);
  }
  const asked = shopify.requests.slice(mark).filter((request) => request.shop === shop).map((request) => request.query.updated_at_min!);
  assert.is(asked.filter((since) => Date.parse(since) < Date.parse(partial!.startedAt)).length, 1, `only the partial run's own request starts before it: ${asked.join(', ')}`);
  for (const run of later) assert.ok(asked.includes(run.since!), `no request to Shopify from ${run.since}`);

  // The refusal is lifted: a retry creates it, once.
  refused.delete(bad);
  const retried = await weft(['runs', 'retry', partial.id, '--dir', project, '--format', 'json']);
  expectExit(retried, 0);
  const retry = JSON.parse(retried.stdout) as Run;
  assert.is(retry.status, 'succeeded');
  assert.is(retry.retryOf, partial.id);
  assert.equal(retry.steps.find((step) => step.id === 'push'), { id: 'push', kind: 'send', in: 1, out: 1, failed: 0 });
  assert.is(netsuite.salesOrders.filter((order) => order.externalId === bad).length, 1);
  assert.equal(netsuite.salesOrders.find((order) => order.externalId === bad)!.body, { externalId: bad, total: 202 });
  assert.is(attempts(bad), 2);

  // The retry run has nothing left to retry.
  const again = await weft(['runs', 'retry', retry.id, '--dir', project]);
  expectExit(again, 1);
  expectNoStackTrace(again);
  assert.match(again.stderr, new RegExp(`run ${retry.id} has no failed records to retry`));
  assert.is(netsuite.salesOrders.filter((order) => order.externalId === bad).length, 1);

  // A retry does not move the watermark: no scheduled run starts from the retry's start.
  await until(async () => (await runsOf('orders-sweep')).some((run) => run.startedAt > retry.finishedAt && run.status === 'succeeded'), 5_000, 'a scheduled run after the retry');
  assert.not.ok((await runsOf('orders-sweep')).some((run) => run.since === retry.startedAt));
});

test('weft run (local engine): settings.baseUrl from ${env:API_URL} works; unset, the error names step, instance and variable', async () => {
  const local = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: local-run }\n',
    'connectors.yaml': connectors.split('---')[0]!,
    'instance.yaml': `apiVersion: weft/v1
kind: Instance
metadata: { name: shop-us }
spec:
  connector: shop
  settings: { baseUrl: "\${env:API_URL}" }
  credentials: { accessToken: "\${secret:shop/us/token}" }
`,
    'flow.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: count-orders }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: shop-us, endpoint: listOrders }
    - id: paid
      filter: financial_status = 'paid'
`,
  });
  try {
    shopify.addOrders('acme-us', Array.from({ length: 7 }, (_, index): Partial<ShopifyOrder> => ({ financial_status: index < 3 ? 'paid' : 'pending' })));
    const env = { WEFT_SECRET_KEY: 'local run test key', API_URL: shopify.shopUrl('acme-us') };
    await storeSecret('shop/us/token', shopToken, local, env);

    const run = await weft(['run', 'count-orders', local], env);
    expectNoStackTrace(run);
    expectExit(run, 0);
    assert.match(run.stdout, /^\S+ {2}count-orders {2}succeeded /);
    assert.match(run.stdout, /fetch\s+receive\s+in\s+0\s+out\s+7\s+failed 0/);
    assert.match(run.stdout, /paid\s+filter\s+in\s+7\s+out\s+3\s+failed 0/);
    assert.ok(shopify.requests.some((request) => request.shop === 'acme-us' && request.status === 200));

    const unset = await weft(['run', 'count-orders', local], { ...env, API_URL: undefined });
    expectNoStackTrace(unset);
    expectExit(unset, 1);
    assert.match(unset.stdout, /^\S+ {2}count-orders {2}failed /);
    assert.ok(
      unset.stdout.includes("error: step 'fetch' (receive): instance 'shop-us': ${env:API_URL} does not resolve in the engine; set API_URL in the engine's environment\n"),
      unset.stdout,
    );
    assert.not.match(unset.stdout + unset.stderr, /Invalid URL/);
  } finally {
    await removeProject(local);
  }
});

test('no secret value in the engine log or any output', async () => {
  const texts = [engine.output(), ...outputs.flatMap((result) => [result.stdout, result.stderr]), (await weft(['runs', '--dir', project, '--format', 'json'])).stdout];
  for (const value of secretValues()) {
    for (const form of [value, Buffer.from(value).toString('base64'), encodeURIComponent(value)]) {
      for (const text of texts) assert.not.ok(text.includes(form), `a secret (${form.slice(0, 4)}…) leaked`);
    }
  }
  // Positive controls: the log names the runs, and the outputs include the failed record.
  assert.match(engine.output(), /run \S+ of orders-sweep \(schedule \* \* \* \* \* \*\): partial/);
  assert.ok(outputs.some((result) => result.stdout.includes('Customer is on credit hold')));
});

test.run();
