// The webhook intake benchmark: `weft engine start` taking signed webhooks (each stored durably,
// with its run, before the 202) against bench/webhook-baseline.mjs (HMAC check, the same JSONata,
// one durable SQLite insert per delivery), side by side in one run: 50 keep-alive connections,
// a fixed number of requests per round, rounds alternating. Afterwards every accepted delivery
// must have its run, and every run must have ended. Each engine round also waits until every run
// it accepted has ended: `processed` is that rate (intake and the flow's work), beside the rate
// of 202s. Prints JSON.
//   node bench/webhook-intake.mjs [requests per round] [rounds] [connections]
// BENCH_ENGINE_NODE_ARGS passes node options to the engine (e.g. --cpu-prof).
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { orderPayload, writeWebhookProject } from './webhook-project.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const weft = path.join(here, '..', 'bin', 'weft.cjs');
const perRound = Number(process.argv[2] ?? 5000);
const rounds = Number(process.argv[3] ?? 3);
const connections = Number(process.argv[4] ?? 50);
const secret = 'bench-webhook-signing-secret';
const token = 'bench-engine-token-0123456789';

/** Starts a server process that prints its port on its first stdout line (the engine prints a URL). */
function startServer(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const port = /(?:127\.0\.0\.1:)?(\d+)\b/.exec(out.split('\n')[0] ?? '')?.[1];
      if (out.includes('\n') && port) resolve({ child, port: Number(/127\.0\.0\.1:(\d+)/.exec(out)?.[1] ?? port), stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

const payloads = Array.from({ length: 1000 }, (_, index) => {
  const body = Buffer.from(orderPayload(index));
  return { body, signature: createHmac('sha256', secret).update(body).digest('hex') };
});

/** Sends `total` signed webhooks over `connections` keep-alive connections; latencies in ms. */
async function load(port, total, urlPath) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  const statuses = new Map();
  let next = 0;
  const one = (index) =>
    new Promise((resolve, reject) => {
      const { body, signature } = payloads[index % payloads.length];
      const started = performance.now();
      const outgoing = request(
        { host: '127.0.0.1', port, path: urlPath, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-signature': signature } },
        (response) => {
          response.resume();
          response.on('end', () => {
            latencies.push(performance.now() - started);
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
            resolve();
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < total) await one(next++);
    }),
  );
  const ms = performance.now() - started;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { requestsPerSecond: (total * 1000) / ms, p50: at(0.5), p99: at(0.99), statuses: Object.fromEntries(statuses) };
}

/** Waits until the engine's state has no run under way (polled read-only, as another process would). */
async function untilNoRunsUnderWay(file) {
  const db = new Database(file, { readonly: true });
  try {
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
      if (db.prepare("SELECT COUNT(*) AS count FROM runs WHERE status = 'running'").get().count === 0) return;
    }
    throw new Error('runs still under way after 120 s');
  } finally {
    db.close();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const directory = await mkdtemp(path.join(os.tmpdir(), 'weft-webhook-bench-'));
const env = { WEFT_SECRET_KEY: 'bench key', WEFT_ENGINE_TOKEN: token, NO_COLOR: '1' };
try {
  await writeWebhookProject(directory);
  const stored = spawnSync(process.execPath, [weft, 'secret', 'set', 'shop/webhook', directory], { input: secret, env: { ...process.env, ...env } });
  if (stored.status !== 0) throw new Error(`secret set: ${stored.stderr}`);
  const applied = spawnSync(process.execPath, [weft, 'apply', directory], { env: { ...process.env, ...env } });
  if (applied.status !== 0) throw new Error(`apply: ${applied.stdout}${applied.stderr}`);
  const engine = await startServer([...(process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean), weft, 'engine', 'start', directory, '--port', '0'], env);
  const baseline = await startServer([path.join(here, 'webhook-baseline.mjs'), path.join(directory, 'baseline.db'), secret], {});
  const results = { engine: [], baseline: [] };
  try {
    // Warm both up (JIT, SQLite caches, the engine's prepared flow).
    await load(engine.port, 500, '/hooks/shop/orders');
    await untilNoRunsUnderWay(path.join(directory, '.weft', 'state.db'));
    await load(baseline.port, 500, '/');
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ['engine', 'baseline'] : ['baseline', 'engine'];
      for (const side of order) {
        if (side === 'baseline') {
          results.baseline.push(await load(baseline.port, perRound, '/'));
          continue;
        }
        // The engine answers once a delivery is on disk and runs the flow after: a round ends
        // when every run it accepted has ended too, so deferred work is not left out.
        const started = performance.now();
        const intake = await load(engine.port, perRound, '/hooks/shop/orders');
        await untilNoRunsUnderWay(path.join(directory, '.weft', 'state.db'));
        results.engine.push({ ...intake, processedPerSecond: (perRound * 1000) / (performance.now() - started) });
      }
    }
  } finally {
    engine.child.kill('SIGTERM');
    baseline.child.kill('SIGTERM');
    await Promise.all([engine, baseline].map(({ child }) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)))));
  }
  // Every accepted delivery has its run, and every run ended (the engine finishes its runs on SIGTERM).
  const accepted = 500 + results.engine.reduce((sum, result) => sum + (result.statuses[202] ?? 0), 0);
  const db = new Database(path.join(directory, '.weft', 'state.db'), { readonly: true });
  const runs = db.prepare("SELECT status, COUNT(*) AS count FROM runs WHERE flow = 'order-intake' GROUP BY status").all();
  db.close();
  const byStatus = Object.fromEntries(runs.map((row) => [row.status, row.count]));
  const engineRps = median(results.engine.map((result) => result.requestsPerSecond));
  const baselineRps = median(results.baseline.map((result) => result.requestsPerSecond));
  console.log(
    JSON.stringify({
      requestsPerRound: perRound,
      rounds,
      connections,
      engineRequestsPerSecond: Math.round(engineRps),
      baselineRequestsPerSecond: Math.round(baselineRps),
      ratio: Number((engineRps / baselineRps).toFixed(2)),
      engineProcessedPerSecond: Math.round(median(results.engine.map((result) => result.processedPerSecond))),
      processedRatio: Number((median(results.engine.map((result) => result.processedPerSecond)) / baselineRps).toFixed(2)),
      engineP50Ms: Number(median(results.engine.map((result) => result.p50)).toFixed(1)),
      engineP99Ms: Number(median(results.engine.map((result) => result.p99)).toFixed(1)),
      baselineP50Ms: Number(median(results.baseline.map((result) => result.p50)).toFixed(1)),
      baselineP99Ms: Number(median(results.baseline.map((result) => result.p99)).toFixed(1)),
      engineStatuses: results.engine.map((result) => result.statuses),
      accepted,
      runs: byStatus,
      everyAcceptedHasItsRun: (byStatus.succeeded ?? 0) === accepted && Object.keys(byStatus).length === 1,
    }),
  );
} finally {
  await rm(directory, { recursive: true, force: true });
}
