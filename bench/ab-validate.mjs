#!/usr/bin/env node
// `weft validate` of this build against another (a git worktree of an older commit with its own
// `node scripts/build.mjs`), the two alternating, each on its own copy of a generated project.
// Which build runs first alternates too. Medians.
//
//   node bench/ab-validate.mjs <other weft.cjs> <mode> [resources=10000] [runs=15]
//
// Modes:
//   cold     `weft validate --no-cache`
//   fresh    `weft validate` with `.weft/` removed before each run (a first run: the cache written)
//   warm     `weft validate` with nothing changed (the result from .weft/cache/)
//   one      `weft validate` after one file changed (a comment added; the same file in both copies,
//            another each time), each copy's cache written by its own build first
//   startup  `weft validate examples/acme --no-cache`, with `node -e 0` alongside
//   floor    this build alone: `node -e 0`, `weft --version` (the bundle loaded) and warm
//   plan     `weft plan --no-cache --detailed-exitcode` with nothing to change (the project applied
//            by this build first, its secrets seeded and environment set as bench/run.mjs does)
//
// Prints JSON: { mode, thisMs, otherMs, ratio, ... }.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { appendFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const thisWeft = path.join(here, '..', 'bin', 'weft.cjs');
const example = path.join(here, '..', 'examples', 'acme');
const [other, mode, resourcesArg, runsArg] = process.argv.slice(2);
const otherWeft = other && other !== '-' ? path.resolve(other) : undefined;
const resources = Number(resourcesArg ?? 10000);
const runs = Number(runsArg ?? 15);
const modes = ['cold', 'fresh', 'warm', 'one', 'startup', 'floor', 'plan'];
if (!modes.includes(mode) || (!otherWeft && mode !== 'floor')) {
  process.stderr.write(`usage: node bench/ab-validate.mjs <other weft.cjs> ${modes.join('|')} [resources] [runs]   (floor: - for no other build)\n`);
  process.exit(2);
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One run of node with `args`, timed from outside. */
function timed(args, allowed = [0, 1]) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  const ms = performance.now() - started;
  if (!allowed.includes(result.status)) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return ms;
}

const scratch = await mkdtemp(path.join(os.tmpdir(), 'weft-bench-ab-'));
try {
  const mine = path.join(scratch, 'this');
  const theirs = path.join(scratch, 'other');
  if (mode !== 'startup') await generateProject(mine, resources);
  if (mode === 'plan') {
    // Secrets seeded and the environment the placeholders name set (for both builds), then applied.
    const seeded = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'engine-apply.ts'), mine], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (seeded.status !== 0) throw new Error('bench/engine-apply.ts failed');
    process.env.WEFT_SECRET_KEY = 'bench passphrase';
    for (const name of JSON.parse(await readFile(path.join(mine, '.weft', 'bench-env.json'), 'utf8'))) process.env[name] = 'x';
    timed([thisWeft, 'apply', mine, '--no-cache'], [0]);
  }
  if (mode !== 'startup') await cp(mine, theirs, { recursive: true });
  const validate = (weft, project, extra = []) => timed([weft, 'validate', project, '--format', 'json', ...extra]);
  if (mode === 'floor') {
    validate(thisWeft, mine);
    const node = [];
    const version = [];
    const warm = [];
    for (let i = 0; i < runs; i++) {
      node.push(timed(['-e', '0']));
      version.push(timed([thisWeft, '--version']));
      warm.push(validate(thisWeft, mine));
    }
    const [nodeMs, versionMs, warmMs] = [node, version, warm].map((times) => Math.round(median(times)));
    // A run that finds a change must do what warm does and load the bundle: its least cost.
    console.log(JSON.stringify({ mode, resources, runs, nodeMs, versionMs, warmMs, leastAfterAChangeMs: warmMs + versionMs - nodeMs, leastToWarm: Number(((warmMs + versionMs - nodeMs) / warmMs).toFixed(2)) }));
  } else {
    const builds = [
      { weft: thisWeft, project: mine, times: [] },
      { weft: otherWeft, project: theirs, times: [] },
    ];
    const node = [];
    const once = (build) => {
      if (mode === 'startup') return timed([build.weft, 'validate', example, '--no-cache']);
      if (mode === 'cold') return validate(build.weft, build.project, ['--no-cache']);
      // Anything but 0 (2: changes to apply) fails the run: the two builds must compile the same bundle.
      if (mode === 'plan') return timed([build.weft, 'plan', build.project, '--no-cache', '--detailed-exitcode'], [0]);
      if (mode === 'fresh') rmSync(path.join(build.project, '.weft'), { recursive: true, force: true });
      return validate(build.weft, build.project);
    };
    // Each cache written once, by its own build.
    if (mode === 'warm' || mode === 'one') for (const build of builds) validate(build.weft, build.project);
    const flows = mode === 'one' ? readdirSync(path.join(mine, 'flows'), { recursive: true }).filter((file) => String(file).endsWith('.yaml')).sort() : [];
    for (let i = 0; i < runs; i++) {
      if (mode === 'startup') node.push(timed(['-e', '0']));
      if (mode === 'one') {
        const file = path.join('flows', String(flows[Math.floor(((i + 1) * flows.length) / (runs + 1))]));
        for (const build of builds) appendFileSync(path.join(build.project, file), `# edited by the benchmark (${i})\n`);
      }
      // Which build goes first alternates too.
      for (const build of i % 2 === 0 ? builds : [...builds].reverse()) build.times.push(once(build));
    }
    const [thisMs, otherMs] = builds.map((build) => Math.round(median(build.times)));
    const nodeMs = mode === 'startup' ? Math.round(median(node)) : undefined;
    console.log(JSON.stringify({ mode, resources: mode === 'startup' ? undefined : resources, runs, thisMs, otherMs, ratio: Number((thisMs / otherMs).toFixed(3)), ...(nodeMs && { nodeMs, thisToNode: Number((thisMs / nodeMs).toFixed(2)), otherToNode: Number((otherMs / nodeMs).toFixed(2)) }) }));
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
