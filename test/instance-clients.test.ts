import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, BundleResource } from '../src/compile/compile-bundle.js';
import { applyDefaults } from '../src/compile/apply-defaults.js';
import type { Placeholder } from '../src/lex/placeholders.js';
import { AmqpLinks } from '../src/runtime/amqp.js';
import { HttpCallError } from '../src/runtime/http-call.js';
import { brokerUrlOf, InstanceClients, resolvePlaceholders, UnresolvedPlaceholderError, type RunFields } from '../src/runtime/instance-clients.js';
import { bundleRedactor } from '../src/runtime/redact-secrets.js';

/**
 * The instance clients of a flow against APIs simulated on 127.0.0.1: which instance and
 * connector a name resolves to, placeholders, auth (bearer, API keys, OAuth2 with a token that
 * is revoked early), what counts as success, idempotency keys, retries, rate limit and the
 * defaults of a connector that sets no policy.
 */
const test = suite('instance-clients');

interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Answer = { status: number; headers?: Record<string, string>; body?: string };

let api: Server;
let other: Server;
let port = 0;
let otherPort = 0;
let hits: Hit[] = [];
let otherHits: Hit[] = [];
let answer: (hit: Hit) => Answer | Promise<Answer> = () => ({ status: 200, body: '{"items":[]}' });
let otherAnswer: (hit: Hit) => Answer = () => ({ status: 200, body: '[]' });

function simulator(record: (hit: Hit) => void, respond: () => (hit: Hit) => Answer | Promise<Answer>): Server {
  return createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', async () => {
      const hit = { method: request.method!, url: request.url!, headers: request.headers, body };
      record(hit);
      const { status, headers, body: text } = await respond()(hit);
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(text ?? '');
    });
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

test.before(async () => {
  api = simulator((hit) => hits.push(hit), () => answer);
  other = simulator((hit) => otherHits.push(hit), () => otherAnswer);
  [port, otherPort] = await Promise.all([listen(api), listen(other)]);
});

test.after(async () => {
  for (const server of [api, other]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test.before.each(() => {
  hits = [];
  otherHits = [];
  answer = () => ({ status: 200, body: '{"items":[]}' });
  otherAnswer = () => ({ status: 200, body: '[]' });
});

const run: RunFields = { id: 'run-7', startedAt: '2026-01-02T03:04:05.000Z' };
const fastRetry = { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5, on: [429, 503] };

/** A bundle as compile writes it (resource hashes left empty: nothing here reads them). */
function bundleOf(...resources: { kind: BundleResource['kind']; name: string; spec: Record<string, unknown> }[]): Bundle {
  return { apiVersion: 'weft/v1', kind: 'Bundle', project: 'test', resources: resources.map((resource) => ({ ...resource, metadata: { name: resource.name }, sha256: '' })), sha256: '' };
}

function connector(name: string, spec: Record<string, unknown>): { kind: 'Connector'; name: string; spec: Record<string, unknown> } {
  return { kind: 'Connector', name, spec: { type: 'http', version: '1.0.0', ...spec } };
}

function instance(name: string, spec: Record<string, unknown>): { kind: 'Instance'; name: string; spec: Record<string, unknown> } {
  return { kind: 'Instance', name, spec };
}

const values: Record<string, string> = { 'secret:api/token': 'tok-3f9a1c77', 'secret:broker/password': 'rabbit-pw-1' };
const resolve = (placeholder: Placeholder) => values[`${placeholder.source}:${placeholder.name}`];

function clientsOf(bundle: Bundle): InstanceClients {
  return new InstanceClients({ bundle, resolve, redactor: bundleRedactor(bundle, resolve) });
}

async function collect(pages: AsyncIterable<unknown[]>): Promise<unknown[][]> {
  const all: unknown[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

/** An API whose endpoints the tests call: records under `items`, orders by POST. */
function shop(http: Record<string, unknown> = {}, endpoints: Record<string, unknown> = {}) {
  return connector('shop', {
    http: { baseUrl: 'http://127.0.0.1:{{settings.port}}/v1', retry: fastRetry, ...http },
    auth: { open: { type: 'none' }, token: { type: 'bearer', token: '{{credentials.token}}' } },
    endpoints: {
      listItems: { method: 'GET', path: '/items', query: { since: '{{input.since}}' }, records: 'items' },
      createOrder: { method: 'POST', path: '/orders', body: { order: '{{record}}', options: '{{input}}' } },
      upsertOrder: { method: 'POST', path: '/orders/upsert', body: '{{record}}', idempotent: true, idempotencyKeyHeader: 'X-Request-Id' },
      ...endpoints,
    },
  });
}

const shopInstance = (spec: Record<string, unknown> = {}) => instance('store', { connector: 'shop', settings: { port }, credentials: { token: '${secret:api/token}' }, auth: 'token', ...spec });

test('resolvePlaceholders resolves every string of a value, inside longer strings too, and leaves other values as they are', () => {
  const value = {
    url: 'http://127.0.0.1:${env:API_PORT:-8080}/x',
    list: ['${secret:api/token}', 'plain text', 3, true, null],
    count: 5,
    nested: { header: 'Bearer ${secret:api/token}!' },
    literal: 'costs $${price}',
  };
  assert.equal(resolvePlaceholders(value, resolve, 'store'), {
    url: 'http://127.0.0.1:8080/x',
    list: ['tok-3f9a1c77', 'plain text', 3, true, null],
    count: 5,
    nested: { header: 'Bearer tok-3f9a1c77!' },
    literal: 'costs ${price}',
  });
  assert.is(resolvePlaceholders('no placeholder', () => 'x', 'store'), 'no placeholder');
});

test('a placeholder the engine cannot resolve is an error naming the instance, the placeholder and how to provide it', () => {
  const failure = (text: string) => {
    try {
      resolvePlaceholders({ deep: [text] }, () => undefined, 'store');
    } catch (error) {
      assert.instance(error, UnresolvedPlaceholderError);
      assert.is((error as UnresolvedPlaceholderError).instance, 'store');
      return (error as Error).message;
    }
    assert.unreachable('resolved');
  };
  assert.is(failure('${secret:api/token}'), "instance 'store': ${secret:api/token} does not resolve in the engine; store it with: weft secret set api/token");
  assert.is(failure('x-${env:SHOP_URL}'), "instance 'store': ${env:SHOP_URL} does not resolve in the engine; set SHOP_URL in the engine's environment");
  assert.is(failure('${env:WEFT_ENGINE_TOKEN}'), "instance 'store': ${env:WEFT_ENGINE_TOKEN} does not resolve in the engine; WEFT_ENGINE_TOKEN is the engine's own variable, never given to flows");
  // A bundle not compiled by weft may still hold a project variable: the engine never reads its environment for it.
  assert.is(failure('${var:shopDomain}'), "instance 'store': ${var:shopDomain} does not resolve in the engine; project variables resolve when weft compiles the project, so a compiled bundle holds none");
});

test("an event instance's broker URL is its credentials.url resolved; a missing or empty one is an error", () => {
  const bundle = bundleOf(
    connector('bus', { type: 'event' }),
    instance('bus', { connector: 'bus', credentials: { url: 'amqp://weft:${secret:broker/password}@127.0.0.1:5672/' } }),
    instance('empty', { connector: 'bus', credentials: { url: '' } }),
    instance('none', { connector: 'bus' }),
    instance('number', { connector: 'bus', credentials: { url: 5672 } }),
  );
  assert.is(brokerUrlOf(bundle, 'bus', resolve), 'amqp://weft:rabbit-pw-1@127.0.0.1:5672/');
  for (const name of ['empty', 'none', 'number']) {
    assert.throws(() => brokerUrlOf(bundle, name, resolve), (error: Error) => error.message === `instance '${name}': credentials.url (the broker's AMQP URL) is not set`);
  }
  assert.throws(() => brokerUrlOf(bundle, 'nope', resolve), (error: Error) => error.message === "the bundle has no instance 'nope'");
});

test('a flow keeps one publisher per event instance, from the shared broker registry, which closing the clients leaves open', async () => {
  const bundle = bundleOf(connector('bus', { type: 'event' }), instance('bus', { connector: 'bus', credentials: { url: 'amqp://weft:${secret:broker/password}@127.0.0.1:1/' } }));
  const links = new AmqpLinks();
  const clients = new InstanceClients({ bundle, resolve, links });
  const publisher = clients.publisher('bus');
  assert.is(clients.publisher('bus'), publisher);
  assert.is(links.publisher('amqp://weft:rabbit-pw-1@127.0.0.1:1/'), publisher);
  await clients.close();
  // Still the registry's publisher: the engine's consumers share its connections.
  assert.is(links.publisher('amqp://weft:rabbit-pw-1@127.0.0.1:1/'), publisher);
  const own = new InstanceClients({ bundle, resolve });
  assert.is.not(own.publisher('bus'), publisher);
  await own.close();
  await links.close();
});

test('a name resolves to that instance and the connector it names, not to a resource of another kind or name', async () => {
  // An instance named like a connector, and connectors in an order where the first is not the right one.
  const bundle = bundleOf(
    connector('alpha', { http: { baseUrl: `http://127.0.0.1:${port}/alpha`, retry: fastRetry }, endpoints: { list: { path: '/things', records: 'items' } } }),
    connector('beta', { http: { baseUrl: `http://127.0.0.1:${port}/beta`, retry: fastRetry }, endpoints: { list: { path: '/things', records: 'items' } } }),
    instance('alpha', { connector: 'beta', settings: {} }),
    instance('gamma', { connector: 'alpha', settings: {} }),
    instance('orphan', { connector: 'missing' }),
  );
  const clients = clientsOf(bundle);
  await collect(clients.receive({ instance: 'alpha', endpoint: 'list' }, run));
  await collect(clients.receive({ instance: 'gamma', endpoint: 'list' }, run));
  assert.equal(
    hits.map((hit) => hit.url),
    ['/beta/things', '/alpha/things'],
  );
  assert.is(clients.get('gamma'), clients.get('gamma'));
  assert.throws(() => clients.get('nope'), (error: Error) => error.message === "the bundle has no instance 'nope'");
  assert.throws(() => clients.get('orphan'), (error: Error) => error.message === "instance 'orphan': its connector is not in the bundle");
  assert.throws(() => clients.receive({ instance: 'gamma', endpoint: 'nope' }, run), (error: Error) => error.message === "instance 'gamma' has no endpoint 'nope'");
});

test("a receive renders its input from the run, uses the instance's auth method, and reads one page when the endpoint has no pagination", async () => {
  answer = () => ({ status: 200, body: JSON.stringify({ items: [{ id: 1 }, { id: 2 }] }), headers: { link: `<http://127.0.0.1:${port}/v1/items?page=2>; rel="next"` } });
  const clients = clientsOf(bundleOf(shop(), shopInstance()));
  const pages = await collect(clients.receive({ instance: 'store', endpoint: 'listItems', input: { since: '{{run.startedAt}}' } }, run));
  assert.equal(pages, [[{ id: 1 }, { id: 2 }]]);
  assert.equal(
    hits.map((hit) => [hit.url, hit.headers.authorization]),
    [[`/v1/items?since=${encodeURIComponent(run.startedAt)}`, 'Bearer tok-3f9a1c77']],
  );
  // Without input, none: the query parameter that renders empty is left out.
  hits = [];
  await collect(clients.receive({ instance: 'store', endpoint: 'listItems' }, run));
  assert.is(hits[0]!.url, '/v1/items');
  // The connector's first method unless the instance picks another: 'open' sends no Authorization.
  hits = [];
  await collect(clientsOf(bundleOf(shop(), shopInstance({ auth: 'open' }))).receive({ instance: 'store', endpoint: 'listItems' }, run));
  assert.is(hits[0]!.headers.authorization, undefined);
});

test("placeholders in the connector's auth methods and HTTP block resolve too", async () => {
  const store = shop({ baseUrl: 'http://127.0.0.1:${env:API_PORT:-' + port + '}/v1' });
  (store.spec.auth as Record<string, unknown>).token = { type: 'bearer', token: 'k-${secret:api/token}' };
  await collect(clientsOf(bundleOf(store, shopInstance())).receive({ instance: 'store', endpoint: 'listItems' }, run));
  assert.is(hits[0]!.headers.authorization, 'Bearer k-tok-3f9a1c77');
});

test('an answer in 2xx is the data, kept as it is even when it holds a secret; outside 2xx its body is redacted in the error', async () => {
  const echo = (status: number) => () => ({ status, body: JSON.stringify({ items: [{ echoed: 'tok-3f9a1c77' }] }) });
  const clients = clientsOf(bundleOf(shop(), shopInstance()));
  for (const status of [200, 299]) {
    answer = echo(status);
    assert.equal(await collect(clients.receive({ instance: 'store', endpoint: 'listItems' }, run)), [[{ echoed: 'tok-3f9a1c77' }]], `status ${status}`);
  }
  answer = echo(300);
  try {
    await collect(clients.receive({ instance: 'store', endpoint: 'listItems' }, run));
    assert.unreachable('a 300 was taken as success');
  } catch (error) {
    assert.instance(error, HttpCallError);
    assert.is((error as Error).message, `GET http://127.0.0.1:${port}/v1/items answered 300: {"items":[{"echoed":"[redacted]"}]}`);
  }
});

test('a send succeeds on 200 to 299 and fails on 300 and above, naming the request and status without the secret the API echoed', async () => {
  const clients = clientsOf(bundleOf(shop(), shopInstance()));
  for (const status of [200, 201, 299]) {
    answer = () => ({ status, body: '{}' });
    await clients.get('store').send({ instance: 'store', endpoint: 'createOrder' }, { id: 1 }, run, 'key-1');
  }
  for (const status of [300, 400]) {
    answer = (hit) => ({ status, body: JSON.stringify({ error: 'refused', authorization: hit.headers.authorization }) });
    try {
      await clients.get('store').send({ instance: 'store', endpoint: 'createOrder' }, { id: 1 }, run, 'key-1');
      assert.unreachable(`status ${status} was taken as success`);
    } catch (error) {
      assert.instance(error, HttpCallError);
      assert.is((error as HttpCallError).status, status);
      assert.is((error as Error).message, `POST http://127.0.0.1:${port}/v1/orders answered ${status}: {"error":"refused","authorization":"Bearer [redacted]"}`);
    }
  }
});

test("a send renders its input per record, gives an endpoint that reads it {} when the step has none, and carries the idempotency key in the endpoint's header", async () => {
  answer = () => ({ status: 201, body: '{}' });
  const clients = clientsOf(bundleOf(shop(), shopInstance()));
  await clients.get('store').send({ instance: 'store', endpoint: 'createOrder', input: { channel: 'web', ref: '{{record.id}}-{{run.id}}' } }, { id: 41 }, run, 'key-a');
  await clients.get('store').send({ instance: 'store', endpoint: 'createOrder' }, { id: 42 }, run, 'key-b');
  await clients.get('store').send({ instance: 'store', endpoint: 'upsertOrder' }, { id: 43 }, run, 'key-c');
  assert.equal(
    hits.map((hit) => [hit.url, JSON.parse(hit.body), hit.headers['idempotency-key'], hit.headers['x-request-id']]),
    [
      ['/v1/orders', { order: { id: 41 }, options: { channel: 'web', ref: '41-run-7' } }, 'key-a', undefined],
      ['/v1/orders', { order: { id: 42 }, options: {} }, 'key-b', undefined],
      ['/v1/orders/upsert', { id: 43 }, undefined, 'key-c'],
    ],
  );
  assert.is(clients.get('store').idempotencyKeyHeader('upsertOrder'), 'x-request-id');
  assert.is(clients.get('store').idempotencyKeyHeader('createOrder'), 'idempotency-key');
});

test('a POST is retried on a retry status only when its endpoint is idempotent', async () => {
  let calls = 0;
  answer = () => (++calls === 1 ? { status: 503, body: 'busy' } : { status: 201, body: '{}' });
  const clients = clientsOf(bundleOf(shop(), shopInstance()));
  await clients.get('store').send({ instance: 'store', endpoint: 'upsertOrder' }, { id: 1 }, run, 'key-1');
  assert.is(hits.length, 2);
  calls = 0;
  hits = [];
  try {
    await clients.get('store').send({ instance: 'store', endpoint: 'createOrder' }, { id: 1 }, run, 'key-1');
    assert.unreachable('a 503 was taken as success');
  } catch (error) {
    assert.is((error as HttpCallError).status, 503);
    assert.is((error as HttpCallError).attempts, 1);
  }
  assert.is(hits.length, 1);
});

test("a connector that sets no policy gets the schema's defaults: 30 s, 10 MiB, 3 attempts from 500 ms up to 30 s on 429 and 5xx", () => {
  const bare = connector('shop', { http: { baseUrl: 'http://127.0.0.1:1' }, endpoints: { list: { path: '/' }, put: { method: 'PUT', path: '/', idempotent: true } } });
  const policy = clientsOf(bundleOf(bare, instance('store', { connector: 'shop' }))).get('store').policy('list');
  const expected = { timeoutMs: 30_000, maxResponseBytes: 10 * 1024 * 1024, retry: { maxAttempts: 3, initialDelayMs: 500, maxDelayMs: 30_000, on: [429, 500, 502, 503, 504] } };
  assert.equal({ timeoutMs: policy.timeoutMs, maxResponseBytes: policy.maxResponseBytes, retry: policy.retry }, expected);
  assert.is(policy.retryUnsafe, false);
  assert.is(policy.acquire, undefined);
  // The runtime's fallbacks are the connector schema's defaults: a compiled connector has the same policy.
  const compiled = applyDefaults({ apiVersion: 'weft/v1', kind: 'Connector', metadata: { name: 'shop' }, spec: bare.spec }, 'Connector') as { spec: { http: Record<string, unknown> } };
  assert.equal({ timeoutMs: compiled.spec.http.timeoutMs, maxResponseBytes: compiled.spec.http.maxResponseBytes, retry: compiled.spec.http.retry }, expected);
  // What a connector sets is kept.
  const set = { timeoutMs: 1234, maxResponseBytes: 2048, retry: fastRetry };
  const custom = clientsOf(bundleOf(connector('shop', { ...bare.spec, http: { ...(bare.spec.http as object), ...set } }), instance('store', { connector: 'shop' }))).get('store');
  const customPolicy = custom.policy('put');
  assert.equal({ timeoutMs: customPolicy.timeoutMs, maxResponseBytes: customPolicy.maxResponseBytes, retry: customPolicy.retry }, set);
  assert.is(customPolicy.retryUnsafe, true);
});

test("an instance's rate limit spaces its requests", async () => {
  answer = () => ({ status: 201, body: '{}' });
  const clients = clientsOf(bundleOf(shop({ rateLimit: { requestsPerSecond: 20, burst: 1 } }), shopInstance()));
  const started = performance.now();
  await Promise.all([1, 2, 3, 4, 5].map((id) => clients.get('store').send({ instance: 'store', endpoint: 'createOrder' }, { id }, run, `key-${id}`)));
  // 1 at once, then one every 50 ms: at least 200 ms (less a timer's slack).
  assert.ok(performance.now() - started >= 180, `5 requests at 20/s took ${Math.round(performance.now() - started)} ms`);
  assert.is(hits.length, 5);
});

/** An API behind OAuth2: tokens numbered as issued; a token is refused once revoked. */
function oauthApi(options: { revokeAfter?: number } = {}) {
  let issued = 0;
  const revoked = new Set<string>();
  const tokenRequests: { authorization?: string; form: URLSearchParams }[] = [];
  let apiCalls = 0;
  answer = (hit) => {
    if (hit.url === '/oauth/token') {
      tokenRequests.push({ authorization: hit.headers.authorization, form: new URLSearchParams(hit.body) });
      return { status: 200, body: JSON.stringify({ access_token: `access-${++issued}`, expires_in: 3600 }) };
    }
    apiCalls++;
    const token = hit.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!token.startsWith('access-') || revoked.has(token)) return { status: 401, body: '{"error":"invalid_token"}' };
    if (options.revokeAfter !== undefined && apiCalls === options.revokeAfter) revoked.add(token);
    if (hit.url.startsWith('/v1/echo')) return { status: 422, body: JSON.stringify({ error: 'bad', authorization: hit.headers.authorization }) };
    return { status: 200, body: JSON.stringify({ items: [{ token }] }) };
  };
  return { tokenRequests, calls: () => apiCalls };
}

function oauthShop(method: Record<string, unknown>) {
  const store = shop({}, { echo: { method: 'POST', path: '/echo', body: '{{record}}' } });
  store.spec.auth = { oauth: { type: 'oauth2', tokenUrl: 'http://127.0.0.1:{{settings.port}}/oauth/token', clientId: '{{credentials.clientId}}', ...method } };
  return bundleOf(store, shopInstance({ auth: 'oauth', credentials: { clientId: 'weft-client', clientSecret: 'client-s3cret', refreshToken: 'refresh-0001' } }));
}

test('OAuth2: one token for many requests; a token the API revokes early is dropped and the request made once more with a new one', async () => {
  const server = oauthApi({ revokeAfter: 2 });
  const clients = clientsOf(oauthShop({ grant: 'client_credentials', clientSecret: '{{credentials.clientSecret}}', scopes: ['orders.read', 'orders.write'] }));
  const tokens: unknown[] = [];
  for (let page = 0; page < 3; page++) tokens.push(...(await collect(clients.receive({ instance: 'store', endpoint: 'listItems' }, run))).flat());
  assert.equal(tokens, [{ token: 'access-1' }, { token: 'access-1' }, { token: 'access-2' }]);
  // The third request went out with the revoked token, was refused, and was made again: 4 calls.
  assert.is(server.calls(), 4);
  assert.is(server.tokenRequests.length, 2);
  assert.is(server.tokenRequests[0]!.authorization, `Basic ${Buffer.from('weft-client:client-s3cret').toString('base64')}`);
  assert.equal([...server.tokenRequests[0]!.form], [
    ['grant_type', 'client_credentials'],
    ['scope', 'orders.read orders.write'],
  ]);
});

test('OAuth2 refresh_token grant: the refresh token goes in the form, and a client without a secret sends an empty one', async () => {
  const server = oauthApi();
  const clients = clientsOf(oauthShop({ grant: 'refresh_token', refreshToken: '{{credentials.refreshToken}}' }));
  assert.equal(await collect(clients.receive({ instance: 'store', endpoint: 'listItems' }, run)), [[{ token: 'access-1' }]]);
  assert.is(server.tokenRequests[0]!.authorization, `Basic ${Buffer.from('weft-client:').toString('base64')}`);
  assert.equal([...server.tokenRequests[0]!.form], [
    ['grant_type', 'refresh_token'],
    ['refresh_token', 'refresh-0001'],
  ]);
});

test('OAuth2: an API that keeps refusing gets the request twice, then its 401 is the answer; an access token it echoes is redacted', async () => {
  const server = oauthApi();
  const clients = clientsOf(oauthShop({ grant: 'client_credentials', clientSecret: '{{credentials.clientSecret}}' }));
  try {
    await clients.get('store').send({ instance: 'store', endpoint: 'echo' }, { id: 1 }, run, 'key-1');
    assert.unreachable('a 422 was taken as success');
  } catch (error) {
    assert.is((error as Error).message, `POST http://127.0.0.1:${port}/v1/echo answered 422: {"error":"bad","authorization":"Bearer [redacted]"}`);
  }
  assert.is(server.calls(), 1);
  answer = (hit) => (hit.url === '/oauth/token' ? { status: 200, body: JSON.stringify({ access_token: 'not-accepted-token', expires_in: 3600 }) } : { status: 401, body: '{}' });
  hits = [];
  const refusing = clientsOf(oauthShop({ grant: 'client_credentials', clientSecret: '{{credentials.clientSecret}}' }));
  try {
    await refusing.get('store').send({ instance: 'store', endpoint: 'createOrder' }, { id: 1 }, run, 'key-1');
    assert.unreachable('a 401 was taken as success');
  } catch (error) {
    assert.is((error as HttpCallError).status, 401);
  }
  assert.equal(
    hits.map((hit) => hit.url),
    ['/oauth/token', '/v1/orders', '/oauth/token', '/v1/orders'],
  );
});

test("a next page on another allowed origin goes without the instance's credentials: API key header, credential headers, API key query parameter", async () => {
  const linked = (page: string) => ({
    status: 200,
    body: JSON.stringify({ items: [{ page: 1 }] }),
    headers: { link: `<http://127.0.0.1:${otherPort}/v1/items?${page}>; rel="next"` },
  });
  otherAnswer = () => ({ status: 200, body: JSON.stringify({ items: [{ page: 2 }] }) });
  const store = (auth: Record<string, unknown>) => {
    const paged = shop(
      { headers: { 'X-Tenant': '{{credentials.tenant}}', 'X-Client': 'weft', 'X-Deploy': '${env:API_PORT:-prod}' } },
      { listItems: { path: '/items', records: 'items', query: { keep: 'yes' }, pagination: { type: 'link-header', allowedOrigins: [`http://127.0.0.1:${otherPort}`] } } },
    );
    paged.spec.auth = { key: auth };
    return paged;
  };
  const credentials = { tenant: 'tenant-42', key: 'key-9d8e7f' };

  answer = () => linked('keep=yes&X-Api-Key=key-9d8e7f');
  let clients = clientsOf(bundleOf(store({ type: 'apiKey', in: 'header', name: 'X-Api-Key', value: '{{credentials.key}}' }), shopInstance({ auth: 'key', credentials })));
  assert.equal(await collect(clients.receive({ instance: 'store', endpoint: 'listItems' }, run)), [[{ page: 1 }], [{ page: 2 }]]);
  assert.is(hits[0]!.headers['x-api-key'], 'key-9d8e7f');
  assert.is(hits[0]!.headers['x-tenant'], 'tenant-42');
  const second = otherHits[0]!;
  assert.equal([second.headers['x-api-key'], second.headers['x-tenant'], second.headers['x-deploy'], second.headers['x-client']], [undefined, undefined, undefined, 'weft']);
  // A query parameter of the same name as a header key is not a credential here.
  assert.is(second.url, '/v1/items?keep=yes&X-Api-Key=key-9d8e7f');

  hits = [];
  otherHits = [];
  answer = () => linked('keep=yes&apiKey=key-9d8e7f');
  clients = clientsOf(bundleOf(store({ type: 'apiKey', in: 'query', name: 'apiKey', value: '{{credentials.key}}' }), shopInstance({ auth: 'key', credentials })));
  assert.equal(await collect(clients.receive({ instance: 'store', endpoint: 'listItems' }, run)), [[{ page: 1 }], [{ page: 2 }]]);
  assert.is(hits[0]!.url, '/v1/items?keep=yes&apiKey=key-9d8e7f');
  assert.is(otherHits[0]!.url, '/v1/items?keep=yes');
  assert.is(otherHits[0]!.headers.apikey, undefined);
});

test("an endpoint's own fields resolve placeholders, and its credential headers and query parameters never go to another origin", async () => {
  answer = () => ({ status: 200, body: JSON.stringify({ items: [{ page: 1 }] }), headers: { link: `<http://127.0.0.1:${otherPort}/v1/more?region=eu&sig=tok-3f9a1c77>; rel="next"` } });
  otherAnswer = () => ({ status: 200, body: JSON.stringify({ items: [{ page: 2 }] }) });
  const api = shop(
    {},
    {
      listItems: {
        path: '/items',
        records: 'items',
        query: { region: '${env:REGION:-eu}', sig: '{{credentials.token}}' },
        headers: { 'X-Session': 'Session {{credentials.token}}', 'X-Shard': '${env:SHARD:-7}' },
        pagination: { type: 'link-header', allowedOrigins: [`http://127.0.0.1:${otherPort}`] },
      },
    },
  );
  const clients = clientsOf(bundleOf(api, shopInstance({ auth: 'open' })));
  assert.equal(await collect(clients.receive({ instance: 'store', endpoint: 'listItems' }, run)), [[{ page: 1 }], [{ page: 2 }]]);
  assert.is(hits[0]!.url, '/v1/items?region=eu&sig=tok-3f9a1c77');
  assert.equal([hits[0]!.headers['x-session'], hits[0]!.headers['x-shard']], ['Session tok-3f9a1c77', '7']);
  const elsewhere = otherHits[0]!;
  assert.is(elsewhere.headers['x-session'], undefined, "an endpoint's credential header stays with its origin");
  assert.is(elsewhere.headers['x-shard'], undefined, 'a header made of a placeholder counts as a credential');
  // Both query parameters read a credential or a placeholder (which may hold one): taken off the next link.
  assert.is(elsewhere.url, '/v1/more');
});

test.run();
