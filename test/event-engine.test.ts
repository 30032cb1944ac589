import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { NetSuiteSimulator } from './helpers/netsuite.js';
import { brokerOrSkip, startBroker, type Broker } from './helpers/rabbitmq.js';
import { busFile, ledgerFile } from './helpers/event-project.js';
import { engineToken, startEngine, type RemoteEngine } from './helpers/remote-engine.js';
import { expectExit, runWeft, weftBinary, weftEnvironment } from './helpers/run-weft.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/**
 * The real `weft engine start` consuming a 10,000-message backlog into the simulated ERP, killed
 * with SIGKILL in the middle and started again: every message ends as a sales order or in the
 * dead-letter queue, none both and none lost; only messages in flight at the kill (at most the
 * prefetch window) reach the ERP twice, and the ERP, honouring the idempotency key, creates
 * each sales order once.
 */
const test = suite('event-engine');

const total = 10_000;
const prefetch = 20;
let broker: Broker;
let admin: ChannelModel;
let channel: Channel;
let netsuite: NetSuiteSimulator;
let project: string;
let engine: RemoteEngine | undefined;

const refused = (id: number) => id % 500 === 7;

if (brokerOrSkip('event-engine')) {
  test.before(async () => {
    broker = await startBroker();
    admin = await connect(broker.url);
    channel = await admin.createChannel();
    await channel.assertExchange('orders', 'topic', { durable: true });
    await channel.assertExchange('orders.dlx', 'fanout', { durable: true });
    await channel.assertQueue('orders.dead', { durable: true });
    await channel.bindQueue('orders.dead', 'orders.dlx', '');
    await channel.assertQueue('orders.created', { durable: true, arguments: { 'x-dead-letter-exchange': 'orders.dlx' } });
    await channel.bindQueue('orders.created', 'orders', 'order.created');
    netsuite = await NetSuiteSimulator.start({
      account: '1234567',
      clientId: 'erp-id',
      clientSecret: 'erp-secret',
      concurrencyLimit: 50,
      refuse: (order) => (refused(Number(order.externalId)) ? 'Customer is on credit hold.' : undefined),
    });
    project = await writeProject({
      'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: events }\n',
      'bus.yaml': busFile({ prefetch, url: '${secret:bus/url}' }),
      'erp.yaml': ledgerFile(netsuite.accountUrl),
      'flow.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: order-events }
spec:
  concurrency: 8
  onError: stop
  trigger:
    event: { instance: bus, queue: orders.created, maxAttempts: 2 }
  steps:
    - id: to-sales-order
      map: '{ "externalId": $string(orderId), "total": total }'
    - id: create
      send: { instance: ledger, endpoint: createSalesOrder }
`,
    });
  });
  test.after(async () => {
    await engine?.stop({ keepDirectory: true });
    await admin?.close().catch(() => {});
    await netsuite?.close();
    await broker?.stop();
    await removeProject(project);
  });

  const env = () => ({ WEFT_SECRET_KEY: 'event engine test key', ERP_ID: 'erp-id' });

  async function depth(queue: string): Promise<number> {
    return (await channel.checkQueue(queue)).messageCount;
  }

  async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (await check()) return;
    }
    throw new Error(`timed out waiting for ${what}:\n${engine?.output().slice(-3000)}`);
  }

  test(`${total} messages; the engine SIGKILLed mid-stream and started again: none lost, none created twice`, async () => {
    for (const [secret, value] of [
      ['bus/url', broker.url],
      ['erp/secret', 'erp-secret'],
    ]) {
      const stored = spawnSync(process.execPath, [weftBinary, 'secret', 'set', secret!, project], { input: value, env: weftEnvironment(env()), encoding: 'utf8' });
      assert.is(stored.status, 0, stored.stderr);
    }
    expectExit(await runWeft(['apply', project], { env: env() }), 0);
    for (let id = 1; id <= total; id++) {
      channel.publish('orders', 'order.created', Buffer.from(JSON.stringify({ orderId: id, total: id })), { persistent: true, messageId: `order-${id}` });
    }
    await until(async () => (await depth('orders.created')) === total, 20_000, 'the backlog');

    engine = await startEngine(env(), project);
    await until(() => netsuite.salesOrders.length >= 2500, 120_000, '2,500 sales orders before the kill');
    engine.process.kill('SIGKILL');
    await engine.stop({ keepDirectory: true });
    const atKill = netsuite.salesOrders.length;

    engine = await startEngine(env(), project);
    const dead = Array.from({ length: total }, (_, index) => index + 1).filter(refused).length;
    await until(async () => netsuite.salesOrders.length === total - dead && (await depth('orders.dead')) === dead && (await depth('orders.created')) === 0, 240_000, 'every message handled');

    // What operators see of the queue: nothing waiting; the messages this process dead-lettered
    // (those before the kill were counted by the process that was killed).
    const metrics = await (await fetch(`${engine.url}/metrics`, { headers: { authorization: `Bearer ${engineToken}` } })).text();
    const deadHere = Number(/^weft_event_dead_lettered_total\{flow="([^"]+)"\} (\d+)$/m.exec(metrics)?.[2] ?? 0);
    assert.ok(deadHere > 0 && deadHere <= dead, `${deadHere} dead-lettered of ${dead}`);
    assert.match(metrics, /^weft_event_backlog\{flow="[^"]+"\} 0$/m);
    const signIn = await fetch(`${engine.url}/ui/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: engineToken }) });
    const overview = (await (await fetch(`${engine.url}/ui/api/overview`, { headers: { cookie: signIn.headers.get('set-cookie')!.split(';')[0]! } })).json()) as { flows: { events?: { waiting: number | null; deadLettered: number } }[] };
    assert.equal(overview.flows.find((flow) => flow.events)!.events, { waiting: 0, deadLettered: deadHere });

    const created = netsuite.salesOrders.map((order) => Number(order.externalId));
    assert.is(new Set(created).size, created.length, 'a sales order was created twice');
    const deadIds: number[] = [];
    for (let message = await channel.get('orders.dead'); message; message = await channel.get('orders.dead')) {
      deadIds.push(Number(String(message.properties.messageId).slice('order-'.length)));
      channel.ack(message);
    }
    assert.is(created.length + deadIds.length, total, 'processed + dead-lettered');
    assert.equal([...created, ...deadIds].sort((a, b) => a - b), Array.from({ length: total }, (_, index) => index + 1));
    assert.ok(deadIds.every(refused));

    // At least once: requests made twice for one sales order are those in flight at the kill.
    const posts = new Map<string, number>();
    for (const request of netsuite.requests) if (request.externalId && request.status === 204) posts.set(request.externalId, (posts.get(request.externalId) ?? 0) + 1);
    const twice = [...posts.values()].filter((count) => count > 1).length;
    assert.ok(twice <= prefetch, `${twice} sales orders were sent twice; at most the prefetch window (${prefetch}) may be`);
    assert.ok(atKill < total - dead, "the kill came mid-stream");
    if (process.env.WEFT_TEST_VERBOSE) console.log({ atKill, twice, dead: deadIds.length });
    assert.match(engine.output(), /consuming orders\.created/);
  });
}

test.run();
