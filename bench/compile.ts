// Compiling a validated project into its bundle (src/compile/compile-bundle.ts), in-process:
// the project validated once, then compiled several times. What `weft plan` and `weft apply` add
// to a validate, besides the engine.
//
//   node --import tsx bench/compile.ts <project dir> [rounds]
//
// Prints JSON: { resources, compileMs (median), bundleSha256 }.
import path from 'node:path';
import { compileBundle } from '../src/compile/compile-bundle.js';
import { validateProject } from '../src/pipeline/validate-project.js';

const root = path.resolve(process.argv[2] ?? '.');
const rounds = Number(process.argv[3] ?? 5);
const result = await validateProject(root);
if (result.errorCount > 0) throw new Error(`${root} has ${result.errorCount} errors: nothing to compile`);
const name = result.project.resources.find((resource) => resource.kind === 'Project')?.name ?? 'project';
const times: number[] = [];
let sha256 = '';
for (let round = 0; round < rounds; round++) {
  const started = performance.now();
  sha256 = compileBundle(name, result.project.resources, result.context).sha256;
  times.push(performance.now() - started);
}
const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
console.log(JSON.stringify({ resources: result.project.resources.length, compileMs: Math.round(median), bundleSha256: sha256 }));
