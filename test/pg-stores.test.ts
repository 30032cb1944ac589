import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import pg from 'pg';
import { StateFileError } from '../src/engine/engine.js';
import { RunTakenOverError } from '../src/engine/stores/stores.js';
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
    const stopRenewals = renewalsOf(worker);
    const other = await open(url, { leaseMs: 300 });
    await worker.runs.accept(accepted('kept'));
    // Renewed while its store lives: never interrupted.
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal(await other.runs.interrupted(), []);
    // A process killed: its leases run out (here: renewals stop, as a SIGKILL stops them; one
    // under way lands first, or it would renew the lease after it ran out).
    await stopRenewals();
    await worker.database.query("UPDATE runs SET lease_until = 0 WHERE id = 'kept'");
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

  test('a process that held a run past its lease and woke up: its checkpoints and its end are refused, the new holder\'s kept', async () => {
    const url = await server.database('fence');
    const stalled = await open(url, { leaseMs: 60_000 });
    const other = await open(url, { leaseMs: 60_000 });
    await stalled.runs.accept(accepted('fenced'));
    await stalled.runs.checkpoint('fenced', { pass: 0, consumed: 1, steps: [] }, []);
    // Stalled (paused, cut off) past its lease: the run is interrupted and claimed elsewhere.
    await stalled.database.query("UPDATE runs SET lease_until = 0 WHERE id = 'fenced'");
    await other.runs.markInterrupted();
    assert.ok(await other.runs.claim('fenced'));
    const progress = { pass: 0, consumed: 2, steps: [] };
    const failure = { step: 'deliver', index: 1, record: { id: 'fenced' }, error: 'HTTP 422' };
    const late = await rejection(() => stalled.runs.checkpoint('fenced', progress, [failure]));
    assert.ok(late instanceof RunTakenOverError, String(late));
    const record = { ...accepted('fenced'), status: 'failed' as const, finishedAt: new Date().toISOString(), steps: [], error: 'HTTP 422', failures: [] };
    assert.ok((await rejection(() => stalled.runs.finish(record, [failure], record.startedAt))) instanceof RunTakenOverError);
    assert.is((await other.runs.get('fenced'))?.status, 'running');
    assert.equal((await other.runs.get('fenced'))?.failures, []);
    assert.is(await other.flowState.watermark('orders'), undefined);
    // The holder's own checkpoint and end go through.
    await other.runs.checkpoint('fenced', progress, []);
    await other.runs.finish({ ...record, status: 'succeeded', error: undefined }, [], record.startedAt);
    assert.is(await stalled.flowState.watermark('orders'), record.startedAt);
    assert.is((await stalled.runs.get('fenced'))?.status, 'succeeded');
  });

  test('a process frozen inside a transaction holds no one up: others look past locked rows, the server ends its session after a lease, and it wakes to an error, not a crash', async () => {
    const url = await server.database('frozen');
    const frozen = await open(url, { leaseMs: 1000 });
    const other = await open(url, { leaseMs: 1000 });
    for (const id of ['checkpointing', 'locked-elsewhere', 'idle']) await frozen.runs.accept(accepted(id));
    await renewalsOf(frozen)();
    // Frozen (SIGSTOP, a paused VM) between two statements of a checkpoint: the run's row locked.
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const checkpoint = frozen.database
      .transaction(async (client) => {
        await client.query("UPDATE runs SET progress = progress WHERE id = 'checkpointing'");
        await woken;
        await client.query('SELECT 1');
      })
      .then(() => undefined, (error: unknown) => error);
    // Another run's row locked by a session no lease bounds (an operator's psql, say).
    const operator = new pg.Client({ connectionString: url });
    await operator.connect();
    try {
      await operator.query('BEGIN');
      await operator.query("SELECT * FROM runs WHERE id = 'locked-elsewhere' FOR UPDATE");
      await new Promise((resolve) => setTimeout(resolve, 1100));
      // Past the leases: the other process's looks are not held up by the locked rows.
      const interrupted = (await within(1000, 'the look for interrupted runs', other.runs.interrupted())).map((entry) => entry.run.id);
      assert.ok(interrupted.includes('idle') && !interrupted.includes('locked-elsewhere'), interrupted.join());
      assert.equal([...(await within(1000, 'a claim', other.runs.claimWithin('orders', ['idle'], 5, 3))).keys()], ['idle']);
      // The server ends the frozen session (its idle-in-transaction timeout is the lease): its run is interrupted in turn.
      const deadline = Date.now() + 5000;
      while (!(await other.runs.interrupted()).some((entry) => entry.run.id === 'checkpointing') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(await other.runs.claim('checkpointing'), 'the frozen run was not handed on');
      await operator.query('ROLLBACK');
      assert.equal((await other.runs.interrupted()).map((entry) => entry.run.id), ['locked-elsewhere']);
    } finally {
      wake();
      await operator.end();
    }
    // Woken, the frozen process finds its transaction gone (an error, not a crash), its store still usable, its run taken over.
    const ended = await checkpoint;
    assert.ok(ended instanceof Error && /idle-in-transaction timeout/.test(ended.message), String(ended));
    assert.is((await frozen.runs.get('checkpointing'))?.status, 'running');
    const late = await rejection(() => frozen.runs.checkpoint('checkpointing', { pass: 0, consumed: 1, steps: [] }, []));
    assert.ok(late instanceof RunTakenOverError, String(late));
  });

  test('a lease longer than PostgreSQL takes as a timeout: transactions still work, and a failed one leaves its connection usable', async () => {
    const url = await server.database('long-lease');
    const stores = await open(url, { leaseMs: 3e9 });
    await stores.runs.accept(accepted('long'));
    assert.is((await stores.runs.get('long'))?.status, 'running');
    // A transaction that fails (here: a duplicate) is rolled back; the same connections go on.
    assert.ok((await rejection(() => stores.runs.accept(accepted('long')))) instanceof Error);
    for (let index = 0; index < 25; index++) await stores.runs.accept(accepted(`after-${index}`));
    assert.is((await stores.runs.list('orders', 100)).length, 26);
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

/** `work`, or an error saying what was still waiting after `ms`. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * The stop of a store's lease renewals, as a killed process's stop: resolves once no renewal is
 * under way. Call it before the store renews anything (the renewals are watched from then on).
 */
function renewalsOf(stores: PgStores): () => Promise<void> {
  const runs = stores.runs as unknown as { renewal: NodeJS.Timeout; renew(): Promise<void> };
  const renew = runs.renew.bind(runs);
  const underWay = new Set<Promise<unknown>>();
  runs.renew = () => {
    const renewal = renew();
    const settled = renewal.catch(() => undefined).finally(() => underWay.delete(settled));
    underWay.add(settled);
    return renewal;
  };
  return async () => {
    clearInterval(runs.renewal);
    await Promise.all(underWay);
  };
}
