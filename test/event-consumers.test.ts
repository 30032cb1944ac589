import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { compileProject } from '../src/pipeline/compile-project.js';
import { computePlan } from '../src/plan/compute-plan.js';
import { LocalEngine } from '../src/engine/local-engine.js';
import { FlowRunner } from '../src/engine/flow-runner.js';
import { NetSuiteSimulator } from './helpers/netsuite.js';
import { brokerOrSkip, startBroker, type Broker } from './helpers/rabbitmq.js';
import { busFile, ledgerFile } from './helpers/event-project.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/**
 * Event triggers and the publish step against a real RabbitMQ broker (a private node): messages
 * acknowledged only after their run committed, redeliveries recognised, failures retried then
 * dead-lettered, publishes confirmed (returned and unknown exchanges are failed records), the
 * consumer back by itself after the broker restarts.
 */
const test = suite('event-consumers');

let broker: Broker;
let admin: ChannelModel;
let channel: Channel;
let netsuite: NetSuiteSimulator;
let project: string;
let engine: LocalEngine;
let runner: FlowRunner;
let log: string[] = [];
let topology = 0;
let refused = new Set<string>();

/** Fresh names per test: an exchange, its queue with a dead-letter exchange and queue, and a queue without one. */
async function declare(): Promise<{ exchange: string; queue: string; dead: string; bare: string; tap: string }> {
  topology++;
  const names = { exchange: `orders-${topology}`, queue: `orders.created-${topology}`, dead: `orders.dead-${topology}`, bare: `orders.bare-${topology}`, tap: `orders.tap-${topology}` };
  await channel.assertExchange(names.exchange, 'topic', { durable: true });
  await channel.assertExchange(`${names.exchange}.dlx`, 'fanout', { durable: true });
  await channel.assertQueue(names.dead, { durable: true });
  await channel.bindQueue(names.dead, `${names.exchange}.dlx`, '');
  await channel.assertQueue(names.queue, { durable: true, arguments: { 'x-dead-letter-exchange': `${names.exchange}.dlx` } });
  await channel.bindQueue(names.queue, names.exchange, 'order.created');
  await channel.assertQueue(names.bare, { durable: true });
  // A second queue bound like the flow's: what was published, to look at.
  await channel.assertQueue(names.tap, { durable: true });
  await channel.bindQueue(names.tap, names.exchange, 'order.created');
  return names;
}

const files = (names: { exchange: string; queue: string }, options: { queue?: string; maxAttempts?: number; concurrency?: number } = {}) => ({
  'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: events }\n',
  'bus.yaml': busFile({ prefetch: 20, url: '${env:BUS_URL}' }),
  'erp.yaml': ledgerFile(netsuite.accountUrl),
  'flows.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: order-events }
spec:
  concurrency: ${options.concurrency ?? 4}
  onError: stop
  trigger:
    event: { instance: bus, queue: ${options.queue ?? names.queue}${options.maxAttempts ? `, maxAttempts: ${options.maxAttempts}` : ''} }
  steps:
    - id: to-sales-order
      map: '{ "externalId": $string(orderId), "total": total }'
    - id: create
      send: { instance: ledger, endpoint: createSalesOrder, concurrency: 2 }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: announce }
spec:
  trigger: { manual: {} }
  steps:
    - id: publish
      publish: { instance: bus, exchange: ${names.exchange}, routingKey: "order.{{record.kind}}" }
`,
});

async function apply(fileSet: Record<string, string>): Promise<void> {
  const root = await writeProject(fileSet);
  try {
    const result = await compileProject(root);
    assert.equal(result.diagnostics, [], JSON.stringify(result.diagnostics));
    await engine.apply(computePlan(result.bundle!, await engine.readState()), result.bundle!, 'tester');
  } finally {
    await removeProject(root);
  }
  await runner.reload();
  await runner.eventsReady();
}

async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000, what = 'a condition'): Promise<T> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 20))) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
  }
  throw new Error(`timed out waiting for ${what}\n${log.join('\n')}`);
}

async function depth(queue: string): Promise<number> {
  return (await channel.checkQueue(queue)).messageCount;
}

/** A queue's messages as the broker counts them: ready, and delivered but not yet acknowledged. */
async function counts(queue: string): Promise<{ ready: number; unacknowledged: number }> {
  const lines = (await broker.ctl('list_queues', '--quiet', '--no-table-headers', 'name', 'messages_ready', 'messages_unacknowledged')).split('\n');
  const row = lines.map((line) => line.trim().split(/\s+/)).find(([name]) => name === queue);
  if (!row) throw new Error(`no queue '${queue}' in:\n${lines.join('\n')}`);
  return { ready: Number(row[1]), unacknowledged: Number(row[2]) };
}

const order = (id: number) => Buffer.from(JSON.stringify({ orderId: id, total: id * 10 }));

/** A run once it has ended (undefined while it is under way). */
async function ended(id: string) {
  const run = await engine.run(id);
  return run && run.status !== 'running' ? run : undefined;
}

if (brokerOrSkip('event-consumers')) {
  test.before(async () => {
    broker = await startBroker();
    admin = await connect(broker.url);
    channel = await admin.createChannel();
    netsuite = await NetSuiteSimulator.start({
      account: '7654321',
      clientId: 'erp-id',
      clientSecret: 'erp-secret',
      refuse: (record) => (refused.has(String(record.externalId)) ? 'Customer is on credit hold.' : undefined),
    });
  });
  test.after(async () => {
    await admin?.close().catch(() => {});
    await netsuite?.close();
    await broker?.stop();
  });
  test.before.each(async () => {
    log = [];
    refused = new Set();
    netsuite.salesOrders.length = 0;
    netsuite.requests.length = 0;
    project = await writeProject({ 'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: engine }\n' });
    const env = { WEFT_SECRET_KEY: 'test key', BUS_URL: broker.url, ERP_ID: 'erp-id' };
    engine = new LocalEngine(path.join(project, '.weft', 'state.db'), { env });
    await engine.setSecret('erp/secret', 'erp-secret');
    runner = new FlowRunner(engine, (line) => log.push(line), { publishTimeoutMs: 1500 });
  });
  test.after.each(async () => {
    await runner.stop();
    await engine.close();
    await removeProject(project);
  });

  test('publish: persistent, confirmed messages with ids; an unroutable record and an unknown exchange are failed records', async () => {
    const names = await declare();
    await apply(files(names));
    const id = (await runner.runNow('announce', [
      { kind: 'created', orderId: 1 },
      { kind: 'nobody-listens', orderId: 2 },
      { kind: 'created', orderId: 3 },
    ]))!;
    const run = await waitFor(() => ended(id), 10_000, 'the publish run');
    assert.is(run.status, 'partial');
    assert.equal(run.steps[0], { id: 'publish', kind: 'publish', in: 3, out: 2, failed: 1 });
    assert.is(run.failures![0]!.index, 1);
    assert.match(run.failures![0]!.error, /no queue is bound to exchange 'orders-\d+' for routing key 'order\.nobody-listens'/);
    const got = [await channel.get(names.tap), await channel.get(names.tap)];
    assert.equal(
      got.map((message) => message && JSON.parse(message.content.toString())),
      [
        { kind: 'created', orderId: 1 },
        { kind: 'created', orderId: 3 },
      ],
    );
    for (const message of got) {
      assert.ok(message);
      assert.is(message.properties.deliveryMode, 2, 'persistent');
      assert.match(String(message.properties.messageId), /^[0-9a-f]{32}$/);
      assert.is(message.properties.contentType, 'application/json');
      channel.ack(message);
    }

    // An exchange that does not exist: the broker closes the channel; the record fails, and the next publish works.
    await apply({ ...files(names), 'flows.yaml': files(names)['flows.yaml'].replace(`exchange: ${names.exchange},`, 'exchange: no-such-exchange,') });
    const missing = (await runner.runNow('announce', [{ kind: 'created', orderId: 4 }]))!;
    const failed = await waitFor(() => ended(missing), 10_000, 'the run to a missing exchange');
    assert.is(failed.status, 'partial');
    assert.match(failed.failures![0]!.error, /no exchange 'no-such-exchange'/);
    await apply(files(names));
    const again = (await runner.runNow('announce', [{ kind: 'created', orderId: 5 }]))!;
    assert.is((await waitFor(() => ended(again), 10_000, 'the run after')).status, 'succeeded');
  });

  test('publish: a message the broker nacks (a full queue that rejects publishes) is a failed record', async () => {
    const names = await declare();
    await channel.assertQueue(`${names.tap}.full`, { durable: true, arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' } });
    await channel.bindQueue(`${names.tap}.full`, names.exchange, 'order.bounded');
    await apply(files(names));
    const id = (await runner.runNow('announce', [
      { kind: 'bounded', orderId: 1 },
      { kind: 'bounded', orderId: 2 },
    ]))!;
    const run = await waitFor(() => ended(id), 10_000, 'the run');
    assert.equal(run.steps[0], { id: 'publish', kind: 'publish', in: 2, out: 1, failed: 1 });
    assert.match(run.failures![0]!.error, /the broker refused the message \(nack\)/);
    assert.is(await depth(`${names.tap}.full`), 1);
  });

  test('publish: a broker that does not confirm in time (publishers blocked by a memory alarm) makes a failed record', async () => {
    const names = await declare();
    await apply(files(names));
    await broker.ctl('set_vm_memory_high_watermark', '0');
    try {
      const id = (await runner.runNow('announce', [{ kind: 'created', orderId: 1 }]))!;
      const run = await waitFor(() => ended(id), 10_000, 'the run');
      assert.is(run.status, 'partial');
      assert.match(run.failures![0]!.error, /the broker did not confirm the message within 1500 ms/);
    } finally {
      await broker.ctl('set_vm_memory_high_watermark', '0.4');
    }
  });

  test('event trigger: every message becomes one sales order, acknowledged after its run committed', async () => {
    const names = await declare();
    await apply(files(names));
    assert.equal(runner.consuming, ['order-events']);
    for (let id = 1; id <= 300; id++) channel.publish(names.exchange, 'order.created', order(id), { persistent: true, messageId: `m-${id}` });
    await waitFor(() => netsuite.salesOrders.length === 300, 30_000, '300 sales orders');
    await waitFor(async () => (await engine.runs('order-events', 1000)).length === 300, 10_000, '300 runs');
    assert.is(await depth(names.queue), 0);
    assert.is(await depth(names.dead), 0);
    assert.equal(netsuite.salesOrders.map((entry) => entry.externalId).sort(), Array.from({ length: 300 }, (_, index) => String(index + 1)).sort());
    const runs = (await engine.runs('order-events', 1000));
    assert.ok(runs.every((run) => run.status === 'succeeded' && /^event orders\.created-\d+ \(message m-\d+\)$/.test(run.trigger)));
    assert.ok(log.some((line) => /consuming orders\.created-\d+ on amqp:\/\/127\.0\.0\.1:\d+\/ for order-events \(prefetch 20, dead letters to 'orders-\d+\.dlx'\)/.test(line)), log.join('\n'));
    assert.not.ok(log.join('\n').includes('guest:guest'), 'the broker password was logged');
  });

  test('a redelivery of a message whose run committed (its acknowledgement lost) is only acknowledged; one that did not commit runs', async () => {
    const names = await declare();
    channel.publish(names.exchange, 'order.created', order(7), { messageId: 'committed-before' });
    channel.publish(names.exchange, 'order.created', order(8), { messageId: 'never-committed' });
    // Another consumer takes both and dies without acknowledging: the broker redelivers them,
    // flagged as redeliveries. The engine had committed the first one's run before.
    const taker = await admin.createChannel();
    const taken = [await taker.get(names.queue, { noAck: false }), await taker.get(names.queue, { noAck: false })];
    assert.ok(taken.every(Boolean));
    await engine.stores.ledger.commit([
      {
        messageId: 'committed-before',
        run: { id: 'earlier-run', flow: 'order-events', revision: 1, bundleSha256: 'x', trigger: 'event', status: 'succeeded', startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), steps: [] },
      },
    ]);
    await taker.close();
    await apply(files(names));
    await waitFor(() => netsuite.salesOrders.length === 1, 10_000, 'the uncommitted one');
    for (const started = Date.now(); Date.now() - started < 5000 && (await depth(names.queue)) > 0; ) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.is(await depth(names.queue), 0, 'both acknowledged');
    assert.equal(netsuite.salesOrders.map((entry) => entry.externalId), ['8']);
    const triggers = (await engine.runs('order-events')).map((run) => run.trigger).sort();
    assert.equal(triggers, ['event', `event ${names.queue} (message never-committed)`]);
  });

  test('a commit that fails (SQLITE_BUSY) acknowledges nothing: the messages come back; once commits succeed, one run and one sales order each', async () => {
    const names = await declare();
    // The real SQLite ledger, its commits refused while `failing` (as a database another process
    // holds locked refuses them after its busy wait), then let through.
    const ledger = engine.stores.ledger;
    const commit = ledger.commit.bind(ledger);
    let failing = true;
    const refusedCommits: string[] = [];
    ledger.commit = async (entries) => {
      if (!failing) return commit(entries);
      refusedCommits.push(...entries.map((entry) => entry.messageId));
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    };
    await apply(files(names));
    const ids = Array.from({ length: 8 }, (_, index) => `busy-${index + 1}`);
    ids.forEach((id, index) => channel.publish(names.exchange, 'order.created', order(500 + index), { persistent: true, messageId: id }));

    // Nothing is acknowledged while its commit fails: every message stays in the queue, ready or
    // delivered, after its first refused commit and after it came back for a third.
    const refusals = (id: string) => refusedCommits.filter((entry) => entry === id).length;
    const allInTheQueue = async (when: string) => {
      const { ready, unacknowledged } = await counts(names.queue);
      assert.is(ready + unacknowledged, ids.length, `${when}: ready ${ready} + unacknowledged ${unacknowledged}; a message was acknowledged without its run committed`);
    };
    await waitFor(() => ids.every((id) => refusals(id) >= 1), 15_000, 'a refused commit of every message');
    await allInTheQueue('after the first refused commits');
    await waitFor(() => ids.every((id) => refusals(id) >= 3), 15_000, 'every message back from the broker for a third refused commit');
    await allInTheQueue('after three refused commits of each');
    assert.equal(await engine.runs('order-events'), [], 'no run is on record before a commit succeeded');
    assert.is(await depth(names.dead), 0);
    assert.ok(log.some((line) => /order-events: cannot record \d+ run\(s\): database is locked; the messages go back to the queue/.test(line)), log.join('\n'));

    failing = false;
    await waitFor(async () => (await engine.runs('order-events', 100)).length >= ids.length, 15_000, 'a run of every message');
    await waitFor(async () => {
      const { ready, unacknowledged } = await counts(names.queue);
      return ready + unacknowledged === 0;
    }, 15_000, 'the queue to drain');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // One run per message, succeeded; the queue and the dead-letter queue empty.
    const runs = await engine.runs('order-events', 100);
    assert.equal(runs.map((run) => /\(message (busy-\d+)\)$/.exec(run.trigger)?.[1]).sort(), [...ids].sort());
    assert.ok(runs.every((run) => run.status === 'succeeded'), JSON.stringify(runs));
    assert.equal(await counts(names.queue), { ready: 0, unacknowledged: 0 });
    assert.is(await depth(names.dead), 0);
    // NetSuite has each order once. Every run of a message sent the same idempotency key, so the
    // runs after the first were answered from it: one key per message, one order per key.
    assert.equal(netsuite.salesOrders.map((entry) => entry.externalId).sort(), ids.map((_, index) => String(500 + index)).sort());
    const byKey = new Map<string, typeof netsuite.requests>();
    for (const request of netsuite.requests) {
      assert.ok(request.idempotencyKey, `a request without an idempotency key: ${JSON.stringify(request)}`);
      byKey.set(request.idempotencyKey, [...(byKey.get(request.idempotencyKey) ?? []), request]);
    }
    assert.is(byKey.size, ids.length, 'one idempotency key per message, across its redeliveries');
    for (const [key, requests] of byKey) {
      assert.is(requests.filter((request) => request.status === 204 && !request.replayed).length, 1, `key ${key}: one order created`);
      assert.ok(requests.length >= 3 && requests.every((request) => request.status === 204), `key ${key}: ${JSON.stringify(requests)}`);
    }
  });

  test('failures: a message that is not JSON is dead-lettered at once; a refused one after maxAttempts runs; the rest go through', async () => {
    const names = await declare();
    await apply(files(names, { maxAttempts: 3 }));
    refused = new Set(['13']);
    channel.publish(names.exchange, 'order.created', Buffer.from('{not json'), { messageId: 'poison' });
    for (let id = 10; id < 20; id++) channel.publish(names.exchange, 'order.created', order(id), { messageId: `f-${id}` });
    await waitFor(() => netsuite.salesOrders.length === 9, 20_000, '9 sales orders');
    const deadCount = await (async () => {
      for (const started = Date.now(); Date.now() - started < 20_000; await new Promise((resolve) => setTimeout(resolve, 50))) {
        const count = await depth(names.dead);
        if (count === 2) return count;
      }
      return depth(names.dead);
    })();
    assert.is(deadCount, 2);
    const dead = [await channel.get(names.dead), await channel.get(names.dead)].map((message) => message && message.properties.messageId).sort();
    assert.equal(dead, ['f-13', 'poison']);
    assert.is(await depth(names.queue), 0);
    const runs = (await engine.runs('order-events', 100));
    assert.is(runs.filter((run) => run.trigger.endsWith('(message f-13)')).length, 3, 'three runs of the refused message');
    assert.is(runs.filter((run) => run.trigger.endsWith('(message poison)')).length, 1);
    assert.is(runs.filter((run) => run.status === 'succeeded').length, 9);
    assert.ok(log.some((line) => /attempt 3 of 3: dead-lettered/.test(line)));
  });

  test('a queue without a dead-letter exchange, or no queue at all: the consumer does not start, and says why', async () => {
    const names = await declare();
    await apply(files(names, { queue: names.bare }));
    assert.equal(runner.consuming, []);
    assert.ok(log.some((line) => line.includes(`queue '${names.bare}' has no dead-letter exchange`)), log.join('\n'));
    await apply(files(names, { queue: 'no-such-queue' }));
    assert.ok(log.some((line) => line.includes(`queue 'no-such-queue' does not exist`)), log.join('\n'));
    channel.publish(names.exchange, 'order.created', order(1), { messageId: 'x' });
    // A publish reaches the queue a moment later (the client buffers it): wait until it is there,
    // then give a consumer, if there were one, the time to take it.
    for (const started = Date.now(); Date.now() - started < 5_000 && (await depth(names.queue)) === 0; ) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.is(await depth(names.queue), 1, 'nobody consumed it');
  });

  test('the queue deleted under the consumer and declared again: one consumer comes back, and messages flow', async () => {
    const names = await declare();
    await apply(files(names));
    // Delete the queue only once the consumer is on it; deleted earlier, the engine would meet a
    // missing queue instead of a cancelled consumer, and the test would not know which it tests.
    for (const started = Date.now(); Date.now() - started < 10_000 && (await channel.checkQueue(names.queue)).consumerCount === 0; ) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.is((await channel.checkQueue(names.queue)).consumerCount, 1, 'the consumer is on the queue');
    await channel.deleteQueue(names.queue);
    // Deleting a queue cancels its consumers (RabbitMQ's consumer cancel notification): that is what the engine hears first.
    await waitFor(() => log.some((line) => line.includes(`: the broker cancelled the consumer of ${names.queue}`)), 5000, 'the consumer to notice');
    // While the queue is missing the consumer keeps trying (one retry at a time).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await channel.assertQueue(names.queue, { durable: true, arguments: { 'x-dead-letter-exchange': `${names.exchange}.dlx` } });
    await channel.bindQueue(names.queue, names.exchange, 'order.created');
    for (const started = Date.now(); Date.now() - started < 10_000 && (await channel.checkQueue(names.queue)).consumerCount === 0; ) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.is((await channel.checkQueue(names.queue)).consumerCount, 1, 'exactly one consumer');
    for (let id = 1; id <= 5; id++) channel.publish(names.exchange, 'order.created', order(9000 + id), { messageId: `back-${id}` });
    await waitFor(() => netsuite.salesOrders.length === 5, 10_000, 'five sales orders after the queue came back');
  });

  test('the broker restarts mid-stream: the consumer comes back by itself; nothing lost, nothing created twice', async () => {
    const names = await declare();
    await apply(files(names, { concurrency: 4 }));
    for (let id = 1; id <= 400; id++) channel.publish(names.exchange, 'order.created', order(id), { persistent: true, messageId: `r-${id}` });
    await waitFor(() => netsuite.salesOrders.length >= 50, 20_000, 'the first 50');
    await admin.close().catch(() => {});
    await broker.restart();
    admin = await connect(broker.url);
    channel = await admin.createChannel();
    await waitFor(() => netsuite.salesOrders.length === 400, 60_000, 'all 400 after the restart');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.is(new Set(netsuite.salesOrders.map((entry) => entry.externalId)).size, 400);
    for (const started = Date.now(); Date.now() - started < 10_000 && (await depth(names.queue)) > 0; ) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.is(await depth(names.queue), 0);
    assert.ok(log.some((line) => /lost the connection to amqp:\/\/127\.0\.0\.1:\d+\//.test(line)), log.join('\n'));
    // Deliveries of the dead channel were left to the broker: none was acknowledged on it.
    assert.not.ok(log.some((line) => line.includes('cannot settle')), log.join('\n'));
  });
}

test.run();
