import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expectExit, expectNoStackTrace, runWeft, weftBinary, weftEnvironment } from './helpers/run-weft.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/** `weft run`, `weft runs` and `weft runs show`, black-box, against a simulated API on 127.0.0.1. */
const test = suite('run-command');

const token = 'tok-Zq8Lw3Rt7Yp2Kx9Mv4-run';
const env = { WEFT_SECRET_KEY: 'a test passphrase' };
let server: Server;
let port = 0;
let received: unknown[] = [];
let sinceSeen: (string | null)[] = [];
let refuse = new Set<number>();
let project: string;

test.before(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.headers.authorization !== `Bearer ${token}`) {
        response.writeHead(401);
        return response.end();
      }
      const url = new URL(request.url!, 'http://api');
      if (request.method === 'GET') {
        const cursor = Number(url.searchParams.get('cursor') ?? 0);
        if (cursor === 0) sinceSeen.push(url.searchParams.get('since'));
        const items = Array.from({ length: 4 }, (_, index) => ({ id: cursor + index + 1, amount: (cursor + index + 1) * 5 })).filter((item) => item.id <= 10);
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ items, next: cursor + 4 < 10 ? cursor + 4 : null }));
      }
      const record = JSON.parse(body) as { ref: number };
      if (refuse.has(record.ref)) {
        response.writeHead(422, { 'content-type': 'application/json' });
        return response.end('{"error":"amount too large"}');
      }
      received.push(record);
      response.writeHead(201);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
test.after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
test.before.each(async () => {
  received = [];
  sinceSeen = [];
  refuse = new Set();
  project = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: runs }\n',
    'api.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: api }
spec:
  version: 1.0.0
  http:
    baseUrl: "http://127.0.0.1:{{settings.port}}"
    retry: { maxAttempts: 1 }
  settings: { type: object, properties: { port: { type: integer } }, required: [port] }
  credentials: { token: {} }
  auth:
    bearer: { type: bearer, token: "{{credentials.token}}" }
  endpoints:
    list:
      path: /items
      query: { since: "{{input.since}}" }
      inputs: { since: { type: string } }
      pagination: { type: cursor, param: cursor, cursorPath: next }
      records: items
    store:
      method: POST
      path: /items
      body: "{{record}}"
`,
    'instance.yaml': `apiVersion: weft/v1
kind: Instance
metadata: { name: main }
spec:
  connector: api
  settings: { port: ${port} }
  credentials: { token: "\${secret:api/token}" }
`,
    'flow.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: copy-items }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: main, endpoint: list, input: { since: "{{run.lastSuccessAt}}" } }
    - id: big
      filter: amount >= 20
    - id: shape
      map: '{ "ref": id, "cents": amount * 100 }'
    - id: store
      send: { instance: main, endpoint: store }
`,
  });
  const stored = spawnSync(process.execPath, [weftBinary, 'secret', 'set', 'api/token', project], { input: token, env: weftEnvironment(env), encoding: 'utf8' });
  assert.is(stored.status, 0, stored.stderr);
});
test.after.each(async () => {
  await removeProject(project);
});

test('a run moves the records, is recorded, and shows per-step counts; a refused record makes it partial (exit 1)', async () => {
  refuse = new Set([6]);
  const first = await runWeft(['run', 'copy-items', project], { env });
  expectExit(first, 1);
  expectNoStackTrace(first);
  assert.match(first.stdout, /^\S+ {2}copy-items {2}partial {2}[\d.]+ s {2}bundle [0-9a-f]{12} {2}\(manual \(weft run\)\)\n/);
  assert.match(first.stdout, /fetch\s+receive\s+in\s+0\s+out\s+10\s+failed 0/);
  assert.match(first.stdout, /big\s+filter\s+in\s+10\s+out\s+7\s+failed 0/);
  assert.match(first.stdout, /store\s+send\s+in\s+7\s+out\s+6\s+failed 1/);
  assert.match(first.stdout, /1 record failed:\n {2}store #2: POST http:\/\/127\.0\.0\.1:\d+\/items answered 422: \{"error":"amount too large"\}/);
  assert.equal(received.map((record) => (record as { ref: number }).ref), [4, 5, 7, 8, 9, 10]);
  // No lastSuccessAt yet: the first receive asked for everything.
  assert.equal(sinceSeen, [null]);

  const id = first.stdout.split(' ')[0]!;
  const listed = await runWeft(['runs', '--dir', project], { env });
  expectExit(listed, 0);
  assert.match(listed.stdout, new RegExp(`^${id} {2}copy-items {2}partial`));
  const shown = JSON.parse((await runWeft(['runs', 'show', id, '--dir', project, '--format', 'json'], { env })).stdout);
  assert.equal(shown.failures, [{ step: 'store', index: 2, error: shown.failures[0].error, record: { ref: 6, cents: 3000 } }]);

  // A successful run sets lastSuccessAt, which the next run's receive sends.
  refuse = new Set();
  const second = await runWeft(['run', 'copy-items', project, '--format', 'json'], { env });
  expectExit(second, 0);
  const secondRun = JSON.parse(second.stdout);
  assert.is(secondRun.status, 'succeeded');
  await runWeft(['run', 'copy-items', project], { env });
  // The partial run closed its window too (its refused record is kept for runs retry): the
  // second run asked only for what changed since the first began.
  assert.equal(sinceSeen, [null, shown.startedAt, secondRun.startedAt]);
  assert.equal(JSON.parse((await runWeft(['runs', 'copy-items', '--dir', project, '--format', 'json'], { env })).stdout).runs.length, 3);

  // The token is in no output and not in the state files (only encrypted).
  for (const output of [first, listed, second]) assert.not.ok(output.stdout.includes(token) || output.stderr.includes(token));
  for (const file of await readdir(path.join(project, '.weft'))) {
    const bytes = await readFile(path.join(project, '.weft', file));
    assert.not.ok(bytes.includes(token) || bytes.includes(Buffer.from(token).toString('base64')), `${file} holds the token`);
  }
});

test('runs retry re-sends the failed records from the step where they failed, as a new run', async () => {
  refuse = new Set([6, 9]);
  const first = await runWeft(['run', 'copy-items', project], { env });
  expectExit(first, 1);
  const id = first.stdout.split(' ')[0]!;
  assert.equal(received.map((record) => (record as { ref: number }).ref), [4, 5, 7, 8, 10]);
  refuse = new Set([9]);
  const partly = await runWeft(['runs', 'retry', id, '--dir', project], { env });
  expectExit(partly, 1);
  assert.match(partly.stdout, new RegExp(`partial .*\\(retry of ${id}\\)`));
  assert.match(partly.stdout, /store\s+send\s+in\s+2\s+out\s+1\s+failed 1/);
  const retryId = partly.stdout.split(' ')[0]!;
  refuse = new Set();
  const done = await runWeft(['runs', 'retry', retryId, '--dir', project], { env });
  expectExit(done, 0);
  assert.equal(received.map((record) => (record as { ref: number }).ref), [4, 5, 7, 8, 10, 6, 9]);
  // The partial first run closed its window; a retry does not move it: the next run asks for
  // what changed since the first run began, not since the retries.
  const firstRun = JSON.parse((await runWeft(['runs', 'show', id, '--dir', project, '--format', 'json'], { env })).stdout);
  await runWeft(['run', 'copy-items', project], { env });
  assert.equal(sinceSeen, [null, firstRun.startedAt]);
  expectExit(await runWeft(['runs', 'retry', (done.stdout.split(' ')[0])!, '--dir', project], { env }), 1);
});

test('weft watch --apply --run <flow>: each applied cycle runs the flow and reports its counts', async () => {
  const child = spawn(process.execPath, [weftBinary, 'watch', project, '--format', 'json', '--apply', '--run', 'copy-items'], { env: weftEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines: Record<string, any>[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      lines.push(JSON.parse(buffer.slice(0, newline)));
      buffer = buffer.slice(newline + 1);
    }
  });
  const line = async (count: number) => {
    for (const started = Date.now(); lines.length < count; await new Promise((resolve) => setTimeout(resolve, 25))) {
      if (Date.now() - started > 10_000 || child.exitCode !== null) throw new Error(`no cycle ${count}; got ${JSON.stringify(lines)}; stderr: ${stderr}`);
    }
    return lines[count - 1]!;
  };
  try {
    const first = await line(1);
    assert.is(first.applied.revision, 1);
    assert.is(first.applied.run.status, 'succeeded');
    assert.equal(first.applied.run.steps.map((step: { id: string; out: number }) => [step.id, step.out]), [['fetch', 10], ['big', 7], ['shape', 7], ['store', 7]]);
    const flow = path.join(project, 'flow.yaml');
    await writeFile(flow, (await readFile(flow, 'utf8')).replace('amount >= 20', 'amount >= 40'));
    const second = await line(2);
    assert.is(second.applied.revision, 2);
    assert.equal(second.applied.run.steps.map((step: { id: string; out: number }) => [step.id, step.out]), [['fetch', 10], ['big', 3], ['shape', 3], ['store', 3]]);
  } finally {
    if (child.exitCode === null) child.kill('SIGINT');
    await exited;
  }
  const runs = JSON.parse((await runWeft(['runs', '--dir', project, '--format', 'json'], { env })).stdout).runs;
  assert.equal(runs.map((run: { trigger: string; revision: number }) => [run.trigger, run.revision]), [['weft watch --run', 2], ['weft watch --run', 1]]);
});

test('errors: an unknown flow (with a suggestion), a missing secret, bad --input, a missing run id', async () => {
  const unknown = await runWeft(['run', 'copy-itemz', project], { env });
  expectExit(unknown, 1);
  assert.match(unknown.stderr, /the project has no flow 'copy-itemz'; did you mean 'copy-items'\?/);
  spawnSync(process.execPath, [weftBinary, 'secret', 'rm', 'api/token', project], { env: weftEnvironment(env) });
  const unresolved = await runWeft(['run', 'copy-items', project], { env });
  expectExit(unresolved, 1);
  assert.match(unresolved.stdout, /error: step 'fetch' \(receive\): instance 'main': \$\{secret:api\/token\} does not resolve in the engine; store it with: weft secret set api\/token\n/);
  expectNoStackTrace(unresolved);
  const badInput = await runWeft(['run', 'copy-items', project, '--input', path.join(project, 'missing.json')], { env });
  expectExit(badInput, 1);
  assert.match(badInput.stderr, /--input .*missing\.json: no such file/);
  expectExit(await runWeft(['run'], { env }), 2);
  const missing = await runWeft(['runs', 'show', 'nope', '--dir', project], { env });
  expectExit(missing, 1);
  assert.match(missing.stderr, /there is no run 'nope'/);
});

test.run();
