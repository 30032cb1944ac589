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
//   startup  `weft validate examples/acme --no-cache`, with `node -e 0` alongside
//   floor    this build alone: `node -e 0`, `weft --version` (the bundle loaded) and warm
//
// Prints JSON: { mode, thisMs, otherMs, ratio, ... }.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
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
const modes = ['cold', 'fresh', 'warm', 'startup', 'floor'];
if (!modes.includes(mode) || (!otherWeft && mode !== 'floor')) {
  process.stderr.write(`usage: node bench/ab-validate.mjs <other weft.cjs> ${modes.join('|')} [resources] [runs]   (floor: - for no other build)\n`);
  process.exit(2);
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One run of node with `args`, timed from outside. */
function timed(args) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  const ms = performance.now() - started;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return ms;
}

const scratch = await mkdtemp(path.join(os.tmpdir(), 'weft-bench-ab-'));
try {
  const mine = path.join(scratch, 'this');
  const theirs = path.join(scratch, 'other');
  if (mode !== 'startup') {
    await generateProject(mine, resources);
    await cp(mine, theirs, { recursive: true });
  }
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
      if (mode === 'fresh') rmSync(path.join(build.project, '.weft'), { recursive: true, force: true });
      return validate(build.weft, build.project);
    };
    // Each cache written once, by its own build.
    if (mode === 'warm') for (const build of builds) validate(build.weft, build.project);
    for (let i = 0; i < runs; i++) {
      if (mode === 'startup') node.push(timed(['-e', '0']));
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
