import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTemporaryDirectory, removeTemporaryDirectory, repoRoot } from './helpers/run-weft.js';

/**
 * Run by `npm run test:package`, not by `npm test`: it compiles better-sqlite3 from source
 * (about 75 s), which would take the CI run too close to its 15 minutes.
 *
 * The package as users get it: `npm pack` makes the tarball (named weft-cli: `weft` on the
 * registry is someone else's), which installs into an empty project, and the `weft` binary runs
 * there — validate, plan, run and engine start — from node_modules, not from this repository.
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
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
  assert.is(result.status, 0, `npm ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

test('npm pack makes weft-cli; installed into an empty project, npx weft validates, plans, runs and serves there', async () => {
  npm(['pack', '--pack-destination', directory], repoRoot);
  const tarballs = (await readdir(directory)).filter((name) => name.endsWith('.tgz'));
  assert.equal(tarballs.length, 1);
  assert.match(tarballs[0]!, /^weft-cli-\d+\.\d+\.\d+\.tgz$/);

  const app = path.join(directory, 'app');
  await mkdir(app);
  await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'integrations', version: '1.0.0', private: true }));
  // Packages come from the npm cache where they are (the registry for what is not cached).
  npm(['install', '--prefer-offline', path.join(directory, tarballs[0]!)], app);

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
