// What the flow benchmarks share: a child process measured for time and peak RSS, and the
// project of a simulated shop API (bench/flow-api.mjs) with its connector and instance.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs `node bench/measure.cjs ...args`: its exit code, wall time, peak RSS and output. */
export function node(args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(here, 'measure.cjs'), ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let rss = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdio[3].on('data', (chunk) => (rss += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: performance.now() - started, maxRssKb: rss ? JSON.parse(rss).maxRssKb : undefined, stdout, stderr }));
  });
}

/** Starts the simulated API with `records` orders; its process and port. */
export async function startApi(records) {
  const api = spawn(process.execPath, [path.join(here, 'flow-api.mjs'), String(records)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => api.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim()))));
  return { api, port };
}

/** Writes weft.yaml, the shop connector and its instance (token from BENCH_TOKEN) into `project`. */
export async function writeShopProject(project, port) {
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
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
