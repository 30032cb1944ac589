import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { MemoryFlowDataStore } from '../src/engine/stores/memory-flow-data-store.js';
import { openSqliteStores } from '../src/engine/stores/sqlite/sqlite-stores.js';
import { CacheFullError, type FlowDataStore } from '../src/engine/stores/stores.js';

/** The flow data stores: dedupe looks and records atomically (across processes), cache bounds and TTLs; SQLite and memory alike. */
const test = suite('sqlite-flow-data-store');

let directory: string;
test.before.each(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'weft-flow-data-'));
});
test.after.each(async () => {
  await rm(directory, { recursive: true, force: true });
});

const now = new Date('2026-12-06T10:00:00.000Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);

test('three processes claiming the same 300 keys on one state file: each key is new to exactly one of them', async () => {
  const file = path.join(directory, 'state.db');
  openSqliteStores(file, {}).database.close();
  const worker = path.join('test', 'helpers', 'dedupe-worker.ts');
  const outputs = await Promise.all(['a', 'b', 'c'].map((name) => promisify(execFile)(process.execPath, ['--import', 'tsx', worker, file, name, '300'])));
  const claimed = outputs.map((output) => JSON.parse(output.stdout) as string[]);
  const all = claimed.flat();
  assert.is(all.length, 300, `claims: ${claimed.map((keys) => keys.length).join(' / ')}`);
  assert.is(new Set(all).size, 300);
});

for (const [name, make] of [
  ['sqlite', () => openSqliteStores(path.join(directory, 'state.db'), {}).flowData],
  ['memory', () => new MemoryFlowDataStore()],
] as [string, () => FlowDataStore][]) {
  test(`${name}: a claim's own look passes again (a resumed run); another's does not; release gives back only its own; windows expire`, async () => {
    const store = make();
    const options = { now, expiresAt: later(1), track: true };
    assert.equal(await store.dedupe('p', [{ key: 'k', claim: 'run-1/0' }, { key: 'k', claim: 'run-1/1' }], options), [false, true]);
    assert.equal(await store.dedupe('p', [{ key: 'k', claim: 'run-1/0' }], options), [false], 'the same claim again: a resumed run');
    await store.release('p', [{ key: 'k', claim: 'run-2/0' }]);
    assert.equal(await store.dedupe('p', [{ key: 'k', claim: 'run-3/0' }], { ...options, track: false }), [true], 'another claim cannot release it');
    await store.release('p', [{ key: 'k', claim: 'run-1/0' }]);
    assert.equal(await store.dedupe('p', [{ key: 'k', claim: 'run-3/0' }], options), [false]);
    assert.equal(await store.dedupe('p', [{ key: 'k', claim: 'run-4/0' }], { ...options, now: later(2), expiresAt: later(3) }), [false], 'expired');
  });

  test(`${name}: cache entries by namespace, replaced in place, bounded, expiring`, async () => {
    const store = make();
    const put = (entries: { key: string; value: string }[], at = now) => store.cachePut('flow/x/default', entries, { now: at, expiresAt: new Date(at.getTime() + 86_400_000), maxEntries: 2 });
    await put([{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
    await put([{ key: 'a', value: '3' }]);
    assert.equal(await store.cacheGet('flow/x/default', ['a', 'b', 'c'], now), ['3', '2', undefined]);
    assert.equal(await store.cacheGet('flow/y/default', ['a'], now), [undefined]);
    try {
      await put([{ key: 'c', value: '4' }]);
      assert.unreachable('the cache is full');
    } catch (error) {
      assert.instance(error, CacheFullError);
    }
    assert.equal(await store.cacheGet('flow/x/default', ['c'], now), [undefined], 'nothing of a refused put is stored');
    await put([{ key: 'c', value: '4' }], later(2));
    assert.equal(await store.cacheGet('flow/x/default', ['a', 'c'], later(2)), [undefined, '4']);
  });
}

test.run();
