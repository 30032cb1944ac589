// Whether parse workers pay on this machine: `weft validate --no-cache` of a generated project
// with one worker forced (WEFT_WORKERS=1) against none (WEFT_WORKERS=0), alternating, medians.
// weft starts workers only on three cores or more; this is the measurement behind that.
//   node bench/workers.mjs [resources=10000] [runs=7]
// Prints JSON: { resources, cores, runs, oneWorkerMs, noWorkerMs, ratio }.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const weft = path.join(here, '..', 'bin', 'weft.cjs');
const resources = Number(process.argv[2] ?? 10000);
const runs = Number(process.argv[3] ?? 7);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const scratch = await mkdtemp(path.join(os.tmpdir(), 'weft-bench-workers-'));
try {
  await generateProject(scratch, resources);
  const time = (workers) => {
    const started = performance.now();
    const result = spawnSync(process.execPath, [weft, 'validate', scratch, '--no-cache', '--format', 'json'], { env: { ...process.env, WEFT_WORKERS: workers }, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`weft validate exited ${result.status} (WEFT_WORKERS=${workers})`);
    return performance.now() - started;
  };
  const one = [];
  const none = [];
  for (let run = 0; run < runs; run++) {
    one.push(time('1'));
    none.push(time('0'));
  }
  const oneWorkerMs = Math.round(median(one));
  const noWorkerMs = Math.round(median(none));
  console.log(JSON.stringify({ resources, cores: os.availableParallelism(), runs, oneWorkerMs, noWorkerMs, ratio: Number((oneWorkerMs / noWorkerMs).toFixed(2)) }));
} finally {
  await rm(scratch, { recursive: true, force: true });
}
