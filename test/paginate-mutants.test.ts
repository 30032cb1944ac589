import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pages, type Pagination } from '../src/runtime/paginate.js';
import type { CallPolicy } from '../src/runtime/http-call.js';

// Tests written for mutants of src/runtime/paginate.ts that test/paginate.test.ts let survive
// (npm run mutate): defaults, the limit's and the excerpt's edges, empty and zero-based pages,
// null on the records path, the edges of 2xx.
// A file of its own so that it does not collide with work on test/paginate.test.ts.
const test = suite('paginate: defaults and edges');

const all = Array.from({ length: 250 }, (_, index) => ({ id: index + 1 }));
let server: Server;
let base = '';
let hits: string[] = [];

test.before(async () => {
  server = createServer((request, response) => {
    hits.push(request.url!);
    const url = new URL(request.url!, 'http://local');
    const number = (name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    switch (url.pathname) {
      case '/offset': {
        const records = all.slice(0, number('total', all.length));
        return json(200, records.slice(number('offset', 0), number('offset', 0) + number('limit', 10)));
      }
      case '/zero-based': {
        const page = number('page', 0);
        return json(200, { items: all.slice(page * 100, (page + 1) * 100) });
      }
      case '/null-data':
        return json(200, { data: null });
      case '/status':
        return json(number('status', 200), '[{"id":1}]');
      case '/long-error':
        return json(500, 'e'.repeat(number('length', 300)));
      default:
        return json(404, {});
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

async function failure(path: string, pagination: Pagination, records?: string): Promise<Error> {
  try {
    await collect(path, pagination, records);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${path} should fail`);
}

test('offset without a limit: 100 a page, the next page asked for while pages are full', async () => {
  const got = await collect('/offset', { type: 'offset' });
  assert.equal(
    got.map((page) => page.length),
    [100, 100, 50],
  );
  assert.equal(got.flat(), all);
  assert.equal(hits, ['/offset?offset=0&limit=100', '/offset?offset=100&limit=100', '/offset?offset=200&limit=100']);
});

test('offset: a page shorter than the limit is the last one, by one record too; a limit of 1 goes to the end', async () => {
  assert.equal(
    (await collect('/offset?total=199', { type: 'offset' })).map((page) => page.length),
    [100, 99],
  );
  assert.is(hits.length, 2);
  hits = [];
  assert.equal(await collect('/offset?total=3', { type: 'offset', limit: 1 }), [[{ id: 1 }], [{ id: 2 }], [{ id: 3 }]]);
  assert.is(hits.length, 4);
});

test('an empty page ends the receive and is not handed on', async () => {
  assert.equal(
    (await collect('/zero-based', { type: 'page', start: 0 }, 'items')).map((page) => page.length),
    [100, 100, 50],
  );
  assert.equal(hits, ['/zero-based?page=0', '/zero-based?page=1', '/zero-based?page=2', '/zero-based?page=3']);
});

test('page numbers may start at 0', async () => {
  const got = await collect('/zero-based', { type: 'page', start: 0, size: 100 }, 'items');
  assert.equal(got.flat(), all);
  assert.equal(hits, ['/zero-based?page=0', '/zero-based?page=1', '/zero-based?page=2']);
});

test('records under a null on their path are not a list: an error, not a crash', async () => {
  const error = await failure('/null-data', { type: 'none' }, 'data.items');
  assert.is(error.constructor.name, 'HttpCallError');
  assert.match(error.message, /'data\.items' is not an array of records/);
});

test('every 2xx is a page; 300 is not', async () => {
  for (const status of [200, 201, 299]) assert.equal(await collect(`/status?status=${status}`, { type: 'none' }), [[{ id: 1 }]], String(status));
  assert.match((await failure('/status?status=300', { type: 'none' })).message, /answered 300: \[\{"id":1\}\]$/);
});

test("an error quotes the body's first 200 characters", async () => {
  for (const [length, quoted] of [
    [200, 'e'.repeat(200)],
    [201, `${'e'.repeat(200)}…`],
    [300, `${'e'.repeat(200)}…`],
  ] as const) {
    const error = await failure(`/long-error?length=${length}`, { type: 'none' });
    assert.ok(error.message.endsWith(`answered 500: ${quoted}`), `${length}: ${error.message}`);
  }
});

test.run();
