import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { sameSecret, sessionCookie, UiSessions } from '../src/engine/ui/ui-sessions.js';

/** The dashboard's sessions: found by their cookie among others, ended by idleness, by age and by sign-out, bounded in number. */
const test = suite('ui-sessions');

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('a session is found by its cookie among other cookies; a made-up or ended one is not', () => {
  const sessions = new UiSessions();
  const session = sessions.create('admin');
  assert.ok(session.id.length >= 40 && session.csrf.length >= 40 && session.id !== session.csrf);
  assert.is(sessions.find(`theme=dark; ${sessionCookie}=${session.id}; other=1`)?.role, 'admin');
  assert.is(sessions.find(`${sessionCookie}=${session.id.slice(0, -1)}x`), undefined);
  assert.is(sessions.find(undefined), undefined);
  assert.is(sessions.find(`x${sessionCookie}=${session.id}`), undefined);
  sessions.end(session);
  assert.is(sessions.find(`${sessionCookie}=${session.id}`), undefined);
});

test('a session ends after its idle time without requests, and at its age limit even when used', () => {
  const time = clock();
  const sessions = new UiSessions({ idleMs: 1000, maxMs: 5000, now: time.now });
  const idle = sessions.create('read');
  const busy = sessions.create('admin');
  const cookie = (id: string) => `${sessionCookie}=${id}`;
  for (let step = 0; step < 4; step++) {
    time.advance(900);
    assert.ok(sessions.find(cookie(busy.id)), `used every 900 ms, alive at ${step}`);
  }
  assert.is(sessions.find(cookie(idle.id)), undefined, 'idle for 3.6 s');
  time.advance(900);
  assert.ok(sessions.find(cookie(busy.id)));
  time.advance(900);
  assert.is(sessions.find(cookie(busy.id)), undefined, 'over its age');
});

test('beyond the bound, a new session ends the oldest', () => {
  const sessions = new UiSessions({ max: 3 });
  const made = Array.from({ length: 4 }, () => sessions.create('read'));
  assert.is(sessions.find(`${sessionCookie}=${made[0]!.id}`), undefined);
  for (const session of made.slice(1)) assert.ok(sessions.find(`${sessionCookie}=${session.id}`));
});

test('tokens compare by value, whatever their length; an unset or empty expected token matches nothing', () => {
  assert.ok(sameSecret('token-1', 'token-1'));
  assert.not.ok(sameSecret('token-1', 'token-12'));
  assert.not.ok(sameSecret('', ''));
  assert.not.ok(sameSecret('', undefined));
});

test.run();
