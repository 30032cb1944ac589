import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pages, nextLink, type Pagination } from '../src/runtime/paginate.js';
import { buildRequest, type HttpConnectorSpec } from '../src/runtime/endpoint-request.js';
import { httpCall, type CallPolicy } from '../src/runtime/http-call.js';
import { InstanceClient } from '../src/runtime/instance-clients.js';

/** Requests built from connector templates, and every pagination type, against a real local API. */
const test = suite('paginate');

const all = Array.from({ length: 5 }, (_, index) => ({ id: index + 1 }));
let server: Server;
let base = '';
let hits: string[] = [];

test.before(async () => {
  server = createServer((request, response) => {
    hits.push(request.url!);
    const url = new URL(request.url!, 'http://local');
    const json = (body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(200, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    const number = (name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
    switch (url.pathname) {
      case '/page': {
        const size = number('per_page', 2);
        const page = number('page', 1);
        return json({ items: all.slice((page - 1) * size, page * size) });
      }
      case '/offset':
        return json(all.slice(number('offset', 0), number('offset', 0) + number('limit', 2)));
      case '/cursor': {
        const at = number('cursor', 0);
        return json({ data: all.slice(at, at + 2), meta: { next: at + 2 < all.length ? String(at + 2) : null } });
      }
      case '/loop':
        return json({ data: [{ id: 1 }], meta: { next: 'same' } });
      // Two pages that point at each other (A -> B -> A). After 10 requests they stop pointing
      // on, so code that misses the loop fails its test instead of hanging it.
      case '/cursor-cycle': {
        const stop = hits.length >= 10;
        return json({ data: [{ id: hits.length }], meta: { next: stop ? null : url.searchParams.get('cursor') === 'b' ? 'a' : 'b' } });
      }
      case '/link-cycle': {
        const stop = hits.length >= 10;
        return json([{ id: hits.length }], stop ? {} : { link: url.searchParams.get('p') === 'b' ? '</link-cycle>; rel="next"' : '</link-cycle?p=b>; rel="next"' });
      }
      case '/link': {
        const page = number('p', 1);
        const next = page < 3 ? { link: `<https://elsewhere.invalid/ignored>; rel="prev", </link?p=${page + 1}>; rel="next"` } : undefined;
        return json(all.slice((page - 1) * 2, page * 2), next);
      }
      case '/to': {
        const next = url.searchParams.get('next');
        return json([{ id: 'to' }], next ? { link: `<${next}>; rel="next"` } : {});
      }
      case '/broken':
        response.writeHead(500);
        return response.end('database on fire');
      case '/not-a-list':
        return json({ items: { id: 1 } });
      default:
        response.writeHead(404);
        response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
test.before.each(() => {
  hits = [];
});

const policy: CallPolicy = { timeoutMs: 2000, maxResponseBytes: 1 << 20, retry: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0, on: [] } };

async function collect(path: string, pagination: Pagination, records?: string): Promise<unknown[][]> {
  const got: unknown[][] = [];
  for await (const page of pages({ method: 'GET', url: `${base}${path}`, headers: {} }, pagination, records, policy)) got.push(page);
  return got;
}

test('page: numbered pages until a short (or empty) one', async () => {
  assert.equal(await collect('/page', { type: 'page', param: 'page', sizeParam: 'per_page', size: 2, start: 1 }, 'items'), [all.slice(0, 2), all.slice(2, 4), all.slice(4)]);
  assert.equal(hits, ['/page?page=1&per_page=2', '/page?page=2&per_page=2', '/page?page=3&per_page=2']);
  hits = [];
  // Without a size, until an empty page.
  assert.equal((await collect('/page', { type: 'page' }, 'items')).flat(), all);
  assert.is(hits.length, 4);
});

test('offset: offset advances by the records received; a short page ends', async () => {
  assert.equal((await collect('/offset', { type: 'offset', limit: 2 })).flat(), all);
  assert.equal(hits, ['/offset?offset=0&limit=2', '/offset?offset=2&limit=2', '/offset?offset=4&limit=2']);
});

test('cursor: the next cursor from the body, until it is absent; a loop is an error', async () => {
  assert.equal((await collect('/cursor', { type: 'cursor', param: 'cursor', cursorPath: 'meta.next' }, 'data')).flat(), all);
  assert.equal(hits, ['/cursor', '/cursor?cursor=2', '/cursor?cursor=4']);
  try {
    await collect('/loop', { type: 'cursor', param: 'cursor', cursorPath: 'meta.next' }, 'data');
    assert.unreachable('a looping cursor must fail');
  } catch (error) {
    assert.match((error as Error).message, /the next page is one already fetched/);
  }
});

test('a cursor that comes back after another page is a loop, not a receive without end', async () => {
  const got: unknown[][] = [];
  try {
    for await (const page of pages({ method: 'GET', url: `${base}/cursor-cycle`, headers: {} }, { type: 'cursor', param: 'cursor', cursorPath: 'meta.next' }, 'data', policy)) got.push(page);
    assert.unreachable('cursors b -> a -> b must fail');
  } catch (error) {
    assert.match((error as Error).message, /^http:\/\/127\.0\.0\.1:\d+\/cursor-cycle\?…: the next page is one already fetched; the server's pagination loops$/);
  }
  // Each page once, and the records before the loop were delivered.
  assert.equal(hits, ['/cursor-cycle', '/cursor-cycle?cursor=b', '/cursor-cycle?cursor=a']);
  assert.equal(got, [[{ id: 1 }], [{ id: 2 }], [{ id: 3 }]]);
});

test('a Link rel="next" back to an earlier page is a loop, not a receive without end', async () => {
  try {
    await collect('/link-cycle', { type: 'link-header' });
    assert.unreachable('pages A -> B -> A must fail');
  } catch (error) {
    assert.match((error as Error).message, /^http:\/\/127\.0\.0\.1:\d+\/link-cycle: the next page is one already fetched; the server's pagination loops$/);
  }
  assert.equal(hits, ['/link-cycle', '/link-cycle?p=b']);
});

test('link-header: rel="next" followed (relative to the page), other relations ignored', async () => {
  assert.equal((await collect('/link', { type: 'link-header' })).flat(), all);
  assert.equal(hits, ['/link', '/link?p=2', '/link?p=3']);
  assert.is(nextLink('<https://api.example.com/o?page_info=abc>; rel=next', 'https://api.example.com/o'), 'https://api.example.com/o?page_info=abc');
  assert.is(nextLink('<https://a.example/1>; rel="previous"', 'https://a.example/'), undefined);
  assert.is(nextLink(undefined, 'https://a.example/'), undefined);
});

test('pages are fetched as they are consumed: one page in hand at a time', async () => {
  const iterator = pages({ method: 'GET', url: `${base}/cursor`, headers: {} }, { type: 'cursor', param: 'cursor', cursorPath: 'meta.next' }, 'data', policy);
  await iterator.next();
  assert.is(hits.length, 1);
  await iterator.next();
  assert.is(hits.length, 2);
  await iterator.return(undefined);
  assert.is(hits.length, 2);
});

test('a page outside 2xx, a body that is not JSON or records that are not a list end the receive with an error', async () => {
  for (const [path, records, message] of [
    ['/broken', undefined, /answered 500: database on fire/],
    ['/not-a-list', 'items', /'items' is not an array of records/],
  ] as const) {
    try {
      await collect(path, { type: 'none' }, records);
      assert.unreachable(`${path} must fail`);
    } catch (error) {
      assert.match((error as Error).message, message);
    }
  }
});

const connector: HttpConnectorSpec = {
  http: { baseUrl: 'https://{{settings.shop}}.example.com/api/', headers: { Accept: 'application/json', 'X-Shop': '{{settings.shop}}' } },
  auth: {
    basic: { type: 'basic', username: '{{settings.user}}', password: '{{credentials.password}}' },
    bearer: { type: 'bearer', token: '{{credentials.token}}' },
    header: { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: '{{credentials.key}}' },
    query: { type: 'apiKey', in: 'query', name: 'api_key', value: '{{credentials.key}}' },
    oauth: { type: 'oauth2', grant: 'client_credentials' },
  },
  endpoints: {
    get: { path: '/orders/{{input.id}}', query: { since: '{{input.since}}', status: 'open', limit: 50 } },
    create: { method: 'POST', path: '/orders', headers: { 'Idempotency-Key': 'order-{{record.id}}' }, body: '{{record}}' },
    note: { method: 'POST', path: '/notes', body: 'order {{record.id}}: {{record.note}}' },
  },
};
const scope = { settings: { shop: 'uk', user: 'ops' }, credentials: { password: 'pw', token: 'tk', key: 'k1' }, input: { id: 'a/b c', since: '' }, record: { id: 7, note: 'rush', lines: [1, 2] } };

test('requests from templates: base URL and path (values URL-encoded), empty query left out, headers, JSON body', () => {
  const get = buildRequest(connector, 'get', scope);
  assert.is(get.url, 'https://uk.example.com/api/orders/a%2Fb%20c?status=open&limit=50');
  assert.equal(get.headers, { accept: 'application/json', 'x-shop': 'uk' });
  assert.is(get.method, 'GET');
  const create = buildRequest(connector, 'create', scope);
  assert.is(create.method, 'POST');
  assert.equal(JSON.parse(create.body!), scope.record);
  assert.is(create.headers['content-type'], 'application/json');
  assert.is(create.headers['idempotency-key'], 'order-7');
  assert.is(buildRequest(connector, 'note', scope).body, 'order 7: rush');
});

test('auth methods: basic, bearer, API key in a header or the query; unknown methods are errors', () => {
  assert.is(buildRequest(connector, 'get', scope, 'basic').headers.authorization, `Basic ${Buffer.from('ops:pw').toString('base64')}`);
  assert.is(buildRequest(connector, 'get', scope, 'bearer').headers.authorization, 'Bearer tk');
  assert.is(buildRequest(connector, 'get', scope, 'header').headers['x-api-key'], 'k1');
  assert.match(buildRequest(connector, 'get', scope, 'query').url, /[?&]api_key=k1$/);
  assert.throws(() => buildRequest(connector, 'get', scope, 'missing'), /no auth method 'missing'/);
  assert.throws(() => buildRequest(connector, 'get', scope, 'oauth'), /oauth2 needs a token client/);
  assert.throws(() => buildRequest(connector, 'nope', scope), /no endpoint 'nope'/);
});

test('a record value that is "." or ".." is encoded (%2E) and never moves the request path', async () => {
  const notes: HttpConnectorSpec = {
    http: { baseUrl: `${base}/api` },
    auth: { key: { type: 'apiKey', in: 'query', name: 'api_key', value: 'k1' } },
    endpoints: { note: { method: 'POST', path: '/items/{{record.id}}/notes', body: '{{record}}' }, list: { path: '/items/{{input.id}}/{{input.id}}', query: { q: '{{input.id}}' } } },
  };
  for (const [id, path] of [
    ['..', '/api/items/%2E%2E/notes'],
    ['.', '/api/items/%2E/notes'],
    ['...', '/api/items/%2E%2E%2E/notes'],
    ['a.b', '/api/items/a.b/notes'],
    ['%2E%2E', '/api/items/%252E%252E/notes'],
  ] as const) {
    hits = [];
    const request = buildRequest(notes, 'note', { record: { id } }, 'key');
    assert.is(request.url, `${base}${path}?api_key=k1`);
    await httpCall(request, policy);
    assert.equal(hits, [`${path}?api_key=k1`], `record id ${JSON.stringify(id)}`);
  }
  // Through pagination too: the query added to each page keeps the path as it was built.
  hits = [];
  const list = buildRequest(notes, 'list', { input: { id: '..' } });
  await pages(list, { type: 'page', size: 2 }, undefined, policy).next().catch(() => undefined);
  assert.equal(hits, ['/api/items/%2E%2E/%2E%2E?q=..&page=1']);
});

// A second server on another port: another origin. What it receives shows whether credentials leaked.
let other: Server;
let otherBase = '';
let otherHits: { url: string; headers: Record<string, string | string[] | undefined> }[] = [];
const credentialed: { url: string; headers: Record<string, string | string[] | undefined> }[] = [];

test.before(async () => {
  other = createServer((request, response) => {
    otherHits.push({ url: request.url!, headers: request.headers });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify([{ id: 'elsewhere' }]));
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  // The first server's /to route answers with a Link to the URL in its 'next' parameter.
  server.prependListener('request', (request) => {
    if (request.url!.startsWith('/to')) credentialed.push({ url: request.url!, headers: request.headers });
  });
});
test.after(async () => {
  other.closeAllConnections();
  await new Promise((resolve) => other.close(resolve));
});
test.before.each(() => {
  otherHits = [];
  credentialed.length = 0;
});

const withCredentials = { method: 'GET' as const, headers: { authorization: 'Bearer secret-token', 'x-api-key': 'secret-key' } };

async function followTo(next: string, pagination: Pagination, credentials = { headers: ['X-Api-Key'], query: ['api_key'] }): Promise<unknown[]> {
  const got: unknown[] = [];
  const first = { ...withCredentials, url: `${base}/to?api_key=secret-query&next=${encodeURIComponent(next)}` };
  for await (const page of pages(first, pagination, undefined, policy, undefined, credentials)) got.push(...page);
  return got;
}

test('a Link rel="next" to another origin is refused: that origin receives nothing', async () => {
  try {
    await followTo(`${otherBase}/steal?p=2`, { type: 'link-header' });
    assert.unreachable('a next page on another origin must fail');
  } catch (error) {
    assert.is(
      (error as Error).message,
      `the next page ${otherBase}/steal?… is on another origin than the request (${base}); refused: credentials are only sent to ${base} (list '${otherBase}' in the endpoint's pagination.allowedOrigins to fetch it without them)`,
    );
  }
  assert.equal(otherHits, []);
  assert.is(credentialed.length, 1);
});

test('a Link rel="next" that is not HTTP(S) is refused, whatever the origins allowed', async () => {
  // An ftp:// URL at the other server's port: before, it was sent there as HTTP with the credentials.
  const ftp = otherBase.replace(/^http:/, 'ftp:');
  try {
    await followTo(`${ftp}/pub?x=1`, { type: 'link-header', allowedOrigins: [otherBase, ftp] });
    assert.unreachable('an ftp next page must fail');
  } catch (error) {
    assert.is((error as Error).message, `the next page ${ftp}/pub?… is not an HTTP(S) URL; refused`);
  }
  assert.equal(otherHits, []);
});

test('a Link rel="next" on the same origin is followed with the credentials', async () => {
  const got = await followTo(`${base}/to?api_key=secret-query&next=`, { type: 'link-header' });
  assert.equal(got, [{ id: 'to' }, { id: 'to' }]);
  assert.is(credentialed.length, 2);
  assert.is(credentialed[1]!.headers.authorization, 'Bearer secret-token');
  assert.is(credentialed[1]!.headers['x-api-key'], 'secret-key');
});

test('an allowed other origin is fetched without Authorization, API key header or API key query parameter', async () => {
  const got = await followTo(`${otherBase}/public?api_key=secret-query&page=2`, { type: 'link-header', allowedOrigins: [otherBase] });
  assert.equal(got, [{ id: 'to' }, { id: 'elsewhere' }]);
  assert.is(otherHits.length, 1);
  assert.is(otherHits[0]!.url, '/public?page=2');
  assert.is(otherHits[0]!.headers.authorization, undefined);
  assert.is(otherHits[0]!.headers['x-api-key'], undefined);
  assert.not.match(JSON.stringify(otherHits), /secret/);
  // The first page had them.
  assert.is(credentialed[0]!.headers.authorization, 'Bearer secret-token');
});

test('an instance client names its apiKey and credential-reading headers for stripping', () => {
  const connector = {
    kind: 'Connector',
    name: 'c',
    spec: {
      http: { baseUrl: base, headers: { 'X-Tenant': '{{settings.tenant}}', 'X-Secret': '{{credentials.other}}', 'X-Env': '${env:SOME_TOKEN}' } },
      auth: { key: { type: 'apiKey', in: 'query', name: 'api_key', value: '{{credentials.key}}' } },
      endpoints: {},
    },
  };
  const instance = { kind: 'Instance', name: 'i', spec: { connector: 'c', auth: 'key', settings: { tenant: 't' }, credentials: { key: 'k', other: 'o' } } };
  const client = new InstanceClient(instance as never, connector as never, (value) => JSON.parse(JSON.stringify(value).replace('${env:SOME_TOKEN}', 'resolved')));
  assert.equal(client.credentialNames, { headers: ['x-secret', 'x-env'], query: ['api_key'] });
});

test.run();
