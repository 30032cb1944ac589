// The test runner benchmark (issue 16): `weft test` of 1,000 tests over the example's flows (its
// own tests, repeated under new names), and `weft test examples/acme` against `weft validate
// examples/acme` (alternating runs, medians). Prints JSON.
//   node bench/test-runner.mjs [tests] [runs]
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, node } from './flow-project.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const example = path.join(here, '..', 'examples', 'acme');
const count = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 5);

async function timed(args) {
  const result = await node(['weft', ...args]);
  if (result.code !== 0) throw new Error(`weft ${args.join(' ')} failed (${result.code}): ${result.stdout.slice(0, 2000)}${result.stderr.slice(0, 1000)}`);
  return result;
}

const project = await mkdtemp(path.join(os.tmpdir(), 'weft-test-bench-'));
try {
  await cp(example, project, { recursive: true, filter: (source) => !source.includes(`${path.sep}.weft`) });
  const own = (await readFile(path.join(example, 'tests', 'flows.yaml'), 'utf8')).split(/^---$/m);
  const many = Array.from({ length: count }, (_, index) => own[index % own.length].replace(/name: ([a-z0-9-]+)/, (_, name) => `name: ${name}-${index}`));
  await writeFile(path.join(project, 'tests', 'flows.yaml'), many.map((document) => document.trim()).join('\n---\n'));
  const thousand = [];
  for (let run = 0; run < Math.max(1, Math.floor(runs / 2)); run++) {
    const result = await timed(['test', project, '--format', 'json']);
    const summary = JSON.parse(result.stdout).summary;
    // The example's production-only flow has its own test too (run in production): count + 1.
    if (summary.failed !== 0 || summary.passed < count) throw new Error(`${summary.failed} of ${summary.tests} tests failed`);
    thousand.push(result);
  }
  const tests = [];
  const validates = [];
  for (let run = 0; run < runs; run++) {
    tests.push(await timed(['test', example]));
    validates.push(await timed(['validate', example, '--no-cache']));
  }
  const testMs = median(tests.map((run) => run.ms));
  const validateMs = median(validates.map((run) => run.ms));
  console.log(
    JSON.stringify({
      tests: count,
      manyMs: median(thousand.map((run) => run.ms)),
      manyRssKb: Math.max(...thousand.map((run) => run.maxRssKb)),
      exampleTestMs: testMs,
      exampleValidateMs: validateMs,
      ratio: testMs / validateMs,
    }),
  );
} finally {
  await rm(project, { recursive: true, force: true });
}
