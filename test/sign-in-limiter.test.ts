import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clientAddress, SignInLimiter } from '../src/engine/ui/sign-in-limiter.js';

function limiter(perClient: number, overall: number, windowMs = 60_000) {
  const clock = { now: 1_000_000 };
  return { clock, limiter: new SignInLimiter({ perClient, overall, windowMs }, () => clock.now) };
}

test('past the failures one client may make within the window, its sign-ins wait (how long: until its oldest failure is out of the window); others do not', () => {
  const { clock, limiter: signIns } = limiter(3, 100);
  for (let index = 0; index < 3; index++) {
    assert.is(signIns.begin('10.0.0.1'), undefined);
    signIns.failed('10.0.0.1');
    clock.now += 1000;
  }
  assert.is(signIns.begin('10.0.0.1'), 57);
  assert.is(signIns.begin('10.0.0.2'), undefined, 'another client');
  signIns.abandoned('10.0.0.2');
  clock.now += 57_000;
  // The first failure is out of the window: one more try.
  assert.is(signIns.begin('10.0.0.1'), undefined);
  signIns.failed('10.0.0.1');
  assert.is(signIns.begin('10.0.0.1'), 1);
});

test('sign-ins under way count as failures until they end: guesses sent at once are not all tried', () => {
  const { limiter: signIns } = limiter(5, 100);
  const tried = Array.from({ length: 50 }, () => signIns.begin('10.0.0.1')).filter((wait) => wait === undefined).length;
  assert.is(tried, 5);
  // A right token among those under way: the client's failures are forgotten, and one more is let in.
  signIns.succeeded('10.0.0.1');
  assert.is(signIns.begin('10.0.0.1'), undefined);
  // A malformed request judged nothing: it leaves no failure behind.
  for (let index = 0; index < 5; index++) signIns.abandoned('10.0.0.1');
  for (let index = 0; index < 5; index++) assert.is(signIns.begin('10.0.0.1'), undefined);
});

test('failures from many clients (addresses changed at every guess) stop at the overall limit, for every client, until the window moves on', () => {
  const { clock, limiter: signIns } = limiter(10, 20, 10_000);
  let tried = 0;
  for (let index = 0; index < 200; index++) {
    const client = `10.0.${index >> 8}.${index & 255}`;
    if (signIns.begin(client) === undefined) {
      tried++;
      signIns.failed(client);
    }
    clock.now += 10;
  }
  assert.is(tried, 20);
  assert.ok(signIns.begin('192.168.1.1')! > 0, 'a new client waits too');
  clock.now += 10_000;
  assert.is(signIns.begin('192.168.1.1'), undefined);
});

test('a succeeded sign-in forgets that client\'s failures only', () => {
  const { limiter: signIns } = limiter(2, 100);
  for (const client of ['a', 'a', 'b', 'b']) {
    assert.is(signIns.begin(client), undefined);
    signIns.failed(client);
  }
  assert.ok(signIns.begin('a')! > 0);
  assert.ok(signIns.begin('b')! > 0);
  // One failure, then the right token: the failure is forgotten, two more tries are left.
  const fresh = new SignInLimiter({ perClient: 2, overall: 100, windowMs: 60_000 });
  assert.is(fresh.begin('a'), undefined);
  fresh.failed('a');
  assert.is(fresh.begin('a'), undefined);
  fresh.succeeded('a');
  assert.is(fresh.begin('a'), undefined);
  assert.is(fresh.begin('a'), undefined);
  assert.ok(fresh.begin('a')! > 0);
});

test('an IPv4 client over an IPv6 socket is counted as its IPv4 address', () => {
  assert.is(clientAddress('::ffff:127.0.0.1'), '127.0.0.1');
  assert.is(clientAddress('127.0.0.1'), '127.0.0.1');
  assert.is(clientAddress('2001:db8::1'), '2001:db8::1');
  assert.is(clientAddress(undefined), 'unknown');
});

test.run();
