import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, symlink } from 'node:fs/promises';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expectExit, expectNoStackTrace, makeTemporaryDirectory, removeTemporaryDirectory, repoRoot, runWeft, weftBinary, weftEnvironment } from './helpers/run-weft.js';

/** The local engine's state files when they cannot be used: black-box, the real binary. */
const test = suite('sqlite-database');
let project: string;
let stateFile: string;

/** `weft <args>` with a value on stdin (secret set). */
function weftWithInput(args: string[], input: string, env: Record<string, string | undefined> = {}): void {
  const result = spawnSync(process.execPath, [weftBinary, ...args], { input, env: weftEnvironment(env), encoding: 'utf8' });
  assert.is(result.status, 0, result.stderr);
}

test.before.each(async () => {
  project = await makeTemporaryDirectory('weft-state-errors-');
  expectExit(await runWeft(['init', project]), 0);
  // The init project's instance reads ${secret:example/api-key}.
  weftWithInput(['secret', 'set', 'example/api-key', project], 'secret-value-123');
  stateFile = path.join(project, '.weft', 'state.db');
});
test.after.each(async () => {
  await removeTemporaryDirectory(project);
});

/** Each command refuses with `message`, exit 1, no stack trace, and leaves the state file's bytes as they were. */
async function expectRefused(message: string, env: Record<string, string | undefined> = {}): Promise<void> {
  const before = await readFile(stateFile);
  for (const args of [['plan', project], ['secret', 'list', project], ['run', 'copy-orders', project]]) {
    const result = await runWeft(args, { env });
    expectExit(result, 1);
    expectNoStackTrace(result);
    assert.is(result.stderr, `weft ${args[0]}: ${message}\n`, args.join(' '));
    assert.ok((await readFile(stateFile)).equals(before), `${args.join(' ')} changed ${stateFile}`);
  }
}

test('a text file in place of state.db is not a weft state database', async () => {
  await writeFile(stateFile, 'hello, this is not a database\n');
  await expectRefused(
    `${stateFile} is not a weft state database: it is not an SQLite database; move it away (weft creates a new state where there is none), or restore the engine's state.db from a backup`,
  );
});

test('an SQLite file of another program (without our tables) is refused, not migrated into', async () => {
  await rm(stateFile);
  const other = new Database(stateFile);
  other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
  other.close();
  await expectRefused(
    `${stateFile} is not a weft state database: it is an SQLite database without weft's tables (it has 'notes'); move it away (weft creates a new state where there is none), or restore the engine's state.db from a backup`,
  );
});

test('a truncated state.db is reported as damaged', async () => {
  const whole = await readFile(stateFile);
  assert.ok(whole.length > 8192, `${whole.length} bytes`);
  await writeFile(stateFile, whole.subarray(0, 4096));
  await expectRefused(`${stateFile} is damaged: it is 4096 bytes, but its header says ${whole.length}: it was truncated; restore it from a backup (weft leaves it as it is)`);
});

test('a zero-length state.db next to secret.key is refused, not taken as a new engine', async () => {
  await writeFile(stateFile, '');
  await expectRefused(
    `${stateFile} is empty, but ${path.join(project, '.weft', 'secret.key')} beside it says there was a state here; restore state.db from a backup, or remove it to start a new engine (its revisions, runs and secrets are lost)`,
  );
});

test('secrets stored under one key and read with another (WEFT_SECRET_KEY) name the secret and the key', async () => {
  const result = await runWeft(['run', 'copy-orders', project], { env: { WEFT_SECRET_KEY: 'not-the-key-it-was-stored-with' } });
  expectExit(result, 1);
  expectNoStackTrace(result);
  assert.match(
    result.stdout + result.stderr,
    `cannot decrypt secret 'example/api-key' in ${stateFile}: it was stored under another key than WEFT_SECRET_KEY; set WEFT_SECRET_KEY to the key it was stored with (or unset it if it was stored with .weft/secret.key), or store it again: weft secret set example/api-key < file`,
  );
  assert.not.match(result.stdout + result.stderr, /unable to authenticate|Unsupported state/);
  // The secret is still there under its own key.
  assert.ok(existsSync(path.join(project, '.weft', 'secret.key')));
  const list = await runWeft(['secret', 'list', project]);
  assert.is(list.stdout, 'example/api-key\n');
});

test('better-sqlite3 installed without its compiled part (install scripts skipped): what to run, not a stack trace', async () => {
  // weft as installed, except that better-sqlite3's build/ is missing, as when npm skipped its install script.
  const installed = await makeTemporaryDirectory('weft-unbuilt-');
  try {
    for (const folder of ['bin', 'dist', 'ui', 'schemas', 'package.json']) await cp(path.join(repoRoot, folder), path.join(installed, folder), { recursive: true });
    await mkdir(path.join(installed, 'node_modules'));
    await cp(path.join(repoRoot, 'node_modules', 'better-sqlite3'), path.join(installed, 'node_modules', 'better-sqlite3'), { recursive: true, filter: (source) => !source.includes(`${path.sep}build`) });
    for (const dependency of ['bindings', 'file-uri-to-path']) await symlink(path.join(repoRoot, 'node_modules', dependency), path.join(installed, 'node_modules', dependency));
    const result = spawnSync(process.execPath, [path.join(installed, 'bin', 'weft.cjs'), 'plan', project], { env: weftEnvironment(), encoding: 'utf8' });
    assert.is(result.status, 1, result.stderr);
    expectNoStackTrace({ stdout: result.stdout, stderr: result.stderr });
    assert.match(result.stderr, /^weft plan: the SQLite module weft keeps its state with \(better-sqlite3\) is not built: this is Node\.js v\d+/);
    assert.match(result.stderr, /Run `npm rebuild better-sqlite3`/);
    // validate needs no state: it still works.
    const validated = spawnSync(process.execPath, [path.join(installed, 'bin', 'weft.cjs'), 'validate', project], { env: weftEnvironment(), encoding: 'utf8' });
    assert.is(validated.status, 0, validated.stderr);
  } finally {
    await removeTemporaryDirectory(installed);
  }
});

test.run();
