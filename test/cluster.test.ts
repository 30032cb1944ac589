import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { connect } from 'amqplib';
import { busFile } from './helpers/event-project.js';
import { brokerOrSkip, startBroker } from './helpers/rabbitmq.js';
import { postgresOrSkip, startPostgres, type PostgresServer } from './helpers/postgres.js';
import { engineToken, parseLog, startEngine, targetEngine, type RemoteEngine } from './helpers/remote-engine.js';
import { expectExit, runWeft, weftBinary, weftEnvironment } from './helpers/run-weft.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/**
 * The engine as a cluster on a private PostgreSQL server: one API process (`weft engine start
 * --store … --role api`) that only records and queues runs, and worker processes (`weft worker`)
 * that run them within each flow's concurrency across the cluster. Webhook deliveries each give
 * one run that succeeds and reaches the API, whatever happens to the workers (one killed, one
 * stopped midway): a killed worker's runs are resumed by another after their lease, and their
 * history says so. A per-second schedule fires once per tick across the cluster.
 */
const test = suite('cluster');

const clusterEnv = {
  WEFT_SECRET_KEY: 'a cluster test passphrase',
  // Short waits, for a test: a run's lease, the sweep for waiting runs, pg-boss's maintenance.
  WEFT_CLUSTER_LEASE_MS: '2000',
  WEFT_CLUSTER_SWEEP_MS: '500',
  WEFT_CLUSTER_QUEUED_GRACE_MS: '3000',
  WEFT_CLUSTER_MAINTENANCE_SECONDS: '2',
};

let server: PostgresServer | undefined;
let url: string;
let api: Server;
let apiPort: number;
let project: string;
let engine: RemoteEngine | undefined;
const workers: ChildProcess[] = [];
/** What each worker that exited logged. */
const workerLogs: string[] = [];
/** What the workers logged, for a failure's message. */
const workerLog: string[] = [];
/** What the simulated API received: each delivery's body and idempotency key. */
const received: { ref: number; key: string }[] = [];
const ticks: string[] = [];
/** The secret the signed webhook's deliveries are signed with. */
const hookSecret = 'cluster hook secret';
/** Deliveries the API never answers: each time, the test kills the worker that sent it. */
const held: { ref: string; key: string }[] = [];
/** Deliveries of a run whose worker the test stalls: the first call is held (answered by the test), the next ones answered at once. */
const stalled: { key: string; response: ServerResponse }[] = [];
let inFlight = 0;
let maxInFlight = 0;

/** Where a worker started with --metrics-port serves its metrics. */
const metricsOf = new Map<ChildProcess, string>();
const metricsToken = 'cluster-metrics-token';

function startWorker(options: { metrics?: boolean } = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [weftBinary, 'worker', '--store', url, '--log-format', 'json', ...(options.metrics ? ['--metrics-port', '0'] : [])], {
    env: weftEnvironment({ ...clusterEnv, ...(options.metrics && { WEFT_METRICS_TOKEN: metricsToken }) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    workerLog.push(chunk.toString());
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not start:\n${output}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('weft worker running')) {
        const served = /metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(chunk.toString());
        if (served) metricsOf.set(child, served[1]!);
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`the worker exited with ${code}:\n${output}`)));
    // Every line a worker logs is a JSON log object (checked as the test file ends).
    child.once('exit', () => workerLogs.push(output));
  });
}

/** Kills every worker still running (each test starts its own). */
async function killWorkers(): Promise<void> {
  await Promise.all(
    workers
      .filter((worker) => worker.exitCode === null && worker.signalCode === null)
      .map((worker) => {
        worker.kill('SIGKILL');
        return new Promise((resolve) => worker.once('exit', resolve));
      }),
  );
}

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

if (postgresOrSkip('cluster')) {
  test.before(async () => {
    server = await startPostgres();
    url = await server.database('cluster');
    api = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (request.url === '/ticks') {
          response.writeHead(200, { 'content-type': 'application/json' });
          return response.end(JSON.stringify({ items: [{ at: Date.now() }] }));
        }
        if (request.url === '/ticks-seen') {
          ticks.push((JSON.parse(body) as { run: string }).run);
          return response.writeHead(201).end();
        }
        const ref = (JSON.parse(body) as { ref: number | string }).ref;
        // A delivery the test holds: never answered (its worker is killed meanwhile).
        if (ref === 'stall') {
          if (stalled.length > 0) return response.writeHead(201).end();
          stalled.push({ key: String(request.headers['idempotency-key']), response });
          return;
        }
        if (typeof ref === 'string') {
          held.push({ ref, key: String(request.headers['idempotency-key']) });
          return;
        }
        // A delivery takes 20 ms, as a real API would.
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(() => {
          inFlight--;
          received.push({ ref: (JSON.parse(body) as { ref: number }).ref, key: String(request.headers['idempotency-key']) });
          response.writeHead(201).end();
        }, 20);
      });
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    apiPort = (api.address() as AddressInfo).port;
    project = await writeProject({
      'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: cluster }\nspec:\n  testing: { warnUntestedFlows: false }\n',
      'api.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: api }
spec:
  version: 1.0.0
  http:
    baseUrl: "http://127.0.0.1:${apiPort}"
    retry: { maxAttempts: 2, initialDelayMs: 10 }
  endpoints:
    deliver: { method: POST, path: /deliveries, body: "{{record}}", idempotent: true }
    ticks: { path: /ticks, records: items }
    tickSeen: { method: POST, path: /ticks-seen, body: { run: "{{run.id}}" } }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: api }
spec: { connector: api }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: hooks }
spec:
  concurrency: 2
  trigger: { webhook: { path: orders, public: true } }
  steps:
    - id: deliver
      send: { instance: api, endpoint: deliver }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: every-second }
spec:
  trigger: { schedule: { cron: "* * * * * *" } }
  steps:
    - id: fetch
      receive: { instance: api, endpoint: ticks }
    - id: note
      send: { instance: api, endpoint: tickSeen }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: signed }
spec:
  concurrency: 4
  trigger:
    webhook:
      path: signed
      hmac: { header: X-Signature, secret: "\${secret:cluster/hook}", deliveryIdHeader: X-Delivery-Id }
  steps:
    - id: deliver
      send: { instance: api, endpoint: deliver }
`,
    });
    engine = await startEngine(clusterEnv, undefined, ['--store', url, '--role', 'api']);
    await targetEngine(project, engine.url);
    const stored = await fetch(`${engine.url}/v1/secrets/cluster/hook`, { method: 'PUT', headers: { authorization: `Bearer ${engineToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ value: hookSecret }) });
    assert.is(stored.status, 200);
  });

  test.after(async () => {
    for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // A worker killed mid-line may leave its last line cut: only the others must parse.
    const bad = workerLogs.flatMap((log) => parseLog(log.split('\n').slice(0, -2).join('\n')).bad);
    if (bad.length > 0) throw new Error(`workers logged lines that are not JSON log objects:\n${bad.slice(0, 5).join('\n')}`);
    await engine?.stop();
    api?.closeAllConnections();
    await new Promise((resolve) => api?.close(resolve));
    if (project) await removeProject(project);
    await server?.stop();
  });

  test('webhook deliveries over workers that are killed and stopped midway: each one run that succeeded, every record delivered, within the concurrency', async () => {
    const cliEnv = { WEFT_ENGINE_TOKEN: engineToken };
    expectExit(await runWeft(['apply', project], { env: cliEnv }), 0);
    const [first, second] = [await startWorker(), await startWorker()];
    let survivor: ChildProcess | undefined;
    const total = 300;
    const ids: string[] = [];
    // The API process answers each delivery with its run, queued: it runs none itself.
    for (let batch = 0; batch < total; batch += 30) {
      const answers = await Promise.all(
        Array.from({ length: Math.min(30, total - batch) }, async (_, offset) => {
          const response = await fetch(`${engine!.url}/hooks/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ref: batch + offset }) });
          assert.is(response.status, 202, `${await response.clone().text()}\n${engine!.output()}`);
          return ((await response.json()) as { run: string }).run;
        }),
      );
      ids.push(...answers);
      if (batch === 60) first.kill('SIGKILL');
      if (batch === 120) {
        second.kill('SIGTERM');
        await startWorker();
      }
      if (batch === 90) survivor = await startWorker({ metrics: true });
    }
    await until(async () => Number((await query<{ count: string }>("SELECT COUNT(*) AS count FROM runs WHERE flow = 'hooks' AND status = 'succeeded'"))[0]!.count) === total, 60_000, 'every run to succeed').catch(async (error: Error) => {
      const statuses = await query("SELECT status, attempts, COUNT(*) FROM runs WHERE flow = 'hooks' GROUP BY status, attempts");
      const jobs = await query("SELECT j.name, j.state, j.retry_count, j.started_on, j.expire_in, j.start_after, j.output, r.id FROM runs r LEFT JOIN weft_queue.job j ON j.data->>'run' = r.id WHERE r.status = 'queued'");
      statuses.push(...jobs, { now: new Date().toISOString() });
      throw new Error(`${error.message}: ${JSON.stringify(statuses)}\n${workerLog.join('').split('\n').filter((line) => !/: succeeded$/.test(line)).slice(-40).join('\n')}`);
    });
    const runs = await query<{ id: string; status: string; attempts: number }>("SELECT id, status, attempts FROM runs WHERE flow = 'hooks'");
    assert.is(runs.length, total, 'one run per delivery');
    assert.equal(new Set(runs.map((run) => run.id)), new Set(ids));
    // Every record reached the API; a record sent twice (its worker killed after the API took it) has the same idempotency key.
    const refs = new Set(received.map((entry) => entry.ref));
    assert.is(refs.size, total);
    for (const ref of refs) assert.is(new Set(received.filter((entry) => entry.ref === ref).map((entry) => entry.key)).size, 1, `record ${ref} sent with two keys`);
    assert.ok(received.length - total <= 4, `${received.length - total} records sent twice: more than the in-flight window`);
    // Never more than the flow's concurrency at once, across the workers.
    assert.ok(maxInFlight <= 2, `${maxInFlight} deliveries at once`);
    // The worker that lived to the end counts the runs it ran, for Prometheus; only with a token.
    const scrape = metricsOf.get(survivor!)!;
    assert.is((await fetch(scrape)).status, 401);
    const metrics = await (await fetch(scrape, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
    const ranHere = Number(/^weft_runs_total\{flow="hooks",status="succeeded"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
    assert.ok(ranHere > 0 && ranHere <= total, `${ranHere} runs counted by one worker`);
    assert.match(metrics, /^weft_http_requests_total\{instance="api",endpoint="deliver",status="201"\} \d+$/m);
  });

  test('a run whose worker is killed mid-call is resumed by another after its lease, with the same idempotency key; killed on every attempt, it is dead, and weft runs says so', async () => {
    await killWorkers();
    const response = await fetch(`${engine!.url}/hooks/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ref: 'hold' }) });
    assert.is(response.status, 202);
    const { run } = (await response.json()) as { run: string };
    for (let attempt = 1; attempt <= 3; attempt++) {
      const worker = await startWorker();
      await until(async () => held.length === attempt, 20_000, `attempt ${attempt} to call the API`);
      worker.kill('SIGKILL');
      await new Promise((resolve) => worker.once('exit', resolve));
    }
    assert.is(new Set(held.map((entry) => entry.key)).size, 1, 'each attempt sent the record with the same idempotency key');
    // The fourth worker finds its three attempts used: the run is dead, not tried again.
    await startWorker();
    await until(async () => (await query<{ status: string }>('SELECT status FROM runs WHERE id = $1', [run]))[0]?.status === 'dead', 20_000, 'the run to be buried');
    assert.is(held.length, 3);
    const shown = await runWeft(['runs', 'show', run, '--dir', project, '--format', 'json'], { env: { WEFT_ENGINE_TOKEN: engineToken } });
    expectExit(shown, 0);
    const record = JSON.parse(shown.stdout) as { status: string; attempts: number; error: string };
    assert.equal([record.status, record.attempts], ['dead', 3]);
    assert.match(record.error, /went away during each of its 3 attempts/);
    const listed = await runWeft(['runs', 'hooks', '--dir', project], { env: { WEFT_ENGINE_TOKEN: engineToken } });
    assert.match(listed.stdout + listed.stderr, new RegExp(`^${run}  hooks  dead  \\d+\\.\\d+ s  revision 1  \\(webhook /hooks/orders\\)  attempt 3$`, 'm'), listed.stdout.slice(0, 500) + listed.stderr);
  });

  test('an event-triggered flow on the cluster: the workers are competing consumers of its queue; every message one committed run, delivered', async () => {
    if (!brokerOrSkip('cluster (event flows)')) return;
    const broker = await startBroker();
    const connection = await connect(broker.url);
    try {
      const channel = await connection.createChannel();
      await channel.assertExchange('orders', 'topic', { durable: true });
      await channel.assertExchange('orders.dlx', 'fanout', { durable: true });
      await channel.assertQueue('orders.dead', { durable: true });
      await channel.bindQueue('orders.dead', 'orders.dlx', '');
      await channel.assertQueue('orders.created', { durable: true, arguments: { 'x-dead-letter-exchange': 'orders.dlx' } });
      await channel.bindQueue('orders.created', 'orders', 'order.created');
      const cliEnv = { WEFT_ENGINE_TOKEN: engineToken };
      const stored = spawnSync(process.execPath, [weftBinary, 'secret', 'set', 'bus/url', project], { input: broker.url, env: weftEnvironment(cliEnv), encoding: 'utf8' });
      assert.is(stored.status, 0, stored.stderr);
      await writeFile(path.join(project, 'bus.yaml'), busFile({ prefetch: 10, url: '${secret:bus/url}' }));
      await writeFile(
        path.join(project, 'events.yaml'),
        `apiVersion: weft/v1
kind: Flow
metadata: { name: order-events }
spec:
  concurrency: 4
  trigger: { event: { instance: bus, queue: orders.created } }
  steps:
    - id: deliver
      send: { instance: api, endpoint: deliver }
`,
      );
      expectExit(await runWeft(['apply', project], { env: cliEnv }), 0);
      await killWorkers();
      await Promise.all([startWorker(), startWorker()]);
      const total = 400;
      const before = new Set(received.map((entry) => entry.ref));
      for (let index = 0; index < total; index++) channel.publish('orders', 'order.created', Buffer.from(JSON.stringify({ ref: 500_000 + index })), { persistent: true, messageId: `order-${index}` });
      await until(async () => (await query<{ count: string }>("SELECT COUNT(*) AS count FROM message_runs WHERE flow = 'order-events'"))[0]!.count === String(total), 60_000, 'every message committed').catch((error: Error) => {
        throw new Error(`${error.message}\n${workerLog.join('').split('\n').slice(-30).join('\n')}`);
      });
      const refs = received.map((entry) => entry.ref).filter((ref) => ref >= 500_000 && !before.has(ref));
      assert.is(new Set(refs).size, total, 'every message reached the API');
      // Both workers consume the queue (the broker hands each message to one of them).
      assert.match(await broker.ctl('list_consumers', '-q'), /orders\.created[^\n]*\n[^\n]*orders\.created/);
      assert.is((await channel.checkQueue('orders.created')).messageCount, 0);
    } finally {
      await connection.close().catch(() => undefined);
      await broker.stop();
    }
  });

  test('weft worker: without --store or with another URL a usage error (exit 2); a server it cannot reach named without its password (exit 1)', async () => {
    const missing = await runWeft(['worker']);
    assert.is(missing.code, 2);
    assert.match(missing.stderr, /--store postgres:\/\/… is required/);
    assert.is((await runWeft(['worker', '--store', 'mysql://weft@127.0.0.1/weft'])).code, 2);
    const unreachable = await runWeft(['worker', '--store', 'postgres://weft:s3cret-pw@127.0.0.1:9/weft'], { env: clusterEnv });
    assert.is(unreachable.code, 1);
    assert.match(unreachable.stderr, /cannot reach PostgreSQL at postgres:\/\/weft:\*\*\*@127\.0\.0\.1:9\/weft \(ECONNREFUSED\)/);
    assert.not.match(unreachable.stderr, /s3cret-pw|\n\s+at /);
    // Metrics are never open: a worker serving them needs a token.
    const open = await runWeft(['worker', '--store', url, '--metrics-port', '0'], { env: { ...clusterEnv, WEFT_ENGINE_TOKEN: undefined, WEFT_METRICS_TOKEN: undefined } });
    assert.is(open.code, 2);
    assert.match(open.stderr, /--metrics-port needs WEFT_METRICS_TOKEN/);
    assert.is((await runWeft(['worker', '--store', url, '--metrics-port', 'nine'], { env: { ...clusterEnv, WEFT_METRICS_TOKEN: metricsToken } })).code, 2);
  });

  test('a webhook delivery sent to two API processes at once starts one run across the cluster; both answer with it', async () => {
    await killWorkers();
    const second = await startEngine(clusterEnv, undefined, ['--store', url, '--role', 'api']);
    try {
      await startWorker();
      const deliveries = 40;
      const answers = await Promise.all(
        Array.from({ length: deliveries }, (_, index) => {
          const body = JSON.stringify({ ref: 10_000 + index });
          const headers = { 'content-type': 'application/json', 'x-signature': createHmac('sha256', hookSecret).update(body).digest('hex'), 'x-delivery-id': `delivery-${index}` };
          // The same delivery to both processes (a sender retrying through a load balancer), twice each.
          return Promise.all(
            [engine!.url, second.url, second.url, engine!.url].map(async (base) => {
              const response = await fetch(`${base}/hooks/signed`, { method: 'POST', headers, body });
              return { status: response.status, run: ((await response.json()) as { run: string }).run };
            }),
          );
        }),
      );
      for (const answer of answers) {
        assert.equal(answer.map((each) => each.status).sort(), [200, 200, 200, 202]);
        assert.is(new Set(answer.map((each) => each.run)).size, 1);
      }
      await until(async () => Number((await query<{ count: string }>("SELECT COUNT(*) AS count FROM runs WHERE flow = 'signed' AND status = 'succeeded'"))[0]!.count) === deliveries, 30_000, 'every signed run to succeed');
      const runs = await query<{ id: string }>("SELECT id FROM runs WHERE flow = 'signed'");
      assert.equal(new Set(runs.map((run) => run.id)), new Set(answers.map((answer) => answer[0]!.run)));
      // The dashboard behind a load balancer: a session made by one API process is good at the other; signed out at one, at both.
      const signIn = await fetch(`${engine!.url}/ui/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: engineToken }) });
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const { csrf } = (await signIn.json()) as { csrf: string };
      const listed = (await (await fetch(`${second.url}/ui/api/runs?flow=signed&limit=100`, { headers: { cookie } })).json()) as { runs: unknown[] };
      assert.is(listed.runs.length, deliveries);
      assert.is((await fetch(`${second.url}/ui/api/session`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrf } })).status, 200);
      assert.is((await fetch(`${engine!.url}/ui/api/runs`, { headers: { cookie } })).status, 401);
    } finally {
      await second.stop();
    }
  });

  test('a worker stalled past its lease mid-call: another resumes the run and ends it; what the stalled worker does when it wakes is not recorded', async () => {
    await killWorkers();
    const stalling = await startWorker();
    const response = await fetch(`${engine!.url}/hooks/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ref: 'stall' }) });
    assert.is(response.status, 202);
    const { run } = (await response.json()) as { run: string };
    await until(async () => stalled.length === 1, 20_000, 'the run to call the API');
    stalling.kill('SIGSTOP');
    try {
      // Past its lease (2 s here), the run is another worker's: it calls again, with the same key, and succeeds.
      await startWorker();
      await until(async () => (await query<{ status: string }>('SELECT status FROM runs WHERE id = $1', [run]))[0]?.status === 'succeeded', 20_000, 'the run to succeed at the other worker').catch(async (error: Error) => {
        // What held it up: the run, its jobs, and the sessions waiting on a lock.
        const seen = [
          ...(await query('SELECT status, attempts, owner, lease_until FROM runs WHERE id = $1', [run])),
          ...(await query("SELECT state, retry_count, started_on FROM weft_queue.job WHERE data->>'run' = $1", [run])),
          ...(await query("SELECT state, wait_event_type, left(query, 80) AS query FROM pg_stat_activity WHERE datname = current_database() AND (wait_event_type = 'Lock' OR state LIKE 'idle in transaction%')")),
          { now: Date.now() },
        ];
        throw new Error(`${error.message}: ${JSON.stringify(seen)}\n${workerLog.join('').split('\n').slice(-30).join('\n')}`);
      });
    } finally {
      stalling.kill('SIGCONT');
    }
    const [ended] = await query<{ status: string; finished_at: string; attempts: number }>('SELECT status, finished_at, attempts FROM runs WHERE id = $1', [run]);
    assert.equal([ended!.status, ended!.attempts], ['succeeded', 2]);
    // The stalled worker wakes to its call refused: without a fence it would record the run failed.
    const logged = workerLog.length;
    stalled[0]!.response.writeHead(422, { 'content-type': 'application/json' }).end('{"error":"duplicate"}');
    await until(async () => workerLog.slice(logged).join('').includes(`run ${run} of hooks stopped here`), 20_000, 'the stalled worker to stop the run');
    assert.equal(await query('SELECT status, finished_at, attempts FROM runs WHERE id = $1', [run]), [ended]);
    assert.is(stalled.length, 1);
  });

  test('runs queued for a flow that a later revision removes still run, with the revision they were accepted in', async () => {
    await killWorkers();
    const cliEnv = { WEFT_ENGINE_TOKEN: engineToken };
    const ids: string[] = [];
    for (let ref = 20_000; ref < 20_005; ref++) {
      const response = await fetch(`${engine!.url}/hooks/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ref }) });
      assert.is(response.status, 202);
      ids.push(((await response.json()) as { run: string }).run);
    }
    const file = path.join(project, 'api.yaml');
    const original = await readFile(file, 'utf8');
    const withoutHooks = original.replace(/---\napiVersion: weft\/v1\nkind: Flow\nmetadata: \{ name: hooks \}[\s\S]*?(?=---)/, '');
    assert.not.equal(withoutHooks, original);
    try {
      await writeFile(file, withoutHooks);
      expectExit(await runWeft(['apply', project], { env: cliEnv }), 0);
      await startWorker();
      await until(async () => (await query<{ status: string }>('SELECT status FROM runs WHERE id = ANY($1)', [ids])).every((run) => run.status === 'succeeded'), 30_000, 'the queued runs of the removed flow to succeed');
      for (let ref = 20_000; ref < 20_005; ref++) assert.ok(received.some((entry) => entry.ref === ref), `record ${ref} was not delivered`);
    } finally {
      await writeFile(file, original);
      expectExit(await runWeft(['apply', project], { env: cliEnv }), 0);
    }
  });

  test('a per-second schedule fired by two API processes: one run per tick across the cluster, none twice, none lost', async () => {
    await killWorkers();
    const killedAt = Date.now();
    // A second API process: both fire every tick; the tick's run id makes it one run.
    const second = await startEngine(clusterEnv, undefined, ['--store', url, '--role', 'api']);
    await Promise.all([startWorker(), startWorker()]);
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const stoppingAt = Date.now();
    await second.stop();
    const runs = await query<{ id: string; status: string; started_at: string }>("SELECT id, status, started_at FROM runs WHERE flow = 'every-second' ORDER BY id");
    const seconds = runs.map((run) => run.id.slice(0, 16));
    assert.is(new Set(seconds).size, seconds.length, 'a tick ran twice');
    assert.ok(runs.length >= Math.floor((Date.now() - startedAt) / 1000) - 2, `${runs.length} runs in ${Date.now() - startedAt} ms`);
    // Consecutive seconds while the two API processes lived: no tick lost between the first run
    // and the last. (Earlier tests restart the API process; a tick while none lives is not run.)
    const tickTime = (run: string) => Date.parse(`${run.slice(0, 4)}-${run.slice(4, 6)}-${run.slice(6, 8)}T${run.slice(9, 11)}:${run.slice(11, 13)}:${run.slice(13, 15)}Z`);
    const times = runs
      .map((run) => tickTime(run.id))
      .filter((time) => time >= startedAt - 1000 && time < stoppingAt - 1000)
      .sort((a, b) => a - b);
    assert.ok(times.length >= 3, `only ${times.length} ticks while both API processes ran`);
    assert.is((times.at(-1)! - times[0]!) / 1000 + 1, times.length, `ticks missing among ${runs.map((run) => run.id).join(', ')}`);
    // Each tick's run called the API once. Only ticks fired after the kill count: earlier tests kill
    // workers, and a tick run killed after its call is resumed and calls again (at least once,
    // with the same idempotency key, as the first test checks for webhook runs).
    const ours = ticks.filter((run) => tickTime(run) >= killedAt);
    assert.ok(ours.length >= 3, `only ${ours.length} ticks reached the API`);
    assert.is(new Set(ours).size, ours.length, `a tick reached the API twice: ${ours.join(', ')}`);
  });

  test.run();
}
