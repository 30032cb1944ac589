import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { compileProject } from '../src/pipeline/compile-project.js';
import { computePlan } from '../src/plan/compute-plan.js';
import { canonicalJson, sha256 } from '../src/compile/canonical-json.js';
import type { Bundle } from '../src/compile/compile-bundle.js';
import { EngineBusyError, EngineUnavailableError, StaleStateError, type Engine, type PlaceholderRef } from '../src/engine/engine.js';
import { LocalEngine } from '../src/engine/local-engine.js';
import { HttpEngine } from '../src/engine/http-engine.js';
import { createEngineServer } from '../src/engine/engine-server.js';
import pg from 'pg';
import { openPostgresStores } from '../src/engine/stores/postgres/pg-stores.js';
import { postgresOrSkip, startPostgres, type PostgresServer } from './helpers/postgres.js';
import { singleAcme } from './helpers/single-acme.js';

// One engine suite, run twice: against the embedded LocalEngine, and against an HttpEngine
// talking to a LocalEngine served in-process by createEngineServer. Both must behave alike.

/** An engine under test, and the LocalEngine that holds its state (the same object for local). */
interface Harness {
  engine: Engine;
  /** The engine that owns the state file: for http, the one behind the server. */
  local: LocalEngine;
  /** Holds the apply lock as another process would, until released. */
  holdLock(): Promise<() => Promise<void>>;
  remote: boolean;
  close(): Promise<void>;
}

type Factory = (file: string, env: Record<string, string>) => Promise<Harness>;

const token = 'http-engine-test-token-3f9a1c0d7e';

/** The engine in this process, and how another process would hold its apply lock. */
type Opener = (file: string, env: Record<string, string>) => Promise<{ local: LocalEngine; holdLock(): Promise<() => Promise<void>> }>;

/** The embedded engine on its SQLite file: another connection's BEGIN IMMEDIATE holds the lock. */
const onSqlite: Opener = async (file, env) => ({
  local: new LocalEngine(file, { env }),
  async holdLock() {
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    return async () => {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    };
  },
});

const localFactory = (open: Opener): Factory => async (file, env) => {
  const { local, holdLock } = await open(file, env);
  return { engine: local, local, holdLock, remote: false, close: async () => local.close() };
};

const httpFactory = (open: Opener): Factory => async (file, env) => {
  const { local, holdLock } = await open(file, env);
  const server = createEngineServer(local, { token });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const engine = new HttpEngine(`http://127.0.0.1:${port}`, token);
  return {
    engine,
    local,
    holdLock,
    remote: true,
    async close() {
      await engine.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      local.close();
    },
  };
};

/** A copy of a bundle with every hash recomputed, as compileBundle would: the server checks them. */
function rehash(bundle: Omit<Bundle, 'sha256'> & { sha256?: string }): Bundle {
  const { sha256: _, ...body } = bundle;
  const connectors = new Map<string, string>();
  const resources = body.resources.map((resource) => {
    const dependency = resource.kind === 'Instance' ? connectors.get(String(resource.spec.connector))! : '';
    const hash = sha256(canonicalJson({ kind: resource.kind, metadata: resource.metadata, spec: resource.spec }) + dependency);
    if (resource.kind === 'Connector') connectors.set(resource.name, hash);
    return { ...resource, sha256: hash };
  });
  const rehashed = { ...body, resources };
  return { ...rehashed, sha256: sha256(canonicalJson(rehashed)) };
}

/** The error a sync throw or an async rejection gives; fails if there is none. */
async function rejection(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return assert.unreachable('expected the call to throw or reject');
}

let acme: Bundle;

function engineSuite(name: string, factory: Factory): void {
  const test = suite(name);
  let directory: string;
  let harness: Harness;
  let engine: Engine;
  /** Only the engine's environment has it; process.env must not. */
  const engineOnly = 'WEFT_HTTP_ENGINE_TEST_ONLY_IN_ENGINE';
  /** Only process.env has it, during the placeholder test. */
  const processOnly = 'WEFT_HTTP_ENGINE_TEST_ONLY_IN_PROCESS';

  test.before(async () => {
    acme ??= (await compileProject(singleAcme())).bundle!;
    assert.is(acme.resources.length, 18);
  });
  test.before.each(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'weft-http-engine-'));
    harness = await factory(path.join(directory, '.weft', 'state.db'), { WEFT_SECRET_KEY: 'a test passphrase', [engineOnly]: 'engine-side' });
    engine = harness.engine;
  });
  test.after.each(async () => {
    delete process.env[processOnly];
    await harness.close();
    await rm(directory, { recursive: true, force: true });
  });

  test('fresh state, apply of the example, a re-plan with no actions, and an empty plan records nothing', async () => {
    assert.equal(await engine.readState(), { revision: 0, resources: [] });
    const plan = computePlan(acme, await engine.readState());
    assert.equal(plan.summary, { add: 18, change: 0, destroy: 0 });
    const revision = await engine.apply(plan, acme, 'tester');
    assert.ok(revision);
    assert.is(revision.number, 1);
    assert.is(revision.user, 'tester');
    assert.is(revision.bundleSha256, acme.sha256);
    assert.equal(revision.summary, { add: 18, change: 0, destroy: 0 });
    assert.type(revision.createdAt, 'string');

    const state = await engine.readState();
    assert.is(state.revision, 1);
    assert.is(state.resources.length, 18);
    assert.equal(
      state.resources.map((r) => `${r.kind}/${r.name}/${r.sha256}`).sort(),
      acme.resources.map((r) => `${r.kind}/${r.name}/${r.sha256}`).sort(),
    );
    const replan = computePlan(acme, state);
    assert.equal(replan.actions, []);
    assert.is(await engine.apply(replan, acme, 'tester'), undefined);
    assert.is((await engine.readState()).revision, 1);
    assert.is((await engine.revisions()).length, 1);
  });

  test('a plan made against revision 0 is refused once revision 1 exists, and nothing changes', async () => {
    const stale = computePlan(acme, await engine.readState());
    await engine.apply(stale, acme, 'first');
    const before = await engine.readState();
    const error = await rejection(() => engine.apply(stale, acme, 'second'));
    assert.instance(error, StaleStateError);
    assert.is((error as StaleStateError).expected, 0);
    assert.is((error as StaleStateError).actual, 1);
    assert.equal(await engine.readState(), before);
    assert.equal((await engine.revisions()).map((r) => r.user), ['first']);
  });

  test('an update of a connector spec gives revision 2, visible in the state', async () => {
    await engine.apply(computePlan(acme, await engine.readState()), acme, 'tester');
    const changed = structuredClone(acme);
    const shopify = changed.resources.find((r) => r.kind === 'Connector' && r.name === 'shopify')!;
    assert.ok(shopify, 'the example has connector shopify');
    assert.is.not(shopify.spec.version, '1.4.99');
    shopify.spec.version = '1.4.99';
    const updated = rehash(changed);
    assert.is.not(updated.sha256, acme.sha256);

    const plan = computePlan(updated, await engine.readState());
    // The connector, and the two instances whose identity includes its hash.
    assert.equal(plan.summary, { add: 0, change: 3, destroy: 0 });
    const revision = await engine.apply(plan, updated, 'updater');
    assert.is(revision?.number, 2);
    assert.is(revision?.bundleSha256, updated.sha256);
    const state = await engine.readState();
    assert.is(state.revision, 2);
    const deployed = state.resources.find((r) => r.kind === 'Connector' && r.name === 'shopify');
    assert.is(deployed?.spec.version, '1.4.99');
    assert.is(deployed?.sha256, updated.resources.find((r) => r.kind === 'Connector' && r.name === 'shopify')!.sha256);
    assert.equal(computePlan(updated, state).actions, []);
  });

  test('a rename through metadata.previousNames and a delete', async () => {
    await engine.apply(computePlan(acme, await engine.readState()), acme, 'tester');
    const renamed = rehash({
      ...acme,
      resources: acme.resources
        .filter((resource) => resource.name !== 'orders-to-warehouse')
        .map((resource) =>
          resource.name === 'backfill-us-orders'
            ? { ...resource, name: 'us-backfill', metadata: { ...resource.metadata, name: 'us-backfill', previousNames: ['backfill-us-orders'] }, sha256: 'f'.repeat(64) }
            : resource,
        ),
    });
    const plan = computePlan(renamed, await engine.readState());
    assert.equal(plan.summary, { add: 0, change: 1, destroy: 1 });
    const revision = await engine.apply(plan, renamed, 'tester');
    assert.is(revision?.number, 2);
    const state = await engine.readState();
    const flows = state.resources.filter((r) => r.kind === 'Flow').map((r) => r.name);
    assert.ok(flows.includes('us-backfill'), 'the new name exists');
    assert.not.ok(flows.includes('backfill-us-orders'), 'the old name is gone');
    assert.not.ok(flows.includes('orders-to-warehouse'), 'the deleted flow is gone');
    assert.is(state.resources.length, 17);
    assert.equal(computePlan(renamed, state).actions, []);
  });

  test('revisions() lists the applies; revisionBundle gives the applied bundle or undefined', async () => {
    await engine.apply(computePlan(acme, await engine.readState()), acme, 'alice');
    const second = rehash({ ...acme, resources: acme.resources.filter((r) => r.name !== 'orders-to-warehouse') });
    await engine.apply(computePlan(second, await engine.readState()), second, 'bob');
    const revisions = await engine.revisions();
    assert.equal(
      revisions.map((r) => ({ number: r.number, user: r.user, bundleSha256: r.bundleSha256, summary: r.summary })),
      [
        { number: 1, user: 'alice', bundleSha256: acme.sha256, summary: { add: 18, change: 0, destroy: 0 } },
        { number: 2, user: 'bob', bundleSha256: second.sha256, summary: { add: 0, change: 0, destroy: 1 } },
      ],
    );
    for (const revision of revisions) assert.ok(!Number.isNaN(Date.parse(revision.createdAt)), 'createdAt is a timestamp');
    assert.equal(await engine.revisionBundle(1), acme);
    assert.equal(await engine.revisionBundle(2), second);
    assert.is(await engine.revisionBundle(99), undefined);
  });

  test("resolves(): env from the engine's environment (not process.env), defaults, secrets once set; booleans only", async () => {
    assert.is(process.env[engineOnly], undefined, `${engineOnly} must not be set in the test process`);
    process.env[processOnly] = 'process-side';
    const placeholders: PlaceholderRef[] = [
      { source: 'env', name: engineOnly },
      { source: 'env', name: processOnly },
      { source: 'env', name: 'WEFT_HTTP_ENGINE_TEST_UNSET', default: 'fallback' },
      { source: 'env', name: 'WEFT_HTTP_ENGINE_TEST_UNSET' },
      { source: 'secret', name: 'shopify/uk/webhook' },
    ];
    const before = await engine.resolves(placeholders);
    assert.equal(before, [true, false, true, false, false]);
    assert.ok(before.every((answer) => typeof answer === 'boolean'));

    await engine.setSecret('shopify/uk/webhook', 'the-webhook-secret');
    const after = await engine.resolves(placeholders);
    assert.equal(after, [true, false, true, false, true]);
    assert.ok(after.every((answer) => typeof answer === 'boolean'));
    assert.equal(await engine.resolves([]), []);
  });

  test('secrets: set, list sorted paths, remove; the value only through the owning LocalEngine', async () => {
    assert.equal(await engine.secretPaths(), []);
    await engine.setSecret('zeta/last', 'value-zeta');
    await engine.setSecret('alpha/first', 'value-alpha');
    await engine.setSecret('mid/one', 'value-mid');
    await engine.setSecret('mid/one', 'value-mid-2');
    const paths = await engine.secretPaths();
    assert.equal(paths, ['alpha/first', 'mid/one', 'zeta/last']);
    assert.not.ok(JSON.stringify(paths).includes('value-'), 'paths only, never values');

    assert.is((await harness.local.readSecret('alpha/first')), 'value-alpha');
    assert.is((await harness.local.readSecret('mid/one')), 'value-mid-2');
    if (harness.remote) assert.not.ok('readSecret' in engine, 'the HTTP client cannot read a value');

    assert.is(await engine.removeSecret('mid/one'), true);
    assert.is(await engine.removeSecret('mid/one'), false);
    assert.is(await engine.removeSecret('never/stored'), false);
    assert.equal(await engine.secretPaths(), ['alpha/first', 'zeta/last']);
    assert.is((await harness.local.readSecret('mid/one')), undefined);
  });

  test('busy: another process holding the apply lock makes apply fail with EngineBusyError; once it lets go the apply succeeds', async () => {
    const plan = computePlan(acme, await engine.readState());
    const release = await harness.holdLock();
    try {
      const error = await rejection(() => engine.apply(plan, acme, 'tester', { lockTimeoutMs: 0 }));
      assert.instance(error, EngineBusyError);
      assert.equal(await engine.readState(), { revision: 0, resources: [] });
      await release();
      const revision = await engine.apply(plan, acme, 'tester', { lockTimeoutMs: 0 });
      assert.is(revision?.number, 1);
      assert.is((await engine.readState()).resources.length, 18);
    } finally {
      await release();
    }
  });

  test.run();
}

engineSuite('engine (local)', localFactory(onSqlite));
engineSuite('engine (http)', httpFactory(onSqlite));

// The same suite on PostgreSQL (a private server for this file): an engine of a cluster, in this
// process and served over HTTP. Another client holding the advisory lock applies take is the
// other process.
if (postgresOrSkip('http-engine on PostgreSQL')) {
  let server: PostgresServer | undefined;
  const onPostgres: Opener = async (_file, env) => {
    server ??= await startPostgres();
    const url = await server.database('engine');
    const local = LocalEngine.onStores(await openPostgresStores(url, env), url, { env });
    return {
      local,
      async holdLock() {
        const other = new pg.Client({ connectionString: url });
        await other.connect();
        await other.query('BEGIN');
        await other.query('SELECT pg_advisory_xact_lock($1)', [0x6170706c]);
        let released = false;
        return async () => {
          if (released) return;
          released = true;
          await other.query('ROLLBACK');
          await other.end();
        };
      },
    };
  };
  engineSuite('engine (local, postgresql)', localFactory(onPostgres));
  engineSuite('engine (http, postgresql)', httpFactory(onPostgres));
  process.once('beforeExit', () => void server?.stop());
}

const client = suite('http-engine client');

client('a URL that is not one, or holds a user and password, is a clear error; nothing listening is "cannot reach"', async () => {
  const refused = (url: string, message: RegExp) =>
    assert.throws(() => new HttpEngine(url, 't'), (error: unknown) => error instanceof EngineUnavailableError && message.test(error.message));
  refused('http://127.0.0.1:99999', /is not a URL/);
  refused('http://', /is not a URL/);
  refused('http://user:hunter2@127.0.0.1:8080', /must not hold a user or password/);
  refused('http://127.0.0.1:8080/?x=1', /query or fragment/);
  assert.match(String(await rejection(() => new HttpEngine('http://127.0.0.1:1/weft', 't').readState())), /cannot reach the engine at http:\/\/127\.0\.0\.1:1\/weft: a port that fetch refuses to use/);
  // A port nobody listens on: one just freed.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const engine = new HttpEngine(`http://127.0.0.1:${port}/weft`, 't');
  assert.is(engine.description, `the engine at http://127.0.0.1:${port}/weft`);
  const error = await rejection(() => engine.readState());
  assert.instance(error, EngineUnavailableError);
  assert.is((error as Error).message, `cannot reach the engine at http://127.0.0.1:${port}/weft: ECONNREFUSED`);
});

client.run();
