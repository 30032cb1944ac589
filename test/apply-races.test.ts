import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { copyFixture, removeTemporaryDirectory, repoRoot, runWeft, weftBinary, weftEnvironment } from './helpers/run-weft.js';
import { LocalEngine } from '../src/engine/local-engine.js';
import { acmeEnvironment, seedAcmeSecrets } from './helpers/acme-engine.js';
import { computePlan } from '../src/plan/compute-plan.js';
import { compileProject } from '../src/pipeline/compile-project.js';
import { engineToken, startEngine, targetEngine, type RemoteEngine } from './helpers/remote-engine.js';
import { makeTemporaryDirectory } from './helpers/run-weft.js';
import { readFile, writeFile } from 'node:fs/promises';

/** Two applies at once, and an apply killed midway: the state is always wholly one revision. */
const test = suite('apply-races');
let project: string;
const env = acmeEnvironment;

test.before.each(async () => {
  project = await copyFixture(path.join(repoRoot, 'examples', 'acme'), 'weft-race-');
  await seedAcmeSecrets(project);
});
test.after.each(async () => {
  await removeTemporaryDirectory(project);
});

/** Starts `weft apply` paused inside its transaction; resolves when it has taken the lock. */
function slowApply(delayMs: number) {
  const child = spawn(process.execPath, [weftBinary, 'apply', project], { env: weftEnvironment({ ...env, WEFT_TEST_APPLY_DELAY_MS: String(delayMs) }) });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const locked = (async () => {
    for (let waited = 0; waited < 10_000; waited += 50) {
      if (existsSync(path.join(project, '.weft', 'apply.holder'))) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the slow apply never took the lock');
  })();
  return { child, locked, exited, output: () => stdout };
}

function integrity(directory = project): { check: string; revision: number; resources: number } {
  const db = new Database(path.join(directory, '.weft', 'state.db'));
  const check = db.pragma('integrity_check', { simple: true }) as string;
  const revision = (db.prepare('SELECT COALESCE(MAX(number), 0) AS n FROM revisions').get() as { n: number }).n;
  const resources = (db.prepare('SELECT COUNT(*) AS n FROM resources').get() as { n: number }).n;
  db.close();
  return { check, revision, resources };
}

test('two applies racing: one wins, the other fails fast naming the holder; the state is consistent', async () => {
  const slow = slowApply(2000);
  await slow.locked;
  const second = await runWeft(['apply', project], { env });
  assert.is(second.code, 1);
  assert.match(second.stderr, /another apply holds the engine's lock \(.+ \(pid \d+\) since .+\)/);
  assert.is(await slow.exited, 0);
  assert.match(slow.output(), /Revision 1\./);
  assert.equal(integrity(), { check: 'ok', revision: 1, resources: 17 });
  // With a lock timeout the second waits instead, then finds nothing left to do.
  const again = slowApply(1000);
  const file = path.join(project, 'connectors', 'shopify.yaml');
  const { readFile, writeFile } = await import('node:fs/promises');
  await writeFile(file, (await readFile(file, 'utf8')).replace('version: 1.4.0', 'version: 1.5.0'));
  await again.locked.catch(() => undefined);
  const waiting = await runWeft(['apply', project, '--lock-timeout', '10s'], { env });
  await again.exited;
  assert.ok(waiting.code === 0 || /revision/.test(waiting.stderr), waiting.stderr);
  assert.is(integrity().check, 'ok');
});

for (const delay of [300, 1200]) {
  test(`an apply killed with SIGKILL inside its transaction (after ${delay} ms) leaves the old revision whole`, async () => {
    assert.is((await runWeft(['apply', project], { env })).code, 0);
    const file = path.join(project, 'connectors', 'shopify.yaml');
    const { readFile, writeFile, rm } = await import('node:fs/promises');
    await writeFile(file, (await readFile(file, 'utf8')).replace('version: 1.4.0', 'version: 1.5.0'));
    await rm(path.join(project, 'flows', 'backfill-us-orders.yaml'));
    const slow = slowApply(5000);
    await slow.locked;
    await new Promise((resolve) => setTimeout(resolve, delay));
    slow.child.kill('SIGKILL');
    await slow.exited;
    assert.equal(integrity(), { check: 'ok', revision: 1, resources: 17 });
    // A re-plan is correct: exactly the change that was lost.
    const bundle = (await compileProject(project)).bundle!;
    const engine = LocalEngine.forProject(project);
    const plan = computePlan(bundle, await engine.readState());
    engine.close();
    assert.equal(plan.summary, { add: 0, change: 3, destroy: 1 });
    assert.is((await runWeft(['apply', project], { env })).code, 0);
    assert.equal(integrity(), { check: 'ok', revision: 2, resources: 16 });
  });
}

test.run();

/** The same through a remote engine: the engine serialises applies; a crash of the engine itself. */
const remote = suite('apply-races (remote engine)');
let engine: RemoteEngine | undefined;
let engineDirectory: string;
const cliEnv = { WEFT_ENGINE_TOKEN: engineToken, SHOPIFY_US_ACCESS_TOKEN: undefined };

remote.before.each(async () => {
  project = await copyFixture(path.join(repoRoot, 'examples', 'acme'), 'weft-race-');
  engineDirectory = await makeTemporaryDirectory('weft-race-engine-');
  await seedAcmeSecrets(engineDirectory);
});
remote.after.each(async () => {
  await engine?.stop();
  engine = undefined;
  await removeTemporaryDirectory(project);
  await removeTemporaryDirectory(engineDirectory);
});

async function startRemote(delayMs: number): Promise<RemoteEngine> {
  const started = await startEngine({ ...env, WEFT_TEST_APPLY_DELAY_MS: String(delayMs) }, engineDirectory);
  const text = await readFile(path.join(project, 'weft.yaml'), 'utf8');
  if (/^ {2}engine:/m.test(text)) await writeFile(path.join(project, 'weft.yaml'), text.replace(/url: http:\/\/127\.0\.0\.1:\d+/, `url: ${started.url}`));
  else await targetEngine(project, started.url);
  return started;
}

remote('two saved plans from one revision applied at once: one wins, the other is refused; the state is consistent', async () => {
  engine = await startRemote(800);
  const planA = path.join(project, 'a.json');
  const planB = path.join(project, 'b.json');
  assert.is((await runWeft(['plan', project, '--out', planA], { env: cliEnv })).code, 0);
  assert.is((await runWeft(['plan', project, '--out', planB], { env: cliEnv })).code, 0);
  const [a, b] = await Promise.all([runWeft(['apply', planA], { env: cliEnv }), runWeft(['apply', planB], { env: cliEnv })]);
  const results = [a, b].sort((x, y) => (x.code ?? 9) - (y.code ?? 9));
  assert.is(results[0]!.code, 0, results[0]!.stderr);
  assert.match(results[0]!.stdout, /Revision 1\./);
  assert.is(results[1]!.code, 1);
  assert.match(results[1]!.stderr, /the plan was made against revision 0; run weft plan again/);
  assert.equal(integrity(engineDirectory), { check: 'ok', revision: 1, resources: 17 });
});

remote('an engine killed with SIGKILL inside an apply keeps the old revision whole; restarted, it re-plans correctly', async () => {
  engine = await startRemote(0);
  assert.is((await runWeft(['apply', project], { env: cliEnv })).code, 0);
  await engine.stop({ keepDirectory: true });
  engine = await startRemote(5000);
  const file = path.join(project, 'connectors', 'shopify.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replace('version: 1.4.0', 'version: 1.5.0'));
  const apply = runWeft(['apply', project], { env: cliEnv });
  for (let waited = 0; !existsSync(path.join(engineDirectory, '.weft', 'apply.holder')); waited += 25) {
    if (waited > 10_000) throw new Error('the apply never took the lock');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  engine.process.kill('SIGKILL');
  const failed = await apply;
  assert.is(failed.code, 1);
  assert.match(failed.stderr, /lost the connection to the engine at http:\/\/127\.0\.0\.1:\d+ during POST \/v1\/apply \(.+\); the apply happened whole or not at all/);
  await engine.stop({ keepDirectory: true });
  assert.equal(integrity(engineDirectory), { check: 'ok', revision: 1, resources: 17 });
  engine = await startRemote(0);
  const plan = await runWeft(['plan', project, '--detailed-exitcode'], { env: cliEnv });
  assert.is(plan.code, 2, plan.stderr);
  assert.match(plan.stdout, /Plan: 0 to add, 3 to change, 0 to destroy\./);
  assert.is((await runWeft(['apply', project], { env: cliEnv })).code, 0);
  assert.equal(integrity(engineDirectory), { check: 'ok', revision: 2, resources: 17 });
});

remote.run();
