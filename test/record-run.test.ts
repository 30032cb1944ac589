import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { runWeft, weftBinary, weftEnvironment } from './helpers/run-weft.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/**
 * `weft run <flow> --record <dir>`: a real run against a simulated API on 127.0.0.1 (OAuth2
 * client credentials, opaque cursors in Link headers, cookies, an API that echoes credentials
 * back) written as a test that `weft test` replays offline; no byte of a secret is written.
 */
const test = suite('record-run');

const env = { WEFT_SECRET_KEY: 'a test passphrase' };
// Secrets as real ones look: long, mixed, unique to this run of the tests.
const clientId = `cid-${randomBytes(9).toString('base64url')}`;
const clientSecret = `cs-${randomBytes(18).toString('base64url')}`;
const apiKey = `key-${randomBytes(12).toString('hex')}`;
let accessToken = '';
let server: Server;
let port = 0;
let project: string;

/** Opaque page cursors, as Shopify's page_info: base64 of JSON, looking secret. */
const cursors = [Buffer.from(JSON.stringify({ last_id: 2, direction: 'next', salt: 'Qx7' })).toString('base64url'), Buffer.from(JSON.stringify({ last_id: 4, direction: 'next', salt: 'Zp9' })).toString('base64url')];

async function startApi(): Promise<void> {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const url = new URL(request.url!, `http://127.0.0.1:${port}`);
      if (url.pathname === '/oauth/token') {
        // Client credentials in HTTP Basic (RFC 6749 2.3.1), form-encoded first.
        const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
        if (request.headers.authorization !== `Basic ${basic}`) return response.writeHead(401).end();
        accessToken = `at-${randomBytes(24).toString('base64url')}`;
        response.writeHead(200, { 'content-type': 'application/json', 'set-cookie': `sid=${randomBytes(16).toString('hex')}; HttpOnly` });
        return response.end(JSON.stringify({ access_token: accessToken, token_type: 'bearer', expires_in: 3600 }));
      }
      if (request.headers.authorization !== `Bearer ${accessToken}` || request.headers['x-api-key'] !== apiKey) return response.writeHead(401).end();
      if (request.method === 'GET' && url.pathname === '/orders') {
        const page = cursors.indexOf(url.searchParams.get('page_info') ?? '') + 1;
        const orders = [1, 2].map((offset) => ({ id: page * 2 + offset, total: (page * 2 + offset) * 10, customer: { email: `c${page}@example.com`, password: `pw-${randomBytes(6).toString('hex')}` } }));
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'set-cookie': `sid=${randomBytes(16).toString('hex')}`,
          // An API that echoes the caller's credentials back.
          'x-echo-key': apiKey,
          'x-request-id': randomBytes(8).toString('hex'),
        };
        if (page < cursors.length) headers.link = `<http://127.0.0.1:${port}/orders?limit=2&page_info=${cursors[page]}>; rel="next"`;
        response.writeHead(200, headers);
        return response.end(JSON.stringify({ orders, debug: { authorization: request.headers.authorization, key: apiKey } }));
      }
      if (request.method === 'POST' && url.pathname === '/invoices') {
        const invoice = JSON.parse(body) as { order: number };
        if (invoice.order === 3) {
          response.writeHead(422, { 'content-type': 'application/json' });
          return response.end(JSON.stringify({ error: `order 3 is closed (key ${apiKey})` }));
        }
        // The first invoice is answered after the others sent with it: the recording keeps the
        // order the requests were made in, which is the order the replay makes them.
        return void setTimeout(
          () => {
            response.writeHead(201, { 'content-type': 'application/json' });
            response.end(JSON.stringify({ id: `inv-${invoice.order}` }));
          },
          invoice.order === 1 ? 150 : 0,
        );
      }
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}

function projectFiles(): Record<string, string> {
  return {
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: recorded }\n',
    'shop.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: shop }
spec:
  version: 1.0.0
  http:
    baseUrl: "http://127.0.0.1:${port}"
    headers: { X-Api-Key: "{{credentials.apiKey}}" }
    retry: { maxAttempts: 1 }
  credentials: { clientId: {}, clientSecret: {}, apiKey: {} }
  auth:
    oauth: { type: oauth2, grant: client_credentials, tokenUrl: "http://127.0.0.1:${port}/oauth/token", clientId: "{{credentials.clientId}}", clientSecret: "{{credentials.clientSecret}}" }
  endpoints:
    listOrders:
      path: /orders
      query: { limit: "2" }
      pagination: { type: link-header }
      records: orders
    createInvoice:
      method: POST
      path: /invoices
      body: { order: "{{record.id}}", total: "{{record.total}}", contact: "{{record.customer.email}}" }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: shop }
spec:
  connector: shop
  credentials: { clientId: "\${secret:shop/client-id}", clientSecret: "\${secret:shop/client-secret}", apiKey: "\${secret:shop/api-key}" }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: invoices }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: shop, endpoint: listOrders }
    - id: invoice
      send: { instance: shop, endpoint: createInvoice }
`,
  };
}

test.before(async () => {
  await startApi();
  project = await writeProject(projectFiles());
  for (const [name, value] of [['shop/client-id', clientId], ['shop/client-secret', clientSecret], ['shop/api-key', apiKey]] as const) {
    const stored = spawnSync(process.execPath, [weftBinary, 'secret', 'set', name, project], { input: value, env: weftEnvironment(env), encoding: 'utf8' });
    assert.is(stored.status, 0, stored.stderr);
  }
});
test.after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await removeProject(project);
});

test('a real run recorded is a test that replays offline and passes; no secret, token, cookie or echoed key is written', async () => {
  const run = await runWeft(['run', 'invoices', project, '--record', path.join(project, 'tests', 'fixtures', 'Invoices_Run')], { env });
  // Order 3 is refused: the run is partial (exit 1), and recorded as it was.
  assert.is(run.code, 1, run.stdout + run.stderr);
  if (!run.stderr.includes('recorded 10')) console.log(run.stdout, run.stderr);
  assert.match(run.stderr, /weft run: recorded 10 requests as test 'invoices-run' in .*tests\/fixtures\/Invoices_Run\/test\.yaml\n/);
  const file = path.join(project, 'tests', 'fixtures', 'Invoices_Run', 'test.yaml');
  const text = await readFile(file, 'utf8');
  if (process.env.SHOW_RECORDING) console.log(text);

  // Not one secret, in any form a redactor knows, nor the token the API gave, nor a cookie.
  const { SecretRedactor } = await import('../src/runtime/redact-secrets.js');
  const forms = new SecretRedactor([clientId, clientSecret, apiKey, accessToken]);
  assert.is(forms.text(text), text, 'a secret value (or its URL, JSON or base64 form) is in the recording');
  for (const value of [clientId, clientSecret, apiKey, accessToken]) assert.not.ok(text.includes(value.slice(4, 16)), `a piece of ${value.slice(0, 3)}… is in the recording`);
  assert.not.match(text, /[&*]a\d/, 'no YAML anchors or aliases');
  assert.not.match(text, /sid=|set-cookie|x-echo-key|x-request-id|Bearer /i, text);
  // Nothing else in the folder either.
  assert.equal(await readdir(path.dirname(file)), ['test.yaml']);

  const document = parse(text.split('\n').filter((line) => !line.startsWith('#')).join('\n')) as { metadata: { name: string }; spec: { flow: string; responses: { instance: string; endpoint?: string; request: { method: string; path: string; query?: Record<string, string>; body?: unknown }; status: number; headers?: Record<string, string>; body?: unknown }[]; expect: Record<string, unknown> } };
  assert.is(document.metadata.name, 'invoices-run');
  assert.is(document.spec.flow, 'invoices');
  const token = document.spec.responses.find((response) => response.request.path === '/oauth/token')!;
  assert.equal(token.body, { access_token: 'redacted-1', token_type: 'bearer', expires_in: 3600 });
  assert.is(token.endpoint, undefined);
  // The cursors are marked the same in the Link header and in the next page's query: the replay pages.
  const pages = document.spec.responses.filter((response) => response.endpoint === 'listOrders');
  assert.is(pages.length, 3);
  assert.match(pages[0]!.headers!.link!, /page_info=redacted-\d+>; rel="next"$/);
  assert.is(pages[1]!.request.query!.page_info, /page_info=(redacted-\d+)>/.exec(pages[0]!.headers!.link!)![1]);
  // Echoed credentials are the fake values weft test gives them; passwords are marked.
  const firstPage = pages[0]!.body as { orders: { customer: { password: string } }[]; debug: { key: string; authorization: string } };
  assert.is(firstPage.debug.key, 'fake-secret-shop/api-key');
  assert.match(firstPage.debug.authorization, /^redacted-\d+$/);
  assert.match(firstPage.orders[0]!.customer.password, /^redacted-\d+$/);
  // The sends: one answer each, told apart by their bodies (one was refused).
  const invoices = document.spec.responses.filter((response) => response.endpoint === 'createInvoice');
  assert.equal(invoices.map((response) => [response.request.body, response.status]), [
    [{ order: 1, total: 10, contact: 'c0@example.com' }, 201],
    [{ order: 2, total: 20, contact: 'c0@example.com' }, 201],
    [{ order: 3, total: 30, contact: 'c1@example.com' }, 422],
    [{ order: 4, total: 40, contact: 'c1@example.com' }, 201],
    [{ order: 5, total: 50, contact: 'c2@example.com' }, 201],
    [{ order: 6, total: 60, contact: 'c2@example.com' }, 201],
  ]);
  assert.is(String((invoices[2]!.body as { error: string }).error), 'order 3 is closed (key fake-secret-shop/api-key)');
  assert.equal(document.spec.expect.status, 'partial');
  assert.equal(document.spec.expect.failures, [{ step: 'invoice' }]);

  // The recording is a ready test: offline (the API is not asked), it passes.
  const before = await new Promise<number>((resolve) => server.getConnections((_, count) => resolve(count)));
  const replay = await runWeft(['test', project], { env: {} });
  assert.is(replay.code, 0, replay.stdout + replay.stderr);
  assert.is(replay.stdout, '✔ invoices-run (flow invoices)\n\n1 test: 1 passed, 0 failed\n');
  assert.ok((await new Promise<number>((resolve) => server.getConnections((_, count) => resolve(count)))) <= before);
});

test('--record refuses a remote engine, whose runs make their own calls', async () => {
  const remote = await writeProject({ ...projectFiles(), 'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: recorded }\nspec:\n  engine: { url: "http://127.0.0.1:9" }\n' });
  try {
    const result = await runWeft(['run', 'invoices', remote, '--record', path.join(remote, 'tests', 'rec')], { env: { ...env, WEFT_ENGINE_TOKEN: 'an admin token' } });
    assert.is(result.code, 1);
    assert.match(result.stderr, /--record needs the embedded engine/, result.stderr);
  } finally {
    await removeProject(remote);
  }
});

test.run();
