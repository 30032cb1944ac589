import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from './helpers/run-weft.js';

/**
 * scripts/uvu-hook-errors.mjs, preloaded by scripts/run-tests.mjs: a suite whose before hook
 * throws fails with the hook's error and exit code 1 (uvu alone swallows it and exits 0).
 */
const test = suite('uvu-hook-errors');

const uvu = (preload: boolean) =>
  spawnSync(process.execPath, [...(preload ? ['--import', path.join(repoRoot, 'scripts', 'uvu-hook-errors.mjs')] : []), '--import', 'tsx', path.join(repoRoot, 'node_modules', 'uvu', 'bin.js'), path.join('test', 'fixtures', 'uvu-hooks'), 'before-throws\\.fixture\\.ts$'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    timeout: 30_000,
  });

test('a before hook that throws: the suite fails with its message, exit code 1', () => {
  const run = uvu(true);
  assert.is(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /\(a before hook of the suite\)/);
  assert.match(run.stdout, /the private broker did not start/);
  assert.match(run.stdout, /Passed:\s+0/);
});

test('without it, uvu says nothing of the error and exits 0 (what the preload is for)', () => {
  const run = uvu(false);
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.not.match(run.stdout + run.stderr, /the private broker did not start/);
});

test.run();
