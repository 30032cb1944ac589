import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { copyFixture, makeTemporaryDirectory, removeTemporaryDirectory, repoRoot, runWeft, weftBinary, weftEnvironment, type RunResult } from './helpers/run-weft.js';
import { LocalEngine } from '../src/engine/local-engine.js';
import { acmeEnvironment, seedAcmeSecrets } from './helpers/acme-engine.js';
import { computePlan } from '../src/plan/compute-plan.js';
import { compileProject } from '../src/pipeline/compile-project.js';
import { engineToken, startEngine, targetEngine, type RemoteEngine } from './helpers/remote-engine.js';
import { copySingleAcme } from './helpers/single-acme.js';

/**
 * Two applies at once, and an apply killed midway: the state is always wholly one revision.
 *
 * Every race here is ordered, not timed: a test waits until the slow apply holds the lock (its
 * `.weft/apply.holder` exists; the engine writes it inside the transaction) before it starts the
 * other one, and checks the holder is still there once the other one has reached the lock, so a
 * machine too slow for the pause fails loudly instead of testing something else.
 */
const test = suite('apply-races');
let project: string;
const env = acmeEnvironment;
/** Who an apply records as its user: the CLI takes $USER, else the OS account. */
const user = process.env.USER ?? os.userInfo().username;
const isoTime = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;

test.before.each(async () => {
  project = await copySingleAcme('weft-race-');
  await seedAcmeSecrets(project);
});
test.after.each(async () => {
  await removeTemporaryDirectory(project);
});

/** A weft process in the background, its output readable while it runs. */
interface Background {
  pid: number;
  stdout(): string;
  /** Whether it has exited. */
  done(): boolean;
  exited: Promise<RunResult>;
  kill(signal: NodeJS.Signals): void;
}

function startWeft(args: readonly string[], overrides: Record<string, string | undefined>): Background {
  const child = spawn(process.execPath, [weftBinary, ...args], { env: weftEnvironment(overrides), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let done = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<RunResult>((resolve) =>
    child.on('close', (code, signal) => {
      done = true;
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { pid: child.pid!, stdout: () => stdout, done: () => done, exited, kill: (signal) => child.kill(signal) };
}

/** Starts `weft apply <project>` that pauses `delayMs` inside its transaction (WEFT_TEST_APPLY_DELAY_MS). */
function slowApply(delayMs: number): Background {
  return startWeft(['apply', project], { ...env, WEFT_TEST_APPLY_DELAY_MS: String(delayMs) });
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  for (const started = Date.now(); !condition(); ) {
    if (Date.now() - started > timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The file the engine keeps while an apply holds its lock, below the directory of its state. */
function holderFile(stateDirectory: string): string {
  return path.join(stateDirectory, '.weft', 'apply.holder');
}

async function edit(relative: string, from: string, to: string): Promise<void> {
  const file = path.join(project, relative);
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${relative} has no '${from}'`);
  await writeFile(file, text.replace(from, to));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function integrity(directory = project): { check: string; revision: number; resources: number } {
  const db = new Database(path.join(directory, '.weft', 'state.db'));
  const check = db.pragma('integrity_check', { simple: true }) as string;
  const revision = (db.prepare('SELECT COALESCE(MAX(number), 0) AS n FROM revisions').get() as { n: number }).n;
  const resources = (db.prepare('SELECT COUNT(*) AS n FROM resources').get() as { n: number }).n;
  db.close();
  return { check, revision, resources };
}

const staleMessage = (actual: number, expected: number) =>
  `weft apply: the engine's state is at revision ${actual}, but the plan was made against revision ${expected}; run weft plan again\n`;

test('two applies racing without a lock timeout: the second fails at once naming the holder; the state is the first one', async () => {
  const slow = slowApply(4000);
  await until(() => existsSync(holderFile(project)), 'the slow apply to take the lock');
  const second = await runWeft(['apply', project], { env });
  assert.ok(!slow.done() && existsSync(holderFile(project)), 'the second apply ran while the first held the lock');
  assert.is(second.code, 1);
  assert.match(second.stdout, /^Plan: 18 to add, 0 to change, 0 to destroy\.$/m);
  assert.not.match(second.stdout, /Apply complete/);
  assert.match(
    second.stderr,
    new RegExp(`^weft apply: another apply holds the engine's lock \\(${escapeRegExp(user)} \\(pid ${slow.pid}\\) since ${isoTime}\\); try again, or wait with --lock-timeout\\n$`),
  );
  const first = await slow.exited;
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, /^Apply complete! Resources: 18 added, 0 changed, 0 destroyed\. Revision 1\.$/m);
  assert.is(existsSync(holderFile(project)), false, 'the holder file goes with the lock');
  assert.equal(integrity(), { check: 'ok', revision: 1, resources: 18 });
});

test('an apply of the project with a lock timeout waits for the running apply, then applies what is left', async () => {
  // Not a saved plan: the project as it is when the lock comes free is what must be applied. The
  // waiting apply plans against revision 1 while the slow one holds the lock; after waiting it
  // must neither apply that plan on top of revision 2 nor refuse it as stale (the busy message
  // tells the user to "wait with --lock-timeout", which would then always fail).
  assert.is((await runWeft(['apply', project], { env })).code, 0);
  await edit('connectors/shopify.yaml', 'version: 1.4.0', 'version: 1.5.0');
  const slow = slowApply(4000);
  await until(() => existsSync(holderFile(project)), 'the slow apply to take the lock');
  // The slow apply compiled the project before taking the lock: this edit is only the waiting one's.
  await edit('flows/orders-to-warehouse.yaml', 'at Northwind AMS1', 'at Northwind AMS2');
  const waiting = startWeft(['apply', project, '--lock-timeout', '30s'], env);
  // It prints its plan, then asks for the lock: once the plan is out, it waits behind the slow apply.
  await until(() => /^Plan: /m.test(waiting.stdout()), 'the waiting apply to print its plan');
  assert.ok(existsSync(holderFile(project)), 'the waiting apply reached the lock while the slow one held it');
  assert.match(waiting.stdout(), /^Plan: 0 to add, 4 to change, 0 to destroy\.$/m);
  const [first, second] = await Promise.all([slow.exited, waiting.exited]);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, /^Apply complete! Resources: 0 added, 3 changed, 0 destroyed\. Revision 2\.$/m);
  assert.is(second.code, 0, second.stderr);
  assert.match(second.stdout, /^Apply complete! .*Revision 3\.$/m);
  assert.equal(integrity(), { check: 'ok', revision: 3, resources: 18 });
  const after = await runWeft(['plan', project, '--detailed-exitcode'], { env });
  assert.is(after.code, 0, after.stdout + after.stderr);
  assert.is(after.stdout, 'No changes. The engine runs what the project describes (state revision 3).\n');
});

test('a saved plan applied while another apply holds the lock waits, then is refused as stale; the state holds only the other apply', async () => {
  // Revision 1, then a saved plan against it (shopify 1.4.0 -> 1.5.0: the connector and its two instances).
  assert.is((await runWeft(['apply', project], { env })).code, 0);
  await edit('connectors/shopify.yaml', 'version: 1.4.0', 'version: 1.5.0');
  const planFile = path.join(project, 'plan.json');
  const saved = await runWeft(['plan', project, '--out', planFile], { env });
  assert.is(saved.code, 0, saved.stderr);
  assert.match(saved.stdout, /^Plan: 0 to add, 3 to change, 0 to destroy\.$/m);
  // Another change is applied slowly: one flow's description.
  await edit('connectors/shopify.yaml', 'version: 1.5.0', 'version: 1.4.0');
  await edit('flows/orders-to-warehouse.yaml', 'at Northwind AMS1', 'at Northwind AMS2');
  const slow = slowApply(4000);
  await until(() => existsSync(holderFile(project)), 'the slow apply to take the lock');
  const waiting = startWeft(['apply', planFile, '--lock-timeout', '30s'], env);
  // The saved plan still matches revision 1 (the slow apply has not committed), so it is printed
  // and then applied: the stale check it meets is the one inside the lock.
  await until(() => /^Plan: /m.test(waiting.stdout()), 'the saved plan to be printed');
  assert.ok(existsSync(holderFile(project)), 'the saved plan reached the lock while the slow apply held it');
  assert.match(waiting.stdout(), /^Plan: 0 to add, 3 to change, 0 to destroy\.$/m);
  const [first, second] = await Promise.all([slow.exited, waiting.exited]);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, /^Apply complete! Resources: 0 added, 1 changed, 0 destroyed\. Revision 2\.$/m);
  // Revision 2 exists only once the slow apply committed: the saved plan waited for it.
  assert.is(second.code, 1, second.stdout);
  assert.is(second.stderr, staleMessage(2, 1));
  assert.not.match(second.stdout, /Apply complete/);
  assert.equal(integrity(), { check: 'ok', revision: 2, resources: 18 });
  // The state is exactly the project as the slow apply saw it: its change, not the saved plan's.
  const after = await runWeft(['plan', project, '--detailed-exitcode'], { env });
  assert.is(after.code, 0, after.stdout + after.stderr);
  assert.is(after.stdout, 'No changes. The engine runs what the project describes (state revision 2).\n');
});

for (const delay of [300, 1200]) {
  test(`an apply killed with SIGKILL inside its transaction (after ${delay} ms) leaves the old revision whole`, async () => {
    assert.is((await runWeft(['apply', project], { env })).code, 0);
    await edit('connectors/shopify.yaml', 'version: 1.4.0', 'version: 1.5.0');
    await rm(path.join(project, 'flows', 'backfill-us-orders.yaml'));
    const slow = slowApply(5000);
    await until(() => existsSync(holderFile(project)), 'the slow apply to take the lock');
    await new Promise((resolve) => setTimeout(resolve, delay));
    slow.kill('SIGKILL');
    assert.is((await slow.exited).signal, 'SIGKILL');
    assert.equal(integrity(), { check: 'ok', revision: 1, resources: 18 });
    // A re-plan is correct: exactly the change that was lost.
    const bundle = (await compileProject(project)).bundle!;
    const engine = LocalEngine.forProject(project);
    const plan = computePlan(bundle, await engine.readState());
    engine.close();
    assert.equal(plan.summary, { add: 0, change: 3, destroy: 1 });
    assert.is((await runWeft(['apply', project], { env })).code, 0);
    assert.equal(integrity(), { check: 'ok', revision: 2, resources: 17 });
  });
}

test.run();

/** The same through a remote engine: the engine serialises applies; a crash of the engine itself. */
const remote = suite('apply-races (remote engine)');
let engine: RemoteEngine | undefined;
let engineDirectory: string;
const cliEnv = { WEFT_ENGINE_TOKEN: engineToken, SHOPIFY_US_ACCESS_TOKEN: undefined };

remote.before.each(async () => {
  project = await copySingleAcme('weft-race-');
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

remote('two saved plans from one revision, the second applied while the first holds the lock: the first wins, the second is refused', async () => {
  engine = await startRemote(2000);
  const planA = path.join(project, 'a.json');
  const planB = path.join(project, 'b.json');
  assert.is((await runWeft(['plan', project, '--out', planA], { env: cliEnv })).code, 0);
  assert.is((await runWeft(['plan', project, '--out', planB], { env: cliEnv })).code, 0);
  const a = startWeft(['apply', planA], cliEnv);
  await until(() => existsSync(holderFile(engineDirectory)), 'the first apply to take the lock');
  const b = await runWeft(['apply', planB], { env: cliEnv });
  const first = await a.exited;
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, /^Apply complete! Resources: 18 added, 0 changed, 0 destroyed\. Revision 1\.$/m);
  assert.is(b.code, 1, b.stdout);
  assert.is(b.stderr, staleMessage(1, 0));
  assert.equal(integrity(engineDirectory), { check: 'ok', revision: 1, resources: 18 });
});

remote('a saved plan applied while another apply holds the engine waits, then is refused as stale; the state holds only the other apply', async () => {
  // Revision 0 here: the saved plan records the engine's URL, so the engine cannot be restarted
  // between the plan and its apply, and an initial apply would pause as long as the slow one.
  engine = await startRemote(4000);
  await edit('connectors/shopify.yaml', 'version: 1.4.0', 'version: 1.5.0');
  const planFile = path.join(project, 'plan.json');
  const saved = await runWeft(['plan', project, '--out', planFile], { env: cliEnv });
  assert.is(saved.code, 0, saved.stderr);
  assert.match(saved.stdout, /^Plan: 18 to add, 0 to change, 0 to destroy\.$/m);
  await edit('connectors/shopify.yaml', 'version: 1.5.0', 'version: 1.4.0');
  await edit('flows/orders-to-warehouse.yaml', 'at Northwind AMS1', 'at Northwind AMS2');
  const slow = startWeft(['apply', project], cliEnv);
  await until(() => existsSync(holderFile(engineDirectory)), 'the slow apply to take the engine lock');
  // The engine answers nothing while it applies (the apply is synchronous), so the saved plan's
  // requests queue behind the slow apply whatever the timing.
  const waiting = startWeft(['apply', planFile, '--lock-timeout', '30s'], cliEnv);
  const [first, second] = await Promise.all([slow.exited, waiting.exited]);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, /^Apply complete! Resources: 18 added, 0 changed, 0 destroyed\. Revision 1\.$/m);
  assert.is(second.code, 1, second.stdout);
  assert.is(second.stderr, staleMessage(1, 0));
  assert.not.match(second.stdout, /Apply complete/);
  assert.equal(integrity(engineDirectory), { check: 'ok', revision: 1, resources: 18 });
  const after = await runWeft(['plan', project, '--detailed-exitcode'], { env: cliEnv });
  assert.is(after.code, 0, after.stdout + after.stderr);
  assert.is(after.stdout, 'No changes. The engine runs what the project describes (state revision 1).\n');
});

remote('an apply of the project with a lock timeout, while another apply holds the engine, then applies what is left', async () => {
  engine = await startRemote(4000);
  const slow = startWeft(['apply', project], cliEnv);
  await until(() => existsSync(holderFile(engineDirectory)), 'the slow apply to take the engine lock');
  await edit('flows/orders-to-warehouse.yaml', 'at Northwind AMS1', 'at Northwind AMS2');
  const waiting = startWeft(['apply', project, '--lock-timeout', '30s'], cliEnv);
  const [first, second] = await Promise.all([slow.exited, waiting.exited]);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, /^Apply complete! Resources: 18 added, 0 changed, 0 destroyed\. Revision 1\.$/m);
  assert.is(second.code, 0, second.stderr);
  // The engine answers nothing while it applies, so this plan was made against revision 1.
  assert.match(second.stdout, /^Apply complete! Resources: 0 added, 1 changed, 0 destroyed\. Revision 2\.$/m);
  assert.equal(integrity(engineDirectory), { check: 'ok', revision: 2, resources: 18 });
  const after = await runWeft(['plan', project, '--detailed-exitcode'], { env: cliEnv });
  assert.is(after.code, 0, after.stdout + after.stderr);
  assert.is(after.stdout, 'No changes. The engine runs what the project describes (state revision 2).\n');
});

remote('an engine killed with SIGKILL inside an apply keeps the old revision whole; restarted, it re-plans correctly', async () => {
  engine = await startRemote(0);
  assert.is((await runWeft(['apply', project], { env: cliEnv })).code, 0);
  await engine.stop({ keepDirectory: true });
  engine = await startRemote(5000);
  await edit('connectors/shopify.yaml', 'version: 1.4.0', 'version: 1.5.0');
  const apply = runWeft(['apply', project], { env: cliEnv });
  await until(() => existsSync(holderFile(engineDirectory)), 'the apply to take the lock');
  engine.process.kill('SIGKILL');
  const failed = await apply;
  assert.is(failed.code, 1);
  assert.match(
    failed.stderr,
    /^weft apply: lost the connection to the engine at http:\/\/127\.0\.0\.1:\d+ during POST \/v1\/apply \(.+\); the apply happened whole or not at all: run weft plan to see which\n$/,
  );
  await engine.stop({ keepDirectory: true });
  assert.equal(integrity(engineDirectory), { check: 'ok', revision: 1, resources: 18 });
  engine = await startRemote(0);
  const plan = await runWeft(['plan', project, '--detailed-exitcode'], { env: cliEnv });
  assert.is(plan.code, 2, plan.stderr);
  assert.match(plan.stdout, /^Plan: 0 to add, 3 to change, 0 to destroy\.$/m);
  assert.is((await runWeft(['apply', project], { env: cliEnv })).code, 0);
  assert.equal(integrity(engineDirectory), { check: 'ok', revision: 2, resources: 18 });
});

remote.run();
