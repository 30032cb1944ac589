// Mutation testing of weft's modules: each mutant (one realistic bug, see
// scripts/mutate/find-mutants.mjs) is written into a scratch copy of the repository, the test
// files mapped to its module (scripts/mutate.config.json) run against it, and a mutant the tests
// still pass on is a survivor, reported with its file, line and change so that someone can write
// the test that kills it. The working tree is only read: mutants live in the scratch copy, which
// is removed at the end, on Ctrl-C and on a crash.
//
// StrykerJS is not used: it has no uvu runner, and its command runner would run one fixed
// command (the whole suite, minutes) for every mutant.
//
// Usage: npm run mutate -- [--files <globs or paths, comma-separated>] [--max <n>] [--seed <s>]
//          [--jobs <n>] [--since <git-ref>] [--config <file>] [--report <file>] [--dry-run]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import picomatch from 'picomatch';
import { applyMutant, createProgram, findMutants } from './mutate/find-mutants.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Progress: one character per mutant as it is decided. */
const symbols = { killed: '.', timeout: 'T', error: 'E', survived: 'S' };
const usage = `usage: npm run mutate -- [options]
  --files <list>     modules to mutate: paths or globs, comma-separated (default: "targets" of the config)
  --max <n>          at most n mutants per file, a deterministic sample (default: all)
  --seed <s>         the sample's seed (default: 1)
  --jobs <n>         mutants tested at once, each in its own scratch copy (default: 1)
  --since <git-ref>  only mutants on lines changed since the ref (uncommitted changes included)
  --config <file>    default: scripts/mutate.config.json
  --report <file>    the JSON report (default: .weft-mutate/report.json)
  --dry-run          list the mutants without running any test
Paths are relative to the repository root.`;

const { values: options } = parseArgs({
  options: {
    files: { type: 'string', multiple: true },
    max: { type: 'string' },
    seed: { type: 'string', default: '1' },
    jobs: { type: 'string', default: '1' },
    since: { type: 'string' },
    config: { type: 'string', default: 'scripts/mutate.config.json' },
    report: { type: 'string', default: '.weft-mutate/report.json' },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (options.help) {
  console.log(usage);
  process.exit(0);
}
const max = options.max === undefined ? Infinity : positiveInteger('--max', options.max);
const jobs = positiveInteger('--jobs', options.jobs);
const config = readConfig(path.resolve(root, options.config));
const repositoryFiles = git(['ls-files', '--cached', '--others', '--exclude-standard']).split('\n').filter((file) => file !== '' && existsSync(path.join(root, file)));

// Which modules, their tests, and which of their lines.
let modules = selectModules(options.files ?? config.targets);
const changedLines = options.since === undefined ? undefined : linesChangedSince(options.since, modules);
if (changedLines) {
  modules = modules.filter((file) => changedLines.has(file));
  if (modules.length === 0) {
    console.log(`weft mutate: none of the modules changed since ${options.since}`);
    process.exit(0);
  }
}
const plans = modules.map((file) => ({ file, tests: testsOf(file) }));
const untested = plans.filter((plan) => plan.tests.length === 0);
if (untested.length > 0 && !options['dry-run']) {
  const message = `no tests mapped in ${options.config} for ${untested.map((plan) => plan.file).join(', ')}`;
  if (options.files) fail(message);
  console.warn(`weft mutate: skipping ${untested.length} module(s): ${message}`);
}
const runnable = options['dry-run'] ? plans : plans.filter((plan) => plan.tests.length > 0);
if (runnable.length === 0) fail('no modules to mutate');

const program = createProgram(root, runnable.map((plan) => plan.file));
for (const plan of runnable) {
  let mutants = findMutants(program, root, plan.file);
  const lines = changedLines?.get(plan.file);
  if (lines) mutants = mutants.filter((mutant) => lines === 'all' || lines.has(mutant.line));
  plan.found = mutants.length;
  plan.mutants = sample(mutants, max, `${options.seed}:${plan.file}`);
}
// A module (or changed lines) with no mutant, only types, imports or comments, needs no run.
for (let index = runnable.length - 1; index >= 0; index--) if (runnable[index].found === 0) runnable.splice(index, 1);
if (runnable.length === 0) {
  console.log(`weft mutate: no mutants${options.since ? ` on the lines changed since ${options.since}` : ''}`);
  process.exit(0);
}
const total = runnable.reduce((sum, plan) => sum + plan.mutants.length, 0);
const sampling = Number.isFinite(max) ? `at most ${max} per file, seed ${options.seed}` : 'all of them';
console.log(`weft mutate: ${total} mutants in ${runnable.length} file(s) (${sampling})${options.since ? `, on lines changed since ${options.since}` : ''}`);

if (options['dry-run']) {
  for (const plan of runnable) {
    console.log(`${plan.file}: ${plan.mutants.length} of ${plan.found} mutants; tests: ${plan.tests.join(', ') || '(none mapped)'}`);
    for (const mutant of plan.mutants) console.log(`  ${mutant.file}:${mutant.line}:${mutant.column} ${mutant.operator}: ${mutant.description}`);
  }
  process.exit(0);
}

// The scratch copies, one per job, removed however the run ends.
const scratches = [];
const running = new Set();
const cleanUp = () => {
  for (const child of running) killGroup(child);
  for (const scratch of scratches) rmSync(scratch, { recursive: true, force: true });
  scratches.length = 0;
};
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    process.stderr.write(`\nweft mutate: ${signal}, stopping; the working tree was never changed\n`);
    cleanUp();
    process.exit(128 + os.constants.signals[signal]);
  });
}
for (let index = 0; index < Math.min(jobs, total); index++) scratchCopy();
console.log(`${scratches.length} job(s), scratch copies under ${os.tmpdir()}\n`);

const started = Date.now();
const results = [];
for (const plan of runnable) results.push(await mutateModule(plan));
const report = {
  date: new Date().toISOString(),
  command: `npm run mutate -- ${process.argv.slice(2).join(' ')}`.trim(),
  seed: options.seed,
  maxPerFile: Number.isFinite(max) ? max : null,
  since: options.since ?? null,
  jobs: scratches.length,
  durationMs: Date.now() - started,
  totals: totals(results.filter((result) => result.baseline.passed)),
  files: results,
};
const reportFile = path.resolve(root, options.report);
mkdirSync(path.dirname(reportFile), { recursive: true });
writeFileSync(reportFile, JSON.stringify(report, null, 2) + '\n');
printSummary(report);
console.log(`\nreport: ${path.relative(process.cwd(), reportFile) || reportFile}`);
process.exitCode = results.some((result) => !result.baseline.passed) ? 1 : 0;

// ---

async function mutateModule(plan) {
  process.stdout.write(`${plan.file}: ${plan.mutants.length} of ${plan.found} mutants; tests: ${plan.tests.join(', ')}\n`);
  const original = readFileSync(path.join(root, plan.file), 'utf8');
  // A module whose tests include black-box CLI tests: each mutant is built into the copy's dist/ first.
  const usesCli = plan.tests.some((test) => config.cliTests.includes(test));
  const baseline = await runTests(scratches[0], plan.tests, config.baselineTimeoutMs);
  const result = { file: plan.file, tests: plan.tests, found: plan.found, baseline: { passed: baseline.status === 'survived', ms: Math.round(baseline.ms) }, summary: totals([]), mutants: [] };
  if (!result.baseline.passed) {
    console.log(`  the tests fail without any mutant (${baseline.status}); skipped:\n${indent(baseline.output)}`);
    return result;
  }
  const timeoutMs = Math.round(baseline.ms * config.timeout.factor + config.timeout.extraMs);
  process.stdout.write(`  baseline ${seconds(baseline.ms)}, timeout ${seconds(timeoutMs)}\n  `);
  const queue = plan.mutants.map((mutant, index) => ({ mutant, index }));
  const outcomes = [];
  await Promise.all(
    scratches.map(async (scratch) => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const target = path.join(scratch, plan.file);
        writeFileSync(target, applyMutant(original, next.mutant));
        let outcome;
        try {
          if (usesCli) build(scratch);
          outcome = await runTests(scratch, plan.tests, timeoutMs);
        } finally {
          writeFileSync(target, original);
          if (usesCli) build(scratch);
        }
        process.stdout.write(symbols[outcome.status]);
        const { start, end, ...mutant } = next.mutant;
        outcomes.push({ index: next.index, ...mutant, status: outcome.status, ms: Math.round(outcome.ms), ...(outcome.status === 'error' && { output: outcome.output }) });
      }
    }),
  );
  result.mutants = outcomes.sort((a, b) => a.index - b.index).map(({ index, ...outcome }) => outcome);
  result.summary = totals([result]);
  process.stdout.write(`\n  ${line(result.summary)}\n\n`);
  return result;
}

/** Runs test files in a scratch copy: survived (all passed), killed, error (not loadable) or timeout. */
function runTests(scratch, tests, timeoutMs) {
  return new Promise((resolve) => {
    const begun = performance.now();
    const env = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    // Its own process group, so that a timeout also ends whatever the tests started.
    const child = spawn(process.execPath, ['--import', './scripts/uvu-hook-errors.mjs', '--import', 'tsx', 'scripts/mutate/run-tests.mjs', ...tests], { cwd: scratch, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let output = '';
    const keep = (chunk) => (output = (output + chunk).slice(-6000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      running.delete(child);
      // Whatever a killed test run left behind in the group goes too.
      killGroup(child);
      const status = timedOut ? 'timeout' : code === 0 ? 'survived' : code === 2 ? 'error' : 'killed';
      resolve({ status, ms: performance.now() - begun, output });
    });
  });
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** A copy of the working tree (tracked and untracked files, not ignored ones) with node_modules and dist linked. */
function scratchCopy() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'weft-mutate-'));
  // Listed before it is filled: a copy that fails half-way is removed too.
  scratches.push(scratch);
  // dist/ is the scratch copy's own: black-box tests (cliTests) run the CLI built from the mutant.
  const linked = ['node_modules'];
  for (const file of repositoryFiles) {
    if (linked.includes(file.split('/')[0])) continue;
    const from = path.join(root, file);
    const to = path.join(scratch, file);
    mkdirSync(path.dirname(to), { recursive: true });
    const stats = lstatSync(from);
    if (stats.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else if (stats.isFile()) copyFileSync(from, to);
  }
  for (const name of linked) if (existsSync(path.join(root, name))) symlinkSync(path.join(root, name), path.join(scratch, name));
  build(scratch);
}

/** Bundles the scratch copy's CLI (dist/), as `npm test` does; under a second with esbuild. */
function build(scratch) {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: scratch, encoding: 'utf8' });
  if (built.status !== 0) fail(`cannot build the scratch copy ${scratch}: ${built.stderr || built.stdout}`);
}

function readConfig(file) {
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`cannot read ${file}: ${error.message}`);
  }
  if (!Array.isArray(parsed.targets) || typeof parsed.tests !== 'object' || parsed.tests === null) fail(`${file}: expected "targets" (globs) and "tests" (module glob → test files)`);
  return {
    targets: parsed.targets,
    tests: parsed.tests,
    timeout: { factor: parsed.timeout?.factor ?? 1.5, extraMs: parsed.timeout?.extraMs ?? 5000 },
    baselineTimeoutMs: parsed.timeout?.baselineMs ?? 300_000,
    cliTests: Array.isArray(parsed.cliTests) ? parsed.cliTests : [],
  };
}

/** Repository files matching the paths or globs (comma-separated values allowed). */
function selectModules(patterns) {
  const selected = new Set();
  for (const pattern of patterns.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean)) {
    const normal = pattern.replace(/^\.\//, '');
    if (picomatch.scan(normal).isGlob) {
      const matches = picomatch(normal);
      const found = repositoryFiles.filter((file) => matches(file) && /\.(ts|mts|cts)$/.test(file) && !file.endsWith('.d.ts'));
      if (found.length === 0) console.warn(`weft mutate: '${pattern}' matches no TypeScript file`);
      for (const file of found) selected.add(file);
    } else if (repositoryFiles.includes(normal)) selected.add(normal);
    else fail(`'${pattern}' is not a file of the repository`);
  }
  return [...selected].sort();
}

/** The union of the test files of every config entry whose module glob matches; `{name}` is the module's name. */
function testsOf(file) {
  const name = path.basename(file).replace(/\.[mc]?ts$/, '');
  const tests = [];
  for (const [modulePattern, testPatterns] of Object.entries(config.tests)) {
    if (!picomatch(modulePattern)(file)) continue;
    for (const pattern of [testPatterns].flat()) {
      const testPattern = pattern.replaceAll('{name}', name);
      if (picomatch.scan(testPattern).isGlob) {
        const matches = picomatch(testPattern);
        tests.push(...repositoryFiles.filter((candidate) => matches(candidate)).sort());
      } else if (repositoryFiles.includes(testPattern)) tests.push(testPattern);
      // A conventional name ('test/{name}.test.ts') may not exist for every module; a path written out must.
      else if (!pattern.includes('{name}')) fail(`${options.config}: '${testPattern}' (for ${modulePattern}) does not exist`);
    }
  }
  return [...new Set(tests)];
}

/** Per file, the lines changed since the ref in the working tree ('all' for a new file). */
function linesChangedSince(ref, files) {
  const changed = new Map();
  const untracked = new Set(git(['ls-files', '--others', '--exclude-standard']).split('\n'));
  for (const file of files) {
    if (untracked.has(file)) {
      changed.set(file, 'all');
      continue;
    }
    const diff = git(['diff', '--unified=0', '--no-color', '--no-ext-diff', ref, '--', file]);
    const lines = new Set();
    for (const match of diff.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
      const first = Number(match[1]);
      const count = match[2] === undefined ? 1 : Number(match[2]);
      for (let number = first; number < first + count; number++) lines.add(number);
    }
    if (lines.size > 0) changed.set(file, lines);
  }
  return changed;
}

/** At most `count` mutants, the same ones for the same seed and file, in source order. */
function sample(mutants, count, seed) {
  if (mutants.length <= count) return mutants;
  const random = mulberry32(hash(seed));
  const indices = mutants.map((_, index) => index);
  for (let index = indices.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [indices[index], indices[other]] = [indices[other], indices[index]];
  }
  return indices
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((index) => mutants[index]);
}

function hash(text) {
  let value = 2166136261;
  for (const character of text) value = Math.imul(value ^ character.codePointAt(0), 16777619);
  return value >>> 0;
}

function mulberry32(seed) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function totals(fileResults) {
  const mutants = fileResults.flatMap((result) => result.mutants);
  const count = (status) => mutants.filter((mutant) => mutant.status === status).length;
  const detected = count('killed') + count('timeout') + count('error');
  return { mutants: mutants.length, killed: count('killed'), timedOut: count('timeout'), errors: count('error'), survived: count('survived'), score: mutants.length ? Math.round((detected / mutants.length) * 1000) / 10 : null };
}

function line(summary) {
  return `${summary.mutants} mutants: ${summary.killed} killed, ${summary.timedOut} timed out, ${summary.errors} errors, ${summary.survived} survived (${summary.score ?? '-'}%)`;
}

function printSummary(report) {
  console.log('| file | mutants | killed | timed out | errors | survived | score |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const result of report.files) {
    if (!result.baseline.passed) console.log(`| ${result.file} | - | - | - | - | - | tests fail unmutated |`);
    else {
      const summary = result.summary;
      console.log(`| ${result.file} | ${summary.mutants} | ${summary.killed} | ${summary.timedOut} | ${summary.errors} | ${summary.survived} | ${summary.score ?? '-'}% |`);
    }
  }
  const all = report.totals;
  console.log(`| **total** | ${all.mutants} | ${all.killed} | ${all.timedOut} | ${all.errors} | ${all.survived} | **${all.score ?? '-'}%** |`);
  const survivors = report.files.flatMap((result) => result.mutants.filter((mutant) => mutant.status === 'survived'));
  console.log(`\n${survivors.length} survivor(s)${survivors.length ? ':' : ''}`);
  for (const mutant of survivors) console.log(`  ${mutant.file}:${mutant.line}:${mutant.column} ${mutant.operator}: ${mutant.description}`);
  console.log(`\n${seconds(report.durationMs)} in all`);
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (error) {
    fail(`git ${args.join(' ')} failed: ${error.stderr || error.message}`);
  }
}

function positiveInteger(name, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) fail(`${name} expects a positive integer, not '${text}'`);
  return value;
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function indent(text) {
  return text
    .trimEnd()
    .split('\n')
    .map((row) => `    ${row}`)
    .join('\n');
}

function fail(message) {
  console.error(`weft mutate: ${message}\n\n${usage}`);
  process.exit(2);
}
