import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpCallError, httpCall, retryAfter, type CallPolicy } from '../src/runtime/http-call.js';

// Tests written for mutants of src/runtime/http-call.ts that test/http-call.test.ts let survive
// (npm run mutate): the exact backoff, the attempt count's edges, the size cap's boundary, TLS,
// connections cut or lost. A file of its own so that it does not collide with work on
// test/http-call.test.ts.
const test = suite('http-call: backoff, attempts, the size cap and lost connections, at their edges');

let server: Server | undefined;
let base = '';
let arrivals = 0;

async function serve(handle: (request: IncomingMessage, response: ServerResponse, count: number) => void): Promise<void> {
  arrivals = 0;
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => handle(request, response, ++arrivals));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Waits the call asks for between attempts, recorded and not waited. */
const deadlineMs = 4321;
let waits: number[] = [];

test.before.each(() => {
  waits = [];
});
test.after.each(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

const policy = (overrides: Partial<CallPolicy> = {}, retry: Partial<CallPolicy['retry']> = {}): CallPolicy => ({
  timeoutMs: deadlineMs,
  maxResponseBytes: 1 << 20,
  retry: { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 1000, on: [503], ...retry },
  random: () => 0.999,
  sleep: async (ms) => void waits.push(ms),
  ...overrides,
});

const busy = (_: IncomingMessage, response: ServerResponse) => {
  response.statusCode = 503;
  response.end();
};

test('backoff doubles from initialDelayMs, with full jitter, and never goes over maxDelayMs', async () => {
  await serve(busy);
  const response = await httpCall({ method: 'GET', url: `${base}/busy`, headers: {} }, policy());
  assert.is(response.attempts, 5);
  // random() × min(maxDelayMs, initialDelayMs × 2^(attempt − 1)), rounded down.
  assert.equal(waits, [99, 199, 399, 799]);
  waits = [];
  await httpCall({ method: 'GET', url: `${base}/busy`, headers: {} }, policy({ random: () => 0.5 }, { maxAttempts: 3, initialDelayMs: 1000, maxDelayMs: 1500 }));
  assert.equal(waits, [500, 750]);
});

test('maxAttempts 1 (or less) is one attempt; a POST without retryUnsafe is one attempt whatever maxAttempts says', async () => {
  await serve(busy);
  for (const maxAttempts of [1, 0]) {
    const response = await httpCall({ method: 'GET', url: `${base}/busy`, headers: {} }, policy({}, { maxAttempts }));
    assert.is(response.attempts, 1, `maxAttempts ${maxAttempts}`);
  }
  assert.is(arrivals, 2);
  assert.equal(waits, []);
});

test('a call that fails on its only attempt says "1 attempt"', async () => {
  await serve((request) => request.socket.destroy());
  const error = await httpCall({ method: 'POST', url: `${base}/orders`, headers: {}, body: '{}' }, policy()).catch((caught: Error) => caught);
  assert.match(String(error), /^Error: POST http:\/\/127\.0\.0\.1:\d+\/orders failed after 1 attempt: /);
});

test('a body of exactly maxResponseBytes is accepted, one byte more is not (declared or streamed); an empty one fits a limit of 0', async () => {
  await serve((request, response) => {
    const size = Number(new URL(request.url!, base).searchParams.get('size'));
    if (request.url!.startsWith('/declared')) response.writeHead(200, { 'content-length': String(size) });
    else response.writeHead(200);
    // Streamed in two writes, so the size is counted across chunks.
    response.write('x'.repeat(Math.floor(size / 2)));
    response.end('x'.repeat(size - Math.floor(size / 2)));
  });
  for (const kind of ['declared', 'streamed']) {
    const exact = await httpCall({ method: 'GET', url: `${base}/${kind}?size=1000`, headers: {} }, policy({ maxResponseBytes: 1000 }));
    assert.is(exact.body.length, 1000, kind);
    const over = await httpCall({ method: 'GET', url: `${base}/${kind}?size=1001`, headers: {} }, policy({ maxResponseBytes: 1000 })).catch((caught: Error) => caught);
    assert.match(String(over), /over the limit of 1000/, kind);
    const empty = await httpCall({ method: 'GET', url: `${base}/${kind}?size=0`, headers: {} }, policy({ maxResponseBytes: 0 }));
    assert.is(empty.body.length, 0, kind);
  }
});

test('a streamed body over the cap is cut off: the server sees the connection close before it has written everything', async () => {
  let finished: boolean | undefined;
  await serve((_, response) => {
    response.writeHead(200);
    let written = 0;
    const timer = setTimeout(function write() {
      if (written++ < 50) {
        response.write('y'.repeat(1024));
        timer.refresh();
      } else response.end();
    }, 5);
    response.on('close', () => {
      clearTimeout(timer);
      finished = response.writableFinished;
    });
  });
  const error = await httpCall({ method: 'GET', url: `${base}/stream`, headers: {} }, policy({ maxResponseBytes: 2048 })).catch((caught: Error) => caught);
  assert.match(String(error), /over the limit of 2048 bytes/);
  for (let waited = 0; finished === undefined && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.is(finished, false);
});

test('network errors back off like retried statuses', async () => {
  await serve((request, response, count) => {
    if (count < 3) request.socket.destroy();
    else response.end('ok');
  });
  const response = await httpCall({ method: 'GET', url: `${base}/flaky`, headers: {} }, policy());
  assert.is(response.attempts, 3);
  assert.equal(waits, [99, 199]);
});

test('Retry-After given twice: the first one counts', () => {
  assert.is(
    retryAfter(['3', '9'], () => 0),
    3000,
  );
});

test('an https URL is spoken to in TLS: a plain HTTP server behind it is an error, never a response', async () => {
  await serve((_, response) => response.end('plain text over plain HTTP'));
  const error = await httpCall({ method: 'GET', url: base.replace('http:', 'https:'), headers: {} }, policy({}, { maxAttempts: 1 })).catch((caught: Error) => caught);
  assert.instance(error, HttpCallError);
  assert.match(String(error), /^Error: GET https:\/\/127\.0\.0\.1:\d+\/ failed after 1 attempt: /);
  assert.is(arrivals, 0);
});

test('a declared body over the cap closes the connection: the server sees it close before it has written everything', async () => {
  let finished: boolean | undefined;
  await serve((_, response) => {
    response.writeHead(200, { 'content-length': String(100 * 1024) });
    let written = 0;
    const timer = setTimeout(function write() {
      if (written++ < 100) {
        response.write('z'.repeat(1024));
        timer.refresh();
      } else response.end();
    }, 5);
    response.on('close', () => {
      clearTimeout(timer);
      finished = response.writableFinished;
    });
  });
  const error = await httpCall({ method: 'GET', url: `${base}/declared`, headers: {} }, policy({ maxResponseBytes: 2048 })).catch((caught: Error) => caught);
  assert.match(String(error), /the response is 102400 bytes, over the limit of 2048/);
  for (let waited = 0; finished === undefined && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.is(finished, false);
});

test('a connection lost in the middle of a body fails the attempt at once (not at the deadline), and it is retried', async () => {
  await serve((_, response) => {
    response.writeHead(200, { 'content-length': '1000' });
    response.write('x'.repeat(10));
    setTimeout(() => response.socket?.destroy(), 20);
  });
  const started = performance.now();
  const error = await httpCall({ method: 'GET', url: `${base}/cut`, headers: {} }, policy({}, { maxAttempts: 2 })).catch((caught: Error) => caught);
  assert.match(String(error), /failed after 2 attempts: /);
  assert.not.match(String(error), /no complete response within/);
  assert.is(arrivals, 2);
  assert.ok(performance.now() - started < deadlineMs, 'waited for the deadline');
});

test('a failed attempt leaves no timer behind (a one-shot run would otherwise wait for the deadline to exit)', async () => {
  await serve((_, response) => {
    response.writeHead(200, { 'content-length': '5000' });
    response.end('x'.repeat(5000));
  });
  const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
  const before = timers();
  const error = await httpCall({ method: 'GET', url: `${base}/big`, headers: {} }, policy({ maxResponseBytes: 100 })).catch((caught: Error) => caught);
  assert.match(String(error), /over the limit of 100/);
  assert.is(timers(), before);
});

test.run();
