import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { IncomingMessage, ServerResponse, type Server } from 'node:http';
import { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createEngineServer } from '../src/engine/engine-server.js';
import { FlowRunner } from '../src/engine/flow-runner.js';
import { LocalEngine } from '../src/engine/local-engine.js';
import type { RunRecord } from '../src/engine/stores/stores.js';
import { EngineUi, UiAssets } from '../src/engine/ui/ui-server.js';
import { removeProject, writeProject } from './helpers/temp-project.js';
import { postgresOrSkip, startPostgres, type PostgresServer } from './helpers/postgres.js';
import { openPostgresStores } from '../src/engine/stores/postgres/pg-stores.js';

/**
 * The dashboard's server in-process, over a real state file: its assets (built in, small,
 * compressed), what its JSON API refuses, and the runs list's server-side pages. The browser's
 * view of it is test/ui.test.ts.
 */

const token = 'ui-server-test-token';
const readToken = 'ui-server-read-token';
let project: string;
let engine: LocalEngine;
let runner: FlowRunner;
let server: Server;
let base: string;

/** The dashboard's server over the SQLite engine, and (its store-dependent tests) over PostgreSQL. */
function uiSuite(name: string, open: (project: string) => Promise<LocalEngine>, only?: RegExp) {
  const test = suite(`ui-server: ${name}`);
  const maybe = (title: string, run: () => Promise<void>) => (only === undefined || only.test(title) ? test(title, run) : undefined);

  test.before.each(async () => {
    project = await writeProject({ 'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: ui }\n' });
    engine = await open(project);
    runner = new FlowRunner(engine);
    server = createEngineServer(engine, { token, runner, ui: { readToken, sessions: { idleMs: 1500 } } });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  test.after.each(async () => {
    await runner.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await engine.close();
    await removeProject(project);
  });

  async function signIn(as = token): Promise<{ cookie: string; csrf: string }> {
    const response = await fetch(`${base}/ui/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: as }) });
    assert.is(response.status, 200);
    return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await response.json()) as { csrf: string }).csrf };
  }

  maybe('the assets are built in and small: under 300 KB gzipped, served gzipped when asked, with a strict CSP; nothing outside them is served', async () => {
    const assets = new UiAssets();
    assert.ok(assets.compressedBytes < 300 * 1024, `${assets.compressedBytes} bytes`);
    const page = await fetch(`${base}/ui/`, { headers: { 'accept-encoding': 'gzip' } });
    assert.is(page.status, 200);
    assert.match(page.headers.get('content-security-policy')!, /script-src 'self'/);
    assert.match(await page.text(), /<script type="module" src="app.js"><\/script>/);
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      import('node:http').then(({ get }) =>
        get(`${base}/ui/app.js`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) }));
        }).on('error', reject),
      );
    });
    assert.is(raw.encoding, 'gzip');
    assert.match(gunzipSync(raw.body).toString(), /EventSource/);
    for (const missing of ['/ui/package.json', '/ui/%2e%2e/package.json', '/ui/..%2fpackage.json', '/ui/app.js.map', '/ui/ui-server.ts']) assert.is((await fetch(`${base}${missing}`)).status, 404, missing);
    assert.is((await fetch(`${base}/ui`, { redirect: 'manual' })).headers.get('location'), '/ui/');
  });

  maybe('every API route refuses a request without a session (401) and reads nothing of its body; a wrong token sets no cookie', async () => {
    for (const [method, route] of [['GET', 'overview'], ['GET', 'runs'], ['GET', 'runs/r1'], ['GET', 'flows/orders'], ['GET', 'revisions'], ['GET', 'audit'], ['GET', 'live'], ['POST', 'runs/r1/retry'], ['POST', 'flows/orders/run'], ['POST', 'flows/orders/pause'], ['POST', 'flows/orders/resume']] as const) {
      const response = await fetch(`${base}/ui/api/${route}`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' && { body: '{}' }) });
      assert.is(response.status, 401, `${method} ${route}`);
    }
    const wrong = await fetch(`${base}/ui/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: `${token}x` }) });
    assert.is(wrong.status, 401);
    assert.is(wrong.headers.get('set-cookie'), null);
    // Not a bearer API: the engine token in a header is not a session.
    assert.is((await fetch(`${base}/ui/api/runs`, { headers: { authorization: `Bearer ${token}` } })).status, 401);
  });

  maybe('guesses at the token sent at once over many connections: ten are tried, the rest refused (429, Retry-After) with the right token too; another client can still sign in', async () => {
    const guess = (as: string, localAddress = '127.0.0.1') =>
      new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
        import('node:http').then(({ request }) => {
          const body = JSON.stringify({ token: as });
          const sent = request(`${base}/ui/api/session`, { method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
            response.resume();
            response.on('end', () => resolve({ status: response.statusCode!, retryAfter: response.headers['retry-after'] }));
          });
          sent.on('error', reject);
          sent.end(body);
        }, reject);
      });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => guess(`guess-${index}`)));
    assert.is(answers.filter((answer) => answer.status === 401).length, 10);
    const refused = answers.filter((answer) => answer.status === 429);
    assert.is(refused.length, 30);
    assert.ok(refused.every((answer) => Number(answer.retryAfter) >= 1), 'each refusal says when to come back');
    // Locked out: the right token is not even looked at.
    assert.is((await guess(token)).status, 429);
    // Another address (all of 127.0.0.0/8 is this machine) is not.
    assert.is((await guess(token, '127.0.0.2')).status, 200);
  });

  maybe('a session idle past its time is over; a read-only one can look but not change', async () => {
    const reader = await signIn(readToken);
    assert.equal(await (await fetch(`${base}/ui/api/session`, { headers: { cookie: reader.cookie } })).json(), { role: 'read', csrf: reader.csrf });
    assert.is((await fetch(`${base}/ui/api/runs`, { headers: { cookie: reader.cookie } })).status, 200);
    const pause = await fetch(`${base}/ui/api/flows/orders/pause`, { method: 'POST', headers: { cookie: reader.cookie, 'x-csrf-token': reader.csrf, 'content-type': 'application/json' }, body: '{}' });
    assert.is(pause.status, 403);
    assert.match(((await pause.json()) as { message: string }).message, /read-only/);
    await new Promise((resolve) => setTimeout(resolve, 1700));
    assert.is((await fetch(`${base}/ui/api/runs`, { headers: { cookie: reader.cookie } })).status, 401);
  });

  maybe('the runs list: filters checked (400 with what is wrong), pages from the server that cover every run once', async () => {
    const { cookie } = await signIn();
    const get = (query: string) => fetch(`${base}/ui/api/runs?${query}`, { headers: { cookie } });
    for (const [query, message] of [
      ['status=broken', /status must be one of/],
      ['trigger=cron', /trigger must be one of/],
      ['flow=Orders', /flow must be a flow name/],
      ['from=yesterday', /from must be a UTC time/],
      ['before=2026-12-06T10:00:00Z', /before must be/],
      ["flow=x'%20OR%201=1--", /flow must be a flow name/],
    ] as const) {
      const response = await get(query);
      assert.is(response.status, 400, query);
      assert.match(((await response.json()) as { message: string }).message, message);
    }
    const run = (index: number): RunRecord => ({
      id: `r${String(index).padStart(3, '0')}`,
      flow: index % 3 === 0 ? 'stock' : 'orders',
      revision: 1,
      bundleSha256: 'b'.repeat(64),
      trigger: index % 2 === 0 ? 'webhook /hooks/orders' : 'schedule */5 * * * *',
      status: index % 10 === 0 ? 'partial' : 'succeeded',
      // Some share a start time: pages break ties by id.
      startedAt: new Date(Date.UTC(2026, 11, 6, 8, 0, Math.floor(index / 2))).toISOString(),
      finishedAt: new Date(Date.UTC(2026, 11, 6, 8, 0, Math.floor(index / 2), 500)).toISOString(),
      steps: [{ id: 'send', kind: 'send', in: 2, out: index % 10 === 0 ? 1 : 2, failed: index % 10 === 0 ? 1 : 0 }],
    });
    for (let index = 0; index < 250; index++) await engine.stores.runs.record(run(index));
    const seen: string[] = [];
    let query = 'limit=100&flow=orders';
    for (let pages = 0; ; pages++) {
      assert.ok(pages < 5);
      const page = (await (await get(query)).json()) as { runs: { id: string; records: { failed: number } }[]; next?: string };
      seen.push(...page.runs.map((entry) => entry.id));
      if (!page.next) break;
      query = `limit=100&flow=orders&before=${encodeURIComponent(page.next)}`;
    }
    const expected = Array.from({ length: 250 }, (_, index) => index).filter((index) => index % 3 !== 0).reverse().map((index) => `r${String(index).padStart(3, '0')}`);
    assert.equal(seen, expected);
    const partial = (await (await get('status=partial&trigger=webhook&from=2026-12-06T08:01:00Z')).json()) as { runs: { id: string; records: { in: number; out: number; failed: number } }[] };
    assert.equal(partial.runs.map((entry) => entry.id), ['r240', 'r230', 'r220', 'r210', 'r200', 'r190', 'r180', 'r170', 'r160', 'r150', 'r140', 'r130', 'r120']);
    assert.equal(partial.runs[0]!.records, { in: 2, out: 1, failed: 1 });
  });

  maybe('a live stream whose client went away while its session was looked up is not counted (it could use up the slots)', async () => {
    const { cookie } = await signIn();
    const ui = new EngineUi(engine, runner, { token });
    // A request whose connection is gone by the time the stream would start.
    const socket = new Socket();
    const request = new IncomingMessage(socket);
    request.method = 'GET';
    request.url = '/ui/api/live';
    request.headers = { cookie };
    const response = new ServerResponse(request);
    socket.destroy();
    ui.serve(request, response, '/ui/api/live', new URLSearchParams());
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.is(ui.liveStreamCount, 0);
  });

  maybe('closing the server ends the live streams: an open tab does not hold a stopping engine', async () => {
    const { cookie } = await signIn();
    const stream = await fetch(`${base}/ui/api/live`, { headers: { cookie } });
    assert.is(stream.status, 200);
    const reading = stream.text();
    const started = Date.now();
    await new Promise((resolve) => server.close(resolve));
    assert.ok(Date.now() - started < 1000, `closed after ${Date.now() - started} ms`);
    assert.match(await reading, /^retry: 3000/);
    server = createEngineServer(engine, { token, runner });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  maybe('changes need JSON from the same origin with the CSRF token; a missing flow or run is 404 and nothing is audited', async () => {
    const { cookie, csrf } = await signIn();
    const post = (route: string, headers: Record<string, string>, body = '{}') => fetch(`${base}/ui/api/${route}`, { method: 'POST', headers: { cookie, ...headers }, body });
    assert.is((await post('flows/orders/pause', { 'content-type': 'application/json' })).status, 403);
    assert.is((await post('flows/orders/pause', { 'content-type': 'text/plain', 'x-csrf-token': csrf })).status, 415);
    assert.is((await post('flows/orders/pause', { 'content-type': 'application/json', 'x-csrf-token': csrf, origin: 'null' })).status, 403);
    assert.is((await post('flows/orders/pause', { 'content-type': 'application/json', 'x-csrf-token': csrf, origin: base })).status, 404);
    assert.is((await post('runs/nope/retry', { 'content-type': 'application/json', 'x-csrf-token': csrf })).status, 409);
    assert.is((await post('flows/orders/run', { 'content-type': 'application/json', 'x-csrf-token': csrf }, '[1]')).status, 400);
    assert.equal(await engine.stores.operations.auditLog(10), []);
  });

  test.run();
}

uiSuite('sqlite', async (project) => new LocalEngine(path.join(project, '.weft', 'state.db'), { env: { WEFT_SECRET_KEY: 'ui test key' } }));

if (postgresOrSkip('ui-server on PostgreSQL')) {
  let postgres: PostgresServer | undefined;
  let databases = 0;
  uiSuite(
    'postgresql',
    async () => {
      postgres ??= await startPostgres();
      const stores = await openPostgresStores(await postgres.database(`ui${++databases}`), { WEFT_SECRET_KEY: 'ui test key' });
      return LocalEngine.onStores(stores, 'postgres');
    },
    /runs list|changes need/,
  );
  process.on('beforeExit', () => void postgres?.stop().finally(() => (postgres = undefined)));
}
