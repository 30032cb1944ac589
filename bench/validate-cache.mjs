#!/usr/bin/env node
// Issue 21's figures for `weft validate` on a large project, each against a baseline measured
// in the same run (alternating, medians):
//
//   cold  `weft validate --no-cache` against ajv-cli (the schema-only validator a CI author would
//         reach for: ajv 8 with js-yaml, run on a single-document copy of the same project)
//   warm  `weft validate` with nothing changed (its result from .weft/cache/) against
//         3 x `node -e 0` plus the time to stat every file of the project
//   one   `weft validate` after one file changed, against the warm figure
//   and the peak RSS of each.
//
//   node bench/validate-cache.mjs [--resources 10000] [--project <dir>]... [--runs 5]
//
// Prints one JSON line per project: the generated corpus (bench/generate.mjs), then each
// --project (copied first: the cache is written into the copy, never into the original).
import { spawn } from 'node:child_process';
import { measuredRun } from './measured-run.mjs';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateProject } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const { values } = parseArgs({ options: { resources: { type: 'string', default: '10000' }, project: { type: 'string', multiple: true, default: [] }, runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];

const run = (args, options) => measuredRun(args, options);

/** `node -e 0`, timed the same way (no measure.cjs: it is the floor). */
function nodeFloor() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - started));
  });
}

/** Every file below a folder as weft's cache walks it (no .git, .weft, node_modules, dot-folders). */
function filesBelow(directory, relative = '', found = []) {
  for (const entry of readdirSync(path.join(directory, relative), { withFileTypes: true })) {
    const inner = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') filesBelow(directory, inner, found);
    } else found.push(inner);
  }
  return found;
}

/** The time to stat every file of the project (and list its folders), in this process. */
function statTime(directory) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    for (const file of filesBelow(directory)) statSync(path.join(directory, file));
    times.push(performance.now() - started);
  }
  return median(times);
}

/** A copy of the project with one document per file (ajv-cli reads one per file): split at '---' lines. */
async function singleDocumentCopy(directory, target) {
  let documents = 0;
  for (const file of filesBelow(directory).filter((name) => /\.ya?ml$/.test(name))) {
    const text = await readFile(path.join(directory, file), 'utf8');
    // js-yaml 3 reads YAML 1.1, where an unquoted date is a timestamp (weft reads YAML 1.2: a
    // string): quoted, the copy means to ajv-cli what the project means to weft.
    const quoted = text.replace(/(:[ \t]+)(\d{4}-\d\d-\d\d(?:[Tt ][0-9:.]+(?:Z|[+-]\d\d(?::?\d\d)?)?)?)(?=[ \t]*(?:[,}\]\n]|#|$))/g, '$1"$2"');
    const parts = quoted.split(/^---[ \t]*$/m).filter((part) => /^[ \t]*[^#\s]/m.test(part));
    for (const [index, part] of parts.entries()) {
      const out = path.join(target, `${file.replace(/\.ya?ml$/, '')}.${index}.yaml`);
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, part);
      documents++;
    }
  }
  return documents;
}

const ajvArgs = (copy) => [path.join(root, 'node_modules', 'ajv-cli', 'dist', 'index.js'), 'validate', '--spec=draft2020', '--strict=false', '-s', 'schemas/weft.schema.json', '-r', 'schemas/!(weft).schema.json', '-d', `${copy}/**/*.yaml`];

async function measure(label, directory, workspace) {
  const copy = path.join(workspace, `${label}-single`);
  const documents = await singleDocumentCopy(directory, copy);
  // ajv-cli really checks: a broken copy of one document fails it.
  const probe = path.join(workspace, `${label}-probe`);
  await mkdir(probe, { recursive: true });
  await writeFile(path.join(probe, 'bad.yaml'), 'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: bad }\nspec: { nope: 1 }\n');
  if ((await run(ajvArgs(probe))).code === 0) throw new Error('ajv-cli accepted an invalid document: the comparison would be meaningless');
  const files = filesBelow(directory);
  const bytes = (await Promise.all(files.map(async (file) => (await stat(path.join(directory, file))).size))).reduce((a, b) => a + b, 0);
  const cold = [];
  const ajv = [];
  for (let i = 0; i < runs; i++) {
    const checked = await run(ajvArgs(copy));
    if (checked.code !== 0) throw new Error(`ajv-cli found the ${label} copy invalid: ${checked.stderr.slice(0, 1000)}`);
    ajv.push(checked);
    const validated = await run(['weft', 'validate', directory, '--no-cache', '--format', 'json']);
    if (validated.code !== 0) throw new Error(`weft validate failed on ${label}: ${validated.stdout.slice(0, 1000)}${validated.stderr}`);
    cold.push(validated);
  }
  // Recorded once, then: nothing changed, against the floor; one file changed, against warm.
  const reference = await run(['weft', 'validate', directory, '--format', 'json']);
  const warm = [];
  const floor = [];
  const one = [];
  const yamlFiles = files.filter((file) => /\.ya?ml$/.test(file) && file !== 'weft.yaml');
  for (let i = 0; i < runs; i++) {
    floor.push(await nodeFloor());
    const served = await run(['weft', 'validate', directory, '--format', 'json']);
    if (served.stdout !== reference.stdout) throw new Error(`the warm run of ${label} printed something else`);
    warm.push(served);
    const edited = path.join(directory, yamlFiles[Math.floor(((i + 1) * yamlFiles.length) / (runs + 1))]);
    await writeFile(edited, `${await readFile(edited, 'utf8')}# edited by the benchmark (${i})\n`);
    one.push(await run(['weft', 'validate', directory, '--format', 'json']));
  }
  const nodeMs = median(floor);
  const statMs = statTime(directory);
  const warmMs = median(warm.map((r) => r.ms));
  const oneMs = median(one.map((r) => r.ms));
  return {
    project: label,
    files: files.length,
    documents,
    megabytes: Number((bytes / 1048576).toFixed(1)),
    ajvMs: Math.round(median(ajv.map((r) => r.ms))),
    coldMs: Math.round(median(cold.map((r) => r.ms))),
    coldToAjv: Number((median(cold.map((r) => r.ms)) / median(ajv.map((r) => r.ms))).toFixed(2)),
    coldRssMb: Math.round(Math.max(...cold.map((r) => r.maxRssKb)) / 1024),
    nodeMs: Math.round(nodeMs),
    statMs: Math.round(statMs),
    warmMs: Math.round(warmMs),
    warmTargetMs: Math.round(3 * nodeMs + statMs),
    warmRssMb: Math.round(Math.max(...warm.map((r) => r.maxRssKb)) / 1024),
    oneChangedMs: Math.round(oneMs),
    oneChangedToWarm: Number((oneMs / warmMs).toFixed(2)),
    oneChangedRssMb: Math.round(Math.max(...one.map((r) => r.maxRssKb)) / 1024),
  };
}

const workspace = await mkdtemp(path.join(os.tmpdir(), 'weft-bench-cache-'));
try {
  const generated = path.join(workspace, 'generated');
  await generateProject(generated, Number(values.resources));
  console.log(JSON.stringify(await measure(`generated ${Number(values.resources).toLocaleString('en-US')}`, generated, workspace)));
  for (const [index, project] of values.project.entries()) {
    const copy = path.join(workspace, `project-${index}`);
    await cp(path.resolve(project), copy, { recursive: true, filter: (source) => !source.split(path.sep).includes('.weft') });
    console.log(JSON.stringify(await measure(path.basename(path.resolve(project)), copy, workspace)));
  }
} finally {
  await rm(workspace, { recursive: true, force: true });
}
