import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createEngineServer } from '../src/engine/engine-server.js';
import { FlowRunner } from '../src/engine/flow-runner.js';
import { LocalEngine } from '../src/engine/local-engine.js';
import { EngineMetrics } from '../src/engine/metrics.js';
import { compileProject } from '../src/pipeline/compile-project.js';
import { computePlan } from '../src/plan/compute-plan.js';
import { secretLeaks } from './helpers/secret-forms.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/**
 * /metrics after real runs against a simulated API that takes some records, refuses one (422,
 * echoing the credentials it got) and drops a connection: the counters of runs, records and HTTP
 * calls and the latency histograms say exactly what happened; the scrape needs a token; no
 * secret reaches a metric.
 */
const test = suite('metrics');

const token = 'metrics-engine-token';
const metricsToken = 'metrics-scrape-token';
const apiSecret = `canary-metrics-${Date.now().toString(36)}-secret-value`;
let api: Server;
let project: string;
let engine: LocalEngine;
let runner: FlowRunner;
let server: Server;
let base: string;

async function metricsText(authorization = `Bearer ${metricsToken}`): Promise<{ status: number; text: string; type: string | null }> {
  const response = await fetch(`${base}/metrics`, { headers: { authorization } });
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
}

/** A sample's value from Prometheus' text format (undefined when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(/,(?=[a-z_]+=")/).filter(Boolean);
    if (wanted.every((label) => have.includes(label)) && have.length === wanted.length) return Number(match[3]);
  }
  return undefined;
}

test.before(async () => {
  api = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const record = JSON.parse(body) as { ref: number; kind?: string };
      if (record.kind === 'refuse') {
        response.writeHead(422, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ error: 'refused', youSent: request.headers['x-api-key'] }));
      }
      if (record.kind === 'drop') return request.socket.destroy();
      setTimeout(() => response.writeHead(201).end(), 30);
    });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  const port = (api.address() as AddressInfo).port;
  project = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: metrics }\nspec:\n  testing: { warnUntestedFlows: false }\n',
    'flows.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: sink }
spec:
  version: 1.0.0
  http: { baseUrl: "http://127.0.0.1:${port}", retry: { maxAttempts: 1 } }
  credentials:
    key: { description: the API key }
  auth:
    key: { type: apiKey, in: header, name: X-Api-Key, value: "{{credentials.key}}" }
  endpoints:
    store: { method: POST, path: /store, body: "{{record}}" }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: sink }
spec:
  connector: sink
  credentials: { key: "\${secret:sink/key}" }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: orders }
spec:
  trigger: { webhook: { path: orders, public: true } }
  steps:
    - id: keep
      filter: '$not(kind = "skip")'
    - id: store
      send: { instance: sink, endpoint: store }
`,
  });
  engine = new LocalEngine(path.join(project, '.weft', 'state.db'), { env: { WEFT_SECRET_KEY: 'metrics key' } });
  await engine.setSecret('sink/key', apiSecret);
  const { bundle } = await compileProject(project);
  await engine.apply(computePlan(bundle!, await engine.readState()), bundle!, 'tester');
  let ready: FlowRunner | undefined;
  const metrics = new EngineMetrics({ revision: () => engine.stores.state.revision(), eventBacklogs: async () => (await ready?.eventBacklogs()) ?? new Map() });
  runner = ready = new FlowRunner(engine, () => {}, { metrics });
  await runner.start();
  server = createEngineServer(engine, { token, runner, metrics, metricsToken });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.after(async () => {
  await runner.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await engine.close();
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
  await removeProject(project);
});

test('a scrape needs the engine token or the metrics token; the metrics token opens nothing else', async () => {
  assert.is((await metricsText('')).status, 401);
  assert.is((await metricsText('Bearer wrong')).status, 401);
  assert.is((await metricsText(`Bearer ${token}`)).status, 200);
  const scraped = await metricsText();
  assert.is(scraped.status, 200);
  assert.match(scraped.type!, /^text\/plain; version=0\.0\.4/);
  assert.is((await fetch(`${base}/v1/state`, { headers: { authorization: `Bearer ${metricsToken}` } })).status, 401);
  assert.is((await fetch(`${base}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${metricsToken}` } })).status, 405);
});

test('after runs with failures: runs by status, records by step, HTTP calls by status with their latencies, the live revision; no secret in any metric', async () => {
  const deliveries = [{ ref: 1 }, { ref: 2 }, { ref: 3, kind: 'skip' }, { ref: 4, kind: 'refuse' }, { ref: 5, kind: 'drop' }, { ref: 6 }];
  const ids: string[] = [];
  for (const record of deliveries) {
    const response = await fetch(`${base}/hooks/orders`, { method: 'POST', body: JSON.stringify(record) });
    assert.is(response.status, 202);
    ids.push(((await response.json()) as { run: string }).run);
  }
  for (;;) {
    const runs = await engine.runs('orders');
    if (runs.length === 6 && runs.every((run) => run.status !== 'running')) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { text } = await metricsText();
  assert.is(sample(text, 'weft_runs_total', { flow: 'orders', status: 'succeeded' }), 4);
  assert.is(sample(text, 'weft_runs_total', { flow: 'orders', status: 'partial' }), 2);
  assert.is(sample(text, 'weft_records_total', { flow: 'orders', step: 'keep', kind: 'in' }), 6);
  assert.is(sample(text, 'weft_records_total', { flow: 'orders', step: 'keep', kind: 'out' }), 5);
  assert.is(sample(text, 'weft_records_total', { flow: 'orders', step: 'store', kind: 'in' }), 5);
  assert.is(sample(text, 'weft_records_total', { flow: 'orders', step: 'store', kind: 'out' }), 3);
  assert.is(sample(text, 'weft_records_total', { flow: 'orders', step: 'store', kind: 'failed' }), 2);
  assert.is(sample(text, 'weft_http_requests_total', { instance: 'sink', endpoint: 'store', status: '201' }), 3);
  assert.is(sample(text, 'weft_http_requests_total', { instance: 'sink', endpoint: 'store', status: '422' }), 1);
  assert.is(sample(text, 'weft_http_requests_total', { instance: 'sink', endpoint: 'store', status: 'error' }), 1);
  // The histogram counted every attempt; the 30 ms answers are above the 25 ms bucket.
  assert.is(sample(text, 'weft_http_request_duration_seconds_count', { instance: 'sink', endpoint: 'store' }), 5);
  const fast = sample(text, 'weft_http_request_duration_seconds_bucket', { instance: 'sink', endpoint: 'store', le: '0.025' })!;
  const all = sample(text, 'weft_http_request_duration_seconds_bucket', { instance: 'sink', endpoint: 'store', le: '+Inf' })!;
  assert.ok(fast <= 2 && all === 5, `${fast} fast of ${all}`);
  assert.ok(sample(text, 'weft_http_request_duration_seconds_sum', { instance: 'sink', endpoint: 'store' })! >= 0.09);
  assert.is(sample(text, 'weft_run_duration_seconds_count', { flow: 'orders' }), 6);
  assert.is(sample(text, 'weft_revision'), 1);
  // The API echoed the key in its error: the run's error holds it redacted, the metrics never.
  assert.equal(secretLeaks([{ name: 'secret:sink/key', value: apiSecret }], Buffer.from(text), '/metrics'), []);
  assert.not.match(text, /127\.0\.0\.1|youSent|x-api-key/i);
});

test("the docs' Grafana dashboard and alert rules use only metrics the engine exports, with their labels", async () => {
  const { parse } = await import('yaml');
  const { readFile } = await import('node:fs/promises');
  const { repoRoot } = await import('./helpers/run-weft.js');
  const dashboard = JSON.parse(await readFile(path.join(repoRoot, 'docs', 'grafana', 'weft-dashboard.json'), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
  const alerts = parse(await readFile(path.join(repoRoot, 'docs', 'grafana', 'weft-alerts.yaml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
  const expressions = [...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)), ...alerts.groups.flatMap((group) => group.rules.map((rule) => rule.expr))];
  assert.ok(expressions.length >= 15);
  const { text } = await metricsText();
  const exported = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const match = /^(weft_[a-z_]+)(?:\{(.*)\})? /.exec(line);
    if (!match) continue;
    const labels = exported.get(match[1]!) ?? new Set<string>();
    for (const label of (match[2] ?? '').matchAll(/([a-z_]+)="/g)) labels.add(label[1]!);
    exported.set(match[1]!, labels);
  }
  // Gauges read at scrape time are declared even without a sample (no event flow here).
  for (const line of text.split('\n')) {
    const declared = /^# TYPE (weft_[a-z_]+) /.exec(line);
    if (declared && !exported.has(declared[1]!)) exported.set(declared[1]!, new Set(['flow']));
  }
  for (const expression of expressions) {
    for (const use of expression.matchAll(/(weft_[a-z_]+)(?:\{([^}]*)\})?/g)) {
      assert.ok(exported.has(use[1]!), `${use[1]} in "${expression}" is not a metric the engine exports`);
      for (const label of (use[2] ?? '').matchAll(/([a-z_]+)\s*(=~|!=|=)/g)) assert.ok(exported.get(use[1]!)!.has(label[1]!), `${use[1]} has no label ${label[1]} ("${expression}")`);
    }
  }
});

test.run();
