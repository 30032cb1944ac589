// The event benchmark: `weft engine start` consuming a backlog of N messages through an event
// flow (map, then publish), side by side with bench/event-baseline.mjs (the same consume, JSONata
// map, confirmed publish and ack with amqplib, no engine), in one run against a private broker.
// Each side is timed from its process start until it has handled the whole backlog; peak RSS is
// read from the process (bench/measure.cjs). Prints JSON.
//   node --import tsx bench/event-throughput.ts [messages] [runs]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from 'amqplib';
import { startBroker } from '../test/helpers/rabbitmq.js';
import { busFile } from '../test/helpers/event-project.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const messages = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 1);
const prefetch = 50;
const weft = path.join(here, '..', 'bin', 'weft.cjs');

const broker = await startBroker();
const admin = await connect(broker.url);
const channel = await admin.createConfirmChannel();
await channel.assertExchange('bench.dlx', 'fanout', { durable: true });
await channel.assertQueue('bench.in', { durable: true, arguments: { 'x-dead-letter-exchange': 'bench.dlx' } });
await channel.assertExchange('bench.out', 'fanout', { durable: true });
await channel.assertQueue('bench.results', { durable: true });
await channel.bindQueue('bench.results', 'bench.out', '');

const project = await mkdtemp(path.join(os.tmpdir(), 'weft-event-bench-'));
const env = { ...process.env, NO_COLOR: '1', WEFT_SECRET_KEY: 'bench key', WEFT_ENGINE_TOKEN: 'bench-token-0123456789', BUS_URL: broker.url };
try {
  await writeFile(path.join(project, 'weft.yaml'), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: event-bench }\n');
  await writeFile(
    path.join(project, 'bus.yaml'),
    `${busFile({ prefetch, url: '${env:BUS_URL}' })}---
apiVersion: weft/v1
kind: Flow
metadata: { name: relay }
spec:
  concurrency: ${prefetch}
  trigger:
    event: { instance: bus, queue: bench.in }
  steps:
    - id: shape
      map: '{ "orderId": id, "total": $sum(lines.(qty * price)), "currency": currency, "lines": $count(lines) }'
    - id: forward
      publish: { instance: bus, exchange: bench.out, routingKey: order }
`,
  );
  const applied = spawnSync(process.execPath, [weft, 'apply', project], { env, encoding: 'utf8' });
  if (applied.status !== 0) throw new Error(`weft apply failed: ${applied.stdout}${applied.stderr}`);

  const engine: { ms: number; rssKb: number; cpuMs: number }[] = [];
  const baseline: { ms: number; rssKb: number; cpuMs: number }[] = [];
  for (let run = 0; run < runs; run++) {
    await backlog();
    engine.push(await timeEngine());
    await backlog();
    baseline.push(await timeProcess([path.join(here, 'event-baseline.mjs'), broker.url, String(messages), String(prefetch)]));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const engineMs = median(engine.map((entry) => entry.ms));
  const baselineMs = median(baseline.map((entry) => entry.ms));
  console.log(
    JSON.stringify({
      messages,
      prefetch,
      engineMs,
      baselineMs,
      ratio: engineMs / baselineMs,
      engineMessagesPerSecond: messages / (engineMs / 1000),
      baselineMessagesPerSecond: messages / (baselineMs / 1000),
      engineCpuMs: median(engine.map((entry) => entry.cpuMs)),
      baselineCpuMs: median(baseline.map((entry) => entry.cpuMs)),
      engineRssKb: Math.max(...engine.map((entry) => entry.rssKb)),
      baselineRssKb: Math.max(...baseline.map((entry) => entry.rssKb)),
    }),
  );
} finally {
  await admin.close().catch(() => {});
  await broker.stop();
  await rm(project, { recursive: true, force: true });
}

/** Fills the input queue with `messages` orders (persistent, confirmed) and empties the output. */
async function backlog(): Promise<void> {
  await channel.purgeQueue('bench.in');
  await channel.purgeQueue('bench.results');
  for (let id = 1; id <= messages; id++) {
    const order = { id, currency: 'GBP', lines: [{ sku: `SKU-${id % 13}`, qty: (id % 3) + 1, price: 9.99 }, { sku: 'GIFT', qty: 1, price: 2.5 }] };
    const ok = channel.publish('', 'bench.in', Buffer.from(JSON.stringify(order)), { persistent: true, messageId: `bench-${Date.now()}-${id}` });
    if (!ok) await new Promise((resolve) => channel.once('drain', resolve));
  }
  await channel.waitForConfirms();
}

async function resultCount(): Promise<number> {
  return (await channel.checkQueue('bench.results')).messageCount;
}

function measured(args: string[], nodeArgs: string[] = []): { child: ChildProcess; rss: Promise<number>; cpu: Promise<number>; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [...nodeArgs, path.join(here, 'measure.cjs'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  let rss = '';
  child.stdio[3]!.on('data', (chunk: Buffer) => (rss += chunk.toString('utf8')));
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8').slice(-100_000)));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-100_000)));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    exited: exited.then((code) => {
      if (code !== 0 && code !== null) throw new Error(`${args.join(' ')} exited with ${code}: ${stderr.slice(0, 2000)}`);
      return code;
    }),
    output: () => stdout + stderr,
    rss: exited.then(() => (rss ? (JSON.parse(rss) as { maxRssKb: number }).maxRssKb : 0)),
    cpu: exited.then(() => (rss ? (JSON.parse(rss) as { cpuMs: number }).cpuMs : 0)),
  };
}

/** The engine from its start until every message of the backlog has been published onwards. */
async function timeEngine(): Promise<{ ms: number; rssKb: number; cpuMs: number }> {
  const started = performance.now();
  // BENCH_ENGINE_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the engine's side.
  const { child, rss, cpu, exited, output } = measured(['weft', 'engine', 'start', project, '--port', '0'], process.env.BENCH_ENGINE_NODE_ARGS?.split(' ').filter(Boolean));
  let first = 0;
  for (let count = 0; count < messages; count = await resultCount()) {
    if (child.exitCode !== null) throw new Error('the engine exited early');
    if (count > 0 && first === 0) first = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (process.env.BENCH_VERBOSE) process.stderr.write(`engine: first result after ${first.toFixed(0)} ms\n`);
  const ms = performance.now() - started;
  child.kill('SIGTERM');
  await exited;
  if (process.env.BENCH_VERBOSE) process.stderr.write(output().split('\n').filter((line) => /batches/.test(line)).join('\n') + '\n');
  return { ms, rssKb: await rss, cpuMs: await cpu };
}

async function timeProcess(args: string[]): Promise<{ ms: number; rssKb: number; cpuMs: number }> {
  const started = performance.now();
  // BENCH_BASELINE_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof-baseline' profiles the baseline.
  const { rss, cpu, exited } = measured(args, process.env.BENCH_BASELINE_NODE_ARGS?.split(' ').filter(Boolean));
  await exited;
  const ms = performance.now() - started;
  if ((await resultCount()) !== messages) throw new Error(`the baseline published ${await resultCount()} of ${messages}`);
  return { ms, rssKb: await rss, cpuMs: await cpu };
}
