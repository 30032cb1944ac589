import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTemporaryDirectory, removeTemporaryDirectory, repoRoot } from './helpers/run-weft.js';

/** scripts/mutate.mjs (npm run mutate) on a small fixture module with a test that kills some of its mutants. */
const test = suite('mutate');

const fixture = 'test/fixtures/mutate';
const sample = path.join(repoRoot, fixture, 'sample.ts');
let temporary = '';

test.before.each(async () => {
  temporary = await makeTemporaryDirectory();
  mkdirSync(path.join(temporary, 'tmp'));
});
test.after.each(async () => {
  await removeTemporaryDirectory(temporary);
});

interface Mutate {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the script with the fixture's config; its scratch copies go to a private TMPDIR. `onOutput` may stop it. */
function mutate(args: string[], onOutput?: (stdout: string, stop: (signal: NodeJS.Signals) => void) => void): Promise<Mutate> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/mutate.mjs', '--config', `${fixture}/config.json`, '--report', path.join(temporary, 'report.json'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, TMPDIR: path.join(temporary, 'tmp') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      onOutput?.(stdout, (signal) => child.kill(signal));
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const scratchCopiesLeft = () => readdirSync(path.join(temporary, 'tmp')).filter((name) => name.startsWith('weft-mutate-'));

interface ReportedMutant {
  file: string;
  line: number;
  column: number;
  operator: string;
  replacement: string;
  description: string;
  status: string;
}

test('every mutant of the fixture is killed, timed out, an error or a survivor; the tree is left as it was', async () => {
  const before = readFileSync(sample, 'utf8');
  // Two jobs: two scratch copies, each mutant restored in its own before the next one.
  const run = await mutate(['--jobs', '2']);
  assert.is(run.code, 0, run.stderr + run.stdout);
  assert.is(readFileSync(sample, 'utf8'), before);
  assert.equal(scratchCopiesLeft(), []);
  const report = JSON.parse(readFileSync(path.join(temporary, 'report.json'), 'utf8')) as {
    totals: Record<string, number>;
    files: { file: string; baseline: { passed: boolean }; mutants: ReportedMutant[] }[];
  };
  assert.is(report.files.length, 1);
  assert.is(report.files[0]!.file, `${fixture}/sample.ts`);
  assert.equal(
    report.files[0]!.mutants.map((mutant) => `${mutant.line}:${mutant.column} ${mutant.operator} ${mutant.replacement} ${mutant.status}`),
    [
      // `ready` false: the module throws as it loads.
      '3:15 boolean-literal false error',
      '4:5 negate-condition !(!ready) error',
      '7:15 number-literal 1 killed',
      '7:15 number-literal (-1) killed',
      // Adding 0 changes nothing: equivalent mutants survive.
      '8:30 comparison >= survived',
      '8:32 number-literal 1 killed',
      '8:32 number-literal (-1) survived',
      // The loop never ends.
      '8:40 arithmetic += timeout',
      '8:43 number-literal 2 killed',
      '8:43 number-literal 0 timeout',
      '8:52 arithmetic -= killed',
      '9:10 return-value undefined killed',
      // A string is emptied, not made undefined.
      "13:10 return-value '' killed",
      '13:10 negate-condition !(count === 1) killed',
      '13:16 comparison !== killed',
      '13:20 number-literal 2 killed',
      // The check never asks for the label of one.
      '13:20 number-literal 0 survived',
      "17:10 return-value '' killed",
      // `??` next to `||` needs parentheses, or the mutant would not even load.
      "17:19 nullish ((nickname ?? name) || 'you') killed",
      '17:19 nullish (nickname || name) killed',
    ],
  );
  assert.equal(report.totals, { mutants: 20, killed: 13, timedOut: 2, errors: 2, survived: 3, score: 85 });
  assert.match(run.stdout, /test\/fixtures\/mutate\/sample\.ts:13:20 number-literal: 1 → 0 in count === 1/);
  assert.match(run.stdout, /\| \*\*total\*\* \| 20 \| 13 \| 2 \| 2 \| 3 \| \*\*85%\*\* \|/);
});

test('--max samples the same mutants for the same seed; --dry-run runs nothing', async () => {
  const listed = async () => {
    const run = await mutate(['--dry-run', '--max', '4', '--seed', '7']);
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, /4 mutants in 1 file\(s\) \(at most 4 per file, seed 7\)/);
    return run.stdout.split('\n').filter((line) => line.startsWith('  test/fixtures/mutate/sample.ts:'));
  };
  const first = await listed();
  assert.is(first.length, 4);
  assert.equal(await listed(), first);
  assert.equal(scratchCopiesLeft(), []);
});

test('Ctrl-C stops the run and removes the scratch copy', async () => {
  const before = readFileSync(sample, 'utf8');
  let stopped = false;
  const run = await mutate([], (stdout, stop) => {
    // Stopped while the first mutants are being tested.
    if (!stopped && /baseline/.test(stdout)) {
      stopped = true;
      stop('SIGINT');
    }
  });
  assert.ok(stopped, run.stdout);
  assert.is(run.code, 130, run.stderr);
  assert.match(run.stderr, /SIGINT, stopping/);
  assert.equal(scratchCopiesLeft(), []);
  assert.is(readFileSync(sample, 'utf8'), before);
});

test('a module without mapped tests is refused, naming it', async () => {
  const run = await mutate(['--files', 'src/engine/secret-path.ts']);
  assert.is(run.code, 2);
  assert.match(run.stderr, /no tests mapped in test\/fixtures\/mutate\/config\.json for src\/engine\/secret-path\.ts/);
});

test.run();
