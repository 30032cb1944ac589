import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { makeTemporaryDirectory, removeTemporaryDirectory, repoRoot } from './helpers/run-weft.js';

/**
 * The package as users get it: `npm pack` makes the tarball (named weft-cli: `weft` on the
 * registry is someone else's), which installs into an empty project offline — from what npm's
 * cache holds, as after any earlier online install — quietly and in seconds where better-sqlite3
 * has a prebuilt binary for this Node.js (as users get one
 * from better-sqlite3's releases; here the one this checkout built, put where prebuild-install
 * keeps what it downloads). The `weft` binary then runs there — validate, plan, run and engine
 * start — from node_modules, not from this repository.
 */
const test = suite('package');

let directory: string;

test.before(async () => {
  directory = await makeTemporaryDirectory('weft-package-');
});
test.after(async () => {
  await removeTemporaryDirectory(directory);
});

function npm(args: string[], cwd: string, timeoutMs = 300_000) {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_loglevel: 'warn' } });
  assert.is(result.status, 0, `npm ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/**
 * Puts this checkout's better-sqlite3 binary where prebuild-install looks for a download it made
 * before (the npm cache's _prebuilds/, under the name and digest of the release URL it would
 * fetch), as a prebuild tarball: what a user with network access gets from better-sqlite3's
 * releases. Returns how to remove it again (unless it was there already).
 */
async function providePrebuiltSqlite(): Promise<{ remove(): Promise<void> }> {
  const sqlite = path.join(repoRoot, 'node_modules', 'better-sqlite3');
  const require = createRequire(path.join(sqlite, 'package.json'));
  const pkg = require('./package.json') as { name: string };
  const options = { ...(require('prebuild-install/rc') as (pkg: unknown) => Record<string, unknown>)(pkg), pkg };
  const util = require('prebuild-install/util') as { getDownloadUrl(options: unknown): string; cachedPrebuild(url: string): string };
  const cached = util.cachedPrebuild(util.getDownloadUrl(options));
  if (existsSync(cached)) return { remove: async () => {} };
  const stage = path.join(directory, 'prebuild');
  await mkdir(path.join(stage, 'build', 'Release'), { recursive: true });
  await copyFile(path.join(sqlite, 'build', 'Release', 'better_sqlite3.node'), path.join(stage, 'build', 'Release', 'better_sqlite3.node'));
  await mkdir(path.dirname(cached), { recursive: true });
  const tar = spawnSync('tar', ['-czf', cached, '-C', stage, 'build'], { encoding: 'utf8' });
  assert.is(tar.status, 0, tar.stderr);
  return { remove: () => rm(cached, { force: true }) };
}

test('npm pack makes weft-cli; installed into an empty project offline, quietly, npx weft validates, plans, runs and serves there', async () => {
  // dist/ as npm test built it: packing must not rebuild it under the other test files' feet.
  npm(['pack', '--ignore-scripts', '--pack-destination', directory], repoRoot);
  const tarballs = (await readdir(directory)).filter((name) => name.endsWith('.tgz'));
  assert.equal(tarballs.length, 1);
  assert.match(tarballs[0]!, /^weft-cli-\d+\.\d+\.\d+\.tgz$/);

  const app = path.join(directory, 'app');
  await mkdir(app);
  // As the README says to: better-sqlite3's install script approved (npm 11.16 and later ask, npm 12
  // requires it). weft-cli's own `prepare` (it builds dist/ in a checkout) counts only for a
  // package installed from a file, as here, not from the registry: the tarball has dist/ built.
  await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'integrations', version: '1.0.0', private: true, allowScripts: { 'better-sqlite3': true, 'weft-cli': false } }));
  // npm resolves a tarball's dependencies from the registry's metadata (it reads the
  // npm-shrinkwrap.json inside only for a package from the registry), which `npm ci` does not
  // leave in the cache: an online install elsewhere fills the cache first, as a user's earlier
  // installs would have. It reaches the registry only for what the cache lacks (the first run on a
  // machine), and compiles nothing (no scripts).
  const warm = path.join(directory, 'warm');
  await mkdir(warm);
  await writeFile(path.join(warm, 'package.json'), JSON.stringify({ name: 'warm', version: '1.0.0', private: true }));
  npm(['install', '--prefer-offline', '--ignore-scripts', '--no-save', path.join(directory, tarballs[0]!)], warm);
  await rm(warm, { recursive: true, force: true });
  const prebuilt = await providePrebuiltSqlite();
  try {
    const started = performance.now();
    const installed = npm(['install', '--offline', path.join(directory, tarballs[0]!)], app);
    const seconds = (performance.now() - started) / 1000;
    // Quiet: npm's one line of what it added, no warning (no unapproved scripts, no compiler output).
    assert.not.match(installed.stderr, /warn|gyp|error/i, installed.stderr);
    assert.match(installed.stdout.trim(), /^added \d+ packages in [\d.]+m?s$/, installed.stdout);
    // Quick: nothing compiled — the binary installed is the prebuilt one, byte for byte.
    const binary = path.join(app, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    assert.ok((await readFile(binary)).equals(await readFile(path.join(repoRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))), 'better-sqlite3 was compiled, not taken prebuilt');
    assert.ok(seconds < 60, `the install took ${seconds.toFixed(0)} s`);
    // better-sqlite3 is the version this checkout pins (its prebuilt binary must match it).
    const shrinkwrap = JSON.parse(await readFile(path.join(repoRoot, 'npm-shrinkwrap.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    const installedSqlite = JSON.parse(await readFile(path.join(app, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string };
    assert.is(installedSqlite.version, shrinkwrap.packages['node_modules/better-sqlite3']!.version);
  } finally {
    await prebuilt.remove();
  }

  const project = path.join(app, 'project');
  await mkdir(path.join(project, 'flows'), { recursive: true });
  await writeFile(path.join(project, 'weft.yaml'), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: packaged }\nspec:\n  testing: { warnUntestedFlows: false }\n');
  await writeFile(
    path.join(project, 'flows', 'double.yaml'),
    'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: double }\nspec:\n  trigger: { manual: {} }\n  steps:\n    - id: twice\n      map: \'{ "n": n * 2 }\'\n',
  );
  await writeFile(path.join(app, 'records.json'), JSON.stringify([{ n: 1 }, { n: 21 }]));
  const weft = (args: string[]) => spawnSync('npx', ['--no', 'weft', ...args], { cwd: app, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  const validated = weft(['validate', 'project']);
  assert.is(validated.status, 0, validated.stderr);
  assert.match(validated.stdout, /no problems/);
  const planned = weft(['plan', 'project']);
  assert.is(planned.status, 0, planned.stderr);
  assert.match(planned.stdout, /flow\.double/);
  const ran = weft(['run', 'double', 'project', '--input', 'records.json', '--format', 'json']);
  assert.is(ran.status, 0, ran.stderr);
  assert.equal((JSON.parse(ran.stdout) as { steps: { id: string; out: number }[] }).steps.map((step) => [step.id, step.out]), [['twice', 2]]);

  // The engine starts from the installed package and answers. Started by the binary npx ran (not
  // through npx, whose child would outlive a signal sent to npx).
  const binary = path.join(app, 'node_modules', 'weft-cli', 'bin', 'weft.cjs');
  const engine = spawn(process.execPath, [binary, 'engine', 'start', 'project', '--port', '0'], { cwd: app, env: { ...process.env, WEFT_ENGINE_TOKEN: 'a-package-test-token-1234' }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`the engine did not start:\n${output}`)), 30_000);
      engine.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      engine.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    });
    assert.equal(await (await fetch(`${url}/healthz`)).json(), { status: 'ok' });
  } finally {
    const exited = new Promise((resolve) => engine.once('exit', resolve));
    engine.kill('SIGTERM');
    const timer = setTimeout(() => engine.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
});

test.run();
