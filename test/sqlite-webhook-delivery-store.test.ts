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

test('a delivery is claimed for its run until its window ends, per webhook path; an expired claim is claimed anew', async () => {
  const { deliveries } = stores;
  assert.is(await deliveries.claim('shop/orders', 'd-1', 'run-1', minute(0), minute(10)), undefined);
  assert.equal(await deliveries.claim('shop/orders', 'd-1', 'run-x', minute(9), minute(19)), { run: 'run-1', claimedAt: minute(0) });
  assert.is(await deliveries.claim('shop/refunds', 'd-1', 'run-2', minute(1), minute(11)), undefined);
  assert.is(await deliveries.claim('shop/orders', 'd-1', 'run-3', minute(10), minute(20)), undefined);
  assert.equal(await deliveries.claim('shop/orders', 'd-1', 'run-y', minute(12), minute(22)), { run: 'run-3', claimedAt: minute(10) });
});

test('deliveries whose window has ended are forgotten as new ones come in; a row from before claims were timed counts as old', async () => {
  const { deliveries } = stores;
  await deliveries.claim('shop/orders', 'd-1', 'run-1', minute(0), minute(10));
  await deliveries.claim('shop/orders', 'd-2', 'run-2', minute(11), minute(20));
  const rows = stores.database.db.prepare('SELECT delivery_id FROM webhook_deliveries').all();
  assert.equal(rows, [{ delivery_id: 'd-2' }]);
  stores.database.db.prepare("INSERT INTO webhook_deliveries (path, delivery_id, run_id, expires_at) VALUES ('shop/orders', 'd-0', 'run-0', ?)").run(minute(30).toISOString());
  assert.equal(await deliveries.claim('shop/orders', 'd-0', 'run-z', minute(12), minute(22)), { run: 'run-0', claimedAt: new Date(0) });
});

test.run();
