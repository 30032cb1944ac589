import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, stat, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { copyFixture, expectExit, makeTemporaryDirectory, removeTemporaryDirectory, runWeft, type RunResult } from './helpers/run-weft.js';
import { cachedResult, makeCacheDirectory, recordResult } from '../src/cache/result-cache.js';
import { readPlainText } from '../src/pipeline/load-file.js';

// `weft validate` served from .weft/cache/results.json, black-box through the real binary:
// WEFT_DEBUG=1 makes a served result say so on stderr (one line, before the recorded output).
const debug = { WEFT_DEBUG: '1' };
const servedLine = /^weft: the result of the last run, from .*results\.json \(nothing it depended on changed\)\n/;

function served(result: RunResult): boolean {
  return servedLine.test(result.stderr);
}

/** A run's output without the served line: what a user sees either way. */
function output(result: RunResult) {
  return { code: result.code, stdout: result.stdout, stderr: result.stderr.replace(servedLine, '') };
}

interface Report {
  errorCount: number;
  warningCount: number;
  diagnostics: { code: string; file: string }[];
}

/**
 * After a change: `weft validate --format json` of the project is a full run (not served), says
 * what a run without the cache says, and is recorded (the next one is served, the same).
 */
async function freshReport(project: string, what: string): Promise<Report> {
  const run = () => runWeft(['validate', project, '--format', 'json'], { env: debug });
  const result = await run();
  assert.not.ok(served(result), `${what}: served a stale result`);
  assert.equal(output(result), output(await runWeft(['validate', project, '--format', 'json', '--no-cache'])), what);
  const again = await run();
  assert.ok(served(again), `${what}: recorded`);
  assert.equal(output(again), output(result), what);
  return JSON.parse(result.stdout) as Report;
}

interface RecordedCache {
  format: string;
  build: string;
  entries: { run: { stdout: string; exitCode: number } }[];
}

/** results.json as weft writes it: a seal line (a SHA-256 of the build and the JSON's bytes), then the JSON. */
function sealed(cache: RecordedCache): string {
  const json = JSON.stringify(cache);
  return `weft-validate-results-2 ${createHash('sha256').update(cache.build).update('\0').update(json).digest('hex')}\n${json}`;
}

/** A project's results.json, checked to be whole and sealed as `sealed` seals it, and its JSON. */
async function readResults(project: string): Promise<{ written: string; sealLine: string; json: string; cache: RecordedCache }> {
  const written = await readFile(path.join(project, '.weft', 'cache', 'results.json'), 'utf8');
  const lineEnd = written.indexOf('\n');
  const sealLine = written.slice(0, lineEnd);
  const json = written.slice(lineEnd + 1);
  const cache = JSON.parse(json) as RecordedCache;
  assert.match(sealLine, /^weft-validate-results-2 [0-9a-f]{64}$/);
  assert.is(sealed(cache), written, 'sealed as a test seals it');
  return { written, sealLine, json, cache };
}

async function twice(args: string[], env: Record<string, string> = {}) {
  const first = await runWeft(args, { env: { ...debug, ...env } });
  const second = await runWeft(args, { env: { ...debug, ...env } });
  return { first, second };
}

test('a second run of an unchanged project is the first run, byte for byte, served without a full run; every format and exit code', async () => {
  const project = await copyFixture('examples/acme');
  try {
    // Broken: exit 1, with errors, for every format (and a --max-warnings failure on stderr).
    await writeFile(path.join(project, 'flows', 'broken.yaml'), 'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: broken }\nspec:\n  steps: []\n  trigger: { manual: {} }\n  nope: 1\n');
    for (const args of [['validate', project], ['validate', project, '--format', 'json'], ['validate', project, '--format', 'sarif'], ['validate', '--format', 'github', project], ['validate', project, '--max-warnings', '0']]) {
      const { first, second } = await twice(args);
      assert.not.ok(served(first), `${args.join(' ')}: the first run is a full run`);
      assert.ok(served(second), `${args.join(' ')}: the second run is served\n${second.stderr}`);
      assert.equal(output(second), output(first), args.join(' '));
      assert.is(first.code, 1, first.stdout + first.stderr);
    }
    await rm(path.join(project, 'flows', 'broken.yaml'));
    const fixed = await runWeft(['validate', project], { env: debug });
    assert.not.ok(served(fixed), 'a removed file is a change');
    expectExit(fixed, 0);
    assert.ok(served(await runWeft(['validate', project], { env: debug })));
    // Another environment, another result, each kept.
    const staging = await twice(['validate', project, '--env', 'staging']);
    assert.ok(served(staging.second));
    assert.ok(served(await runWeft(['validate', project], { env: debug })), 'results of several command lines are kept');
  } finally {
    await removeTemporaryDirectory(project);
  }
});

test('any change is seen: an edit of the same size in the same second, a new file, a new folder, a link retargeted, a variable read', async () => {
  const project = await copyFixture('examples/acme');
  const run = () => runWeft(['validate', project, '--format', 'json'], { env: debug });
  const expectFresh = (what: string) => freshReport(project, what);
  try {
    await run();
    assert.ok(served(await run()));
    // The same size, and its times put back as they were: only the content differs.
    const flow = path.join(project, 'flows', 'orders-to-netsuite.yaml');
    const text = await readFile(flow, 'utf8');
    const broken = text.replace('kind: Flow', 'kind: Flaw');
    assert.is(broken.length, text.length);
    await writeFile(flow, broken);
    let report = await expectFresh('an edit of the same size');
    assert.ok(report.errorCount > 0);
    // Old times on the edited file: the recorded stat matches none the less? The content hash decides.
    const old = new Date(Date.now() - 3_600_000);
    await writeFile(flow, text);
    await utimes(flow, old, old);
    report = await expectFresh('the fix');
    assert.is(report.errorCount, 0);
    await writeFile(flow, broken);
    await utimes(flow, old, old);
    report = await expectFresh('an edit with the old times put back');
    assert.ok(report.errorCount > 0);
    await writeFile(flow, text);
    // A new file in a new folder, then one only renamed.
    await mkdir(path.join(project, 'flows', 'more'));
    await writeFile(path.join(project, 'flows', 'more', 'dup.yaml'), text);
    report = await expectFresh('a new folder with a file');
    assert.ok(report.diagnostics.some((diagnostic) => diagnostic.code === 'duplicate-name'), JSON.stringify(report.diagnostics.map((d) => d.code)));
    await rename(path.join(project, 'flows', 'more', 'dup.yaml'), path.join(project, 'flows', 'more', 'dup.txt'));
    report = await expectFresh('a file renamed to a name weft does not read');
    assert.is(report.errorCount, 0);
    // A link: retargeted to a file of the same content in a hidden folder, it is not read any more.
    await mkdir(path.join(project, '.private'));
    await writeFile(path.join(project, '.private', 'dup.yaml'), text);
    await writeFile(path.join(project, 'flows', 'more', 'shown.yaml'), text.replace(/name: [a-z-]+/, 'name: shown-copy'));
    await symlink(path.join(project, 'flows', 'more', 'shown.yaml'), path.join(project, 'flows', 'link.yaml'));
    await expectFresh('a link');
    await unlink(path.join(project, 'flows', 'link.yaml'));
    await symlink(path.join(project, '.private', 'dup.yaml'), path.join(project, 'flows', 'link.yaml'));
    report = await expectFresh('a link retargeted');
    assert.ok(report.diagnostics.some((diagnostic) => diagnostic.code === 'hidden-link'));
    // An environment variable the run read (NO_COLOR, for the pretty report): another value, another result.
    const colourless = await runWeft(['validate', project], { env: debug });
    const coloured = await runWeft(['validate', project], { env: { ...debug, NO_COLOR: undefined as unknown as string, FORCE_COLOR: '1' } });
    assert.not.ok(served(coloured), 'FORCE_COLOR changes the output');
    assert.match(coloured.stdout, /\u001b\[/);
    assert.not.match(colourless.stdout, /\u001b\[/);
  } finally {
    await removeTemporaryDirectory(project);
  }
});

test('a cache from another build, edited by hand, cut short or not a cache is ignored and written anew; --no-cache and WEFT_NO_CACHE=1 neither read nor write it', async () => {
  const project = await copyFixture('examples/acme');
  const cacheFile = path.join(project, '.weft', 'cache', 'results.json');
  const run = (...extra: string[]) => runWeft(['validate', project, ...extra], { env: debug });
  try {
    const reference = await run();
    expectExit(reference, 0);
    const { written, sealLine, json, cache: recorded } = await readResults(project);
    const attempts: [string, string][] = [
      ['edited by hand', `${sealLine}\n${JSON.stringify({ ...recorded, entries: recorded.entries.map((entry) => ({ ...entry, run: { ...entry.run, stdout: 'all fine, trust me\n' } })) })}`],
      ['another build, sealed as it would seal it', sealed({ ...recorded, build: 'f'.repeat(32), entries: recorded.entries.map((entry) => ({ ...entry, run: { ...entry.run, stdout: 'from another weft\n' } })) })],
      ['cut short', written.slice(0, 500)],
      ['without its seal', json],
      ['not a cache', '\u0000\u0001garbage'],
      ['JSON of another shape', `weft-validate-results-2 ${'0'.repeat(64)}\n{"format":"weft-validate-results","entries":{}}`],
    ];
    for (const [what, content] of attempts) {
      await writeFile(cacheFile, content);
      const result = await run();
      assert.not.ok(served(result), what);
      assert.equal(output(result), output(reference), what);
      assert.ok(served(await run()), `${what}: written anew`);
    }
    await rm(path.join(project, '.weft'), { recursive: true });
    for (const [extra, env] of [[['--no-cache'], {}], [[], { WEFT_NO_CACHE: '1' }]] as const) {
      const result = await runWeft(['validate', project, ...extra], { env: { ...debug, ...env } });
      assert.equal(output(result), output(reference));
      assert.not.ok(existsSync(path.join(project, '.weft')), `${extra.join(' ')} ${JSON.stringify(env)}: nothing written`);
    }
  } finally {
    await removeTemporaryDirectory(project);
  }
});

test('a fresh checkout with the cache restored (new times, same contents) is served, and stamped again; runs at once leave a cache that holds', async () => {
  const project = await copyFixture('examples/acme');
  const saved = `${project}-saved`;
  try {
    const reference = await runWeft(['validate', project, '--format', 'json'], { env: debug });
    await cp(project, saved, { recursive: true });
    // As a CI job: the checkout is made again (new inodes and times), the cache restored into it.
    await rm(project, { recursive: true });
    await cp(saved, project, { recursive: true, preserveTimestamps: false });
    const restored = await runWeft(['validate', project, '--format', 'json'], { env: debug });
    assert.ok(served(restored), restored.stderr);
    assert.equal(output(restored), output(reference));
    // Many runs at once, of several command lines: each output right, the cache whole afterwards.
    const formats = ['pretty', 'json', 'github', 'sarif'];
    const expected = await Promise.all(formats.map((format) => runWeft(['validate', project, '--format', format, '--no-cache'])));
    const together = await Promise.all(Array.from({ length: 12 }, (_, index) => runWeft(['validate', project, '--format', formats[index % 4]!], { env: debug })));
    together.forEach((result, index) => assert.equal(output(result), output(expected[index % 4]!), formats[index % 4]));
    await readResults(project);
    assert.ok(served(await runWeft(['validate', project, '--format', 'sarif'], { env: debug })));
  } finally {
    await removeTemporaryDirectory(project);
    await removeTemporaryDirectory(saved);
  }
});

test('an installed connector package is part of what a result depends on', async () => {
  const project = await copyFixture('examples/acme');
  try {
    const connector = await readFile(path.join(project, 'connectors', 'shopify.yaml'), 'utf8');
    await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'acme', dependencies: { 'weft-connector-extra': '1.0.0' } }));
    const packageDirectory = path.join(project, 'node_modules', 'weft-connector-extra');
    const codes = async () => (await freshReport(project, 'a change')).diagnostics.map((diagnostic) => diagnostic.code);
    assert.equal(await codes(), []);
    // Installed: a package whose connector has the name of the project's own, which shadows it.
    await mkdir(path.join(packageDirectory, 'connectors'), { recursive: true });
    await writeFile(path.join(packageDirectory, 'package.json'), JSON.stringify({ name: 'weft-connector-extra', version: '1.0.0' }));
    await writeFile(path.join(packageDirectory, 'connectors', 'shopify.yaml'), connector);
    assert.equal(await codes(), ['shadows-package']);
    // The package's file changed in place (as npm link or a hand edit would), same size: a Flow is not a package's to supply.
    const file = path.join(packageDirectory, 'connectors', 'shopify.yaml');
    await writeFile(file, connector.replace('kind: Connector', 'kind: Flow     '));
    assert.ok((await codes()).includes('bad-package'));
  } finally {
    await removeTemporaryDirectory(project);
  }
});

test('what the run read beyond the YAML files counts too: a lookup CSV, an overlay in a dot-folder, an installed package\'s package.json', async () => {
  const project = await copyFixture('examples/acme');
  const fresh = (what: string) => freshReport(project, what);
  try {
    assert.is((await fresh('the first run')).errorCount, 0);
    // A CSV row holding a credential: the lookup's entries come from the file.
    await writeFile(path.join(project, 'lookups', 'netsuite-countries.csv'), `${await readFile(path.join(project, 'lookups', 'netsuite-countries.csv'), 'utf8')}ZZ,Zed,AKIAQ7R3KX9TNW2PLM4V\n`);
    assert.ok((await fresh('a row added to the CSV')).errorCount > 0);
    // Staging's overlay moved to a dot-folder, then edited in place.
    const weftYaml = path.join(project, 'weft.yaml');
    await writeFile(weftYaml, (await readFile(weftYaml, 'utf8')).replace('      values: { netsuiteAccount: 1234567-sb1 }', '      values: { netsuiteAccount: 1234567-sb1 }\n      overlay: .overlays/staging'));
    await mkdir(path.join(project, '.overlays'));
    await rename(path.join(project, 'environments', 'staging'), path.join(project, '.overlays', 'staging'));
    await fresh('the overlay moved');
    const overlay = path.join(project, '.overlays', 'staging', 'shopify-sandbox.yaml');
    await writeFile(overlay, (await readFile(overlay, 'utf8')).replace('spec:\n', 'spec:\n  nonsense: 2\n'));
    assert.ok((await fresh('the overlay edited')).errorCount > 0);
    // An installed package, then its package.json changed (no npm: no .package-lock.json).
    await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'acme', dependencies: { 'weft-connector-shop': '^1.0.0' } }));
    const installed = path.join(project, 'node_modules', 'weft-connector-shop');
    await mkdir(path.join(installed, 'connectors'), { recursive: true });
    await writeFile(path.join(installed, 'package.json'), JSON.stringify({ name: 'weft-connector-shop', version: '1.0.0' }));
    await writeFile(path.join(installed, 'connectors', 'other.yaml'), (await readFile(path.join(project, 'connectors', 'shopify.yaml'), 'utf8')).replace(/^  name: shopify$/m, '  name: other-shop'));
    await fresh('a package installed');
    await writeFile(path.join(installed, 'package.json'), JSON.stringify({ name: 'weft-connector-shop', version: '1.0.0', weft: 5 }));
    assert.ok((await fresh("the package's package.json changed")).errorCount > 0);
    // A report written into the project by the run's own redirect is not something weft reads.
    const reported = await runWeft(['validate', project, '--format', 'sarif'], { env: debug });
    await writeFile(path.join(project, 'weft.sarif'), reported.stdout);
    assert.ok(served(await runWeft(['validate', project, '--format', 'sarif'], { env: debug })));
  } finally {
    await removeTemporaryDirectory(project);
  }
});

test('a hostile checkout: a FIFO in the project, cache files that are links to /dev/zero or a FIFO, a committed (forged) cache — never a hang, never its verdict', async () => {
  const project = await copyFixture('examples/acme');
  const outsideFifo = `${project}-fifo`;
  const quick = (args: string[]) => runWeft(args, { env: debug, timeoutMs: 15_000 });
  try {
    const reference = await quick(['validate', project, '--no-cache']);
    expectExit(reference, 0);
    spawnSync('mkfifo', [path.join(project, 'fixtures', 'pipe.yaml')]);
    spawnSync('mkfifo', [outsideFifo]);
    await symlink(outsideFifo, path.join(project, 'fixtures', 'notes.txt'));
    const withFifo = await quick(['validate', project]);
    assert.is(withFifo.signal, null, 'weft validate hung on a FIFO');
    assert.equal(output(await quick(['validate', project])).stdout, withFifo.stdout);
    // The cache's own files replaced by links: read as no cache, written anew beside them.
    for (const target of ['/dev/zero', outsideFifo]) {
      for (const name of ['results.json', 'files.bin']) {
        await rm(path.join(project, '.weft', 'cache', name), { force: true });
        await symlink(target, path.join(project, '.weft', 'cache', name));
      }
      const result = await quick(['validate', project]);
      assert.is(result.signal, null, `weft validate hung on cache links to ${target}`);
      assert.not.ok(served(result));
      assert.equal(output(result).stdout, withFifo.stdout);
      expectExit(await quick(['plan', project, '--format', 'json', '--detailed-exitcode']), 1);
    }
    // A delta beside a good cache (one file changed since it was written), then a link in its place.
    await rm(path.join(project, '.weft', 'cache'), { recursive: true });
    await quick(['validate', project]);
    const edited = path.join(project, 'flows', 'orders-to-warehouse.yaml');
    await writeFile(edited, `${await readFile(edited, 'utf8')}\n# edited\n`);
    const withDelta = output(await quick(['validate', project])).stdout;
    assert.ok((await readdir(path.join(project, '.weft', 'cache'))).includes('files.delta.bin'), 'a one-file change writes a delta');
    for (const target of ['/dev/zero', outsideFifo]) {
      await writeFile(edited, `${await readFile(edited, 'utf8')}# again\n`);
      await rm(path.join(project, '.weft', 'cache', 'files.delta.bin'), { force: true });
      await symlink(target, path.join(project, '.weft', 'cache', 'files.delta.bin'));
      const result = await quick(['validate', project]);
      assert.is(result.signal, null, `weft validate hung on a delta that links to ${target}`);
      assert.not.ok(served(result));
      assert.equal(output(result).stdout, withDelta);
    }
    // A cache committed to git (as a pull request could, with git add -f) is not weft's record: never read.
    await rm(path.join(project, 'fixtures', 'pipe.yaml'));
    await rm(path.join(project, 'fixtures', 'notes.txt'));
    await rm(path.join(project, '.weft'), { recursive: true, force: true });
    await writeFile(path.join(project, 'flows', 'broken.yaml'), 'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: broken }\nspec: { nope: 1 }\n');
    const broken = await quick(['validate', project]);
    expectExit(broken, 1);
    const forged = (await readResults(project)).cache;
    for (const entry of forged.entries) entry.run = { ...entry.run, stdout: 'all good\n', exitCode: 0 };
    await writeFile(path.join(project, '.weft', 'cache', 'results.json'), sealed(forged));
    assert.ok(served(await quick(['validate', project])), 'a forged cache this machine wrote is served (the seal is not a secret)');
    const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
    spawnSync('git', ['init', '-q'], { cwd: project, env: gitEnv });
    spawnSync('git', ['add', '-f', '.weft/cache/results.json'], { cwd: project, env: gitEnv });
    const committed = await quick(['validate', project]);
    assert.not.ok(served(committed), 'a cache git tracks is read');
    expectExit(committed, 1);
    assert.equal(output(committed), output(broken));
    // .weft made by the cache is private to its user, as the engine wants its state.
    const mode = (await stat(path.join(project, '.weft'))).mode & 0o777;
    assert.is(mode, 0o700);
  } finally {
    await removeTemporaryDirectory(project);
    await rm(outsideFifo, { force: true });
  }
});

test('a result is recorded with its files stamped as the run read them: one changed after it was read is a miss next time', async () => {
  const root = await makeTemporaryDirectory();
  try {
    makeCacheDirectory(path.join(root, '.weft', 'cache'));
    const file = path.join(root, 'flow.yaml');
    const past = new Date(Date.now() - 60_000);
    // A run that begins after the file's last change (its ctime, which utimes sets to now, may
    // fall within the millisecond Date.now() reads: a result is not recorded then).
    const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
    await writeFile(file, 'kind: Flow\n');
    await utimes(file, past, past);
    await settle();
    const key = { argv: ['validate'], cwd: root, tty: false };
    const run = { stdout: 'ok\n', stderr: '', exitCode: 0 };
    const build = 'b'.repeat(32);
    const record = (read: ReturnType<typeof readPlainText>) =>
      recordResult(root, key, run, { outside: [], outsideDirs: [], env: new Map(), read: new Map([['flow.yaml', read!.stamp]]) }, build, Date.now());
    const asRead = readPlainText(root, 'flow.yaml');
    record(asRead);
    assert.equal(cachedResult(root, key, {}, build), run, 'nothing changed since the read: served');
    // Changed after the run read it (and before the result was recorded): the stamp is of the
    // bytes the run saw, so the next run sees a change, whatever the file's times now say.
    await writeFile(file, 'kind: Flaw\n');
    await utimes(file, past, past);
    await settle();
    record(asRead);
    assert.is(cachedResult(root, key, {}, build), undefined, 'a file changed since it was read is not served');
    record(readPlainText(root, 'flow.yaml'));
    assert.equal(cachedResult(root, key, {}, build), run);
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test.run();
