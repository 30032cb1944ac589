// How fast `weft watch` stops, in the states issue 21 names (target: within a second in each), on
// a generated project, and how long a cycle over a removed folder of thousands of files takes.
//   node bench/watch-stop.mjs [resources=3000] [runs=3]
// Prints one JSON object: medians in ms per state (during the first cycle: of the slowest of five
// points through it), and the load average when it ran.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const weft = path.join(here, '..', 'bin', 'weft.cjs');
const resources = Number(process.argv[2] ?? 3000);
const runs = Number(process.argv[3] ?? 3);
const scratch = await mkdtemp(path.join(os.tmpdir(), 'weft-watch-stop-'));
const template = path.join(scratch, 'template');
await generateProject(template, resources);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Starts weft watch on a fresh copy; resolves helpers to read its lines and time its exit. */
async function start(label) {
  const directory = path.join(scratch, `${label}-${Math.random().toString(36).slice(2)}`);
  await cp(template, directory, { recursive: true });
  const child = spawn(process.execPath, [weft, 'watch', directory, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let partial = '';
  child.stdout.on('data', (chunk) => {
    partial += chunk;
    const complete = partial.split('\n');
    partial = complete.pop();
    lines.push(...complete.map((line) => JSON.parse(line)));
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })));
  const startedAt = performance.now();
  const line = async (count, timeoutMs = 120_000) => {
    for (const begun = Date.now(); lines.length < count; await sleep(5)) if (Date.now() - begun > timeoutMs) throw new Error(`${label}: no line ${count}`);
    return lines[count - 1];
  };
  const exitAfter = async (sentAt) => {
    const outcome = await Promise.race([exited, sleep(30_000).then(() => undefined)]);
    if (!outcome) {
      child.kill('SIGKILL');
      throw new Error(`${label}: still running 30 s after the stop`);
    }
    if (outcome.code !== 0) throw new Error(`${label}: exit ${outcome.code ?? outcome.signal}`);
    return outcome.at - sentAt;
  };
  return { child, directory, lines, line, exitAfter, startedAt, cleanup: () => rm(directory, { recursive: true, force: true }) };
}

const figures = { idle: [], firstCycle: [], removedAndReaderGone: [], readerGone: [], folderRemovedCycle: [] };
let firstCycleMs = 0;
/** Where in the first cycle SIGINT is sent, as shares of its length (measured in the same run). */
const firstCycleShares = [0.2, 0.4, 0.6, 0.8, 0.95];
for (let index = 0; index < runs; index++) {
  // Idle, after the first cycle; the first cycle's length tells when to stop during the next one.
  {
    const watch = await start('idle');
    await watch.line(1);
    firstCycleMs = performance.now() - watch.startedAt;
    await sleep(300);
    const sentAt = performance.now();
    watch.child.kill('SIGINT');
    figures.idle.push(await watch.exitAfter(sentAt));
    await watch.cleanup();
  }
  // During the first cycle, at points through it (reading the files, checking the project,
  // keeping its work in .weft/cache/): abandoned, not finished. The slowest of them counts.
  {
    let slowest = 0;
    for (const share of firstCycleShares) {
      const watch = await start('first');
      await sleep(firstCycleMs * share);
      const sentAt = performance.now();
      watch.child.kill('SIGINT');
      slowest = Math.max(slowest, await watch.exitAfter(sentAt));
      await watch.cleanup();
    }
    figures.firstCycle.push(slowest);
  }
  // A burst of edits, SIGINT, the folder removed and the reader gone (issue 21's report).
  {
    const watch = await start('removed');
    await watch.line(1);
    const flows = ['flows'];
    const files = (await import('node:fs/promises')).readdir(path.join(watch.directory, 'flows'), { recursive: true });
    const edits = (await files).filter((file) => file.endsWith('.yaml')).slice(0, 200);
    await Promise.all(edits.map(async (file) => writeFile(path.join(watch.directory, ...flows, file), (await readFile(path.join(watch.directory, ...flows, file), 'utf8')) + '\n# edited\n')));
    await sleep(60);
    const sentAt = performance.now();
    watch.child.kill('SIGINT');
    const removed = rm(watch.directory, { recursive: true, force: true });
    watch.child.stdout.destroy();
    figures.removedAndReaderGone.push(await watch.exitAfter(sentAt));
    await removed;
  }
  // The reader goes away (| head -1): the next line ends weft watch.
  {
    const watch = await start('reader');
    await watch.line(1);
    watch.child.stdout.destroy();
    const file = path.join(watch.directory, 'weft.yaml');
    const sentAt = performance.now();
    await writeFile(file, (await readFile(file, 'utf8')) + '\n# edited\n');
    figures.readerGone.push(await watch.exitAfter(sentAt));
    await watch.cleanup();
  }
  // A folder of thousands of files removed: one cycle, its time as weft watch reports it.
  {
    const watch = await start('deleted');
    await watch.line(1);
    await rm(path.join(watch.directory, 'flows'), { recursive: true, force: true });
    // Every cycle the removal caused, until none comes for a second.
    let cycleMs = 0;
    let read = 1;
    await watch.line(2);
    for (;;) {
      while (read < watch.lines.length) cycleMs += watch.lines[read++].ms ?? 0;
      const before = watch.lines.length;
      await sleep(1000);
      if (watch.lines.length === before) break;
    }
    figures.folderRemovedCycle.push(cycleMs);
    watch.child.kill('SIGINT');
    await watch.exitAfter(performance.now());
    await watch.cleanup();
  }
}
await rm(scratch, { recursive: true, force: true });
const result = Object.fromEntries(Object.entries(figures).map(([state, values]) => [state, Math.round(median(values))]));
console.log(JSON.stringify({ resources, runs, firstCycleMs: Math.round(firstCycleMs), medianMs: result, load: os.loadavg().map((value) => Number(value.toFixed(2))) }));
