// Whether workers pay on this machine: `weft validate --no-cache` of a generated project with one
// parse worker forced (WEFT_WORKERS=1), with the expression worker alone (WEFT_EXPRESSION_WORKER=1:
// what weft starts on two cores), and with none (WEFT_WORKERS=0), alternating, medians. weft
// starts parse workers only on three cores or more; this is the measurement behind that.
//   node bench/workers.mjs [resources=10000] [runs=7]
// Prints JSON: { resources, cores, runs, oneWorkerMs, expressionWorkerMs, noWorkerMs, ratio, expressionRatio }.
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
  const time = (variables) => {
    const started = performance.now();
    const env = { ...process.env, ...variables };
    if (variables.WEFT_WORKERS === undefined) delete env.WEFT_WORKERS;
    const result = spawnSync(process.execPath, [weft, 'validate', scratch, '--no-cache', '--format', 'json'], { env, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`weft validate exited ${result.status} (${JSON.stringify(variables)})`);
    return performance.now() - started;
  };
  const one = [];
  const expression = [];
  const none = [];
  for (let run = 0; run < runs; run++) {
    one.push(time({ WEFT_WORKERS: '1' }));
    expression.push(time({ WEFT_EXPRESSION_WORKER: '1' }));
    none.push(time({ WEFT_WORKERS: '0' }));
  }
  const oneWorkerMs = Math.round(median(one));
  const expressionWorkerMs = Math.round(median(expression));
  const noWorkerMs = Math.round(median(none));
  const ratio = (ms) => Number((ms / noWorkerMs).toFixed(2));
  console.log(JSON.stringify({ resources, cores: os.availableParallelism(), runs, oneWorkerMs, expressionWorkerMs, noWorkerMs, ratio: ratio(oneWorkerMs), expressionRatio: ratio(expressionWorkerMs) }));
} finally {
  await rm(scratch, { recursive: true, force: true });
}
