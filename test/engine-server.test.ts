import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import { canonicalJson, sha256 } from '../src/compile/canonical-json.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { compileProject } from '../src/pipeline/compile-project.js';
import type { Bundle } from '../src/compile/compile-bundle.js';
import { LocalEngine } from '../src/engine/local-engine.js';
import { adminRoutes, createEngineServer } from '../src/engine/engine-server.js';
import { FlowRunner } from '../src/engine/flow-runner.js';
import { computePlan } from '../src/plan/compute-plan.js';
import { fuzzSeed, randomHex } from './helpers/fuzz-seed.js';
import { removeProject, writeProject } from './helpers/temp-project.js';
import { singleAcme } from './helpers/single-acme.js';

// The engine's HTTP surface, served in-process: authentication, statuses and error bodies,
// what a refused request leaves unchanged, and what never reaches the log or a response.

const test = suite('engine-server');
/** The secret values some tests store are new every run; a failure names the seed (WEFT_FUZZ_SEED) that replays them. */
const fuzz = fuzzSeed();
const token = 'engine-server-test-token-8b2e41c6';
const maxBodyBytes = 256 * 1024 * 1024;

let bundle: Bundle;
let directory: string;
let engine: LocalEngine;
let server: Server;
let runner: FlowRunner | undefined;
let base: string;
let port: number;
let logLines: string[];

/** Serves the engine (replacing the server before), with a runner when given: the run routes need one. */
async function serve(withRunner?: FlowRunner): Promise<void> {
  if (server?.listening) await closeServer();
  runner = withRunner;
  server = createEngineServer(engine, { token, runner, log: (line) => logLines.push(line) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
}

async function closeServer(): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await runner?.stop();
  runner = undefined;
}

test.before(async () => {
  bundle = (await compileProject(singleAcme())).bundle!;
  assert.is(bundle.resources.length, 18);
});
test.before.each(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'weft-engine-server-'));
  engine = new LocalEngine(path.join(directory, '.weft', 'state.db'), { env: { WEFT_SECRET_KEY: 'a test passphrase' } });
  logLines = [];
  await serve();
});
test.after.each(async () => {
  await closeServer();
  await engine.close();
  await rm(directory, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** A request with fetch; `auth` is the whole Authorization header (the right bearer token by default, null for none). */
async function call(method: string, route: string, options: { auth?: string | null; body?: unknown; contentType?: string; rawBody?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? `Bearer ${token}` : options.auth;
  if (auth !== null) headers.authorization = auth;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(base + route, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A request with node:http and the path exactly as given (fetch would normalise '..'). */
function raw(method: string, rawPath: string, options: { headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path: rawPath, headers: { connection: 'close', ...options.headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      response.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 5000, () => req.destroy(new Error(`no answer to ${method} ${rawPath} within ${options.timeoutMs ?? 5000} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

const applyBody = () => ({ stateRevision: 0, bundle, user: 'tester' });

const badAuthorizations: [label: string, header: string | null][] = [
  ['no token', null],
  ['a wrong token of the same length', `Bearer ${'x'.repeat(token.length)}`],
  ['a token of another length', 'Bearer short'],
  ['a longer token with the right prefix', `Bearer ${token}-and-more`],
  ['the Basic scheme', `Basic ${Buffer.from(`weft:${token}`).toString('base64')}`],
  ['the Basic scheme with the bare token', `Basic ${token}`],
  ['an empty bearer', 'Bearer '],
];

test('GET /healthz answers 200 without a token', async () => {
  const answer = await call('GET', '/healthz', { auth: null });
  assert.is(answer.status, 200);
  assert.equal(answer.json, { status: 'ok' });
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
});

/** The flow the route table's examples name ('flows/some-flow/runs'), in a project of its own. */
const someFlowFiles = {
  'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: routes }\n',
  'flow.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: some-flow }
spec:
  trigger: { manual: {} }
  steps:
    - id: shape
      map: '{ "n": n, "double": n * 2 }'
`,
};

/**
 * An engine on which every example path of the route table names something real: revision 1
 * (with flow 'some-flow'), secret 'some/secret', and a partial run 'some-run' with a failed
 * record; and, per route, a body it would act on. So a route that answered without the token
 * would change something here, not just answer 404.
 */
async function engineWhereExamplesExist(): Promise<Map<string, unknown>> {
  const flowBundle = await compileFiles(someFlowFiles);
  // What an apply would change the flow to.
  const changedBundle = await compileFiles({ ...someFlowFiles, 'flow.yaml': someFlowFiles['flow.yaml'].replace('n * 2', 'n * 3') });
  await engine.apply(computePlan(flowBundle, await engine.readState()), flowBundle, 'tester');
  await engine.setSecret('some/secret', 'the-stored-value');
  const now = new Date().toISOString();
  await engine.stores.runs.record({
    id: 'some-run',
    flow: 'some-flow',
    revision: 1,
    bundleSha256: flowBundle.sha256,
    trigger: 'manual (weft run)',
    status: 'partial',
    startedAt: now,
    finishedAt: now,
    steps: [{ id: 'shape', kind: 'map', in: 2, out: 1, failed: 1 }],
    failures: [{ step: 'shape', index: 1, error: 'map expression: failed', record: { n: 2 } }],
  });
  const flowRunner = new FlowRunner(engine);
  await flowRunner.reload();
  await serve(flowRunner);
  const bodies = new Map<string, unknown>([
    ['POST placeholders/resolve', { placeholders: [{ source: 'secret', name: 'some/secret' }] }],
    ['POST apply', { stateRevision: 1, bundle: changedBundle, user: 'intruder' }],
    ['POST flows/some-flow/runs', { records: [{ n: 1 }] }],
    ['POST runs', { flow: 'some-flow', bundle: flowBundle, records: [{ n: 1 }] }],
    ['POST runs/some-run/retry', { bundle: flowBundle }],
    ['POST runs/some-run/resume', { bundle: flowBundle }],
    ['PUT secrets/some/secret', { value: 'overwritten-without-a-token' }],
  ]);
  return bodies;
}

async function compileFiles(files: Record<string, string>): Promise<Bundle> {
  const root = await writeProject(files);
  try {
    const result = await compileProject(root);
    assert.equal(result.diagnostics, [], JSON.stringify(result.diagnostics));
    return result.bundle!;
  } finally {
    await removeProject(root);
  }
}

/** What a request could change: state, revisions, secrets (paths and a value), runs (and one run's failures). */
async function snapshot(): Promise<unknown> {
  return {
    state: await engine.readState(),
    revisions: await engine.revisions(),
    secrets: await engine.secretPaths(),
    secret: await engine.readSecret('some/secret'),
    runs: (await engine.runs()).map((run) => [run.id, run.status, run.trigger]),
    run: await engine.run('some-run'),
  };
}

test('every route of the admin table refuses a missing, wrong, other-length or non-Bearer token with 401, and changes nothing', async () => {
  // The table itself: each example is a path its own pattern matches, and the run routes are in it.
  for (const route of adminRoutes) assert.ok(route.pattern.test(route.example), `${route.method} ${route.example} does not match ${route.pattern}`);
  const listed = adminRoutes.map((route) => `${route.method} ${route.example}`);
  for (const runRoute of ['GET runs', 'POST runs', 'GET runs/some-run', 'POST runs/some-run/retry', 'POST runs/some-run/resume', 'POST flows/some-flow/runs']) {
    assert.ok(listed.includes(runRoute), `the table has no ${runRoute}: ${listed.join(', ')}`);
  }

  const bodies = await engineWhereExamplesExist();
  for (const key of bodies.keys()) assert.ok(listed.includes(key), `a body for '${key}', which the table does not have`);
  const before = await snapshot();
  const requests = [...adminRoutes.map((route) => ({ method: route.method, route: `/v1/${route.example}`, body: bodies.get(`${route.method} ${route.example}`) })), { method: 'GET', route: '/v1/no-such-route', body: undefined }];
  const failures: string[] = [];
  for (const { method, route, body } of requests) {
    for (const [label, auth] of badAuthorizations) {
      const answer = await call(method, route, { auth, body });
      const challenge = answer.headers.get('www-authenticate') ?? '';
      if (answer.status !== 401 || !/^Bearer\b/.test(challenge) || answer.json?.error !== 'unauthorized') {
        failures.push(`${method} ${route} with ${label}: ${answer.status} www-authenticate=${JSON.stringify(challenge)} ${answer.text.slice(0, 200)}`);
      }
    }
  }
  assert.equal(failures, []);
  // A run accepted by mistake would be on record at once; give one started in the background time to show.
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(await snapshot(), before);

  // The same requests with the token are not refused: the 401s were the token's doing, and the
  // bodies are ones the routes act on (a run starts, the secret changes, the state moves on).
  const answered: string[] = [];
  for (const { method, route, body } of requests) answered.push(`${method} ${route} ${(await call(method, route, { body })).status}`);
  assert.equal(answered.filter((line) => / 401$/.test(line)), []);
  assert.ok(answered.includes('POST /v1/apply 200') && answered.includes('POST /v1/runs 202') && answered.includes('POST /v1/flows/some-flow/runs 202') && answered.includes('POST /v1/runs/some-run/retry 202'), answered.join('\n'));
  assert.not.equal(await snapshot(), before);
});

test('a 401 changes nothing: an apply and a secret with a wrong token', async () => {
  const apply = await call('POST', '/v1/apply', { auth: 'Bearer wrong-token', body: applyBody() });
  assert.is(apply.status, 401);
  assert.is(apply.json.error, 'unauthorized');
  assert.equal(await engine.readState(), { revision: 0, resources: [] });
  assert.equal(await engine.revisions(), []);

  const secret = await call('PUT', '/v1/secrets/a/b', { auth: 'Bearer wrong-token', body: { value: 'not-to-be-stored' } });
  assert.is(secret.status, 401);
  assert.equal(await engine.secretPaths(), []);
  assert.is((await engine.readSecret('a/b')), undefined);

  // The same requests with the right token do work: the 401 was the token's doing.
  assert.is((await call('POST', '/v1/apply', { body: applyBody() })).status, 200);
  assert.is((await call('PUT', '/v1/secrets/a/b', { body: { value: 'stored-now' } })).status, 200);
  assert.is((await engine.readSecret('a/b')), 'stored-now');
});

test('GET /v1/state with the right token', async () => {
  const answer = await call('GET', '/v1/state');
  assert.is(answer.status, 200);
  assert.equal(answer.json, { revision: 0, resources: [] });
  assert.is(answer.headers.get('cache-control'), 'no-store');
});

test('unknown route 404, wrong method 405, not JSON 415, body not JSON 400', async () => {
  const unknown = await call('GET', '/v1/nothing-here');
  assert.is(unknown.status, 404);
  assert.is(unknown.json.error, 'no-route');
  const outside = await call('GET', '/nothing-here', { auth: null });
  assert.is(outside.status, 404);
  assert.is(outside.json.error, 'no-route');

  for (const [method, route] of [
    ['DELETE', '/v1/state'],
    ['GET', '/v1/apply'],
    ['PUT', '/v1/revisions'],
    ['POST', '/v1/secrets'],
    ['GET', '/v1/secrets/a/b'],
    ['POST', '/healthz'],
  ] as const) {
    const answer = await call(method, route, { auth: route === '/healthz' ? null : undefined });
    assert.is(answer.status, 405, `${method} ${route}`);
    assert.is(answer.json.error, 'method-not-allowed', `${method} ${route}`);
  }

  const plain = await call('POST', '/v1/apply', { rawBody: JSON.stringify(applyBody()), contentType: 'text/plain' });
  assert.is(plain.status, 415);
  assert.is(plain.json.error, 'unsupported-media-type');

  for (const rawBody of ['this is not json', '{"stateRevision": 0,', '[1, 2]', '"a string"', '', '{"value": hunter2-supersecret}']) {
    const answer = await call('POST', '/v1/apply', { rawBody });
    assert.is(answer.status, 400, JSON.stringify(rawBody));
    assert.is(answer.json.error, 'bad-request', JSON.stringify(rawBody));
    // The parser's message quotes the body; the answer never does.
    assert.not.match(answer.json.message, /hunter2/);
  }
  assert.equal(await engine.readState(), { revision: 0, resources: [] });
});

test('a bundle that does not match its sha256 is refused with 400 and nothing is applied', async () => {
  const tampered = structuredClone(bundle);
  tampered.resources[0]!.spec.tampered = true;
  const answer = await call('POST', '/v1/apply', { body: { stateRevision: 0, bundle: tampered, user: 'tester' } });
  assert.is(answer.status, 400);
  assert.is(answer.json.error, 'bad-request');
  // The first resource's own hash no longer matches: that is what is named, before the bundle's.
  const first = tampered.resources[0]!;
  assert.is(answer.json.message, `the bundle is refused: the hash of ${first.kind.toLowerCase()} ${first.name} does not match its content`);

  const truncated = { ...bundle, resources: bundle.resources.slice(0, 5) };
  assert.is((await call('POST', '/v1/apply', { body: { stateRevision: 0, bundle: truncated, user: 'tester' } })).status, 400);
  assert.is((await call('POST', '/v1/apply', { body: { stateRevision: 0, user: 'tester' } })).status, 400);
  // A resource hash that is not its content's, with the bundle hash made to match: refused too.
  const { sha256: _, ...body } = structuredClone(bundle);
  body.resources[0]!.sha256 = 'x';
  const rehashed = { ...body, sha256: sha256(canonicalJson(body)) };
  const forged = await call('POST', '/v1/apply', { body: { stateRevision: 0, bundle: rehashed, user: 'tester' } });
  assert.is(forged.status, 400);
  assert.is(forged.json.message, `the bundle is refused: the hash of connector ${bundle.resources[0]!.name} does not match its content`);
  const { sha256: __, ...bare } = structuredClone(bundle);
  delete (bare.resources[0] as { spec?: unknown }).spec;
  const specless = await call('POST', '/v1/apply', { body: { stateRevision: 0, bundle: { ...bare, sha256: sha256(canonicalJson(bare)) }, user: 'tester' } });
  assert.is(specless.status, 400);
  assert.equal(await engine.readState(), { revision: 0, resources: [] });
  assert.equal(await engine.revisions(), []);
});

test('an apply waiting for another process\'s lock does not stop the server answering; it applies once the lock is free', async () => {
  const other = new Database(path.join(directory, '.weft', 'state.db'));
  other.exec('BEGIN IMMEDIATE');
  try {
    const refused = await call('POST', '/v1/apply', { body: { stateRevision: 0, bundle, user: 'tester', lockTimeoutMs: 0 } });
    assert.is(refused.status, 423);
    assert.is(refused.json.error, 'locked');
    const waiting = call('POST', '/v1/apply', { body: { stateRevision: 0, bundle, user: 'tester', lockTimeoutMs: 5000 } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Meanwhile the server answers (were it blocked in SQLite's busy wait, this would hang).
    const started = Date.now();
    assert.is((await fetch(`${base}/healthz`)).status, 200);
    assert.ok(Date.now() - started < 1000);
    other.exec('ROLLBACK');
    const applied = await waiting;
    assert.is(applied.status, 200);
    assert.is(applied.json.revision.number, 1);
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
  }
});

test('apply against revision 5 on a revision-0 engine is 409 stale-state; the right revision applies', async () => {
  const stale = await call('POST', '/v1/apply', { body: { stateRevision: 5, bundle, user: 'tester' } });
  assert.is(stale.status, 409);
  assert.is(stale.json.error, 'stale-state');
  assert.is(stale.json.expected, 5);
  assert.is(stale.json.actual, 0);
  assert.equal(await engine.readState(), { revision: 0, resources: [] });

  const applied = await call('POST', '/v1/apply', { body: applyBody() });
  assert.is(applied.status, 200);
  assert.is(applied.json.revision.number, 1);
  assert.is(applied.json.revision.user, 'tester');
  assert.is(applied.json.revision.bundleSha256, bundle.sha256);
  assert.equal(applied.json.summary, { add: 18, change: 0, destroy: 0 });
  assert.is((await engine.readState()).resources.length, 18);

  // Applying the same bundle again is a no-op: no revision.
  const again = await call('POST', '/v1/apply', { body: { stateRevision: 1, bundle, user: 'tester' } });
  assert.is(again.status, 200);
  assert.is(again.json.revision, null);
  assert.is((await engine.revisions()).length, 1);
});

test("a secret path with a '..' segment is refused with 400 and nothing is stored anywhere", async () => {
  const body = JSON.stringify({ value: 'dot-dot-value' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
  const answers = async (rawPaths: string[]) => {
    const lines: string[] = [];
    for (const rawPath of rawPaths) {
      const answer = await raw('PUT', rawPath, { headers, body });
      lines.push(`${rawPath} -> ${answer.status} ${answer.text}`);
    }
    return lines;
  };
  // A dot segment, plain or percent-encoded, anywhere in the path: the path itself is refused.
  const dotted = ['/v1/secrets/a/../b', '/v1/secrets/a/%2e%2e/b', '/v1/secrets/a/%2E%2E/b', '/v1/secrets/../secrets/b', '/v1/secrets/x/../../apply', '/v1/secrets/..', '/v1/secrets/a/..'];
  assert.equal(
    await answers(dotted),
    dotted.map((rawPath) => `${rawPath} -> 400 {"error":"bad-request","message":"the request path is not a plain absolute path"}`),
  );
  assert.equal(await engine.secretPaths(), []);

  // Encoded slashes and dots inside a segment are not path separators: the secret path is refused.
  const encoded = ['/v1/secrets/a%2F..%2Fb', '/v1/secrets/..%2Fb'];
  assert.equal(
    await answers(encoded),
    encoded.map((rawPath) => `${rawPath} -> 400 {"error":"bad-request","message":"a secret path is segments of letters, digits, \\".\\", \\"_\\" and \\"-\\" separated by \\"/\\""}`),
  );
  assert.equal(await engine.secretPaths(), []);
});

test('PUT of a secret with an empty or non-string value is 400 and stores nothing', async () => {
  for (const value of ['', 42, null, undefined]) {
    const answer = await call('PUT', '/v1/secrets/a/b', { body: { value } });
    assert.is(answer.status, 400, JSON.stringify(value));
    assert.is(answer.json.error, 'bad-request');
  }
  assert.equal(await engine.secretPaths(), []);
});

test('secrets over HTTP: PUT, list (paths only), DELETE, DELETE of a missing one is 404', async () => {
  assert.equal((await call('PUT', '/v1/secrets/b/two', { body: { value: 'value-two' } })).json, { stored: 'b/two' });
  assert.is((await call('PUT', '/v1/secrets/a/one', { body: { value: 'value-one' } })).status, 200);
  const list = await call('GET', '/v1/secrets');
  assert.equal(list.json, { paths: ['a/one', 'b/two'] });
  assert.equal((await call('DELETE', '/v1/secrets/a/one')).json, { removed: true });
  const missing = await call('DELETE', '/v1/secrets/a/one');
  assert.is(missing.status, 404);
  assert.is(missing.json.error, 'not-found');
  assert.equal(await engine.secretPaths(), ['b/two']);
});

test('GET /v1/revisions and /v1/revisions/N/bundle: the applied bundle, 404 for a missing one', async () => {
  assert.equal((await call('GET', '/v1/revisions')).json, { revisions: [] });
  assert.is((await call('GET', '/v1/revisions/1/bundle')).status, 404);
  assert.is((await call('POST', '/v1/apply', { body: applyBody() })).status, 200);

  const revisions = await call('GET', '/v1/revisions');
  assert.is(revisions.json.revisions.length, 1);
  assert.is(revisions.json.revisions[0].bundleSha256, bundle.sha256);
  const applied = await call('GET', '/v1/revisions/1/bundle');
  assert.is(applied.status, 200);
  assert.equal(applied.json, bundle);
  const missing = await call('GET', '/v1/revisions/7/bundle');
  assert.is(missing.status, 404);
  assert.is(missing.json.error, 'not-found');
});

test('no secret value reaches the log or a listing', fuzz.replayable(async () => {
  const canary = `canary-${randomHex(fuzz.random(), 24)}`;
  assert.is((await call('PUT', '/v1/secrets/canary/path', { body: { value: canary } })).status, 200);
  assert.is((await engine.readSecret('canary/path')), canary);
  // A refused write and a wrong-token one carry the canary too.
  assert.is((await call('PUT', '/v1/secrets/canary/..bad%', { body: { value: canary } })).status, 400);
  assert.is((await call('PUT', '/v1/secrets/canary/other', { auth: 'Bearer nope', body: { value: canary } })).status, 401);
  assert.is((await call('POST', '/v1/placeholders/resolve', { body: { placeholders: [{ source: 'secret', name: 'canary/path' }] } })).json.resolves[0], true);

  const list = await call('GET', '/v1/secrets');
  assert.equal(list.json, { paths: ['canary/path'] });
  assert.not.ok(list.text.includes(canary), 'the listing holds paths only');
  const state = await call('GET', '/v1/state');
  assert.not.ok(state.text.includes(canary));

  // One line per request, in order: method, path, status and time taken; never a body or a header.
  assert.equal(
    logLines.map((line) => line.replace(/ \d+ms$/, ' <n>ms')),
    [
      'PUT /v1/secrets/canary/path 200 <n>ms',
      'PUT /v1/secrets/canary/..bad% 400 <n>ms',
      'PUT /v1/secrets/canary/other 401 <n>ms',
      'POST /v1/placeholders/resolve 200 <n>ms',
      'GET /v1/secrets 200 <n>ms',
      'GET /v1/state 200 <n>ms',
    ],
  );
  const leaks = logLines.filter((line) => line.includes(canary) || line.includes(token));
  assert.equal(leaks, []);
}));

test('a body declared larger than the limit is refused with 413 without being sent', async () => {
  const answer = await new Promise<RawAnswer>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/apply',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': String(maxBodyBytes + 1) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text });
          req.destroy();
        });
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', (error) => {
      // Destroying the request after the answer is expected; anything before it is a failure.
      if (!(error as NodeJS.ErrnoException).code?.startsWith('ECONNRESET')) reject(error);
    });
    req.flushHeaders();
    req.write('{');
  });
  assert.is(answer.status, 413);
  assert.is(JSON.parse(answer.text).error, 'too-large');
  assert.equal(await engine.readState(), { revision: 0, resources: [] });
  // The server is still healthy.
  assert.is((await call('GET', '/healthz', { auth: null })).status, 200);
});

test('a request target that is not a valid URL is answered 400 and does not crash the server', async () => {
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', record);
  let status: number | string;
  try {
    status = (await raw('GET', '//[', { timeoutMs: 1500 })).status;
  } catch (error) {
    status = (error as Error).message;
  } finally {
    process.off('uncaughtException', record);
  }
  assert.equal(uncaught.map((error) => (error as Error).message), [], 'the request handler threw outside its error handling');
  assert.is(status, 400);
  assert.is((await call('GET', '/healthz', { auth: null })).status, 200);
});

test.run();
