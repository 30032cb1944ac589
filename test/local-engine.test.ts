import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { compileProject } from '../src/pipeline/compile-project.js';
import { computePlan } from '../src/plan/compute-plan.js';
import { unresolvedPlaceholders } from '../src/plan/unresolved-placeholders.js';
import { LocalEngine } from '../src/engine/local-engine.js';
import { StaleStateError } from '../src/engine/engine.js';
import type { Bundle } from '../src/compile/compile-bundle.js';
import { weftBinary, weftEnvironment } from './helpers/run-weft.js';
import { projectFile, removeProject, writeProject } from './helpers/temp-project.js';
import { singleAcme } from './helpers/single-acme.js';
import { migrations } from '../src/engine/stores/sqlite/migrations.js';

const test = suite('local-engine');
let bundle: Bundle;
let directory: string;

test.before(async () => {
  bundle = (await compileProject(singleAcme())).bundle!;
});
test.before.each(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'weft-engine-'));
});
test.after.each(async () => {
  await rm(directory, { recursive: true, force: true });
});

const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);

test('under a umask of 022 the state directory is 0700 and the state file with its -wal and -shm 0600', async () => {
  const previous = process.umask(0o022);
  try {
    const file = path.join(directory, 'nested', '.weft', 'state.db');
    const engine = new LocalEngine(file, { env: { WEFT_SECRET_KEY: 'a test passphrase' } });
    await engine.stores.secrets.set('api/token', 'value');
    // While the engine is open, so the -wal and -shm files exist.
    assert.ok(existsSync(`${file}-wal`) && existsSync(`${file}-shm`));
    assert.equal([modeOf(path.dirname(file)), modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)], ['700', '600', '600', '600']);
    assert.is(engine.permissionWarning(), undefined);
    await engine.close();
  } finally {
    process.umask(previous);
  }
});

test('the CLI under umask 022 makes .weft 0700 and state.db 0600; an existing looser .weft gets one warning line', async () => {
  const project = await writeProject({ 'weft.yaml': projectFile });
  try {
    const secretSet = () =>
      spawnSync('/bin/sh', ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, weftBinary, 'secret', 'set', 'api/token', project], {
        input: 'value',
        env: weftEnvironment({ WEFT_SECRET_KEY: 'a test passphrase' }),
        encoding: 'utf8',
      });
    const fresh = secretSet();
    assert.is(fresh.status, 0, fresh.stderr);
    const weft = path.join(project, '.weft');
    assert.equal([modeOf(weft), modeOf(path.join(weft, 'state.db'))], ['700', '600']);
    assert.not.match(fresh.stderr, /warning/);
    chmodSync(weft, 0o755);
    const loose = secretSet();
    assert.is(loose.status, 0, loose.stderr);
    const warnings = loose.stderr.split('\n').filter((line) => line.includes('warning'));
    assert.equal(warnings, [`weft: warning: ${weft} is open to other users (mode 0755); it holds the engine's state and secrets: chmod 700 ${weft}`]);
    // Left as it was: the warning says what to do.
    assert.is(modeOf(weft), '755');
  } finally {
    await removeProject(project);
  }
});

test('a new state file is migrated, in WAL mode with synchronous=FULL, at revision 0', async () => {
  const engine = new LocalEngine(path.join(directory, 'state.db'));
  assert.equal((await engine.readState()), { revision: 0, resources: [] });
  await engine.close();
  const db = new Database(path.join(directory, 'state.db'), { readonly: true });
  assert.is(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all(), migrations.map((_, index) => ({ version: index + 1 })));
  db.close();
});

test('apply writes every resource and a revision; the state then plans no changes', async () => {
  const engine = new LocalEngine(path.join(directory, 'state.db'));
  const revision = await engine.apply(computePlan(bundle, (await engine.readState())), bundle, 'tester');
  assert.is(revision?.number, 1);
  const state = (await engine.readState());
  assert.is(state.revision, 1);
  assert.is(state.resources.length, bundle.resources.length);
  assert.equal(computePlan(bundle, state).actions, []);
  assert.equal((await engine.revisions()).map((r) => [r.number, r.user, r.bundleSha256, r.summary]), [[1, 'tester', bundle.sha256, { add: 18, change: 0, destroy: 0 }]]);
  await engine.close();
});

test('the state read back is the bundle applied: each field as deployed, the same object at each read of it, and replaceable', async () => {
  const engine = new LocalEngine(path.join(directory, 'state.db'));
  await engine.apply(computePlan(bundle, await engine.readState()), bundle, 'tester');
  const state = await engine.readState();
  const byName = new Map(state.resources.map((resource) => [`${resource.kind}/${resource.name}`, resource]));
  for (const resource of bundle.resources) {
    const deployed = byName.get(`${resource.kind}/${resource.name}`)!;
    // Fields parsed when read: what JSON, spreading and deep equality see is the resource as applied.
    assert.equal(JSON.parse(JSON.stringify(deployed)), { kind: resource.kind, name: resource.name, sha256: resource.sha256, metadata: resource.metadata, spec: resource.spec });
    assert.equal({ ...deployed }.spec, resource.spec);
    assert.ok(deployed.spec === deployed.spec);
  }
  const first = state.resources[0]!;
  first.spec = { replaced: true };
  assert.equal(first.spec, { replaced: true });
  assert.equal(Object.keys(first), ['kind', 'name', 'sha256', 'metadata', 'spec']);
  await engine.close();
});

test('a plan without changes writes nothing: no revision', async () => {
  const engine = new LocalEngine(path.join(directory, 'state.db'));
  await engine.apply(computePlan(bundle, (await engine.readState())), bundle, 'tester');
  assert.is(await engine.apply(computePlan(bundle, (await engine.readState())), bundle, 'tester'), undefined);
  assert.is((await engine.revisions()).length, 1);
  await engine.close();
});

test('a plan made against an older revision is refused, and nothing changes', async () => {
  const engine = new LocalEngine(path.join(directory, 'state.db'));
  const stale = computePlan(bundle, (await engine.readState()));
  await engine.apply(stale, bundle, 'first');
  await rejects(() => engine.apply(stale, bundle, 'second'), (error: unknown) => error instanceof StaleStateError && /revision 1/.test(error.message));
  assert.is((await engine.revisions()).length, 1);
  await engine.close();
});

test('two engines on one file: the second apply of plans from one revision is refused', async () => {
  const first = new LocalEngine(path.join(directory, 'state.db'));
  const second = new LocalEngine(path.join(directory, 'state.db'));
  const planA = computePlan(bundle, (await first.readState()));
  const planB = computePlan(bundle, (await second.readState()));
  await first.apply(planA, bundle, 'a');
  await rejects(() => second.apply(planB, bundle, 'b'), (error: unknown) => error instanceof StaleStateError);
  assert.is((await second.readState()).revision, 1);
  await first.close();
  await second.close();
});

test('an apply that fails midway leaves the state wholly as it was', async () => {
  const engine = new LocalEngine(path.join(directory, 'state.db'));
  const plan = computePlan(bundle, (await engine.readState()));
  const broken = { ...plan, actions: [...plan.actions, { ...plan.actions[0]!, after: undefined }] } as unknown as typeof plan;
  await rejects(() => engine.apply(broken, bundle, 'tester'), () => true);
  assert.equal((await engine.readState()), { revision: 0, resources: [] });
  await engine.close();
});

test('deletes and renames: the renamed resource keeps its row under the new name', async () => {
  const engine = new LocalEngine(path.join(directory, 'state.db'));
  await engine.apply(computePlan(bundle, (await engine.readState())), bundle, 'tester');
  const renamed = {
    ...bundle,
    resources: bundle.resources
      .filter((resource) => resource.name !== 'orders-to-warehouse')
      .map((resource) => (resource.name === 'backfill-us-orders' ? { ...resource, name: 'us-backfill', metadata: { ...resource.metadata, name: 'us-backfill', previousNames: ['backfill-us-orders'] }, sha256: 'f'.repeat(64) } : resource)),
  };
  const plan = computePlan(renamed, (await engine.readState()));
  assert.equal(plan.summary, { add: 0, change: 1, destroy: 1 });
  await engine.apply(plan, renamed, 'tester');
  const names = (await engine.readState()).resources.filter((resource) => resource.kind === 'Flow').map((resource) => resource.name).sort();
  assert.ok(names.includes('us-backfill') && !names.includes('backfill-us-orders') && !names.includes('orders-to-warehouse'));
  await engine.close();
});

/** Asserts that a promise rejects with an error the predicate accepts. */
async function rejects(work: () => Promise<unknown>, accept: (error: unknown) => boolean): Promise<void> {
  let caught: unknown;
  try {
    await work();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, 'expected a rejection');
  assert.ok(accept(caught), `unexpected error: ${(caught as Error)?.message}`);
}

test('an empty value does not resolve: a webhook whose secret is empty (or defaults to empty) is refused by plan', async () => {
  const root = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: empty-secret }\n',
    'flows.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: hook-env }
spec:
  trigger:
    webhook: { path: env, hmac: { header: X-Sig, secret: "\${env:HOOK_SECRET}" } }
  steps:
    - { id: shape, map: '{ "n": 1 }' }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: hook-default }
spec:
  trigger:
    webhook: { path: default, hmac: { header: X-Sig, secret: "\${env:HOOK_UNSET:-}" } }
  steps:
    - { id: shape, map: '{ "n": 1 }' }
`,
  });
  const engine = new LocalEngine(path.join(directory, 'state.db'), { env: { WEFT_SECRET_KEY: 'test key', HOOK_SECRET: '' } });
  try {
    const result = await compileProject(root);
    const unresolved = await unresolvedPlaceholders(result.project.resources, (placeholders) => engine.resolves(placeholders));
    assert.equal(
      unresolved.map((finding) => `${finding.code} ${finding.message}`).sort(),
      [
        'unresolved-placeholder ${env:HOOK_SECRET} does not resolve: the variable HOOK_SECRET is not set (or is empty) where the engine runs',
        'unresolved-placeholder ${env:HOOK_UNSET:-} does not resolve: the variable HOOK_UNSET is not set (or is empty) where the engine runs',
      ],
    );
    // A value that is set still resolves.
    assert.equal(await engine.resolves([{ source: 'env', name: 'WEFT_TEST_SET', default: 'x' }, { source: 'env', name: 'HOOK_SECRET', default: 'x' }]), [true, false]);
  } finally {
    await engine.close();
    await removeProject(root);
  }
});

test.run();
