import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { engineToken, startEngine, type RemoteEngine } from './helpers/remote-engine.js';
import { expectExit, expectNoStackTrace, runWeft, weftBinary, weftEnvironment, type RunResult } from './helpers/run-weft.js';
import { deliverShopifyWebhook } from './helpers/shopify.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/**
 * Crash recovery, black-box (issue 12): real `weft` processes killed with SIGKILL in the middle of
 * their runs, against an API on 127.0.0.1 that records every delivery with its idempotency key.
 * - A webhook answered 202 is a run on disk: the engine killed before the runs end, started
 *   again, finishes every one of them, and each record sent again carries the key it had.
 * - `weft run` killed mid-way is `interrupted`, and `weft runs resume` goes on from its last
 *   checkpoint: every record delivered, at most one chunk (100 records) delivered twice, each
 *   duplicate with its first delivery's key.
 */
const test = suite('crash-recovery');

const env = { WEFT_SECRET_KEY: 'a test passphrase' };
const signingSecret = 'whsec-crash-test-7d2c91a4f0';
/** The engine's chunk size (src/runtime/run-flow.ts defaultChunkSize): progress is committed after each chunk. */
const chunkSize = 100;

/** What the API received: for each record (by its `ref`), the idempotency key of every delivery, in order. */
let deliveries: Map<number, string[]>;
let arrivals = 0;
/** How many records `GET /records` serves (250 a page). */
let total = 0;
/** 'hold': a delivery is never answered (until the engine dies); 'answer': after `delayMs`. */
let mode: 'hold' | 'answer' = 'answer';
let delayMs = 0;
/** Called on each delivery's arrival, with the number of arrivals so far. */
let onArrival: (count: number) => void = () => {};
let server: Server;
let port = 0;
let project: string | undefined;

test.before(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => handle(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
test.after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
test.before.each(() => {
  deliveries = new Map();
  arrivals = 0;
  total = 0;
  mode = 'answer';
  delayMs = 0;
  onArrival = () => {};
});
test.after.each(async () => {
  if (project) await removeProject(project);
  project = undefined;
});

function handle(request: IncomingMessage, response: ServerResponse, body: string): void {
  const url = new URL(request.url!, 'http://api');
  if (request.method === 'GET' && url.pathname === '/records') {
    const after = Number(url.searchParams.get('after') ?? 0);
    const limit = Number(url.searchParams.get('limit'));
    const records = Array.from({ length: Math.max(0, Math.min(limit, total - after)) }, (_, index) => ({ id: after + index + 1, amount: after + index + 1 }));
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ records, next: after + records.length < total ? after + records.length : null }));
    return;
  }
  if (request.method === 'POST' && url.pathname === '/deliveries') {
    const { ref } = JSON.parse(body) as { ref: number };
    const key = request.headers['idempotency-key'];
    deliveries.set(ref, [...(deliveries.get(ref) ?? []), typeof key === 'string' ? key : '(none)']);
    onArrival(++arrivals);
    if (mode === 'hold') return; // answered never: the engine dies waiting
    setTimeout(() => {
      response.writeHead(201);
      response.end();
    }, delayMs);
    return;
  }
  response.writeHead(404);
  response.end();
}

/** The project: the API as a connector and instance, and the given flows. */
async function makeProject(flows: Record<string, string>): Promise<string> {
  project = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: crash }\n',
    'api.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: api }
spec:
  version: 1.0.0
  http:
    baseUrl: "http://127.0.0.1:{{settings.port}}"
    retry: { maxAttempts: 1 }
  settings: { type: object, properties: { port: { type: integer } }, required: [port] }
  endpoints:
    list:
      path: /records
      pagination: { type: cursor, param: after, cursorPath: next }
      query: { limit: "250" }
      records: records
    deliver:
      method: POST
      path: /deliveries
      body: "{{record}}"
---
apiVersion: weft/v1
kind: Instance
metadata: { name: main }
spec:
  connector: api
  settings: { port: ${port} }
`,
    ...flows,
  });
  return project;
}

/** A flow that copies every record of the API to its deliveries. */
const copyFlow = `apiVersion: weft/v1
kind: Flow
metadata: { name: copy-all }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: main, endpoint: list }
    - id: shape
      map: '{ "ref": id, "cents": amount * 100 }'
    - id: push
      send: { instance: main, endpoint: deliver }
`;

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, engine?: RemoteEngine): Promise<void> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 25))) {
    if (await check()) return;
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${engine ? `:\n${engine.output().slice(-3000)}` : ''}`);
}

interface RunJson {
  id: string;
  flow: string;
  status: string;
  trigger: string;
  steps: { id: string; kind: string; in: number; out: number; failed: number }[];
  error?: string;
}

async function listRuns(root: string): Promise<RunJson[]> {
  const listed = await runWeft(['runs', '--dir', root, '--format', 'json'], { env });
  expectExit(listed, 0);
  return (JSON.parse(listed.stdout) as { runs: RunJson[] }).runs;
}

/**
 * Spawns `weft run <flow> <root>` and kills it with SIGKILL at the `killAt`-th delivery's arrival
 * (before the API answers it). Fails if the run ends by itself first.
 */
async function runKilledAt(flow: string, root: string, killAt: number): Promise<{ deliveredAtKill: number }> {
  const child = spawn(process.execPath, [weftBinary, 'run', flow, root], { env: weftEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  onArrival = (count) => {
    if (count === killAt) child.kill('SIGKILL');
  };
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const signal = await exited;
  clearTimeout(timer);
  onArrival = () => {};
  assert.is(signal, 'SIGKILL', `weft run ended by itself after ${arrivals} deliveries, before the kill:\n${output}`);
  assert.ok(arrivals >= killAt && arrivals < total, `killed after ${arrivals} deliveries of ${total}`);
  return { deliveredAtKill: arrivals };
}

test('webhooks answered 202, then the engine SIGKILLed: every run is interrupted, resumed at the next start, and ends succeeded; re-sent records carry the same keys', async () => {
  const hooks = 20;
  const root = await makeProject({
    'flow.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: orders-in }
spec:
  concurrency: 32
  trigger:
    webhook: { path: orders, hmac: { header: X-Shopify-Hmac-Sha256, secret: "\${secret:hooks/signing}", encoding: base64 } }
  steps:
    - id: shape
      map: '{ "ref": id, "cents": amount * 100 }'
    - id: push
      send: { instance: main, endpoint: deliver }
`,
  });
  const stored = spawnSync(process.execPath, [weftBinary, 'secret', 'set', 'hooks/signing', root], { input: signingSecret, env: weftEnvironment(env), encoding: 'utf8' });
  assert.is(stored.status, 0, stored.stderr);
  expectExit(await runWeft(['apply', root], { env }), 0);

  mode = 'hold';
  let engine = await startEngine({ ...env }, root);
  try {
    await until(() => /loaded revision 1: 0 schedules, 1 webhook/.test(engine.output()), 10_000, 'the engine to load revision 1', engine);
    const answers = await Promise.all(
      Array.from({ length: hooks }, (_, index) =>
        deliverShopifyWebhook(`${engine.url}/hooks/orders`, { topic: 'orders/create', shop: 'acme-uk', payload: { id: index + 1, amount: 10 + index }, secret: signingSecret }),
      ),
    );
    for (const answer of answers) assert.is(answer.status, 202, answer.body);
    const ids = answers.map((answer) => (JSON.parse(answer.body) as { run: string }).run);
    assert.is(new Set(ids).size, hooks);
    // Every run is sending, and none can end: the API holds each request. Killed on that count.
    const answeredAt = Date.now();
    await until(() => arrivals === hooks, 10_000, `${hooks} deliveries to arrive`, engine);
    // Seen from another process while their owner lives, the runs are running, not interrupted.
    const alive = await listRuns(root);
    assert.equal(alive.map((run) => run.status), Array(hooks).fill('running'));
    engine.process.kill('SIGKILL');
    const killedAfterMs = Date.now() - answeredAt;
    await engine.stop({ keepDirectory: true });
    assert.is(engine.process.signalCode, 'SIGKILL');

    // The engine is down: its runs are on disk, and their owner is gone.
    const listed = await runWeft(['runs', '--dir', root], { env });
    expectExit(listed, 0);
    for (const id of ids) assert.match(listed.stdout, new RegExp(`^${id} {2}orders-in {2}interrupted {2}- {2}revision 1 {2}\\(webhook /hooks/orders\\)$`, 'm'));
    const down = await listRuns(root);
    assert.equal(down.map((run) => run.id).sort(), [...ids].sort());
    for (const run of down) {
      assert.is(run.status, 'interrupted');
      assert.is(run.trigger, 'webhook /hooks/orders');
    }

    // Started again: the runs go on by themselves, with their ids.
    mode = 'answer';
    engine = await startEngine({ ...env }, root);
    const ended = new Map<string, RunJson>();
    await until(
      async () => {
        for (const id of ids) {
          if (ended.has(id)) continue;
          const response = await fetch(`${engine.url}/v1/runs/${id}`, { headers: { authorization: `Bearer ${engineToken}` } });
          assert.is(response.status, 200, `GET /v1/runs/${id}`);
          const run = (await response.json()) as RunJson;
          if (run.status !== 'running' && run.status !== 'interrupted') ended.set(id, run);
        }
        return ended.size === hooks;
      },
      20_000,
      'every accepted run to end',
      engine,
    );
    for (const run of ended.values()) {
      assert.is(run.status, 'succeeded', `run ${run.id}: ${run.status} ${run.error ?? ''}`);
      assert.equal(
        run.steps.map((step) => [step.id, step.in, step.out, step.failed]),
        [
          ['shape', 1, 1, 0],
          ['push', 1, 1, 0],
        ],
      );
    }
    assert.is((engine.output().match(/was interrupted; resuming from the start/g) ?? []).length, hooks);

    // Every webhook's record arrived, twice (once held when the engine died, once from the
    // resumed run), with one key both times; the records' keys are all different.
    assert.equal([...deliveries.keys()].sort((a, b) => a - b), Array.from({ length: hooks }, (_, index) => index + 1));
    for (const [ref, keys] of deliveries) {
      assert.is(keys.length, 2, `record ${ref} was delivered ${keys.length} time(s)`);
      assert.match(keys[0]!, /^[0-9a-f]{32}$/);
      assert.is(keys[1], keys[0], `record ${ref} was re-sent with another idempotency key`);
    }
    assert.is(new Set([...deliveries.values()].map((keys) => keys[0])).size, hooks);
    if (process.env.WEFT_TEST_VERBOSE) console.log({ killedAfterMs });
  } finally {
    await engine.stop({ keepDirectory: true });
  }
});

test('weft run of 5,000 records SIGKILLed mid-way: interrupted, then runs resume delivers the rest from its checkpoint, at most one chunk twice, with the same keys', async () => {
  total = 5000;
  delayMs = 1;
  const root = await makeProject({ 'flow.yaml': copyFlow });
  // Killed as the 1,430th delivery arrives: a page of 250 (records 1,251 to 1,500) goes through as
  // chunks of 100, 100 and 50, so this is inside the chunk of records 1,351 to 1,450.
  const { deliveredAtKill } = await runKilledAt('copy-all', root, 1430);
  const beforeResume = new Map([...deliveries].map(([ref, keys]) => [ref, [...keys]]));

  // The process is gone; its run is on disk, interrupted, with what its last checkpoint committed.
  const listed = await runWeft(['runs', '--dir', root], { env });
  expectExit(listed, 0);
  assert.not.match(listed.stdout, /No runs yet/);
  const runs = await listRuns(root);
  assert.is(runs.length, 1);
  const [run] = runs;
  assert.is(run!.status, 'interrupted');
  assert.match(listed.stdout, new RegExp(`^${run!.id} {2}copy-all {2}interrupted {2}- {2}bundle [0-9a-f]{12} {2}\\(manual \\(weft run\\)\\)\n$`));
  const shown = await runWeft(['runs', 'show', run!.id, '--dir', root, '--format', 'json'], { env });
  expectExit(shown, 0);
  const committed = (JSON.parse(shown.stdout) as RunJson).steps.find((step) => step.id === 'push')!.in;
  // Whole chunks only (a page of 250 goes through as chunks of 100, 100 and 50), and everything
  // before the chunk in flight (records arrive in order, 4 at a time).
  assert.ok([0, 100, 200].includes(committed % 250), `committed ${committed}: not the end of a chunk`);
  assert.ok(committed <= deliveredAtKill && deliveredAtKill - committed <= chunkSize, `committed ${committed} of ${deliveredAtKill} delivered`);

  const resumed = await runWeft(['runs', 'resume', run!.id, '--dir', root], { env, timeoutMs: 60_000 });
  expectExit(resumed, 0);
  expectNoStackTrace(resumed);
  assert.match(resumed.stdout, new RegExp(`^${run!.id} {2}copy-all {2}succeeded `));
  assert.match(resumed.stdout, /fetch\s+receive\s+in\s+0\s+out\s+5000\s+failed 0/);
  assert.match(resumed.stdout, /shape\s+map\s+in\s+5000\s+out\s+5000\s+failed 0/);
  assert.match(resumed.stdout, /push\s+send\s+in\s+5000\s+out\s+5000\s+failed 0/);
  const after = await listRuns(root);
  assert.equal(
    after.map((entry) => [entry.id, entry.status]),
    [[run!.id, 'succeeded']],
  );

  // Every record delivered; again only those the kill caught after the last checkpoint.
  assert.is(deliveries.size, total);
  for (let ref = 1; ref <= total; ref++) assert.ok(deliveries.has(ref), `record ${ref} was never delivered`);
  const twice = [...deliveries].filter(([, keys]) => keys.length > 1);
  const expectedTwice = [...beforeResume.keys()].filter((ref) => ref > committed).sort((a, b) => a - b);
  assert.equal(
    twice.map(([ref]) => ref).sort((a, b) => a - b),
    expectedTwice,
  );
  // The bound: the chunk in flight. A chunk is committed before the next one starts, so what was
  // delivered but not committed lies in one chunk of at most 100 records.
  assert.ok(twice.length > 0 && twice.length <= chunkSize, `${twice.length} records delivered twice; at most ${chunkSize} may be`);
  for (const [ref, keys] of twice) {
    assert.is(keys.length, 2, `record ${ref} was delivered ${keys.length} times`);
    assert.is(keys[1], keys[0], `record ${ref} was re-sent with another idempotency key`);
  }
  assert.is(new Set([...deliveries.values()].map((keys) => keys[0])).size, total, 'two records shared an idempotency key');
  if (process.env.WEFT_TEST_VERBOSE) console.log({ deliveredAtKill, committed, twice: twice.length });

  // A finished run cannot be resumed: refused, nothing sent.
  const again = await runWeft(['runs', 'resume', run!.id, '--dir', root], { env });
  expectExit(again, 1);
  expectNoStackTrace(again);
  assert.match(again.stderr, new RegExp(`run ${run!.id} is succeeded, not interrupted; only an interrupted run can be resumed`));
  assert.is(arrivals, deliveredAtKill + (total - committed));
});

test('an interrupted run whose flow has other steps since is refused on resume, sends nothing and stays interrupted; with its steps put back it resumes', async () => {
  total = 1000;
  delayMs = 1;
  const root = await makeProject({ 'flow.yaml': copyFlow });
  await runKilledAt('copy-all', root, 250);
  const [run] = await listRuns(root);
  assert.is(run!.status, 'interrupted');

  // A step added between the kill and the resume: the committed counts and the record indices
  // (the idempotency keys) belong to the old steps.
  const file = path.join(root, 'flow.yaml');
  await writeFile(file, copyFlow.replace('    - id: push\n', '    - id: positive\n      filter: cents > 0\n    - id: push\n'));
  const sentBefore = arrivals;
  const refused: RunResult = await runWeft(['runs', 'resume', run!.id, '--dir', root], { env });
  expectExit(refused, 1);
  expectNoStackTrace(refused);
  assert.is(refused.stdout, '');
  assert.is(
    refused.stderr,
    `weft runs: the steps of flow 'copy-all' changed since run ${run!.id} was interrupted (fetch, shape, push → fetch, shape, positive, push); restore them to resume it, or start a new run\n`,
  );
  assert.is(arrivals, sentBefore, 'the refused resume sent records');
  assert.equal(
    (await listRuns(root)).map((entry) => [entry.id, entry.status]),
    [[run!.id, 'interrupted']],
  );

  // The steps put back (the rest of the file may differ): the run goes on, every record delivered.
  await writeFile(file, copyFlow.replace('spec:\n', 'spec:\n  onError: continue\n'));
  const resumed = await runWeft(['runs', 'resume', run!.id, '--dir', root], { env, timeoutMs: 60_000 });
  expectExit(resumed, 0);
  assert.match(resumed.stdout, /push\s+send\s+in\s+1000\s+out\s+1000\s+failed 0/);
  assert.is(deliveries.size, total);
});

test.run();
