import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Bundle } from '../../src/compile/compile-bundle.js';
import { EngineBusyError, StaleStateError, StateFileError } from '../../src/engine/engine.js';
import { CacheFullError, DuplicateRunError, type RunRecord, type Stores } from '../../src/engine/stores/stores.js';
import { compileProject } from '../../src/pipeline/compile-project.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { openStoresAt } from './open-stores.js';
import { repoRoot } from './run-weft.js';
import { singleAcme } from './single-acme.js';

const helpers = path.dirname(fileURLToPath(import.meta.url));

/** One engine database for a test: where it is, and how to remove it. */
export interface StoreHandle {
  /** `sqlite:<file>` or a `postgres://` URL (see openStoresAt). */
  where: string;
  /** Removes the database. */
  drop(): Promise<void>;
}

/**
 * The engine's store suite: what every implementation of the store interfaces (SQLite, PostgreSQL)
 * must do alike — apply with its optimistic concurrency and lock, revisions, secrets, runs and
 * their failed records, watermarks, the message ledger, webhook deliveries, dedupe keys and
 * caches. `fresh` gives a new empty database for each test.
 */
export function storeSuite(name: string, fresh: () => Promise<StoreHandle>) {
  const test = suite(`store suite: ${name}`);
  const env = { WEFT_SECRET_KEY: 'a store suite passphrase' };
  let bundle: Bundle;
  let handle: StoreHandle;
  const opened: Stores[] = [];
  // Each call a new instance on the database: another process, as far as the stores know.
  const open = async (options: { env?: Record<string, string> } = {}) => {
    const stores = await openStoresAt(handle.where, options.env ?? env);
    opened.push(stores);
    return stores;
  };

  test.before(async () => {
    bundle = (await compileProject(singleAcme())).bundle!;
    // Text beyond ASCII in a deployed resource, as descriptions often have.
    const described = bundle.resources.find((resource) => resource.kind === 'Flow')!;
    described.metadata = { ...described.metadata, description: 'Zürich → 東京 😀' };
  });
  test.before.each(async () => {
    handle = await fresh();
  });
  test.after.each(async () => {
    await Promise.all(opened.splice(0).map((stores) => stores.close().catch(() => undefined)));
    await handle.drop();
  });

  test('apply writes every resource and a revision; the state then plans nothing; the revision keeps its bundle', async () => {
    const stores = await open();
    assert.equal(await stores.state.read(), { revision: 0, resources: [] });
    const revision = await stores.state.apply(computePlan(bundle, await stores.state.read()), bundle, 'tester', { lockTimeoutMs: 0, source: { commit: 'c0ffee', branch: 'main', dirty: false, author: 'A <a@example.com>' } });
    assert.is(revision.number, 1);
    const state = await stores.state.read();
    assert.is(state.revision, 1);
    assert.is(state.resources.length, bundle.resources.length);
    assert.equal(computePlan(bundle, state).actions, []);
    // Each deployed resource's fields read back as applied (non-ASCII text too).
    const bySha = new Map(bundle.resources.map((resource) => [resource.sha256, resource]));
    for (const resource of state.resources) assert.equal({ metadata: resource.metadata, spec: resource.spec }, { metadata: bySha.get(resource.sha256)!.metadata, spec: bySha.get(resource.sha256)!.spec });
    const revisions = await stores.state.revisions();
    assert.equal(revisions.map((entry) => [entry.number, entry.user, entry.bundleSha256, entry.summary, entry.source?.commit]), [[1, 'tester', bundle.sha256, { add: 18, change: 0, destroy: 0 }, 'c0ffee']]);
    assert.equal(await stores.state.revisionBundle(1), bundle);
    assert.is(await stores.state.revisionBundle(2), undefined);
  });

  test('a plan made against an older revision is refused, from this process or another, and nothing changes', async () => {
    const first = await open();
    const second = await open();
    const planA = computePlan(bundle, await first.state.read());
    const planB = computePlan(bundle, await second.state.read());
    await first.state.apply(planA, bundle, 'a', { lockTimeoutMs: 0 });
    for (const [stores, plan] of [[first, planA], [second, planB]] as const) {
      const error = await rejection(() => stores.state.apply(plan, bundle, 'b', { lockTimeoutMs: 0 }));
      assert.ok(error instanceof StaleStateError && /revision 1/.test(error.message), String(error));
    }
    assert.is((await second.state.revisions()).length, 1);
  });

  test('an apply holding the lock in another process: another is refused at once naming the holder, or waits its timeout and then finds the state moved on', async () => {
    const other = await open();
    const plan = computePlan(bundle, await other.state.read());
    const child = execa(process.execPath, ['--import', 'tsx', path.join(helpers, 'slow-apply.ts'), handle.where, 'alice', '2500'], { cwd: repoRoot });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('applying') && resolve());
      child.catch(reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    const busy = await rejection(() => other.state.apply(plan, bundle, 'bob', { lockTimeoutMs: 0 }));
    assert.ok(busy instanceof EngineBusyError, String(busy));
    assert.match((busy as Error).message, /alice \(pid \d+\) since \d{4}-/);
    const waited = await rejection(() => other.state.apply(plan, bundle, 'bob', { lockTimeoutMs: 20_000 }));
    assert.ok(waited instanceof StaleStateError, String(waited));
    assert.match((await child).stdout, /revision 1/);
  });

  test('an apply that fails midway leaves the state wholly as it was', async () => {
    const stores = await open();
    const plan = computePlan(bundle, await stores.state.read());
    const broken = { ...plan, actions: [...plan.actions, { ...plan.actions[0]!, after: undefined }] } as unknown as typeof plan;
    await rejection(() => stores.state.apply(broken, bundle, 'tester', { lockTimeoutMs: 0 }));
    assert.equal(await stores.state.read(), { revision: 0, resources: [] });
    assert.equal(await stores.state.revisions(), []);
  });

  test('deletes and renames: the renamed resource keeps its row under its new name', async () => {
    const stores = await open();
    await stores.state.apply(computePlan(bundle, await stores.state.read()), bundle, 'tester', { lockTimeoutMs: 0 });
    const renamed = {
      ...bundle,
      resources: bundle.resources
        .filter((resource) => resource.name !== 'orders-to-warehouse')
        .map((resource) => (resource.name === 'backfill-us-orders' ? { ...resource, name: 'us-backfill', metadata: { ...resource.metadata, name: 'us-backfill', previousNames: ['backfill-us-orders'] }, sha256: 'f'.repeat(64) } : resource)),
    };
    const plan = computePlan(renamed, await stores.state.read());
    assert.equal(plan.summary, { add: 0, change: 1, destroy: 1 });
    await stores.state.apply(plan, renamed, 'tester', { lockTimeoutMs: 0 });
    const names = (await stores.state.read()).resources.filter((resource) => resource.kind === 'Flow').map((resource) => resource.name).sort();
    assert.ok(names.includes('us-backfill') && !names.includes('backfill-us-orders') && !names.includes('orders-to-warehouse'), names.join(', '));
    assert.equal(computePlan(renamed, await stores.state.read()).actions, []);
  });

  test('secrets: stored sealed, listed by path, read back (by another process too), replaced and removed; the version moves with each change; another key is refused', async () => {
    const stores = await open();
    const other = await open();
    const versions = [await stores.secrets.version()];
    await stores.secrets.set('shop/token', 'shpat_first');
    versions.push(await other.secrets.version());
    await stores.secrets.set('erp/password', 'p@ss wörd');
    await stores.secrets.set('shop/token', 'shpat_second');
    versions.push(await other.secrets.version());
    assert.equal(await other.secrets.paths(), ['erp/password', 'shop/token']);
    assert.is(await other.secrets.read('shop/token'), 'shpat_second');
    assert.is(await other.secrets.read('erp/password'), 'p@ss wörd');
    assert.is(await other.secrets.read('nothing/here'), undefined);
    assert.is(await stores.secrets.remove('erp/password'), true);
    assert.is(await stores.secrets.remove('erp/password'), false);
    versions.push(await other.secrets.version());
    assert.is(new Set(versions).size, versions.length, versions.join(' '));
    assert.equal(await other.secrets.paths(), ['shop/token']);
    const wrongKey = await open({ env: { WEFT_SECRET_KEY: 'another passphrase' } });
    const refused = await rejection(() => wrongKey.secrets.read('shop/token'));
    assert.ok(refused instanceof StateFileError && /shop\/token/.test(refused.message) && /WEFT_SECRET_KEY/.test(refused.message), String(refused));
  });

  const run = (fields: Partial<RunRecord> & { id: string }): RunRecord => ({ flow: 'orders', revision: 1, bundleSha256: 'b'.repeat(64), trigger: 'manual', status: 'succeeded', startedAt: '2026-12-06T10:00:00.000Z', finishedAt: '2026-12-06T10:00:01.000Z', steps: [], ...fields });

  test('runs: accepted as running, checkpointed, finished with failed records in order across both; the end clears what a resume needs', async () => {
    const stores = await open();
    await stores.runs.accept({ id: 'r1', flow: 'orders', revision: 1, bundleSha256: 'b'.repeat(64), trigger: 'schedule', startedAt: '2026-12-06T10:00:00.000Z', since: '2026-12-06T09:00:00.000Z', passes: [{ records: [{ id: 1 }] }], retryOf: 'r0' });
    const running = await stores.runs.get('r1');
    assert.equal([running?.status, running?.since, running?.retryOf, running?.finishedAt], ['running', '2026-12-06T09:00:00.000Z', 'r0', '']);
    const steps = [{ id: 'fetch', kind: 'receive', in: 0, out: 3, failed: 0 }];
    await stores.runs.checkpoint('r1', { pass: 0, consumed: 2, steps }, [{ step: 'push', index: 0, error: 'answered 422', record: { id: 1, nested: [null, 'x'] } }]);
    await stores.runs.checkpoint('r1', { pass: 0, consumed: 3, steps }, []);
    await stores.runs.finish(run({ id: 'r1', status: 'partial', steps, error: '' }), [{ step: 'push', index: 2, error: 'answered 500', record: 'a string' }], '2026-12-06T10:00:00.000Z');
    const finished = await stores.runs.get('r1');
    assert.is(finished?.status, 'partial');
    assert.is(finished?.error, '');
    assert.equal(finished?.steps, steps);
    assert.equal(finished?.failures, [
      { step: 'push', index: 0, error: 'answered 422', record: { id: 1, nested: [null, 'x'] } },
      { step: 'push', index: 2, error: 'answered 500', record: 'a string' },
    ]);
    assert.is(await stores.flowState.watermark('orders'), '2026-12-06T10:00:00.000Z');
    assert.equal(await stores.runs.interrupted(), []);
    assert.is(await stores.runs.get('nothing'), undefined);
  });

  test('a queued run: no process holds it; one claim takes it (counting the attempt), a duplicate id is refused, a run that will not be tried again is buried', async () => {
    const stores = await open();
    const other = await open();
    const accepted = { id: 'q1', flow: 'orders', revision: 1, bundleSha256: 'b'.repeat(64), trigger: 'webhook', startedAt: '2026-12-06T10:00:00.000Z', passes: [{ records: [{ id: 1 }] }] };
    await stores.runs.accept(accepted, { queued: true });
    const duplicate = await rejection(() => other.runs.accept(accepted, { queued: true }));
    assert.ok(duplicate instanceof DuplicateRunError, String(duplicate));
    assert.is((await stores.runs.get('q1'))?.status, 'queued');
    // Queued since before the given time: waiting for a worker.
    assert.equal((await other.runs.pending('2026-12-06T10:00:01.000Z', 10)).map((entry) => [entry.id, entry.status]), [['q1', 'queued']]);
    assert.equal(await other.runs.pending('2026-12-06T09:59:59.000Z', 10), []);
    const [first, second] = await Promise.all([stores.runs.claim('q1'), other.runs.claim('q1')]);
    assert.ok((first === undefined) !== (second === undefined), 'claimed by exactly one');
    const claimed = (first ?? second)!;
    assert.equal([claimed.run.status, claimed.passes, claimed.progress], ['running', [{ records: [{ id: 1 }] }], undefined]);
    assert.is((await stores.runs.get('q1'))?.attempts, undefined, 'a first attempt is not shown');
    await stores.runs.accept({ ...accepted, id: 'q2' }, { queued: true });
    await stores.runs.bury('q2', 'its process went away on each of 3 attempts', '2026-12-06T10:05:00.000Z');
    const buried = await stores.runs.get('q2');
    assert.equal([buried?.status, buried?.error, buried?.finishedAt], ['dead', 'its process went away on each of 3 attempts', '2026-12-06T10:05:00.000Z']);
    assert.is(await stores.runs.claim('q2'), undefined);
    assert.equal((await stores.runs.list()).map((entry) => entry.status).sort(), ['dead', 'running']);
  });

  test('the watermark moves only with a run that gives one, per flow, and never back; a whole run recorded at once keeps its failures', async () => {
    const stores = await open();
    for (const [id, at, watermark] of [['a', '2026-12-06T10:00:00.000Z', '2026-12-06T10:00:00.000Z'], ['b', '2026-12-06T11:00:00.000Z', undefined], ['c', '2026-12-06T09:00:00.000Z', '2026-12-06T09:00:00.000Z']] as const) {
      await stores.runs.accept({ id, flow: 'orders', revision: 1, bundleSha256: 'b'.repeat(64), trigger: 'schedule', startedAt: at });
      await stores.runs.finish(run({ id, startedAt: at }), [], watermark);
    }
    assert.is(await stores.flowState.watermark('orders'), '2026-12-06T10:00:00.000Z');
    assert.is(await stores.flowState.watermark('other'), undefined);
    const call = { request: { method: 'POST', url: 'https://api.example.com/orders', headers: { authorization: '[redacted]', 'content-type': 'application/json' }, body: '{"id":5}' }, response: { status: 422, headers: { 'content-type': 'application/json' }, body: '{"error":"no total"}' } };
    await stores.runs.record(run({ id: 'whole', status: 'failed', error: 'boom', retryOf: 'a', parent: 'p', failures: [{ step: 'map', index: 4, error: 'no total', record: { id: 4 } }, { step: 'send', index: 5, error: 'answered 422', record: { id: 5 }, call }] }));
    const whole = await stores.runs.get('whole');
    assert.equal([whole?.status, whole?.error, whole?.retryOf, whole?.parent, whole?.failures], ['failed', 'boom', 'a', 'p', [{ step: 'map', index: 4, error: 'no total', record: { id: 4 } }, { step: 'send', index: 5, error: 'answered 422', record: { id: 5 }, call }]]);
  });

  test('listing: newest first (by start, then id), of one flow if asked, 50 unless told, message runs among them; a child run found by its parent and key source', async () => {
    const stores = await open();
    for (let index = 0; index < 55; index++) await stores.runs.record(run({ id: `r${String(index).padStart(2, '0')}`, flow: index % 2 === 0 ? 'orders' : 'stock', startedAt: `2026-12-06T10:${String(index).padStart(2, '0')}:00.000Z` }));
    await stores.runs.record(run({ id: 'r54b', flow: 'orders', startedAt: '2026-12-06T10:54:00.000Z' }));
    await stores.ledger.commit([{ messageId: 'm1', run: run({ id: 'msg-run', flow: 'events', startedAt: '2026-12-06T11:00:00.000Z' }) }]);
    const all = await stores.runs.list();
    assert.is(all.length, 50);
    assert.equal(all.slice(0, 3).map((entry) => entry.id), ['msg-run', 'r54b', 'r54']);
    assert.equal((await stores.runs.list('stock', 3)).map((entry) => entry.id), ['r53', 'r51', 'r49']);
    assert.is((await stores.runs.get('msg-run'))?.status, 'succeeded');
    await stores.runs.accept({ id: 'child-1', flow: 'parked', revision: 1, bundleSha256: 'b'.repeat(64), trigger: 'run: step', startedAt: '2026-12-06T12:00:00.000Z', parent: 'r00', keySource: 'r00/park/0' });
    assert.is((await stores.runs.child('r00', 'r00/park/0'))?.id, 'child-1');
    assert.is(await stores.runs.child('r00', 'r00/park/1'), undefined);
  });

  test('search: every filter by itself and together (flow, status, trigger, time range), message runs only where the status allows, paged by the last run of a page', async () => {
    const stores = await open();
    const triggers = ['webhook /hooks/orders', 'schedule */5 * * * *', 'manual (admin API)', 'retry of r00', 'run by flow a (run x)'];
    const statuses = ['succeeded', 'failed', 'partial'] as const;
    for (let index = 0; index < 60; index++) {
      await stores.runs.record(
        run({ id: `r${String(index).padStart(2, '0')}`, flow: index % 2 === 0 ? 'orders' : 'stock', status: statuses[index % 3], trigger: triggers[index % 5]!, startedAt: `2026-12-06T10:${String(index).padStart(2, '0')}:00.000Z` }),
      );
    }
    await stores.ledger.commit([{ messageId: 'm1', run: run({ id: 'msg-run', flow: 'orders', trigger: 'event orders (message m1)', startedAt: '2026-12-06T10:30:30.000Z' }) }]);
    const ids = async (query: Partial<Parameters<Stores['runs']['search']>[0]>) => (await stores.runs.search({ limit: 100, ...query })).map((entry) => entry.id);
    assert.is((await ids({})).length, 61);
    assert.equal((await ids({ limit: 3 })), ['r59', 'r58', 'r57']);
    assert.equal(await ids({ flow: 'orders', status: 'failed' }), ['r58', 'r52', 'r46', 'r40', 'r34', 'r28', 'r22', 'r16', 'r10', 'r04']);
    assert.equal(await ids({ trigger: 'retry', flow: 'stock' }), ['r53', 'r43', 'r33', 'r23', 'r13', 'r03']);
    assert.equal(await ids({ trigger: 'event' }), ['msg-run']);
    assert.equal(await ids({ status: 'succeeded', from: '2026-12-06T10:30:00.000Z', to: '2026-12-06T10:36:00.000Z' }), ['r33', 'msg-run', 'r30']);
    assert.equal(await ids({ status: 'failed', trigger: 'event' }), []);
    // Pages: each starts after the last run of the one before, ties of time broken by id.
    await stores.runs.record(run({ id: 'r30b', flow: 'orders', startedAt: '2026-12-06T10:30:00.000Z' }));
    const seen: string[] = [];
    let before: { startedAt: string; id: string } | undefined;
    for (;;) {
      const page = await stores.runs.search({ limit: 7, flow: 'orders', ...(before && { before }) });
      if (page.length === 0) break;
      seen.push(...page.map((entry) => entry.id));
      before = { startedAt: page.at(-1)!.startedAt, id: page.at(-1)!.id };
    }
    assert.equal(seen, [...(await ids({ flow: 'orders' }))]);
    assert.is(seen.length, 32);
    assert.ok(seen.indexOf('r30b') === seen.indexOf('r30') - 1, 'same start: the higher id first');
    // Per day: runs and the records their last step put out.
    await stores.runs.record(run({ id: 'next-day', flow: 'orders', status: 'failed', startedAt: '2026-12-07T01:00:00.000Z', steps: [{ id: 'get', kind: 'receive', in: 0, out: 9, failed: 0 }, { id: 'send', kind: 'send', in: 9, out: 7, failed: 2 }] }));
    const daily = await stores.runs.daily('2026-12-06T10:50:00.000Z');
    const key = (entry: { flow: string; day: string; status: string }) => `${entry.flow} ${entry.day} ${entry.status}`;
    assert.equal(
      daily.map((entry) => [key(entry), Number(entry.runs), Number(entry.records)]).sort(),
      [['orders 2026-12-06 failed', 2, 0], ['orders 2026-12-06 partial', 2, 0], ['orders 2026-12-06 succeeded', 1, 0], ['orders 2026-12-07 failed', 1, 7], ['stock 2026-12-06 failed', 1, 0], ['stock 2026-12-06 partial', 2, 0], ['stock 2026-12-06 succeeded', 2, 0]],
    );
  });

  test('operations: a flow paused once (by whom, when), resumed once, each change audited in order; retries and runs audited with their run', async () => {
    const stores = await open();
    const other = await open();
    assert.equal(await stores.operations.paused(), []);
    assert.is(await stores.operations.setPaused('orders', true, 'ui:admin', '2026-12-06T10:00:00.000Z'), true);
    assert.is(await other.operations.setPaused('orders', true, 'ui:other', '2026-12-06T10:01:00.000Z'), false);
    assert.equal(await other.operations.paused(), [{ flow: 'orders', by: 'ui:admin', at: '2026-12-06T10:00:00.000Z' }]);
    await other.operations.audit({ at: '2026-12-06T10:02:00.000Z', actor: 'ui:admin', action: 'retry', flow: 'stock', run: 'r1' });
    assert.is(await stores.operations.setPaused('orders', false, 'ui:admin', '2026-12-06T10:03:00.000Z'), true);
    assert.is(await stores.operations.setPaused('orders', false, 'ui:admin', '2026-12-06T10:04:00.000Z'), false);
    assert.equal(await stores.operations.paused(), []);
    assert.equal((await other.operations.auditLog(10)).map((entry) => [entry.action, entry.flow, entry.run]), [['resume', 'orders', undefined], ['retry', 'stock', 'r1'], ['pause', 'orders', undefined]]);
    assert.equal((await other.operations.auditLog(1, 'orders')).map((entry) => [entry.action, entry.actor, entry.at]), [['resume', 'ui:admin', '2026-12-06T10:03:00.000Z']]);
  });

  test('message ledger: a committed message is known per flow; failed runs are recorded and counted until cleared or committed', async () => {
    const stores = await open();
    assert.is(await stores.ledger.committed('events', 'm1'), false);
    assert.is(await stores.ledger.recordFailure('m1', run({ id: 'f1', flow: 'events', status: 'failed' })), 1);
    assert.is(await stores.ledger.recordFailure('m1', run({ id: 'f2', flow: 'events', status: 'failed' })), 2);
    await stores.ledger.clearAttempts('events', 'm1');
    assert.is(await stores.ledger.recordFailure('m1', run({ id: 'f3', flow: 'events', status: 'failed' })), 1);
    await stores.ledger.commit([{ messageId: 'm1', run: run({ id: 'ok', flow: 'events' }) }]);
    // A redelivery committed again changes nothing.
    await stores.ledger.commit([{ messageId: 'm1', run: run({ id: 'ok-again', flow: 'events' }) }]);
    assert.is(await stores.ledger.committed('events', 'm1'), true);
    assert.is(await stores.ledger.committed('other', 'm1'), false);
    assert.is(await stores.ledger.recordFailure('m1', run({ id: 'f4', flow: 'events', status: 'failed' })), 1);
    assert.is((await stores.runs.get('f2'))?.status, 'failed');
    assert.is(await stores.runs.get('ok-again'), undefined);
  });

  test('webhook deliveries: one claim per delivery and path until its window ends (of many at once, one wins); taken over only from the run it names; a refused run forgets its own claim', async () => {
    const stores = await open();
    const now = new Date('2026-12-06T10:00:00.000Z');
    const later = (ms: number) => new Date(now.getTime() + ms);
    const claims = await Promise.all(Array.from({ length: 8 }, (_, index) => stores.deliveries.claim('orders', 'd1', `run-${index}`, now, later(60_000))));
    assert.is(claims.filter((claim) => claim === undefined).length, 1);
    const winner = `run-${claims.indexOf(undefined)}`;
    for (const claim of claims) if (claim) assert.equal(claim, { run: winner, claimedAt: now });
    assert.is(await stores.deliveries.claim('other', 'd1', 'run-o', later(1000), later(61_000)), undefined);
    assert.is(await stores.deliveries.takeOver('orders', 'd1', 'run-not-it', 'run-t', later(1000), later(61_000)), false);
    assert.is(await stores.deliveries.takeOver('orders', 'd1', winner, 'run-t', later(2000), later(62_000)), true);
    assert.equal(await stores.deliveries.claim('orders', 'd1', 'run-9', later(3000), later(63_000)), { run: 'run-t', claimedAt: later(2000) });
    await stores.deliveries.forget('orders', 'd1', winner);
    assert.equal((await stores.deliveries.claim('orders', 'd1', 'run-9', later(3000), later(63_000)))?.run, 'run-t');
    await stores.deliveries.forget('orders', 'd1', 'run-t');
    assert.is(await stores.deliveries.claim('orders', 'd1', 'run-9', later(3000), later(63_000)), undefined);
    assert.is(await stores.deliveries.claim('orders', 'd1', 'run-10', later(63_000), later(120_000)), undefined);
    assert.equal((await stores.deliveries.claim('orders', 'd1', 'run-11', later(64_000), later(120_000)))?.run, 'run-10');
  });

  test('dedupe: a key is new to its first claim only (in one look too), a claim sees its own key as new, keys expire and are given back', async () => {
    const stores = await open();
    const now = new Date('2026-12-06T10:00:00.000Z');
    const until = new Date(now.getTime() + 60_000);
    const track = { now, expiresAt: until, track: true };
    assert.equal(await stores.flowData.dedupe('p', [{ key: 'a', claim: 'c1' }, { key: 'b', claim: 'c2' }, { key: 'a', claim: 'c3' }], track), [false, false, true]);
    assert.equal(await stores.flowData.dedupe('p', [{ key: 'a', claim: 'c1' }, { key: 'a', claim: 'c9' }, { key: 'z', claim: 'c9' }], { ...track, track: false }), [false, true, false]);
    // Not tracked: z is still new.
    assert.equal(await stores.flowData.dedupe('p', [{ key: 'z', claim: 'c8' }], track), [false]);
    assert.equal(await stores.flowData.dedupe('other-pool', [{ key: 'a', claim: 'c7' }], track), [false]);
    await stores.flowData.release('p', [{ key: 'b', claim: 'not-its-claim' }, { key: 'a', claim: 'c1' }]);
    assert.equal(await stores.flowData.dedupe('p', [{ key: 'a', claim: 'c5' }, { key: 'b', claim: 'c5' }], track), [false, true]);
    // After the window, a key is new again.
    assert.equal(await stores.flowData.dedupe('p', [{ key: 'b', claim: 'c6' }], { now: until, expiresAt: new Date(until.getTime() + 1000), track: true }), [false]);
  });

  test('dedupe across processes: two stores claiming the same 300 keys at once, each key new to exactly one of them', async () => {
    const [first, second] = [await open(), await open()];
    const now = new Date();
    const keys = (claim: string) => Array.from({ length: 300 }, (_, index) => ({ key: `k${index}`, claim: `${claim}/${index}` }));
    const looks = await Promise.all(
      [first, second].flatMap((stores, side) => Array.from({ length: 10 }, (_, chunk) => stores.flowData.dedupe('shared', keys(`s${side}`).slice(chunk * 30, chunk * 30 + 30), { now, expiresAt: new Date(now.getTime() + 60_000), track: true }))),
    );
    const newTo = Array.from({ length: 300 }, (_, index) => [looks.slice(0, 10).flat()[index] === false, looks.slice(10).flat()[index] === false]);
    assert.ok(newTo.every(([a, b]) => a !== b), 'a key new to both or to neither');
  });

  test('cache: entries by key until they expire, the last value of a key wins, a full cache refuses the whole put', async () => {
    const stores = await open();
    const now = new Date('2026-12-06T10:00:00.000Z');
    const put = { now, expiresAt: new Date(now.getTime() + 60_000), maxEntries: 3 };
    await stores.flowData.cachePut('flow/orders/rates', [{ key: 'GBP', value: '1.1' }, { key: 'EUR', value: '1' }, { key: 'GBP', value: '1.17' }], put);
    assert.equal(await stores.flowData.cacheGet('flow/orders/rates', ['GBP', 'USD', 'EUR', 'GBP'], now), ['1.17', undefined, '1', '1.17']);
    assert.equal(await stores.flowData.cacheGet('flow/other/rates', ['GBP'], now), [undefined]);
    await stores.flowData.cachePut('flow/orders/rates', [{ key: 'GBP', value: '1.18' }, { key: 'USD', value: '0.9' }], put);
    const full = await rejection(() => stores.flowData.cachePut('flow/orders/rates', [{ key: 'JPY', value: '150' }, { key: 'GBP', value: '2' }], put));
    assert.ok(full instanceof CacheFullError && /holds 3 entries/.test(full.message), String(full));
    assert.equal(await stores.flowData.cacheGet('flow/orders/rates', ['GBP', 'JPY'], now), ['1.18', undefined]);
    const later = new Date(now.getTime() + 60_000);
    assert.equal(await stores.flowData.cacheGet('flow/orders/rates', ['GBP'], later), [undefined]);
    // Expired entries make room.
    await stores.flowData.cachePut('flow/orders/rates', [{ key: 'JPY', value: '150' }], { ...put, now: later, expiresAt: new Date(later.getTime() + 1000) });
    assert.equal(await stores.flowData.cacheGet('flow/orders/rates', ['JPY'], later), ['150']);
  });

  return test;
}

/** The error `work` rejects with; fails the test if it resolves. */
export async function rejection(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  assert.unreachable('expected a rejection');
}
