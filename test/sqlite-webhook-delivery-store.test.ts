import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStores, type SqliteStores } from '../src/engine/stores/sqlite/sqlite-stores.js';

/** Webhook delivery ids in a real state file: remembered until their window ends, per path. */
const test = suite('sqlite-webhook-delivery-store');

let directory: string;
let stores: SqliteStores;
test.before.each(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'weft-deliveries-'));
  stores = openSqliteStores(path.join(directory, 'state.db'), {});
});
test.after.each(async () => {
  await stores.close();
  await rm(directory, { recursive: true, force: true });
});

const minute = (n: number) => new Date(Date.UTC(2026, 0, 1, 12, n));

test('a delivery is remembered with its run until its window ends, per webhook path; a replay remembered again gets the new run', async () => {
  const { deliveries } = stores;
  assert.is(await deliveries.seen('shop/orders', 'd-1', minute(0)), undefined);
  await deliveries.remember('shop/orders', 'd-1', 'run-1', minute(0), minute(10));
  assert.is(await deliveries.seen('shop/orders', 'd-1', minute(9)), 'run-1');
  assert.is(await deliveries.seen('shop/orders', 'd-1', minute(10)), undefined);
  assert.is(await deliveries.seen('shop/refunds', 'd-1', minute(1)), undefined);
  assert.is(await deliveries.seen('shop/orders', 'd-2', minute(1)), undefined);
  await deliveries.remember('shop/orders', 'd-1', 'run-2', minute(5), minute(15));
  assert.is(await deliveries.seen('shop/orders', 'd-1', minute(12)), 'run-2');
});

test('deliveries whose window has ended are forgotten as new ones come in', async () => {
  const { deliveries } = stores;
  await deliveries.remember('shop/orders', 'd-1', 'run-1', minute(0), minute(10));
  await deliveries.remember('shop/orders', 'd-2', 'run-2', minute(11), minute(20));
  // Asked about a time inside its window, d-1 is gone all the same: its row was deleted.
  assert.is(await deliveries.seen('shop/orders', 'd-1', minute(5)), undefined);
  assert.is(await deliveries.seen('shop/orders', 'd-2', minute(5)), 'run-2');
  const rows = stores.database.db.prepare('SELECT delivery_id FROM webhook_deliveries').all();
  assert.equal(rows, [{ delivery_id: 'd-2' }]);
});

test.run();
