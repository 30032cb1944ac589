// One file changed, against another build of weft: `weft validate` after one YAML file of a
// generated project was edited (a comment appended, a different file each time), this build and
// another one (a git worktree of an older commit with its own `node scripts/build.mjs`)
// alternating, each on its own copy of the project with its own .weft/cache/. Medians.
//   node bench/one-file-changed.mjs <other weft.cjs> [resources=10000] [edits=15]
// Without another build, this build alone. Prints JSON: { resources, edits, thisMs, otherMs, ratio }.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const thisWeft = path.join(here, '..', 'bin', 'weft.cjs');
const otherWeft = process.argv[2] && process.argv[2] !== '-' ? path.resolve(process.argv[2]) : undefined;
const resources = Number(process.argv[3] ?? 10000);
const edits = Number(process.argv[4] ?? 15);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const scratch = await mkdtemp(path.join(os.tmpdir(), 'weft-bench-one-'));
try {
  const mine = path.join(scratch, 'this');
  const theirs = path.join(scratch, 'other');
  await generateProject(mine, resources);
  await cp(mine, theirs, { recursive: true });
  const flows = (await readdir(path.join(mine, 'flows'), { recursive: true })).filter((name) => name.endsWith('.yaml')).sort();
  const validate = (weft, project) => {
    const started = performance.now();
    const result = spawnSync(process.execPath, [weft, 'validate', project, '--format', 'json'], { stdio: 'ignore' });
    if (result.status !== 0 && result.status !== 1) throw new Error(`${weft} validate exited ${result.status}`);
    return performance.now() - started;
  };
  const builds = [[thisWeft, mine, []], ...(otherWeft ? [[otherWeft, theirs, []]] : [])];
  // Each cache written once, by its own build.
  for (const [weft, project] of builds) validate(weft, project);
  for (let edit = 0; edit < edits; edit++) {
    const file = flows[Math.floor(((edit + 1) * flows.length) / (edits + 1))];
    for (const [weft, project, times] of builds) {
      const edited = path.join(project, 'flows', file);
      await writeFile(edited, `${await readFile(edited, 'utf8')}# edited by the benchmark (${edit})\n`);
      times.push(validate(weft, project));
    }
  }
  const thisMs = Math.round(median(builds[0][2]));
  const otherMs = otherWeft ? Math.round(median(builds[1][2])) : undefined;
  console.log(JSON.stringify({ resources, edits, thisMs, otherMs, ratio: otherMs ? Number((thisMs / otherMs).toFixed(2)) : undefined }));
} finally {
  await rm(scratch, { recursive: true, force: true });
}
