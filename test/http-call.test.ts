import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EgressGuard } from '../src/runtime/egress.js';
import { closeConnections, failedCall, HttpCallError, httpCall, redactUrl, retryAfter, type CallPolicy } from '../src/runtime/http-call.js';
import { TokenBucket } from '../src/runtime/token-bucket.js';

/** One HTTP call of the runtime against real servers on 127.0.0.1. */
const test = suite('http-call');

let server: Server | undefined;
let base = '';
let seen: { method: string; url: string; body: string; headers: IncomingMessage['headers'] }[] = [];

/** Serves with `handle`, which gets the request's 1-based number. */
async function serve(handle: (request: IncomingMessage, response: ServerResponse, count: number) => void): Promise<void> {
  seen = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method!, url: request.url!, body, headers: request.headers });
      handle(request, response, seen.length);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test.after.each(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

const policy = (overrides: Partial<CallPolicy> = {}, retry: Partial<CallPolicy['retry']> = {}): CallPolicy => ({
  timeoutMs: 2000,
  maxResponseBytes: 1 << 20,
  retry: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 1000, on: [429, 500, 502, 503, 504], ...retry },
  random: () => 0.5,
  ...overrides,
});

test('retries the retry statuses with backoff, then returns the success', async () => {
  await serve((_, response, count) => {
    response.statusCode = count < 3 ? 503 : 200;
    response.end(count < 3 ? 'busy' : '{"ok":true}');
  });
  const response = await httpCall({ method: 'GET', url: `${base}/orders?page=1`, headers: { accept: 'application/json' } }, policy());
  assert.is(response.status, 200);
  assert.is(response.attempts, 3);
  assert.equal(JSON.parse(response.body.toString()), { ok: true });
  assert.equal(seen.map((request) => request.url), ['/orders?page=1', '/orders?page=1', '/orders?page=1']);
});

test('a status that is not retried comes back at once; attempts run out on a retried one', async () => {
  await serve((_, response) => {
    response.statusCode = 404;
    response.end('no such order');
  });
  const missing = await httpCall({ method: 'GET', url: `${base}/orders/1`, headers: {} }, policy());
  assert.is(missing.status, 404);
  assert.is(missing.attempts, 1);
  await new Promise((resolve) => server!.close(resolve));
  await serve((_, response) => {
    response.statusCode = 502;
    response.end();
  });
  const bad = await httpCall({ method: 'GET', url: `${base}/x`, headers: {} }, policy({}, { maxAttempts: 4 }));
  assert.is(bad.status, 502);
  assert.is(bad.attempts, 4);
});

test('Retry-After is honoured, capped at maxDelayMs; in seconds or as an HTTP date', async () => {
  await serve((_, response, count) => {
    if (count === 1) {
      response.writeHead(429, { 'retry-after': '30' });
      response.end();
    } else response.end('done');
  });
  const started = performance.now();
  const response = await httpCall({ method: 'GET', url: `${base}/limited`, headers: {} }, policy({}, { maxDelayMs: 300 }));
  const elapsed = performance.now() - started;
  assert.is(response.status, 200);
  assert.ok(elapsed >= 290 && elapsed < 2000, `waited ${elapsed} ms, expected the 300 ms cap`);
  const now = () => Date.parse('2026-11-28T12:00:00Z');
  assert.is(retryAfter('7', now), 7000);
  // Shopify sends decimal seconds.
  assert.is(retryAfter('2.0', now), 2000);
  assert.is(retryAfter('0.25', now), 250);
  assert.is(retryAfter('Sat, 28 Nov 2026 12:00:05 GMT', now), 5000);
  assert.is(retryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now), 0);
  assert.is(retryAfter('soon', now), undefined);
  assert.is(retryAfter(undefined, now), undefined);
});

test('a POST is sent once unless the endpoint allows retries', async () => {
  await serve((_, response, count) => {
    response.statusCode = count === 1 ? 503 : 201;
    response.end();
  });
  const once = await httpCall({ method: 'POST', url: `${base}/orders`, headers: { 'content-type': 'application/json' }, body: '{"id":1}' }, policy());
  assert.is(once.status, 503);
  assert.is(once.attempts, 1);
  assert.is(seen[0]!.body, '{"id":1}');
  seen = [];
  const again = await httpCall({ method: 'POST', url: `${base}/orders`, headers: {}, body: '{"id":2}' }, policy({ retryUnsafe: true }));
  assert.is(again.status, 201);
  assert.is(again.attempts, 2);
});

test('a POST refused with 429 is retried after its Retry-After: the server did not process it', async () => {
  await serve((_, response, count) => {
    if (count === 1) response.writeHead(429, { 'retry-after': '0.2' });
    else response.statusCode = 201;
    response.end();
  });
  const started = performance.now();
  const response = await httpCall({ method: 'POST', url: `${base}/orders`, headers: {}, body: '{"id":1}' }, policy());
  const elapsed = performance.now() - started;
  assert.is(response.status, 201);
  assert.is(response.attempts, 2);
  assert.equal(seen.map((request) => `${request.method} ${request.body}`), ['POST {"id":1}', 'POST {"id":1}']);
  // The backoff alone would be 5 ms (random 0.5 of 10 ms): only the Retry-After explains 200.
  assert.ok(elapsed >= 190 && elapsed < 1500, `waited ${elapsed} ms, expected the 200 ms of Retry-After`);
});

test('a refusal is retried up to maxAttempts, and only when its status is in the retry list', async () => {
  await serve((_, response) => {
    response.writeHead(429, { 'retry-after': '0' });
    response.end();
  });
  const exhausted = await httpCall({ method: 'PATCH', url: `${base}/orders/1`, headers: {}, body: '{}' }, policy({}, { maxAttempts: 4 }));
  assert.is(exhausted.status, 429);
  assert.is(exhausted.attempts, 4);
  assert.is(seen.length, 4);
  seen = [];
  const notListed = await httpCall({ method: 'POST', url: `${base}/orders`, headers: {}, body: '{}' }, policy({}, { on: [500, 503] }));
  assert.is(notListed.attempts, 1);
  assert.is(seen.length, 1);
});

test('a POST answered 503 with a Retry-After is retried; without one, or with 500, it is sent once', async () => {
  const post = () => httpCall({ method: 'POST', url: `${base}/orders`, headers: {}, body: '{"id":1}' }, policy());
  await serve((_, response, count) => {
    if (count === 1) response.writeHead(503, { 'retry-after': '0' });
    else response.statusCode = 201;
    response.end();
  });
  const retried = await post();
  assert.is(retried.status, 201);
  assert.is(retried.attempts, 2);
  assert.is(seen.length, 2);
  for (const [status, headers] of [[503, {}], [503, { 'retry-after': 'later' }], [500, {}], [502, { 'retry-after': '0' }]] as const) {
    await new Promise((resolve) => server!.close(resolve));
    await serve((_, response, count) => {
      if (count === 1) response.writeHead(status, headers);
      else response.statusCode = 201;
      response.end();
    });
    const once = await post();
    assert.is(once.status, status, `${status} ${JSON.stringify(headers)}`);
    assert.is(once.attempts, 1);
    assert.is(seen.length, 1, `${status} ${JSON.stringify(headers)} was sent again`);
  }
});

test('a POST whose connection fails is not sent again; a PUT or GET is, and retries a bare 500 or 503', async () => {
  await serve((request, response, count) => {
    if (count === 1) request.socket.destroy();
    else response.end('ok');
  });
  const failed = await httpCall({ method: 'POST', url: `${base}/orders`, headers: {}, body: '{}' }, policy()).catch((error: HttpCallError) => error);
  assert.instance(failed, HttpCallError);
  assert.is((failed as HttpCallError).attempts, 1);
  assert.is(seen.length, 1);
  for (const [method, status] of [['PUT', 500], ['GET', 503], ['DELETE', 502]] as const) {
    await new Promise((resolve) => server!.close(resolve));
    await serve((_, response, count) => {
      response.statusCode = count === 1 ? status : 200;
      response.end();
    });
    const retried = await httpCall({ method, url: `${base}/orders/1`, headers: {}, body: method === 'PUT' ? '{}' : undefined }, policy());
    assert.is(retried.status, 200, method);
    assert.is(retried.attempts, 2, method);
  }
});

test('credentials are added to each attempt after the rate limit has let it go (a token that expired while waiting is never sent)', async () => {
  await serve((request, response, count) => {
    response.statusCode = count < 3 ? 503 : 200;
    response.end(request.headers.authorization);
  });
  const events: string[] = [];
  let token = 0;
  const response = await httpCall(
    { method: 'GET', url: `${base}/orders`, headers: {} },
    policy({
      acquire: async () => void events.push('acquire'),
      authorize: async (request) => {
        events.push('authorize');
        return { ...request, headers: { ...request.headers, authorization: `Bearer t${++token}` } };
      },
    }),
  );
  assert.is(response.status, 200);
  assert.equal(seen.map((request) => request.headers.authorization), ['Bearer t1', 'Bearer t2', 'Bearer t3']);
  assert.equal(events, ['acquire', 'authorize', 'acquire', 'authorize', 'acquire', 'authorize']);
  // A token that cannot be had is that error, at once: not a network failure to retry.
  seen = [];
  const refused = await httpCall(
    { method: 'GET', url: `${base}/orders`, headers: {} },
    policy({ authorize: () => Promise.reject(new Error('token endpoint answered 401 (invalid_client)')) }),
  ).catch((error: Error) => error);
  assert.match(String(refused), /invalid_client/);
  assert.is(seen.length, 0);
});

test('network errors are retried; when attempts run out the error says so, without the query', async () => {
  await serve((request, response, count) => {
    if (count <= 2) request.socket.destroy();
    else response.end('ok');
  });
  const recovered = await httpCall({ method: 'GET', url: `${base}/flaky`, headers: {} }, policy());
  assert.is(recovered.status, 200);
  assert.is(recovered.attempts, 3);
  await new Promise((resolve) => server!.close(resolve));
  await serve((request) => request.socket.destroy());
  try {
    await httpCall({ method: 'GET', url: `${base}/down?api_key=secret-value`, headers: {} }, policy({}, { maxAttempts: 2 }));
    assert.unreachable('the call should fail');
  } catch (error) {
    assert.instance(error, HttpCallError);
    assert.is((error as HttpCallError).attempts, 2);
    assert.match((error as Error).message, /^GET http:\/\/127\.0\.0\.1:\d+\/down\?… failed after 2 attempts: /);
    assert.not.match((error as Error).message, /secret-value/);
  }
});

test('a server that trickles its body is cut off at the deadline', async () => {
  await serve((_, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => response.write('.'), 40);
    response.on('close', () => clearInterval(timer));
  });
  const started = performance.now();
  try {
    await httpCall({ method: 'GET', url: `${base}/slow`, headers: {} }, policy({ timeoutMs: 250 }, { maxAttempts: 1 }));
    assert.unreachable('the call should time out');
  } catch (error) {
    assert.match((error as Error).message, /no complete response within 250 ms/);
  }
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 240 && elapsed < 1500, `took ${elapsed} ms`);
});

test('a response over the size cap fails at once (declared or streamed), and is not retried', async () => {
  await serve((request, response) => {
    if (request.url === '/declared') {
      response.writeHead(200, { 'content-length': String(5000) });
      response.end('x'.repeat(5000));
    } else {
      response.writeHead(200);
      for (let index = 0; index < 10; index++) response.write('y'.repeat(1000));
      response.end();
    }
  });
  for (const path of ['/declared', '/streamed']) {
    seen = [];
    try {
      await httpCall({ method: 'GET', url: `${base}${path}`, headers: {} }, policy({ maxResponseBytes: 2048 }));
      assert.unreachable(`${path} should be refused`);
    } catch (error) {
      assert.match((error as Error).message, /over the limit of 2048/);
      assert.is(seen.length, 1, `${path} was retried`);
    }
  }
});

test('the token bucket lets a burst through, then paces requests at the rate, in order', async () => {
  const bucket = new TokenBucket(20, 2);
  const order: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: 6 }, (_, index) => bucket.acquire().then(() => order.push(index))));
  const elapsed = performance.now() - started;
  assert.equal(order, [0, 1, 2, 3, 4, 5]);
  // Two at once, then four more at 20 per second: about 200 ms.
  assert.ok(elapsed >= 180 && elapsed < 1000, `took ${elapsed} ms`);
  // Used as a call's rate limit: every attempt waits its turn.
  await serve((_, response, count) => {
    response.statusCode = count === 1 ? 503 : 200;
    response.end();
  });
  let acquired = 0;
  await httpCall({ method: 'GET', url: `${base}/`, headers: {} }, policy({ acquire: () => (acquired++, bucket.acquire()) }));
  assert.is(acquired, 2);
});

test('URLs in messages lose their user, password and query', () => {
  assert.is(redactUrl('https://user:pw@api.example.com/v1/orders?token=abc'), 'https://api.example.com/v1/orders?…');
  assert.is(redactUrl('http://127.0.0.1:8080/x'), 'http://127.0.0.1:8080/x');
  assert.is(redactUrl('not a url'), '(an invalid URL)');
});


test('one connection per policy is kept alive and reused; closing the policy ends it; repeated headers read as node:http reads them', async () => {
  await serve((_, response) => {
    response.setHeader('set-cookie', ['a=1', 'b=2']);
    response.setHeader('x-seen', ['one', 'two']);
    response.end('ok');
  });
  const sockets = new Set<object>();
  let closed = 0;
  server!.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => closed++);
  });
  const guard = new EgressGuard(undefined, undefined);
  const first = await httpCall({ method: 'POST', url: `${base}/a`, headers: {}, body: 'x' }, policy({ egress: guard }));
  // The connection is back in its pool once the dispatcher has seen the response end.
  await new Promise((resolve) => setImmediate(resolve));
  await httpCall({ method: 'GET', url: `${base}/b`, headers: {} }, policy({ egress: guard }));
  assert.is(sockets.size, 1);
  assert.equal(first.headers['set-cookie'], ['a=1', 'b=2']);
  assert.is(first.headers['x-seen'], 'one, two');
  // Another policy never rides on this one's connection.
  await httpCall({ method: 'GET', url: `${base}/c`, headers: {} }, policy({ egress: new EgressGuard(undefined, undefined) }));
  assert.is(sockets.size, 2);
  await closeConnections(guard);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.is(closed, 1);
  // A closed policy's next request opens a new connection.
  await httpCall({ method: 'GET', url: `${base}/d`, headers: {} }, policy({ egress: guard }));
  assert.is(sockets.size, 3);
  await closeConnections(guard);
});

test('a repeated Retry-After counts by its first value, as node:http reads it; other repeats are joined', async () => {
  await serve((_, response, count) => {
    if (count === 1) {
      response.statusCode = 429;
      response.setHeader('retry-after', ['3', '9']);
      return response.end();
    }
    response.setHeader('link', ['<a>; rel="x"', '<b>; rel="y"']);
    response.end('ok');
  });
  const waits: number[] = [];
  const response = await httpCall({ method: 'POST', url: `${base}/orders`, headers: {}, body: '{}' }, policy({ sleep: async (ms) => void waits.push(ms) }, { maxDelayMs: 60_000 }));
  assert.is(response.status, 200);
  // A 429 is retried for a POST too, after the first Retry-After's 3 s (9 s would mean the last one won).
  assert.equal(waits, [3000]);
  assert.is(response.headers.link, '<a>; rel="x", <b>; rel="y"');
});

test('a header the HTTP client refuses to send fails at once, without retries', async () => {
  await serve((_, response) => response.end('ok'));
  const error = await httpCall({ method: 'POST', url: `${base}/orders`, headers: { 'transfer-encoding': 'gzip' }, body: '{}' }, policy({}, { maxAttempts: 3 })).catch((caught: Error) => caught);
  assert.instance(error, HttpCallError);
  assert.match(String(error), /failed after 1 attempt: /);
  assert.is(seen.length, 0);
});

test("the attempt's deadline holds while a connection is still being made (a lookup that never answers)", async () => {
  const hanging = new EgressGuard(undefined, undefined, () => {});
  const started = Date.now();
  const error = await httpCall({ method: 'GET', url: 'http://never.test/orders', headers: {} }, policy({ egress: hanging, timeoutMs: 200 }, { maxAttempts: 1 })).catch((caught: Error) => caught);
  assert.match(String(error), /failed after 1 attempt: no complete response within 200 ms$/);
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  await closeConnections(hanging);
});

test('a failed call as kept for an operator: credential headers blanked whatever they hold, known secrets redacted everywhere, URL credentials out, bodies cut at 4 KB', () => {
  const secret = 'sk_live_51Hx9QmeSecret';
  const redact = (text: string) => text.replaceAll(secret, '[redacted]');
  const call = failedCall(
    {
      method: 'POST',
      url: `https://user:pass@api.example.com/orders?token=${secret}`,
      headers: { Authorization: 'Bearer abc', 'X-Api-Key': 'k1', 'X-Shopify-Access-Token': 'shpat_1', Cookie: 'sid=1', 'X-Request-Note': `note ${secret}`, 'Content-Type': 'application/json' },
      body: `{"card":"${secret}","pad":"${'x'.repeat(5000)}"}`,
    },
    { status: 422, headers: { 'set-cookie': ['a=1', 'b=2'], 'x-echo': secret, 'content-type': 'application/json', location: 'https://bucket.example.com/o?X-Amz-Signature=abc123&X-Amz-Credential=AKIA' }, body: Buffer.from(`{"youSent":"${secret}"}`) },
    redact,
  );
  // Credential headers by other names, whatever their value.
  const others = failedCall({ method: 'GET', url: 'https://api.example.com/', headers: { 'Ocp-Apim-Subscription-Key': 'v1', 'DD-Application-Key': 'v2', AccessKey: 'v3', Auth: 'v4', 'X-JWT-Assertion': 'v5', 'SSL-Client-Cert': 'v6', 'Private-Key': 'v7', Accept: 'application/json', 'Idempotency-Key': 'run-1/4' } }, undefined, redact);
  assert.equal(Object.values(others.request.headers), ['[redacted]', '[redacted]', '[redacted]', '[redacted]', '[redacted]', '[redacted]', '[redacted]', 'application/json', 'run-1/4']);
  // A secret across the 4 KB cut is redacted whole, not cut into a fragment that passes.
  const across = failedCall({ method: 'POST', url: 'https://api.example.com/', headers: {}, body: `${'x'.repeat(4090)}${secret}` }, undefined, redact);
  assert.not.match(across.request.body!, /sk_live/);
  assert.equal(call.request.headers, { authorization: '[redacted]', 'x-api-key': '[redacted]', 'x-shopify-access-token': '[redacted]', cookie: '[redacted]', 'x-request-note': 'note [redacted]', 'content-type': 'application/json' });
  assert.not.match(call.request.url, /pass|sk_live/);
  assert.ok(call.request.body!.length <= 4097 && call.request.body!.endsWith('…') && !call.request.body!.includes(secret));
  assert.equal({ ...call.response, headers: { ...call.response!.headers, location: undefined } }, { status: 422, headers: { 'set-cookie': '[redacted]', 'x-echo': '[redacted]', 'content-type': 'application/json', location: undefined }, body: '{"youSent":"[redacted]"}' });
  assert.not.match(call.response!.headers.location!, /abc123|AKIA/);
  assert.not.match(JSON.stringify(call), /sk_live|abc|shpat_1|sid=1|k1"/);
});

test.run();
