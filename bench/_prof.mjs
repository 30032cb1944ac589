// The flow benchmark: `weft run` of a flow receiving N records (250 per page) through filter and
// map into send, against a simulated API in its own process, side by side with the hand-written
// baseline (bench/flow-baseline.mjs) making the same calls and transforms. Alternating runs,
// medians; peak RSS of each. Prints JSON.
//   node bench/flow-throughput.mjs [records] [runs]
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const records = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 3);

function node(args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...(args[0]==='weft' || args[0]==='--cpu-prof' ? args[0]==='--cpu-prof' ? args : ['--cpu-prof','--cpu-prof-dir=/tmp/prof', path.join(here,'..','bin','weft.cjs'), ...args.slice(1)] : [path.join(here, 'measure.cjs'), ...args])], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let rss = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdio[3].on('data', (chunk) => (rss += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: performance.now() - started, maxRssKb: 0, stdout, stderr }));
  });
}

const api = spawn(process.execPath, [path.join(here, 'flow-api.mjs'), String(records)], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => api.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim()))));
const project = await mkdtemp(path.join(os.tmpdir(), 'weft-flow-bench-'));
try {
  await mkdir(path.join(project, 'flows'), { recursive: true });
  await writeFile(path.join(project, 'weft.yaml'), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: flow-bench }\n');
  await writeFile(
    path.join(project, 'shop.yaml'),
    `apiVersion: weft/v1
kind: Connector
metadata: { name: shop }
spec:
  version: 1.0.0
  http: { baseUrl: "http://127.0.0.1:{{settings.port}}", headers: { Accept: application/json } }
  settings: { type: object, properties: { port: { type: integer } }, required: [port] }
  credentials: { token: {} }
  auth: { bearer: { type: bearer, token: "{{credentials.token}}" } }
  endpoints:
    listOrders:
      path: /orders
      query: { limit: 250 }
      pagination: { type: cursor, param: cursor, cursorPath: next }
      records: orders
    createSalesOrder:
      method: POST
      path: /sales-orders
      body: "{{record}}"
---
apiVersion: weft/v1
kind: Instance
metadata: { name: store }
spec:
  connector: shop
  settings: { port: ${port} }
  credentials: { token: "\${env:BENCH_TOKEN}" }
`,
  );
  await writeFile(
    path.join(project, 'flows', 'orders.yaml'),
    `apiVersion: weft/v1
kind: Flow
metadata: { name: orders-to-erp }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: store, endpoint: listOrders }
    - id: paid
      filter: status = 'paid'
    - id: to-sales-order
      map: '{ "externalId": "order-" & $string(id), "currency": currency, "amount": total, "email": customer.email, "items": lines.{ "item": sku, "quantity": qty } }'
    - id: create
      send: { instance: store, endpoint: createSalesOrder, concurrency: 4 }
`,
  );
  const engine = [];
  const baseline = [];
  for (let run = 0; run < runs; run++) {
    const weft = await node(['weft', 'run', 'orders-to-erp', project, '--format', 'json'], { BENCH_TOKEN: 'bench-token' });
    if (weft.code !== 0) throw new Error(`weft run failed (${weft.code}): ${weft.stdout.slice(0, 1000)}${weft.stderr.slice(0, 1000)}`);
    const sent = JSON.parse(weft.stdout).steps.at(-1).out;
    engine.push({ ms: weft.ms, rssKb: weft.maxRssKb, sent });
    const script = await node(['--cpu-prof','--cpu-prof-dir=/tmp/profb',path.join(here, 'flow-baseline.mjs'), String(port)]);
    if (script.code !== 0) throw new Error(`the baseline failed: ${script.stderr.slice(0, 1000)}`);
    baseline.push({ ms: script.ms, rssKb: script.maxRssKb, sent: JSON.parse(script.stdout).sent });
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const engineMs = median(engine.map((run) => run.ms));
  const baselineMs = median(baseline.map((run) => run.ms));
  console.log(
    JSON.stringify({
      records,
      sent: engine[0].sent,
      engineMs,
      baselineMs,
      ratio: engineMs / baselineMs,
      engineRecordsPerSecond: records / (engineMs / 1000),
      baselineRecordsPerSecond: records / (baselineMs / 1000),
      engineRssKb: Math.max(...engine.map((run) => run.rssKb)),
      baselineRssKb: Math.max(...baseline.map((run) => run.rssKb)),
    }),
  );
} finally {
  api.kill('SIGTERM');
  await rm(project, { recursive: true, force: true });
}
