import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStores, type SqliteStores } from '../src/engine/stores/sqlite/sqlite-stores.js';
import { sameSecret, sessionCookie, UiSessions, type UiSessionOptions } from '../src/engine/ui/ui-sessions.js';

/**
 * The dashboard's sessions in a real state file: found by their cookie among others, by any
 * process on the store; ended by idleness, by age, by sign-out and by the bound on their number;
 * the store holds no usable id.
 */
const test = suite('ui-sessions');

let directory: string;
let stores: SqliteStores[] = [];
let now = 1_000_000;
const clock = () => now;

/** Sessions over the state file as one more engine process sees it. */
function sessions(options: UiSessionOptions = {}): UiSessions {
  const opened = openSqliteStores(path.join(directory, 'state.db'), {});
  stores.push(opened);
  return new UiSessions(opened.operations, { now: clock, ...options });
}

const cookie = (id: string) => `${sessionCookie}=${id}`;

test.before.each(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'weft-ui-sessions-'));
  now = 1_000_000;
});
test.after.each(async () => {
  for (const opened of stores.splice(0)) await opened.close();
  await rm(directory, { recursive: true, force: true });
});

test('a session made by one process is found by another through its cookie, among other cookies; a made-up one is not; signed out, by none', async () => {
  const here = sessions();
  const there = sessions();
  const session = await here.create('admin');
  assert.ok(session.id.length >= 40 && session.csrf.length >= 40 && session.id !== session.csrf);
  assert.equal(await there.find(`theme=dark; ${cookie(session.id)}; other=1`), session);
  assert.is(await there.find(cookie(`${session.id.slice(0, -1)}${session.id.endsWith('x') ? 'y' : 'x'}`)), undefined);
  assert.is(await there.find(undefined), undefined);
  assert.is(await there.find(`x${cookie(session.id)}`), undefined);
  assert.is(await there.find(cookie("' OR 1=1 --")), undefined);
  await there.end(session);
  assert.is(await here.find(cookie(session.id)), undefined);
});

test('the store keeps only a hash of each id: its rows give no usable session', async () => {
  const made = await sessions().create('read');
  const rows = stores[0]!.database.db.prepare('SELECT * FROM ui_sessions').all() as Record<string, unknown>[];
  assert.is(rows.length, 1);
  assert.not.match(JSON.stringify(rows), made.id);
  assert.not.match(JSON.stringify(rows), made.csrf);
  assert.is(await sessions().find(cookie(String(rows[0]!.id_hash))), undefined);
});

test('a session ends after its idle time without requests, and at its age limit even when used', async () => {
  const store = sessions({ idleMs: 60_000, maxMs: 300_000 });
  const idle = await store.create('read');
  const busy = await store.create('admin');
  for (let step = 0; step < 4; step++) {
    now += 50_000;
    assert.ok(await store.find(cookie(busy.id)), `used every 50 s, alive at ${step}`);
  }
  assert.is(await store.find(cookie(idle.id)), undefined, 'idle for 200 s');
  now += 50_000;
  assert.ok(await store.find(cookie(busy.id)));
  now += 51_000;
  assert.is(await store.find(cookie(busy.id)), undefined, 'over its age');
});

test('read-only sign-ins beyond the bound end read-only sessions only: they cannot sign an admin out', async () => {
  const store = sessions({ max: 3 });
  now += 1;
  const admin = await store.create('admin');
  const readers = [];
  for (let index = 0; index < 6; index++) {
    now += 1;
    readers.push(await store.create('read'));
  }
  assert.ok(await store.find(cookie(admin.id)));
  assert.is(await store.find(cookie(readers[0]!.id)), undefined);
  assert.ok(await store.find(cookie(readers[5]!.id)));
});

test('a look without touch does not keep a session from going idle', async () => {
  const store = sessions({ idleMs: 60_000 });
  const session = await store.create('read');
  for (let step = 0; step < 3; step++) {
    now += 25_000;
    if (step < 2) assert.ok(await store.find(cookie(session.id), { touch: false }));
  }
  assert.is(await store.find(cookie(session.id), { touch: false }), undefined);
});

test('beyond the bound, a new session ends the oldest', async () => {
  const store = sessions({ max: 3 });
  const made = [];
  for (let index = 0; index < 4; index++) {
    now += 1;
    made.push(await store.create('read'));
  }
  assert.is(await store.find(cookie(made[0]!.id)), undefined);
  for (const session of made.slice(1)) assert.ok(await store.find(cookie(session.id)));
});

test('tokens compare by value, whatever their length; an unset or empty expected token matches nothing', () => {
  assert.ok(sameSecret('token-1', 'token-1'));
  assert.not.ok(sameSecret('token-1', 'token-12'));
  assert.not.ok(sameSecret('', ''));
  assert.not.ok(sameSecret('', undefined));
});

test.run();
