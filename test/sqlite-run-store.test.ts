import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStores, type SqliteStores } from '../src/engine/stores/sqlite/sqlite-stores.js';
import type { AcceptedRun, RecordFailure, RunProgress, RunRecord, StepStats } from '../src/engine/stores/stores.js';

/**
 * The SQLite run store and message ledger on a real database file in a temporary directory:
 * runs accepted, checkpointed and ended; runs left `running` by a process that is gone become
 * `interrupted` and can be claimed once; watermarks; message runs and their attempts.
 */
const test = suite('sqlite-run-store');

let directory: string;
let file: string;
let stores: SqliteStores;

test.before.each(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'weft-run-store-'));
  file = path.join(directory, 'state.db');
  stores = openSqliteStores(file, {});
});
test.after.each(async () => {
  await stores.close();
  await rm(directory, { recursive: true, force: true });
});

const sha = 'c0ffee'.padEnd(64, '0');
/** Second `n` of 2026-01-01 (runs are ordered by their start). */
const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
const steps: StepStats[] = [
  { id: 'fetch', kind: 'receive', in: 0, out: 4, failed: 0 },
  { id: 'push', kind: 'send', in: 4, out: 3, failed: 1 },
];

function accepted(id: string, second: number, extra: Partial<AcceptedRun> = {}): AcceptedRun {
  return { id, flow: 'copy', revision: 3, bundleSha256: sha, trigger: 'manual', startedAt: at(second), ...extra };
}

function ended(id: string, second: number, extra: Partial<RunRecord> = {}): RunRecord {
  return { id, flow: 'copy', revision: 3, bundleSha256: sha, trigger: 'manual', status: 'succeeded', startedAt: at(second), finishedAt: at(second + 1), steps, ...extra };
}

function failure(step: string, index: number, record: unknown): RecordFailure {
  return { step, index, error: `refused ${index}`, record };
}

/**
 * What a process leaves in a running run's owner column (`host/pid/start`). The store writes
 * only this process's; the other cases — another host, a dead or a live process, an earlier
 * start of this pid — are set here as they would be on disk.
 */
function setOwner(id: string, owner: string | null): void {
  stores.database.db.prepare('UPDATE runs SET owner = ? WHERE id = ?').run(owner, id);
}

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  assert.is(child.status, 0);
  return child.pid;
}

test('an accepted run reads back as running, with the watermark it started from and the run it retries; its own process is alive', async () => {
  await stores.runs.accept(accepted('run-a', 1, { since: at(0), passes: [{ records: [{ id: 1 }] }] }));
  await stores.runs.accept(accepted('run-b', 2, { retryOf: 'run-a', trigger: 'retry of run-a', revision: null }));
  assert.equal(await stores.runs.get('run-a'), {
    id: 'run-a',
    flow: 'copy',
    revision: 3,
    bundleSha256: sha,
    trigger: 'manual',
    status: 'running',
    startedAt: at(1),
    finishedAt: '',
    steps: [],
    since: at(0),
    failures: [],
  });
  assert.equal(await stores.runs.get('run-b'), {
    id: 'run-b',
    flow: 'copy',
    revision: null,
    bundleSha256: sha,
    trigger: 'retry of run-a',
    status: 'running',
    startedAt: at(2),
    finishedAt: '',
    steps: [],
    retryOf: 'run-a',
    failures: [],
  });
  assert.is(await stores.runs.get('run-c'), undefined);
  // This process owns them: nothing is interrupted, and neither can be claimed.
  assert.equal(await stores.runs.interrupted(), []);
  assert.is(await stores.runs.claim('run-a'), undefined);
  assert.equal(
    (await stores.runs.list()).map((run) => [run.id, run.status]),
    [
      ['run-b', 'running'],
      ['run-a', 'running'],
    ],
  );
});

test('the runs of a process that exited are interrupted, oldest first, with what they were given, how far they got and their failed records', async () => {
  // A real process accepts two runs, checkpoints one, and exits without ending them.
  const script = `
    const { openSqliteStores } = await import(process.env.STORES_MODULE);
    const stores = openSqliteStores(process.env.STATE_FILE, {});
    const runs = JSON.parse(process.env.RUNS);
    for (const run of runs) await stores.runs.accept(run);
    await stores.runs.checkpoint('late', JSON.parse(process.env.PROGRESS), JSON.parse(process.env.FAILURES));
  `;
  const passes = [{ startAt: 'push', records: [{ ref: 7 }, 0], keys: { source: 'run-0', indices: [4, 9] } }];
  const progress: RunProgress = { pass: 0, consumed: 1, steps };
  const failures = [failure('push', 4, { ref: 7 })];
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: {
      ...process.env,
      STORES_MODULE: new URL('../src/engine/stores/sqlite/sqlite-stores.ts', import.meta.url).href,
      STATE_FILE: file,
      RUNS: JSON.stringify([accepted('late', 5, { passes, retryOf: 'run-0' }), accepted('early', 3, { since: at(1) })]),
      PROGRESS: JSON.stringify(progress),
      FAILURES: JSON.stringify(failures),
    },
    encoding: 'utf8',
  });
  assert.is(child.status, 0, child.stderr);
  assert.equal((await stores.runs.list()).map((run) => [run.id, run.status]), [
    ['late', 'running'],
    ['early', 'running'],
  ]);

  const interrupted = await stores.runs.interrupted();
  assert.equal(interrupted, [
    {
      run: { id: 'early', flow: 'copy', revision: 3, bundleSha256: sha, trigger: 'manual', status: 'interrupted', startedAt: at(3), finishedAt: '', steps: [], since: at(1), failures: [] },
      failuresRecorded: 0,
    },
    {
      run: { id: 'late', flow: 'copy', revision: 3, bundleSha256: sha, trigger: 'manual', status: 'interrupted', startedAt: at(5), finishedAt: '', steps, retryOf: 'run-0', failures },
      passes,
      progress,
      failuresRecorded: 1,
    },
  ]);
  // Marked on disk: a listing shows them interrupted too.
  assert.equal((await stores.runs.list()).map((run) => run.status), ['interrupted', 'interrupted']);
});

test('who owns a running run decides whether it is interrupted: a dead process or an earlier start of this pid is gone; another host and a live process are not', async () => {
  const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
  try {
    const cases: [string, string | null, RunRecord['status']][] = [
      ['no owner', null, 'interrupted'],
      ['a process that exited', `${hostname()}/${deadPid()}/lq2x`, 'interrupted'],
      ['an earlier start of this pid', `${hostname()}/${process.pid}/earlier`, 'interrupted'],
      ['a process on another host', `build-7.example.invalid/${deadPid()}/lq2x`, 'running'],
      ['a live process on this host', `${hostname()}/${live.pid}/lq2x`, 'running'],
    ];
    for (const [index, [what, owner, status]] of cases.entries()) {
      // One at a time: each is the only run whose owner may be gone.
      const id = `run-${index}`;
      await stores.runs.accept(accepted(id, index));
      setOwner(id, owner);
      await stores.runs.markInterrupted();
      assert.is((await stores.runs.get(id))!.status, status, what);
    }
    // Asking whether the live process is there does not signal it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal([live.exitCode, live.signalCode], [null, null]);
    // A run this process accepted stays running beside them.
    await stores.runs.accept(accepted('mine', 9));
    assert.equal(
      (await stores.runs.interrupted()).map((entry) => entry.run.id),
      ['run-0', 'run-1', 'run-2'],
    );
    assert.is((await stores.runs.get('mine'))!.status, 'running');
  } finally {
    live.kill();
  }
});

test('an interrupted run is claimed once; the claimed run is this process\'s and not interrupted again; a run not interrupted cannot be claimed', async () => {
  await stores.runs.accept(accepted('crashed', 1, { since: at(0) }));
  await stores.runs.checkpoint('crashed', { pass: 0, consumed: 2, steps }, [failure('push', 1, { ref: 2 })]);
  setOwner('crashed', `${hostname()}/${deadPid()}/lq2x`);
  await stores.runs.record(ended('done', 2));
  assert.equal((await stores.runs.interrupted()).map((entry) => entry.run.id), ['crashed']);

  const claimed = await stores.runs.claim('crashed');
  assert.equal(claimed, {
    run: { id: 'crashed', flow: 'copy', revision: 3, bundleSha256: sha, trigger: 'manual', status: 'running', startedAt: at(1), finishedAt: '', steps, since: at(0), failures: [failure('push', 1, { ref: 2 })], attempts: 2 },
    progress: { pass: 0, consumed: 2, steps },
    failuresRecorded: 1,
  });
  assert.is(await stores.runs.claim('crashed'), undefined, 'claimed twice');
  assert.equal(await stores.runs.interrupted(), []);
  assert.is((await stores.runs.get('crashed'))!.status, 'running');
  assert.is(await stores.runs.claim('done'), undefined);
  assert.is(await stores.runs.claim('no-such-run'), undefined);
});

test('checkpoints and the end: failed records kept in order across them (any JSON value), steps as last committed, the end clears what a resume needs', async () => {
  await stores.runs.accept(accepted('run-a', 1, { passes: [{ records: [1, 2, 3, 4, 5] }] }));
  await stores.runs.checkpoint('run-a', { pass: 0, consumed: 2, steps }, [failure('push', 0, 0), failure('push', 1, false)]);
  await stores.runs.checkpoint('run-a', { pass: 0, consumed: 3, steps }, []);
  await stores.runs.checkpoint('run-a', { pass: 0, consumed: 4, steps }, [failure('push', 3, '')]);
  const midway = await stores.runs.get('run-a');
  assert.equal(midway!.steps, steps);
  assert.equal(
    midway!.failures!.map((entry) => entry.record),
    [0, false, ''],
  );
  const end = ended('run-a', 1, { status: 'partial' });
  await stores.runs.finish(end, [failure('push', 4, null), failure('push', 5, undefined), failure('push', 6, { ref: 7, lines: [{ sku: 'A-1' }] })]);
  assert.equal(await stores.runs.get('run-a'), {
    ...end,
    failures: [failure('push', 0, 0), failure('push', 1, false), failure('push', 3, ''), failure('push', 4, null), failure('push', 5, null), failure('push', 6, { ref: 7, lines: [{ sku: 'A-1' }] })],
  });
  // Ended: not running, so never interrupted, and nothing to claim.
  setOwner('run-a', `${hostname()}/${deadPid()}/lq2x`);
  assert.equal(await stores.runs.interrupted(), []);
  assert.is(await stores.runs.claim('run-a'), undefined);
});

test('a run\'s error is kept as given, an empty one too, and absent when it has none', async () => {
  await stores.runs.accept(accepted('failed', 1));
  await stores.runs.accept(accepted('empty', 2));
  await stores.runs.accept(accepted('fine', 3));
  await stores.runs.finish(ended('failed', 1, { status: 'failed', error: "step 'fetch' (receive): GET answered 500" }), []);
  await stores.runs.finish(ended('empty', 2, { status: 'failed', error: '' }), []);
  await stores.runs.finish(ended('fine', 3), []);
  await stores.runs.record(ended('message', 4, { status: 'failed', error: '', failures: [failure('push', 0, { ref: 1 })] }));
  assert.is((await stores.runs.get('failed'))!.error, "step 'fetch' (receive): GET answered 500");
  assert.is((await stores.runs.get('empty'))!.error, '');
  assert.is((await stores.runs.get('message'))!.error, '');
  assert.equal(await stores.runs.get('fine'), { ...ended('fine', 3), failures: [] });
  assert.equal(
    (await stores.runs.list()).map((run) => [run.id, run.error]),
    [
      ['message', ''],
      ['fine', undefined],
      ['empty', ''],
      ['failed', "step 'fetch' (receive): GET answered 500"],
    ],
  );
  assert.not.ok('error' in (await stores.runs.list())[1]!);
});

test('a whole run recorded at once keeps its failed records, watermark and retried run', async () => {
  const run = ended('whole', 1, { status: 'partial', since: at(0), retryOf: 'before', failures: [failure('push', 2, { ref: 3 }), failure('push', 5, { ref: 6 })] });
  await stores.runs.record(run);
  assert.equal(await stores.runs.get('whole'), run);
  await stores.runs.record(ended('plain', 2));
  assert.equal(await stores.runs.get('plain'), { ...ended('plain', 2), failures: [] });
});

test('the watermark moves only with a run that gives one, per flow, and never back', async () => {
  assert.is(await stores.flowState.watermark('copy'), undefined);
  await stores.runs.accept(accepted('one', 1));
  await stores.runs.finish(ended('one', 1), []);
  assert.is(await stores.flowState.watermark('copy'), undefined);
  await stores.runs.accept(accepted('two', 2));
  await stores.runs.finish(ended('two', 2), [], at(2));
  assert.is(await stores.flowState.watermark('copy'), at(2));
  // A run that began earlier but ended later does not move it back.
  await stores.runs.accept(accepted('three', 1));
  await stores.runs.finish(ended('three', 1), [], at(1));
  assert.is(await stores.flowState.watermark('copy'), at(2));
  await stores.runs.accept(accepted('four', 3, { flow: 'other' }));
  await stores.runs.finish(ended('four', 3, { flow: 'other' }), [], at(3));
  assert.equal([await stores.flowState.watermark('copy'), await stores.flowState.watermark('other')], [at(2), at(3)]);
});

test('listing: newest first (by start, then id), of one flow if asked, 50 unless told, message runs among them', async () => {
  for (let second = 0; second < 51; second++) await stores.runs.record(ended(`run-${String(second).padStart(2, '0')}`, second, { flow: second % 2 === 0 ? 'copy' : 'other' }));
  await stores.runs.record(ended('run-50b', 50));
  const all = await stores.runs.list();
  assert.is(all.length, 50);
  assert.equal(all.slice(0, 3).map((run) => run.id), ['run-50b', 'run-50', 'run-49']);
  assert.is(all.at(-1)!.id, 'run-02');
  assert.equal((await stores.runs.list(undefined, 2)).map((run) => run.id), ['run-50b', 'run-50']);
  const other = await stores.runs.list('other');
  assert.is(other.length, 25);
  assert.ok(other.every((run) => run.flow === 'other'));
  assert.equal((await stores.runs.list('other', 2)).map((run) => run.id), ['run-49', 'run-47']);
  // Listed without failed records.
  assert.not.ok('failures' in all[0]!);

  const message = ended('msg-run', 60, { flow: 'other', trigger: 'message m-1' });
  await stores.ledger.commit([{ messageId: 'm-1', run: message }]);
  assert.equal((await stores.runs.list('other', 1))[0], { id: 'msg-run', flow: 'other', revision: 3, bundleSha256: sha, trigger: 'message m-1', status: 'succeeded', startedAt: at(60), finishedAt: at(61), steps });
  assert.equal(await stores.runs.get('msg-run'), { id: 'msg-run', flow: 'other', revision: 3, bundleSha256: sha, trigger: 'message m-1', status: 'succeeded', startedAt: at(60), finishedAt: at(61), steps, failures: [] });
  assert.equal((await stores.runs.list('copy', 1)).map((run) => run.id), ['run-50b']);
});

test('message ledger: a committed message is known per flow; failed runs are recorded and counted until cleared or committed', async () => {
  const run = (id: string, flow = 'orders') => ended(id, 1, { flow, trigger: 'message' });
  assert.is(await stores.ledger.committed('orders', 'm-1'), false);
  await stores.ledger.commit([]);
  assert.equal(await stores.runs.list(), []);
  await stores.ledger.commit([{ messageId: 'm-1', run: run('ok-1') }]);
  assert.is(await stores.ledger.committed('orders', 'm-1'), true);
  assert.is(await stores.ledger.committed('refunds', 'm-1'), false);
  assert.is(await stores.ledger.committed('orders', 'm-2'), false);

  // Failed runs of a message: each recorded with its failed records, and counted.
  const failed = (id: string) => ({ ...run(id), status: 'failed' as const, error: 'refused', failures: [failure('push', 0, { ref: 1 })] });
  assert.is(await stores.ledger.recordFailure('m-2', failed('fail-1')), 1);
  assert.is(await stores.ledger.recordFailure('m-2', failed('fail-2')), 2);
  assert.is(await stores.ledger.recordFailure('m-2', { ...failed('fail-x'), flow: 'refunds' }), 1);
  assert.equal(await stores.runs.get('fail-2'), failed('fail-2'));
  // A redelivery that succeeds is committed and its count forgotten (a later replay starts again).
  await stores.ledger.commit([{ messageId: 'm-2', run: run('ok-2'), retried: true }]);
  assert.is(await stores.ledger.committed('orders', 'm-2'), true);
  assert.is(await stores.ledger.recordFailure('m-2', failed('fail-3')), 1);
  // Without saying whether it was retried, the count is forgotten too.
  await stores.ledger.recordFailure('m-3', failed('fail-4'));
  await stores.ledger.commit([{ messageId: 'm-3', run: run('ok-3') }]);
  assert.is(await stores.ledger.recordFailure('m-3', failed('fail-5')), 1);
  // Dead-lettered: cleared, for that flow only.
  await stores.ledger.clearAttempts('orders', 'm-2');
  assert.is(await stores.ledger.recordFailure('m-2', failed('fail-6')), 1);
  assert.is(await stores.ledger.recordFailure('m-2', { ...failed('fail-y'), flow: 'refunds' }), 2);
});

test.run();
