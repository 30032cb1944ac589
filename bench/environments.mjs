#!/usr/bin/env node
// Validating every environment against validating one: `weft validate` (all three environments
// of the corpus) against `weft validate --env staging`, on a generated corpus (bench/generate.mjs)
// with three environments, each with values for two variables and a small overlay (instances'
// settings patched, flows disabled, one flow of its own). Runs alternate between the two so
// machine noise hits both alike; medians are reported, as JSON on stdout.
//
//   node bench/environments.mjs [--size 10000] [--runs 5] [--keep dir]
//
// The target (issue 14): all three environments cost at most 1.5 times one.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateProject } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const weft = path.join(root, 'bin', 'weft.cjs');
const { values } = parseArgs({ options: { size: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' }, keep: { type: 'string' } } });
const size = Number(values.size);
const runs = Number(values.runs);
const environments = ['development', 'staging', 'production'];
/** How many base files each environment's overlay patches, per kind; and how many files use each variable. */
const patchedPerKind = 10;
const filesPerVariable = 50;

async function filesUnder(directory) {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.yaml')).map((entry) => path.join(entry.parentPath ?? entry.path, entry.name)).sort();
}

const nameOf = (text) => /^\s*name:\s*(\S+)/m.exec(text)[1];

/** The generated corpus, given environments, variables and overlays. */
async function prepare(directory) {
  await generateProject(directory, size);
  const projectFile = path.join(directory, 'weft.yaml');
  await writeFile(
    projectFile,
    (await readFile(projectFile, 'utf8')) +
      [
        '  variables:',
        '    region: { type: string, default: eu }',
        '    concurrency: { type: integer, default: 2 }',
        '  environments:',
        ...environments.map((name, index) => `    ${name}: { values: { region: ${['eu', 'us', 'apac'][index]}, concurrency: ${index + 1} } }`),
        '  defaultEnvironment: staging',
        '',
      ].join('\n'),
  );
  const instances = await filesUnder(path.join(directory, 'instances'));
  const flows = await filesUnder(path.join(directory, 'flows'));
  // Variables in some base files.
  let regions = 0;
  for (const file of instances) {
    if (regions >= filesPerVariable) break;
    const text = await readFile(file, 'utf8');
    if (!/^    region: \w+$/m.test(text)) continue;
    await writeFile(file, text.replace(/^    region: \w+$/m, '    region: ${var:region}'));
    regions++;
  }
  let concurrencies = 0;
  for (const file of flows) {
    if (concurrencies >= filesPerVariable) break;
    const text = await readFile(file, 'utf8');
    if (!/^  concurrency: \d+$/m.test(text)) continue;
    await writeFile(file, text.replace(/^  concurrency: \d+$/m, '  concurrency: ${var:concurrency}'));
    concurrencies++;
  }
  // Instances whose connector has a subdomain setting, for the overlays to patch.
  const withSubdomain = [];
  for (const file of instances) {
    if (withSubdomain.length >= patchedPerKind * environments.length) break;
    if ((await readFile(file, 'utf8')).includes('    subdomain: ')) withSubdomain.push(file);
  }
  const scheduled = [];
  for (const file of flows) {
    const text = await readFile(file, 'utf8');
    if (text.includes('schedule:')) scheduled.push(text);
    if (scheduled.length >= environments.length) break;
  }
  for (const [index, name] of environments.entries()) {
    const folder = path.join(directory, 'environments', name);
    await mkdir(folder, { recursive: true });
    const documents = [];
    for (const file of withSubdomain.slice(index * patchedPerKind, (index + 1) * patchedPerKind)) {
      const instance = nameOf(await readFile(file, 'utf8'));
      documents.push(`apiVersion: weft/v1\nkind: Instance\nmetadata: { name: ${instance} }\nspec:\n  settings: { subdomain: ${instance}-${name} }\n`);
    }
    for (const file of flows.slice(index * patchedPerKind, (index + 1) * patchedPerKind)) {
      documents.push(`apiVersion: weft/v1\nkind: Flow\nmetadata: { name: ${nameOf(await readFile(file, 'utf8'))} }\nspec:\n  enabled: false\n`);
    }
    await writeFile(path.join(folder, 'patches.yaml'), documents.join('---\n'));
    // A flow only this environment has: a copy of a scheduled flow under a name of its own.
    const own = scheduled[index];
    await writeFile(path.join(folder, 'own-flow.yaml'), own.replace(/^(\s*name:\s*)(\S+)/m, `$1$2-${name}-only`));
  }
}

function run(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [weft, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: performance.now() - started, stdout, stderr }));
  });
}

function clean(result, label) {
  const report = JSON.parse(result.stdout || '{}');
  if (result.code !== 0 || report.errorCount !== 0) throw new Error(`${label} failed: ${result.stdout.slice(0, 2000)}${result.stderr}`);
  return result.ms;
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];

const directory = values.keep ?? (await mkdtemp(path.join(os.tmpdir(), 'weft-bench-environments-')));
try {
  await prepare(directory);
  const one = [];
  const all = [];
  // A warm-up of each: the first run pays for cold file caches.
  clean(await run(['validate', directory, '--env', 'staging', '--format', 'json', '--no-cache']), 'weft validate --env staging');
  clean(await run(['validate', directory, '--format', 'json', '--no-cache']), 'weft validate');
  for (let i = 0; i < runs; i++) {
    one.push(clean(await run(['validate', directory, '--env', 'staging', '--format', 'json', '--no-cache']), 'weft validate --env staging'));
    all.push(clean(await run(['validate', directory, '--format', 'json', '--no-cache']), 'weft validate'));
  }
  const oneMs = median(one);
  const allMs = median(all);
  process.stdout.write(
    JSON.stringify(
      {
        resources: size,
        environments: environments.length,
        overlay: { patchedInstances: patchedPerKind, disabledFlows: patchedPerKind, addedFlows: 1, filesUsingEachVariable: filesPerVariable },
        runs,
        oneEnvironmentMs: Math.round(oneMs),
        allEnvironmentsMs: Math.round(allMs),
        ratio: Number((allMs / oneMs).toFixed(2)),
        target: 1.5,
      },
      null,
      2,
    ) + '\n',
  );
} finally {
  if (!values.keep) await rm(directory, { recursive: true, force: true });
}
