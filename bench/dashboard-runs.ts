// The dashboard's runs list over a large history: 100,000 runs (and message runs) in the engine's
// store, the list asked for over HTTP with each filter, a page at a time, as the browser does.
// Baseline in the same run: GET /healthz on the same server (the HTTP floor). Target: every
// query under 100 ms.
//
//   node --import tsx bench/dashboard-runs.ts [runs=100000] [--postgres]
//
// The history is shaped like a real one: a dozen flows of very different volumes (event flows
// whose successful runs are message runs), 30 days, mostly successes, some partial runs with
// failed records (the records themselves, a few hundred bytes each), a few failed and dead ones.
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createEngineServer } from '../src/engine/engine-server.js';
import { FlowRunner } from '../src/engine/flow-runner.js';
import { LocalEngine } from '../src/engine/local-engine.js';
import { openPostgresStores } from '../src/engine/stores/postgres/pg-stores.js';
import type { SqliteStores } from '../src/engine/stores/sqlite/sqlite-stores.js';
import type { Stores } from '../src/engine/stores/stores.js';

const total = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 100_000);
const usePostgres = process.argv.includes('--postgres');
const token = 'bench-dashboard-token';

/** A deterministic random source: the same history every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

interface FlowShape {
  name: string;
  weight: number;
  trigger: string;
  steps: string[];
  event?: boolean;
}

const flows: FlowShape[] = [
  { name: 'order-events', weight: 30, trigger: 'event orders.created (message m)', steps: ['map', 'enrich', 'send'], event: true },
  { name: 'shopify-orders-to-netsuite', weight: 18, trigger: 'schedule */5 * * * *', steps: ['receive', 'filter', 'map', 'dedupe', 'send'] },
  { name: 'stock-levels', weight: 14, trigger: 'schedule * * * * *', steps: ['receive', 'map', 'cache', 'send'] },
  { name: 'shopify-webhook-orders', weight: 12, trigger: 'webhook /hooks/shopify/orders', steps: ['map', 'route', 'send'] },
  { name: 'refund-events', weight: 8, trigger: 'event refunds.created (message m)', steps: ['filter', 'map', 'send'], event: true },
  { name: 'fulfilment-sync', weight: 6, trigger: 'schedule */15 * * * *', steps: ['receive', 'map', 'send', 'publish'] },
  { name: 'customer-sync', weight: 4, trigger: 'schedule 0 * * * *', steps: ['receive', 'map', 'dedupe', 'send'] },
  { name: 'price-updates', weight: 3, trigger: 'webhook /hooks/erp/prices', steps: ['map', 'send'] },
  { name: 'invoice-export', weight: 2, trigger: 'schedule 0 2 * * *', steps: ['receive', 'map', 'batch', 'send'] },
  // Never run in this history: the runs list asked for manual runs reads every run to find none.
  { name: 'backfill-us-orders', weight: 0, trigger: 'manual (admin API)', steps: ['receive', 'map', 'send'] },
  { name: 'parked-orders', weight: 1.5, trigger: 'run by flow shopify-orders-to-netsuite (run r)', steps: ['map', 'send'] },
  { name: 'returns', weight: 0.5, trigger: 'webhook /hooks/returns', steps: ['map', 'send'] },
];

function pick(next: () => number) {
  const sum = flows.reduce((total, flow) => total + flow.weight, 0);
  let at = next() * sum;
  for (const flow of flows) if ((at -= flow.weight) <= 0) return flow;
  return flows[0]!;
}

/** Writes the history straight into the store's tables, in big transactions (the bench measures reading). */
async function fill(stores: Stores, postgres: boolean): Promise<{ runs: number; messageRuns: number }> {
  const next = random(42);
  const now = Date.now();
  const rows: unknown[][] = [];
  const messages: unknown[][] = [];
  const failures: unknown[][] = [];
  for (let index = 0; index < total; index++) {
    const flow = pick(next);
    const started = new Date(now - Math.floor(next() * 30 * 86_400_000));
    const roll = next();
    const status = roll < 0.925 ? 'succeeded' : roll < 0.965 ? 'partial' : roll < 0.985 ? 'failed' : roll < 0.995 ? 'retry' : 'dead';
    const id = `${started.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z-${(Math.imul(index + 1, 2654435761) >>> 0).toString(16).padStart(8, '0')}`;
    const size = flow.steps[0] === 'receive' ? Math.floor(next() * 400) : 1;
    const failed = status === 'partial' ? 1 + Math.floor(next() * Math.min(5, size)) : 0;
    let flowing = size;
    const steps = flow.steps.map((kind, position) => {
      const stepIn = position === 0 && kind === 'receive' ? 0 : flowing;
      const out = position === flow.steps.length - 1 ? Math.max(0, flowing - failed) : flowing;
      const step = { id: `${kind}-${position}`, kind, in: stepIn, out, failed: position === flow.steps.length - 1 ? failed : 0 };
      flowing = out;
      return step;
    });
    const finished = new Date(started.getTime() + 20 + Math.floor(next() * 5000)).toISOString();
    const trigger = status === 'retry' ? `retry of ${id}` : flow.trigger;
    if (flow.event && status === 'succeeded') {
      messages.push([flow.name, `msg-${index}`, id, 3, 'b'.repeat(64), flow.trigger.replace(' m)', ` msg-${index})`), started.toISOString(), finished, JSON.stringify(steps)]);
      continue;
    }
    const finalStatus = status === 'retry' ? 'succeeded' : status;
    rows.push([id, flow.name, 3, 'b'.repeat(64), trigger, finalStatus, started.toISOString(), finished, JSON.stringify(steps), finalStatus === 'failed' ? 'POST https://api.example.com/orders answered 503: upstream unavailable' : finalStatus === 'dead' ? 'its process went away during each of its 3 attempts' : null, 1]);
    for (let failure = 0; failure < failed; failure++) {
      const record = { id: Math.floor(next() * 1e9), email: `customer${index}@example.com`, lines: Array.from({ length: 3 }, (_, line) => ({ sku: `SKU-${line}-${index}`, quantity: 1 + line, price: '19.99' })), total: '59.97', currency: 'EUR' };
      failures.push([id, failure, steps.at(-1)!.id, failure, `POST https://api.example.com/orders answered 422: {"error":"invalid line ${failure}"}`, JSON.stringify(record)]);
    }
  }
  if (postgres) {
    const database = (stores as Awaited<ReturnType<typeof openPostgresStores>>).database;
    const insert = async (table: string, columns: string, values: unknown[][]) => {
      for (let start = 0; start < values.length; start += 1000) {
        const chunk = values.slice(start, start + 1000);
        const width = chunk[0]!.length;
        await database.query(`INSERT INTO ${table} (${columns}) VALUES ${chunk.map((_, row) => `(${Array.from({ length: width }, (_, column) => `$${row * width + column + 1}`).join(', ')})`).join(', ')}`, chunk.flat());
      }
    };
    await insert('runs', 'id, flow, revision, bundle_sha256, trigger, status, started_at, finished_at, steps, error, attempts', rows);
    await insert('message_runs', 'flow, message_id, run_id, revision, bundle_sha256, trigger, started_at, finished_at, steps', messages);
    await insert('run_failures', 'run_id, position, step, record_index, error, record', failures);
    await database.query('ANALYZE');
  } else {
    const db = (stores as SqliteStores).database.db;
    db.transaction(() => {
      const run = db.prepare('INSERT INTO runs (id, flow, revision, bundle_sha256, trigger, status, started_at, finished_at, steps, error, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (const row of rows) run.run(...row);
      const message = db.prepare('INSERT INTO message_runs (flow, message_id, run_id, revision, bundle_sha256, trigger, started_at, finished_at, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (const row of messages) message.run(...row);
      const failure = db.prepare('INSERT INTO run_failures (run_id, position, step, record_index, error, record) VALUES (?, ?, ?, ?, ?, ?)');
      for (const row of failures) failure.run(...row);
    })();
    db.exec('ANALYZE');
  }
  return { runs: rows.length, messageRuns: messages.length };
}

async function main(): Promise<void> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'weft-bench-dashboard-'));
  let stopPostgres: (() => Promise<void>) | undefined;
  let stores: Stores | undefined;
  if (usePostgres) {
    const { startPostgres } = await import('../test/helpers/postgres.js');
    const server = await startPostgres();
    stopPostgres = () => server.stop();
    stores = await openPostgresStores(await server.database('dashboard'), { WEFT_SECRET_KEY: 'bench' });
  }
  const engine = new LocalEngine(path.join(directory, 'state.db'), { env: { WEFT_SECRET_KEY: 'bench' }, ...(stores && { stores }) });
  const filling = performance.now();
  const { runs, messageRuns } = await fill(engine.stores, usePostgres);
  const fillMs = performance.now() - filling;
  const runner = new FlowRunner(engine);
  const server: Server = createEngineServer(engine, { token, runner });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signIn = await fetch(`${base}/ui/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const get = async (url: string) => {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    const body = (await response.json()) as { runs?: { id: string }[]; next?: string };
    if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - started, body };
  };
  // The 20th page of all runs: where a user paging back a long way ends up.
  let deep = `${base}/ui/api/runs`;
  for (let page = 0; page < 20; page++) deep = `${base}/ui/api/runs?before=${encodeURIComponent((await get(deep)).body.next!)}`;
  const day = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  const queries: [string, string][] = [
    ['healthz (baseline: the HTTP floor)', `${base}/healthz`],
    ['newest runs, no filter', `${base}/ui/api/runs`],
    ['one busy flow', `${base}/ui/api/runs?flow=shopify-orders-to-netsuite`],
    ['one rare flow', `${base}/ui/api/runs?flow=returns`],
    ['status failed (2%)', `${base}/ui/api/runs?status=failed`],
    ['status dead (0.5%)', `${base}/ui/api/runs?status=dead`],
    ['a flow\'s partial runs', `${base}/ui/api/runs?flow=stock-levels&status=partial`],
    ['trigger retry', `${base}/ui/api/runs?trigger=retry`],
    ['trigger run (child runs), one day', `${base}/ui/api/runs?trigger=run&from=${day}T00:00:00Z&to=${day}T23:59:59Z`],
    ['trigger manual: no run has it', `${base}/ui/api/runs?trigger=manual`],
    ['the busiest flow, by a trigger it never has', `${base}/ui/api/runs?flow=shopify-orders-to-netsuite&trigger=webhook`],
    ['the busiest flow\'s dead runs (few)', `${base}/ui/api/runs?flow=shopify-orders-to-netsuite&status=dead`],
    ['trigger event, one day', `${base}/ui/api/runs?trigger=event&from=${day}T00:00:00Z&to=${day}T23:59:59Z`],
    ['flow + status + trigger + day', `${base}/ui/api/runs?flow=shopify-webhook-orders&status=partial&trigger=webhook&from=${day}T00:00:00Z&to=${day}T23:59:59Z`],
    ['the 21st page of all runs', deep],
    ['overview (7 days of every flow)', `${base}/ui/api/overview`],
  ];
  const rounds = 25;
  const timings = new Map<string, number[]>(queries.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, url] of queries) timings.get(name)!.push(name.startsWith('healthz') ? await (async () => { const started = performance.now(); await (await fetch(url)).text(); return performance.now() - started; })() : (await get(url)).ms);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;
  const floor = median(timings.get(queries[0]![0])!);
  console.log(`${usePostgres ? 'PostgreSQL' : 'SQLite'}: ${runs.toLocaleString('en')} runs + ${messageRuns.toLocaleString('en')} message runs (filled in ${(fillMs / 1000).toFixed(1)} s); ${rounds} requests each\n`);
  console.log('| query | median | p95 | × healthz |');
  console.log('|---|---|---|---|');
  for (const [name] of queries) {
    const values = timings.get(name)!;
    console.log(`| ${name} | ${median(values).toFixed(1)} ms | ${p95(values).toFixed(1)} ms | ${(median(values) / floor).toFixed(1)} |`);
  }
  const worst = Math.max(...queries.slice(1, -1).map(([name]) => p95(timings.get(name)!)));
  console.log(`\nslowest runs-list query (p95): ${worst.toFixed(1)} ms — target under 100 ms: ${worst < 100 ? 'met' : 'NOT met'}`);
  await runner.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await engine.close();
  await stopPostgres?.();
  await rm(directory, { recursive: true, force: true });
}

await main();
