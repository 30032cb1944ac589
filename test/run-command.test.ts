import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expectExit, expectNoStackTrace, makeTemporaryDirectory, removeTemporaryDirectory, runWeft, weftBinary, weftEnvironment } from './helpers/run-weft.js';
import { engineToken, startEngine, type RemoteEngine } from './helpers/remote-engine.js';
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
/** How long each page of GET /items takes to answer. */
let pageDelayMs = 0;
/** What a refused record is answered with. */
let refusal = '{"error":"amount too large"}';
/** Everything the API received: headers, URL and body of each request. */
let seen: string[] = [];
let project: string;

/** The simulated API: GET /items pages through ten items; POST /items stores a record unless its ref is refused. */
async function startApi(): Promise<void> {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seen.push(JSON.stringify(request.headers) + request.url + body);
      if (request.headers.authorization !== `Bearer ${token}`) {
        response.writeHead(401);
        return response.end();
      }
      const url = new URL(request.url!, 'http://api');
      if (request.method === 'GET') {
        const cursor = Number(url.searchParams.get('cursor') ?? 0);
        if (cursor === 0) sinceSeen.push(url.searchParams.get('since'));
        const items = Array.from({ length: 4 }, (_, index) => ({ id: cursor + index + 1, amount: (cursor + index + 1) * 5 })).filter((item) => item.id <= 10);
        const answer = () => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ items, next: cursor + 4 < 10 ? cursor + 4 : null }));
        };
        return pageDelayMs > 0 ? void setTimeout(answer, pageDelayMs) : answer();
      }
      const record = JSON.parse(body) as { ref: number };
      if (refuse.has(record.ref)) {
        response.writeHead(422, { 'content-type': 'application/json' });
        return response.end(refusal);
      }
      received.push(record);
      response.writeHead(201);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}

async function stopApi(): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** The project: the API's connector, an instance whose token is a secret, and the flow copy-items. */
function projectFiles(): Record<string, string> {
  return {
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
  };
}

test.before(startApi);
test.after(stopApi);
test.before.each(async () => {
  received = [];
  sinceSeen = [];
  seen = [];
  refuse = new Set();
  refusal = '{"error":"amount too large"}';
  project = await writeProject(projectFiles());
  const stored = spawnSync(process.execPath, [weftBinary, 'secret', 'set', 'api/token', project], { input: token, env: weftEnvironment(env), encoding: 'utf8' });
  assert.is(stored.status, 0, stored.stderr);
});
test.after.each(async () => {
  refusal = '{"error":"amount too large"}';
  await removeProject(project);
});

test('runs takes the project directory first like every command; runs show prints each failed record, identical errors once (×n)', async () => {
  refuse = new Set([4, 6, 7, 9]);
  const ran = await runWeft(['run', 'copy-items', project], { env });
  expectExit(ran, 1);
  // Four refused the same way: one entry, its records under it (the first three).
  assert.match(ran.stdout, /4 records failed:\n {2}store ×4 \(#0, #2, #3, #5\): POST http:\/\/127\.0\.0\.1:\d+\/items answered 422: \{"error":"amount too large"\}\n {4}record #0: \{"ref":4,"cents":2000\}\n {4}record #2: \{"ref":6,"cents":3000\}\n {4}record #3: \{"ref":7,"cents":3500\}\n {4}… and 1 more records\n/);
  const id = ran.stdout.split(' ')[0]!;
  const elsewhere = await makeTemporaryDirectory('weft-runs-cwd-');
  try {
    // From another directory: the project as the first argument, then a flow, or show <id>.
    for (const args of [['runs', project], ['runs', project, 'copy-items'], ['runs', path.relative(elsewhere, project)]]) {
      const listed = await runWeft(args, { env, cwd: elsewhere });
      expectExit(listed, 0);
      assert.match(listed.stdout, new RegExp(`^${id} {2}copy-items {2}partial`), args.join(' '));
    }
    const shown = await runWeft(['runs', project, 'show', id], { env, cwd: elsewhere });
    expectExit(shown, 0);
    assert.match(shown.stdout, /store ×4 \(#0, #2, #3, #5\)/);
    assert.match((await runWeft(['runs', project, 'other-flow'], { env, cwd: elsewhere })).stdout, /No runs yet/);
  } finally {
    await removeTemporaryDirectory(elsewhere);
  }
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
  assert.equal(shown.failures, [{ step: 'store', index: 2, error: shown.failures[0].error, record: { ref: 6, cents: 3000 }, call: shown.failures[0].call }]);
  // The call that refused it is kept: request as sent (its credential blanked) and the answer.
  assert.equal([shown.failures[0].call.request.method, shown.failures[0].call.request.headers.authorization, shown.failures[0].call.response.status, shown.failures[0].call.response.body], ['POST', '[redacted]', 422, '{"error":"amount too large"}']);

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

test('an answer with terminal escapes (OSC title, colour) is printed escaped by weft run and runs show, never raw', async () => {
  refuse = new Set([6]);
  refusal = '\u001b]0;pwned\u0007\u001b[31mred';
  const run = await runWeft(['run', 'copy-items', project], { env });
  expectExit(run, 1);
  const id = run.stdout.split(' ')[0]!;
  const shown = await runWeft(['runs', 'show', id, '--dir', project], { env });
  expectExit(shown, 0);
  for (const [label, output] of [['weft run', run], ['runs show', shown]] as const) {
    assert.not.ok(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(output.stdout + output.stderr), `${label} wrote a control character raw:\n${JSON.stringify(output.stdout)}`);
    assert.ok(output.stdout.includes('answered 422: \\u001b]0;pwned\\u0007\\u001b[31mred'), `${label} shows the escapes:\n${output.stdout}`);
  }
  // The stored error is the API's answer as it was: JSON keeps it exact.
  const json = JSON.parse((await runWeft(['runs', 'show', id, '--dir', project, '--format', 'json'], { env })).stdout);
  assert.ok(json.failures[0].error.endsWith(refusal));
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
    // Saved as editors save (a new file renamed over the old): writeFile truncates first, and on a
    // busy machine a cycle could read the file empty — a project without the flow, applied.
    await writeFile(`${flow}.tmp`, (await readFile(flow, 'utf8')).replace('amount >= 20', 'amount >= 40'));
    await rename(`${flow}.tmp`, flow);
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

test('Ctrl-C in weft watch --apply --run while the flow runs: the run is let finish (not left for the engine to resume), then exit 0', async () => {
  pageDelayMs = 400;
  const child = spawn(process.execPath, [weftBinary, 'watch', project, '--format', 'json', '--apply', '--run', 'copy-items'], { env: weftEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  try {
    // The run has begun: the first page was asked for.
    for (const started = Date.now(); !seen.some((request) => request.includes('/items?')); await new Promise((resolve) => setTimeout(resolve, 20))) {
      if (Date.now() - started > 15_000 || child.exitCode !== null) throw new Error(`the run did not start; stderr: ${stderr}`);
    }
    child.kill('SIGINT');
    assert.equal(await exited, [0, null], stderr);
    assert.match(stderr, /stopping after the run of the flow ends/);
  } finally {
    pageDelayMs = 0;
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  const runs = JSON.parse((await runWeft(['runs', '--dir', project, '--format', 'json'], { env })).stdout).runs;
  assert.equal(runs.map((run: { trigger: string; status: string }) => [run.trigger, run.status]), [['weft watch --run', 'succeeded']]);
  assert.is(received.length, 7);
});

test('a map whose expression fails at run time for some records: a partial run whose failures say where in the expression and what JSONata said', async () => {
  await writeFile(
    path.join(project, 'prices.yaml'),
    `apiVersion: weft/v1
kind: Flow
metadata: { name: price-items }
spec:
  trigger: { manual: {} }
  steps:
    - id: total
      map: '{ "ref": id, "total": amount + label, "code": code }'
    - id: parse
      map: '$merge([$, { "code": $number(code) }])'
    - id: store
      send: { instance: main, endpoint: store }
`,
  );
  const input = path.join(project, 'records.json');
  await writeFile(
    input,
    JSON.stringify([
      { id: 1, amount: 5, label: 2, code: '12' },
      { id: 2, amount: 5, label: 'x', code: '3' }, // a string on the right of '+'
      { id: 3, amount: 1, label: 0, code: 'n/a' }, // $number of text that is not a number
      { id: 4, amount: 2, label: 1, code: '4' },
    ]),
  );
  const plusError = `map expression at position 30 (near '+'): The right side of the "+" operator must evaluate to a number [T2002]`;
  const numberError = `map expression at position 29 (near 'number'): Unable to cast value to a number: "n/a" [D3030]`;

  const ran = await runWeft(['run', 'price-items', project, '--input', input], { env });
  expectExit(ran, 1);
  expectNoStackTrace(ran);
  assert.match(ran.stdout, /^\S+ {2}price-items {2}partial /);
  assert.match(ran.stdout, /total\s+map\s+in\s+4\s+out\s+3\s+failed 1/);
  assert.match(ran.stdout, /parse\s+map\s+in\s+3\s+out\s+2\s+failed 1/);
  assert.match(ran.stdout, /store\s+send\s+in\s+2\s+out\s+2\s+failed 0/);
  assert.ok(ran.stdout.includes(`2 records failed:\n`), ran.stdout);
  assert.ok(ran.stdout.includes(`\n  total #1: ${plusError}\n`), ran.stdout);
  assert.ok(ran.stdout.includes(`\n  parse #1: ${numberError}\n`), ran.stdout);
  assert.not.ok(ran.stdout.includes('[object Object]'), ran.stdout);
  // The records the expressions could work on went through.
  assert.equal(received, [
    { ref: 1, total: 7, code: 12 },
    { ref: 4, total: 3, code: 4 },
  ]);

  const id = ran.stdout.split(' ')[0]!;
  const shown = await runWeft(['runs', 'show', id, '--dir', project, '--format', 'json'], { env });
  expectExit(shown, 0);
  const run = JSON.parse(shown.stdout);
  assert.is(run.status, 'partial');
  const failures = [...run.failures].sort((a: { step: string }, b: { step: string }) => a.step.localeCompare(b.step));
  assert.equal(failures, [
    { step: 'parse', index: 1, error: numberError, record: { ref: 3, total: 1, code: 'n/a' } },
    { step: 'total', index: 1, error: plusError, record: { id: 2, amount: 5, label: 'x', code: '3' } },
  ]);
  const pretty = await runWeft(['runs', 'show', id, '--dir', project], { env });
  expectExit(pretty, 0);
  assert.ok(pretty.stdout.includes(`  total #1: ${plusError}\n`) && pretty.stdout.includes(`  parse #1: ${numberError}\n`), pretty.stdout);
  assert.not.ok(shown.stdout.includes('[object Object]') || pretty.stdout.includes('[object Object]'));
});

test("the engine's own token never resolves: plan refuses it at its line, and a run never sends it", async () => {
  const engineSecret = 'engine-admin-token-Hx7Qp2Lm9Vz4';
  await writeFile(path.join(project, 'api.yaml'), (await readFile(path.join(project, 'api.yaml'), 'utf8')).replace('retry: { maxAttempts: 1 }', 'retry: { maxAttempts: 1 }\n    headers: { X-Tenant: "{{settings.tenant}}" }').replace('properties: { port: { type: integer } }', 'properties: { port: { type: integer }, tenant: { type: string } }'));
  await writeFile(path.join(project, 'instance.yaml'), (await readFile(path.join(project, 'instance.yaml'), 'utf8')).replace(`settings: { port: ${port} }`, `settings: { port: ${port}, tenant: "\${env:WEFT_ENGINE_TOKEN}" }`));
  const withToken = { ...env, WEFT_ENGINE_TOKEN: engineSecret };
  const plan = await runWeft(['plan', project], { env: withToken });
  expectExit(plan, 1);
  assert.match(plan.stderr, /error\[unresolved-placeholder\]: \$\{env:WEFT_ENGINE_TOKEN\} does not resolve: WEFT_ENGINE_TOKEN is the engine's own variable/, plan.stderr);
  assert.match(plan.stderr, /instance\.yaml:6:\d+/);
  assert.match(plan.stderr, /never given to flows/);
  seen = [];
  const run = await runWeft(['run', 'copy-items', project], { env: withToken });
  expectExit(run, 1);
  assert.match(run.stdout, /\$\{env:WEFT_ENGINE_TOKEN\} does not resolve in the engine; WEFT_ENGINE_TOKEN is the engine's own variable, never given to flows/);
  assert.not.match(seen.join('\n') + run.stdout + run.stderr, new RegExp(engineSecret));
  // WEFT_SECRET_KEY and WEFT_UI_* are refused alike.
  for (const name of ['WEFT_SECRET_KEY', 'WEFT_UI_PASSWORD']) {
    await writeFile(path.join(project, 'instance.yaml'), (await readFile(path.join(project, 'instance.yaml'), 'utf8')).replace(/\$\{env:WEFT_[A-Z_]+\}/, `\${env:${name}}`));
    const refused = await runWeft(['plan', project], { env: { ...withToken, WEFT_UI_PASSWORD: 'ui' } });
    expectExit(refused, 1);
    assert.match(refused.stderr, new RegExp(`\\$\\{env:${name}\\} does not resolve: ${name} is the engine's own variable`));
  }
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

/**
 * The same commands in a project whose weft.yaml names a remote engine (`weft engine start`,
 * its own state directory): runs happen there, are recorded there, with the secret stored
 * there; the project gets no .weft of its own.
 */
const remote = suite('run-command on a remote engine');
let engine: RemoteEngine;
/** The CLI's environment: the engine's token, and no secret key (nothing is stored here). */
const remoteEnv = { WEFT_ENGINE_TOKEN: engineToken, WEFT_SECRET_KEY: undefined };

remote.before(startApi);
remote.after(stopApi);
remote.before.each(async () => {
  received = [];
  sinceSeen = [];
  refuse = new Set();
  engine = await startEngine({ WEFT_SECRET_KEY: 'the engine passphrase' });
  project = await writeProject({
    ...projectFiles(),
    'weft.yaml': `apiVersion: weft/v1\nkind: Project\nmetadata: { name: runs }\nspec:\n  engine: { url: "${engine.url}", token: "\${env:WEFT_ENGINE_TOKEN}" }\n`,
  });
  const stored = spawnSync(process.execPath, [weftBinary, 'secret', 'set', 'api/token', project], { input: token, env: weftEnvironment(remoteEnv), encoding: 'utf8' });
  assert.is(stored.status, 0, stored.stderr);
  assert.match(stored.stderr, /stored secret api\/token in the engine at http:\/\/127\.0\.0\.1:\d+/);
});
remote.after.each(async () => {
  await engine.stop();
  await removeProject(project);
});

/** The engine's own record of its runs, through its admin API. */
async function engineRuns(): Promise<{ id: string; status: string; trigger: string }[]> {
  const response = await fetch(`${engine.url}/v1/runs`, { headers: { authorization: `Bearer ${engineToken}` } });
  assert.is(response.status, 200);
  return ((await response.json()) as { runs: { id: string; status: string; trigger: string }[] }).runs;
}

remote('weft run runs on the engine (no local .weft); runs, runs show and runs retry read and retry it there', async () => {
  refuse = new Set([6]);
  const first = await runWeft(['run', 'copy-items', project], { env: remoteEnv });
  expectExit(first, 1);
  expectNoStackTrace(first);
  assert.match(first.stdout, /^\S+ {2}copy-items {2}partial {2}[\d.]+ s {2}bundle [0-9a-f]{12} {2}\(manual \(weft run\)\)\n/);
  assert.match(first.stdout, /fetch\s+receive\s+in\s+0\s+out\s+10\s+failed 0/);
  assert.match(first.stdout, /big\s+filter\s+in\s+10\s+out\s+7\s+failed 0/);
  assert.match(first.stdout, /store\s+send\s+in\s+7\s+out\s+6\s+failed 1/);
  assert.match(first.stdout, /1 record failed:\n {2}store #2: POST http:\/\/127\.0\.0\.1:\d+\/items answered 422: \{"error":"amount too large"\}/);
  // The engine resolved the token from its own secret store and sent the records.
  assert.equal(received.map((record) => (record as { ref: number }).ref), [4, 5, 7, 8, 9, 10]);
  const id = first.stdout.split(' ')[0]!;
  assert.equal((await engineRuns()).map((run) => [run.id, run.status, run.trigger]), [[id, 'partial', 'manual (weft run)']]);
  assert.not.ok(existsSync(path.join(project, '.weft')), 'weft run made a local .weft');

  const listed = await runWeft(['runs', '--dir', project], { env: remoteEnv });
  expectExit(listed, 0);
  assert.match(listed.stdout, new RegExp(`^${id} {2}copy-items {2}partial`));
  assert.not.match(listed.stdout, /No runs yet/);
  const shown = await runWeft(['runs', 'show', id, '--dir', project], { env: remoteEnv });
  expectExit(shown, 0);
  assert.match(shown.stdout, /store\s+send\s+in\s+7\s+out\s+6\s+failed 1/);
  assert.match(shown.stdout, /1 record failed:\n {2}store #2: POST http:\/\/127\.0\.0\.1:\d+\/items answered 422/);
  const shownJson = JSON.parse((await runWeft(['runs', 'show', id, '--dir', project, '--format', 'json'], { env: remoteEnv })).stdout);
  assert.equal(shownJson.failures, [{ step: 'store', index: 2, error: shownJson.failures[0].error, record: { ref: 6, cents: 3000 }, call: shownJson.failures[0].call }]);
  // The call that refused it is kept: request as sent (its credential blanked) and the answer.
  assert.equal([shownJson.failures[0].call.request.method, shownJson.failures[0].call.request.headers.authorization, shownJson.failures[0].call.response.status, shownJson.failures[0].call.response.body], ['POST', '[redacted]', 422, '{"error":"amount too large"}']);

  // The retry goes through the engine: the refused record is sent again, as a new run there.
  refuse = new Set();
  const retried = await runWeft(['runs', 'retry', id, '--dir', project], { env: remoteEnv });
  expectExit(retried, 0);
  expectNoStackTrace(retried);
  assert.match(retried.stdout, new RegExp(`^\\S+ {2}copy-items {2}succeeded .*\\(retry of ${id}\\)\\n`));
  assert.match(retried.stdout, /store\s+send\s+in\s+1\s+out\s+1\s+failed 0/);
  assert.equal(received.map((record) => (record as { ref: number }).ref), [4, 5, 7, 8, 9, 10, 6]);
  const retryId = retried.stdout.split(' ')[0]!;
  assert.equal((await engineRuns()).map((run) => run.id).sort(), [id, retryId].sort());
  const listedJson = JSON.parse((await runWeft(['runs', 'copy-items', '--dir', project, '--format', 'json'], { env: remoteEnv })).stdout);
  assert.equal(listedJson.runs.map((run: { id: string }) => run.id).sort(), [id, retryId].sort());

  assert.not.ok(existsSync(path.join(project, '.weft')), 'a command made a local .weft');
  for (const output of [first, listed, shown, retried]) assert.not.ok(output.stdout.includes(token) || output.stderr.includes(token));
});

remote('a wrong token is refused with the engine\'s 401, an unknown run id is "there is no run"; exit 1, no stack trace', async () => {
  const wrong = { ...remoteEnv, WEFT_ENGINE_TOKEN: 'not-the-engine-token' };
  for (const args of [['run', 'copy-items', project], ['runs', '--dir', project], ['runs', 'show', 'some-id', '--dir', project]]) {
    const refused = await runWeft(args, { env: wrong });
    expectExit(refused, 1);
    expectNoStackTrace(refused);
    assert.match(refused.stderr, /the engine at http:\/\/127\.0\.0\.1:\d+ refused the token \(401\)/, `${args.join(' ')}: ${refused.stderr}`);
    assert.not.match(refused.stdout, /No runs yet/);
  }
  assert.equal(received, [], 'a refused run sent nothing');
  assert.equal(await engineRuns(), []);

  for (const args of [['runs', 'show', 'no-such-run', '--dir', project], ['runs', 'retry', 'no-such-run', '--dir', project], ['runs', 'resume', 'no-such-run', '--dir', project]]) {
    const missing = await runWeft(args, { env: remoteEnv });
    expectExit(missing, 1);
    expectNoStackTrace(missing);
    assert.match(missing.stderr, /there is no run 'no-such-run'/, `${args.join(' ')}: ${missing.stderr}`);
  }
  assert.not.ok(existsSync(path.join(project, '.weft')), 'a command made a local .weft');
});

remote.run();
