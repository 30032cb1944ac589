// What one HTTP request costs the engine's client (src/runtime/http-call.ts, on undici) against
// a bare node:http request with the keep-alive agent, as bench/flow-baseline.mjs makes them:
// POSTs of a sales order to bench/flow-api.mjs, 4 in flight, in this process, alternating
// rounds; CPU time (user + system) and wall time, medians. Prints JSON.
//   node --import tsx bench/http-client.ts [requests] [rounds]
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpCall, type CallPolicy } from '../src/runtime/http-call.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const requests = Number(process.argv[2] ?? 20_000);
const rounds = Number(process.argv[3] ?? 3);

const api = spawn(process.execPath, [path.join(here, 'flow-api.mjs'), '10'], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((resolve) => api.stdout!.once('data', (chunk) => resolve(Number(String(chunk).trim()))));
const url = `http://127.0.0.1:${port}/sales-orders`;
const body = JSON.stringify({ externalId: 'order-1', currency: 'GBP', amount: 12.5, email: 'c1@example.com', items: [{ item: 'SKU-1', quantity: 2 }] });
const headers = { authorization: 'Bearer bench-token', accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': 'a'.repeat(32) };
const policy: CallPolicy = { timeoutMs: 30_000, maxResponseBytes: 1 << 20, retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1, on: [] } };

function nodeHttp(): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (incoming) => {
      incoming.resume();
      incoming.on('end', () => resolve(incoming.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const clients: Record<string, () => Promise<number>> = {
  'node:http': nodeHttp,
  'weft (undici)': async () => (await httpCall({ method: 'POST', url, headers, body }, policy)).status,
};

async function round(call: () => Promise<number>): Promise<{ cpuMs: number; ms: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next++ < requests) if ((await call()) !== 201) throw new Error('the API did not answer 201');
    }),
  );
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, ms: performance.now() - started };
}

try {
  for (const call of Object.values(clients)) await round(call); // warm-up
  const results: Record<string, { cpuMs: number; ms: number }[]> = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
  for (let index = 0; index < rounds; index++) for (const [name, call] of Object.entries(clients)) results[name]!.push(await round(call));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const summary = Object.fromEntries(Object.entries(results).map(([name, runs]) => [name, { cpuMs: Math.round(median(runs.map((run) => run.cpuMs))), ms: Math.round(median(runs.map((run) => run.ms))) }]));
  console.log(JSON.stringify({ requests, rounds, ...summary, cpuRatio: summary['weft (undici)']!.cpuMs / summary['node:http']!.cpuMs }));
} finally {
  api.kill('SIGTERM');
  process.exit(0);
}
