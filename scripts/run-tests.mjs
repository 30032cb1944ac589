#!/usr/bin/env node
// Runs the test files (test/*.test.ts), each in its own uvu process, several at once: most of the
// suite waits on servers, brokers, browsers and child processes rather than on the CPU, so files
// overlap well even on two cores. Each file's output is printed whole when it ends (never
// interleaved), then a summary; the exit code is 1 when any file fails or times out.
//
//   node scripts/run-tests.mjs [pattern] [--jobs n] [--record]
//
// pattern: a regular expression over file names (default \.test\.ts$). --jobs: files at once
// (default WEFT_TEST_JOBS, else 3). The longest files start first, by test/durations.json
// (seconds per file, written by --record); new files count as long until recorded; files known
// to be quick share a process.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({ options: { jobs: { type: 'string' }, record: { type: 'boolean' } }, allowPositionals: true });
const pattern = new RegExp(positionals[0] ?? '\\.test\\.ts$');
const jobs = Math.max(1, Number(values.jobs ?? process.env.WEFT_TEST_JOBS ?? 3));
/** A file that takes longer than this is stopped and failed: a hang, not a slow test. */
const fileTimeoutMs = Number(process.env.WEFT_TEST_FILE_TIMEOUT_MS ?? 8 * 60_000);

const durationsFile = path.join(root, 'test', 'durations.json');
let known = {};
try {
  known = JSON.parse(readFileSync(durationsFile, 'utf8'));
} catch {
  // none recorded yet
}
const files = readdirSync(path.join(root, 'test'))
  .filter((name) => pattern.test(name))
  .sort((a, b) => (known[b] ?? 1e9) - (known[a] ?? 1e9) || (a < b ? -1 : 1));
if (files.length === 0) {
  process.stderr.write(`no test file matches ${pattern}\n`);
  process.exit(1);
}

// Files known to be quick run together, several to a process: each process costs its start-up
// (Node, tsx, the modules a test imports), which is most of a quick file's time.
const lightSeconds = 4;
const batchSeconds = 12;
const units = [];
let batch = [];
let batchTime = 0;
for (const file of files) {
  const seconds = known[file];
  if (seconds === undefined || seconds >= lightSeconds) {
    units.push([file]);
    continue;
  }
  if (batchTime + seconds > batchSeconds && batch.length > 0) {
    units.push(batch);
    batch = [];
    batchTime = 0;
  }
  batch.push(file);
  batchTime += seconds;
}
if (batch.length > 0) units.push(batch);

const strip = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');
const started = performance.now();
const results = [];

function runFile(unit) {
  const file = unit.join(' + ');
  return new Promise((resolve) => {
    const begun = performance.now();
    const escaped = unit.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    const child = spawn(process.execPath, ['--import', path.join(root, 'scripts', 'uvu-hook-errors.mjs'), '--import', 'tsx', path.join(root, 'node_modules', 'uvu', 'bin.js'), 'test', `^(${escaped})$`], {
      cwd: root,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole process group: servers and browsers the file started go too.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, fileTimeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - begun) / 1000;
      const plain = strip(output);
      const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
      const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
      const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
      const ok = code === 0 && !timedOut && total > 0 && passed === total;
      const status = timedOut ? `timed out after ${fileTimeoutMs / 1000} s` : ok ? 'ok' : `failed (exit ${code ?? signal})`;
      process.stdout.write(`${output}${output.endsWith('\n') ? '' : '\n'}── ${file}: ${status}, ${passed}/${total} in ${seconds.toFixed(1)} s\n\n`);
      results.push({ file, unit, ok, total, passed, skipped, seconds, status, plain });
      resolve();
    });
  });
}

const queue = [...units];
await Promise.all(
  Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    for (let unit = queue.shift(); unit !== undefined; unit = queue.shift()) await runFile(unit);
  }),
);

const failed = results.filter((result) => !result.ok);
const tests = results.reduce((sum, result) => sum + result.total, 0);
const passed = results.reduce((sum, result) => sum + result.passed, 0);
const skipped = results.reduce((sum, result) => sum + result.skipped, 0);
const wall = (performance.now() - started) / 1000;
const busy = results.reduce((sum, result) => sum + result.seconds, 0);
process.stdout.write(
  [
    `${files.length} files in ${units.length} processes, ${jobs} at a time: ${passed}/${tests} tests passed${skipped ? `, ${skipped} skipped` : ''} in ${wall.toFixed(0)} s (${busy.toFixed(0)} s of file time)`,
    'slowest: ' +
      [...results]
        .sort((a, b) => b.seconds - a.seconds)
        .slice(0, 8)
        .map((result) => `${result.file} ${result.seconds.toFixed(0)} s`)
        .join(', '),
    ...failed.map((result) => `FAILED ${result.file}: ${result.status}`),
    '',
  ].join('\n'),
);
// A failure is repeated at the very end, where a log cut to its tail still shows why.
for (const result of failed) {
  const lines = result.plain.split('\n');
  const first = lines.findIndex((line) => /\bFAIL\b|✘|Error\b/.test(line));
  const excerpt = (first >= 0 ? lines.slice(first) : lines.slice(-60)).join('\n').slice(0, 6000);
  process.stdout.write(`\n── why ${result.file} failed:\n${excerpt}\n`);
}
if (values.record) {
  // A batch's files keep what they had (their time together is not theirs alone).
  const durations = { ...known };
  for (const result of results) if (result.unit.length === 1) durations[result.file] = Math.round(result.seconds * 10) / 10;
  const sorted = Object.fromEntries(Object.keys(durations).filter((file) => files.includes(file) || !pattern.test(file)).sort().map((file) => [file, durations[file]]));
  writeFileSync(durationsFile, JSON.stringify(sorted, null, 2) + '\n');
}
process.exit(failed.length > 0 ? 1 : 0);
