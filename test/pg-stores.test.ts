import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import pg from 'pg';
import { StateFileError } from '../src/engine/engine.js';
import { openPostgresStores, type PgStores } from '../src/engine/stores/postgres/pg-stores.js';
import { pgMigrations } from '../src/engine/stores/postgres/pg-migrations.js';
import { postgresOrSkip, startPostgres, type PostgresServer } from './helpers/postgres.js';
import { rejection, storeSuite } from './helpers/store-suite.js';

/** The PostgreSQL stores, on a private server: the engine's store suite, then what a cluster needs besides. */
if (postgresOrSkip('pg-stores')) {
  let server: PostgresServer;
  const env = { WEFT_SECRET_KEY: 'a cluster passphrase' };

  const shared = storeSuite('postgresql', async () => ({ where: await server.database('suite'), drop: async () => undefined }));
  shared.before(async () => {
    server = await startPostgres();
  });
  shared.run();

  const test = suite('pg-stores: a cluster');
  const opened: PgStores[] = [];
  const open = async (url: string, options: { leaseMs?: number } = {}, environment: Record<string, string> = env) => {
    const stores = await openPostgresStores(url, environment, options);
    opened.push(stores);
    return stores;
  };
  test.after.each(async () => {
    await Promise.all(opened.splice(0).map((stores) => stores.close().catch(() => undefined)));
  });
  test.after(async () => {
    await server.stop();
  });

  const accepted = (id: string) => ({ id, flow: 'orders', revision: 1, bundleSha256: 'b'.repeat(64), trigger: 'webhook', startedAt: new Date().toISOString(), passes: [{ records: [{ id }] }] });

  test('ten processes opening a new database at once: the schema is made once, under the advisory lock', async () => {
    const url = await server.database('migrate');
    const stores = await Promise.all(Array.from({ length: 10 }, () => open(url)));
    assert.is(stores.length, 10);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const versions = (await client.query('SELECT version FROM weft_schema_migrations ORDER BY version')).rows.map((row) => row.version);
      assert.equal(versions, pgMigrations.map((_, index) => index + 1));
      // A database a newer weft wrote is refused, not migrated back.
      await client.query("INSERT INTO weft_schema_migrations (version, applied_at) VALUES (99, 'later')");
    } finally {
      await client.end();
    }
    const refused = await rejection(() => open(url));
    assert.ok(refused instanceof StateFileError && /newer weft \(schema version 99/.test(refused.message), String(refused));
  });

  test("a run whose process stopped renewing its lease is interrupted, and another process claims it once; a closed store hands its runs back at once", async () => {
    const url = await server.database('leases');
    const worker = await open(url, { leaseMs: 300 });
    const other = await open(url, { leaseMs: 300 });
    await worker.runs.accept(accepted('kept'));
    // Renewed while its store lives: never interrupted.
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal(await other.runs.interrupted(), []);
    // A process killed: its leases run out (here: renewals stop, as a SIGKILL stops them).
    await worker.database.query("UPDATE runs SET lease_until = 0 WHERE id = 'kept'");
    clearIntervalOf(worker);
    const interrupted = await other.runs.interrupted();
    assert.equal(interrupted.map((entry) => [entry.run.id, entry.run.status, entry.passes]), [['kept', 'interrupted', [{ records: [{ id: 'kept' }] }]]]);
    const [first, second] = await Promise.all([other.runs.claim('kept'), worker.runs.claim('kept')]);
    assert.ok((first === undefined) !== (second === undefined), 'claimed by exactly one');
    assert.is((await other.runs.get('kept'))?.status, 'running');
    // Graceful shutdown: the runs still running are handed back, for another process to resume.
    const leaving = await open(url, { leaseMs: 60_000 });
    await leaving.runs.accept(accepted('handed-back'));
    await leaving.close();
    assert.equal((await other.runs.interrupted()).map((entry) => entry.run.id), ['handed-back']);
  });

  test('what was committed survives the server crashing; the stores reconnect to it', async () => {
    const url = await server.database('crash');
    const stores = await open(url);
    await stores.runs.accept(accepted('before-crash'));
    await stores.secrets.set('api/token', 'tok-Zq8Lw3Rt7Yp2Kx9Mv4');
    await server.crash();
    // The pool's old connections are gone; the next queries take new ones.
    let found;
    for (let attempt = 0; attempt < 20 && !found; attempt++) {
      found = await stores.runs.get('before-crash').catch(() => undefined);
      if (!found) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.is(found?.status, 'running');
    assert.is(await stores.secrets.read('api/token'), 'tok-Zq8Lw3Rt7Yp2Kx9Mv4');
  });

  test('secrets need WEFT_SECRET_KEY, the same in every process; the database holds no value', async () => {
    const url = await server.database('secrets');
    const keyless = await open(url, {}, {});
    const refused = await rejection(() => keyless.secrets.set('api/token', 'tok-Zq8Lw3Rt7Yp2Kx9Mv4'));
    assert.ok(refused instanceof StateFileError && /WEFT_SECRET_KEY/.test(refused.message), String(refused));
    const stores = await open(url);
    await stores.secrets.set('api/token', 'tok-Zq8Lw3Rt7Yp2Kx9Mv4');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const dump = JSON.stringify((await client.query('SELECT * FROM secrets')).rows.map((row) => Object.values(row).map((value) => (Buffer.isBuffer(value) ? value.toString('latin1') : value))));
      assert.not.ok(dump.includes('tok-Zq8Lw3Rt7Yp2Kx9Mv4'), dump);
    } finally {
      await client.end();
    }
  });

  test('a server that cannot be reached or a database that does not exist: a clear error, the password never shown', async () => {
    const unreachable = await rejection(() => openPostgresStores('postgres://weft:s3cret-pw@127.0.0.1:9/weft', env));
    assert.ok(unreachable instanceof StateFileError && /cannot reach PostgreSQL at postgres:\/\/weft:\*\*\*@127\.0\.0\.1:9\/weft \(ECONNREFUSED\)/.test(unreachable.message), String(unreachable));
    const missing = await rejection(() => openPostgresStores(`postgres://weft:s3cret-pw@127.0.0.1:${server.port}/no_such_database`, env));
    assert.ok(missing instanceof StateFileError && /does not exist/.test(missing.message) && !missing.message.includes('s3cret-pw'), String(missing));
  });

  test.run();
}

/** Stops a store's lease renewals, as a killed process's stop. */
function clearIntervalOf(stores: PgStores): void {
  clearInterval((stores.runs as unknown as { renewal: NodeJS.Timeout }).renewal);
}
