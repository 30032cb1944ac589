import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TokenBucket } from '../src/runtime/token-bucket.js';

/** An instance's rate limit on a fake clock: every wait the bucket asks for is recorded and passes at once. */
const test = suite('token-bucket');

interface FakeTime {
  now: () => number;
  advance: (ms: number) => void;
  /** The delays the bucket waited for, in order. */
  waits: number[];
}

const realSetTimeout = globalThis.setTimeout;
let time: FakeTime;

test.before.each(() => {
  let now = 0;
  const waits: number[] = [];
  time = { now: () => now, advance: (ms) => (now += ms), waits };
  globalThis.setTimeout = ((callback: () => void, ms?: number) => {
    // As Node does: a delay under 1 ms (or none) is 1 ms.
    const delay = ms !== undefined && ms >= 1 ? ms : 1;
    if (waits.length >= 100) throw new Error(`the bucket keeps waiting: ${waits.slice(0, 5).join(', ')}, …`);
    waits.push(delay);
    now += delay;
    return setImmediate(callback);
  }) as unknown as typeof setTimeout;
});
test.after.each(() => {
  globalThis.setTimeout = realSetTimeout;
});

/** When each of `count` callers, all asking at once, got its token (fake milliseconds). */
async function grants(bucket: TokenBucket, count: number): Promise<number[]> {
  const granted: number[] = [];
  await Promise.all(Array.from({ length: count }, () => bucket.acquire().then(() => granted.push(time.now()))));
  return granted;
}

test('a burst at once, then one token every 1/rate seconds, given out in the order asked', async () => {
  const bucket = new TokenBucket(0.5, 2, time.now);
  const order: number[] = [];
  await Promise.all([0, 1, 2, 3].map((index) => bucket.acquire().then(() => order.push(index))));
  assert.equal(order, [0, 1, 2, 3]);
  assert.equal(time.waits, [2000, 2000]);
  assert.is(time.now(), 4000);
});

test('the burst defaults to the rate rounded up', async () => {
  assert.equal(await grants(new TokenBucket(2.5, undefined, time.now), 4), [0, 0, 0, 400]);
  // Burst 1 (never 0) for a rate under one per second.
  assert.equal(await grants(new TokenBucket(0.25, undefined, time.now), 2), [400, 4400]);
});

test('time idle refills the bucket up to its burst and no further', async () => {
  const bucket = new TokenBucket(0.5, 2, time.now);
  assert.equal(await grants(bucket, 2), [0, 0]);
  time.advance(60_000);
  assert.equal(await grants(bucket, 3), [60_000, 60_000, 62_000]);
  assert.equal(time.waits, [2000]);
});

test('a part of a token already refilled shortens the wait to what is missing', async () => {
  const bucket = new TokenBucket(4, 1, time.now);
  assert.equal(await grants(bucket, 1), [0]);
  time.advance(100);
  // 0.4 of a token is there; 0.6 more takes 150 ms at 4 per second.
  assert.equal(await grants(bucket, 1), [250]);
  assert.equal(time.waits, [150]);
});

test.run();
