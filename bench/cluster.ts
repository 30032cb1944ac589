// The cluster benchmark (issue 17), on a private PostgreSQL server and a simulated API on
// 127.0.0.1 whose every call takes 20 ms:
// - scaling: the same webhook deliveries through an API process and 1, 2, then 4 workers, and
//   through the embedded SQLite engine (one process) as the baseline of a job's cost;
// - the load scenario: one API process, three workers, N deliveries while a schedule fires every
//   second, one worker SIGKILLed and another SIGTERMed midway: every delivery one run that
//   succeeded, every record at the API (twice only within the in-flight window, with one
//   idempotency key), every tick once.
// Prints JSON. Usage: node --import tsx bench/cluster.ts [deliveries-for-scaling] [deliveries-for-load] [schedule-seconds]
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { startPostgres } from '../test/helpers/postgres.js';
import { engineToken, startEngine, targetEngine, type RemoteEngine } from '../test/helpers/remote-engine.js';
import { runWeft, weftBinary, weftEnvironment } from '../test/helpers/run-weft.js';
import { removeProject, writeProject } from '../test/helpers/temp-project.js';

const scalingDeliveries = Number(process.argv[2] ?? 2000);
const loadDeliveries = Number(process.argv[3] ?? 10_000);
const scheduleSeconds = Number(process.argv[4] ?? 30);
const env = { WEFT_SECRET_KEY: 'a cluster bench passphrase', WEFT_CLUSTER_LEASE_MS: '5000', WEFT_CLUSTER_SWEEP_MS: '1000', WEFT_CLUSTER_QUEUED_GRACE_MS: '10000', WEFT_CLUSTER_MAINTENANCE_SECONDS: '5', WEFT_CLUSTER_WORKER_SLOTS: '8' };

// The simulated API: a delivery takes 20 ms; what arrived, by record and idempotency key.
const received = new Map<string, Set<string>>();
let calls = 0;
const ticks: string[] = [];
const api = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    if (request.url === '/ticks') return response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[{}]}');
    if (request.url === '/ticks-seen') {
      ticks.push((JSON.parse(body) as { run: string }).run);
      return response.writeHead(201).end();
    }
    setTimeout(() => {
      calls++;
      const ref = String((JSON.parse(body) as { ref: unknown }).ref);
      const keys = received.get(ref) ?? new Set<string>();
      keys.add(String(request.headers['idempotency-key']));
      received.set(ref, keys);
      response.writeHead(201).end();
    }, 20);
  });
});
await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
const apiPort = (api.address() as AddressInfo).port;

const files = (withSchedule: boolean) => ({
  'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: cluster-bench }\nspec:\n  testing: { warnUntestedFlows: false }\n',
  'flows.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: api }
spec:
  version: 1.0.0
  http: { baseUrl: "http://127.0.0.1:${apiPort}", timeoutMs: 10000 }
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
  concurrency: 64
  trigger: { webhook: { path: orders, public: true } }
  steps:
    - id: deliver
      send: { instance: api, endpoint: deliver }
${
  withSchedule
    ? `---
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
`
    : ''
}`,
});

const server = await startPostgres();
const children: ChildProcess[] = [];
const engines: RemoteEngine[] = [];

function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [weftBinary, 'worker', '--store', url], { env: weftEnvironment(env), stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('weft worker running') && resolve(child));
    child.once('exit', (code) => reject(new Error(`a worker exited with ${code}`)));
  });
}

async function count(url: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ count: string }>(sql)).rows[0]!.count);
  } finally {
    await client.end();
  }
}

/** Posts `total` deliveries, 50 at a time; `midway` is called once half are in. */
async function deliver(engine: RemoteEngine, total: number, offset: number, midway?: () => Promise<void>): Promise<void> {
  for (let batch = 0; batch < total; batch += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, total - batch) }, async (_, index) => {
        const response = await fetch(`${engine.url}/hooks/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ref: offset + batch + index }) });
        if (response.status !== 202) throw new Error(`a delivery was answered ${response.status}: ${await response.text()}`);
      }),
    );
    if (midway && batch < total / 2 && batch + 50 >= total / 2) await midway();
  }
}

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Through the embedded engine (workers 0): deliveries posted and run as they come. Through a
 * cluster: the deliveries posted to the API process first (its intake: recorded and queued),
 * then `workers` workers started, and the time until every delivery reached the API (the drain).
 */
async function throughput(workers: number, offset: number) {
  const project = await writeProject(files(false));
  const url = workers === 0 ? undefined : await server.database(`scale${workers}`);
  const engine = await startEngine(env, undefined, url ? ['--store', url, '--role', 'api'] : []);
  engines.push(engine);
  await targetEngine(project, engine.url);
  const applied = await runWeft(['apply', project], { env: { WEFT_ENGINE_TOKEN: engineToken } });
  if (applied.code !== 0) throw new Error(applied.stderr);
  const before = calls;
  const began = performance.now();
  await deliver(engine, scalingDeliveries, offset);
  const intakeMs = performance.now() - began;
  const started: ChildProcess[] = await Promise.all(Array.from({ length: workers }, () => startWorker(url!)));
  const drainFrom = performance.now();
  await until(async () => calls - before >= scalingDeliveries, 600_000, 'every delivery');
  const done = performance.now();
  for (const child of started) child.kill('SIGTERM');
  await engine.stop();
  await removeProject(project);
  const ms = workers === 0 ? done - began : done - drainFrom;
  return { workers: workers === 0 ? 'sqlite (intake and runs)' : workers, intakeMs: Math.round(intakeMs), ms: Math.round(ms), runsPerSecond: Math.round((scalingDeliveries / ms) * 1000) };
}

try {
  const scaling = [];
  for (const [index, workers] of [0, 1, 2, 4].entries()) scaling.push(await throughput(workers, (index + 1) * 1_000_000));

  // The load scenario.
  received.clear();
  const callsBefore = calls;
  const project = await writeProject(files(true));
  const url = await server.database('load');
  const engine = await startEngine(env, undefined, ['--store', url, '--role', 'api']);
  engines.push(engine);
  await targetEngine(project, engine.url);
  const scheduleFrom = Date.now();
  const applied = await runWeft(['apply', project], { env: { WEFT_ENGINE_TOKEN: engineToken } });
  if (applied.code !== 0) throw new Error(applied.stderr);
  const [killed, stopped] = [await startWorker(url), await startWorker(url), await startWorker(url)];
  const began = performance.now();
  await deliver(engine, loadDeliveries, 0, async () => {
    killed!.kill('SIGKILL');
    stopped!.kill('SIGTERM');
    await startWorker(url);
  });
  await until(async () => (await count(url, "SELECT COUNT(*) AS count FROM runs WHERE flow = 'hooks' AND status = 'succeeded'")) === loadDeliveries, 900_000, 'every run to succeed');
  const loadMs = performance.now() - began;
  // The schedule runs on for its seconds, then the flows are disabled by stopping the API process.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, scheduleFrom + scheduleSeconds * 1000 - Date.now())));
  await engine.stop();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const runs = await count(url, "SELECT COUNT(*) AS count FROM runs WHERE flow = 'hooks'");
  const resumed = await count(url, "SELECT COUNT(*) AS count FROM runs WHERE flow = 'hooks' AND attempts > 1");
  const tickRuns = await count(url, "SELECT COUNT(*) AS count FROM runs WHERE flow = 'every-second'");
  const distinctTicks = await count(url, "SELECT COUNT(DISTINCT substr(id, 1, 16)) AS count FROM runs WHERE flow = 'every-second'");
  const sentTwice = [...received.values()].filter((keys) => keys.size > 1).length;
  const refs = [...received.keys()].filter((ref) => Number(ref) < loadDeliveries).length;
  await removeProject(project);
  console.log(
    JSON.stringify({
      scaling,
      load: {
        deliveries: loadDeliveries,
        ms: Math.round(loadMs),
        runs,
        runsSucceeded: loadDeliveries,
        recordsAtApi: refs,
        recordsWithTwoKeys: sentTwice,
        apiCalls: calls - callsBefore,
        resumedRuns: resumed,
        scheduleSeconds,
        tickRuns,
        distinctTicks,
        ticksSeen: ticks.length,
        distinctTicksSeen: new Set(ticks).size,
      },
    }),
  );
} finally {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(engines.map((engine) => engine.stop().catch(() => undefined)));
  api.closeAllConnections();
  api.close();
  await server.stop();
}
