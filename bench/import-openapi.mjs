// `weft import openapi` on a 5 MB OpenAPI document (issue 20 target: under 3 s), and on any real
// documents named, against baselines measured in the same run, runs alternating so that machine
// noise hits all alike:
//   - node running an empty script: starting node (all three run under bench/measure.cjs, which
//     reports peak RSS);
//   - `yaml` parsing the same text (yaml.parse, what reading a YAML file costs most tools);
//   - `weft import openapi <file> --name big --out <a new file>` (a first import: no merge).
// The generated document (bench/openapi-document.mjs) is shaped like a big commerce or ERP API:
// component schemas shared through $refs, $refs inside them, allOf, a recursive schema, shared
// parameters and responses, long descriptions, examples.
//
//   node bench/import-openapi.mjs [--size 5] [--runs 5] [real-document.yaml|json ...]
//
// One JSON line per document on stdout (medians; peak RSS the largest), generated document first.
import { measuredRun } from './measured-run.mjs';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openApiDocument } from './openapi-document.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const { values, positionals } = parseArgs({ options: { size: { type: 'string', default: '5' }, runs: { type: 'string', default: '5' } }, allowPositionals: true });
const runs = Number(values.runs);

const run = (args, options) => measuredRun(args, options);

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];

async function measure(file, directory, label) {
  const parseScript = path.join(directory, 'yaml-parse.cjs');
  writeFileSync(parseScript, `require(${JSON.stringify(path.join(root, 'node_modules', 'yaml'))}).parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));\n`);
  const empty = path.join(directory, 'empty.cjs');
  writeFileSync(empty, '');
  const node = [];
  const parse = [];
  const weft = [];
  let operations;
  let outputBytes;
  for (let index = 0; index < runs; index++) {
    node.push(await run([empty]));
    const parsed = await run([parseScript, file]);
    if (parsed.code !== 0) throw new Error(`yaml could not parse ${file}: ${parsed.stderr.slice(0, 500)}`);
    parse.push(parsed);
    const out = path.join(directory, `connector-${index}.yaml`);
    const imported = await run(['weft', 'import', 'openapi', file, '--name', 'big', '--out', out]);
    if (imported.code !== 0) throw new Error(`weft import openapi ${file} failed: ${imported.stderr.slice(0, 2000)}`);
    weft.push(imported);
    operations = Number(/with (\d+) endpoints?/.exec(imported.stdout)?.[1]);
    outputBytes = statSync(out).size;
    rmSync(out);
  }
  const weftMs = median(weft.map((result) => result.ms));
  const parseMs = median(parse.map((result) => result.ms));
  return {
    document: label,
    megabytes: +(statSync(file).size / 1048576).toFixed(2),
    operations,
    nodeMs: Math.round(median(node.map((result) => result.ms))),
    yamlParseMs: Math.round(parseMs),
    weftMs: Math.round(weftMs),
    ratio: +(weftMs / parseMs).toFixed(2),
    weftRssMb: Math.round(Math.max(...weft.map((result) => result.maxRssKb)) / 1024),
    yamlParseRssMb: Math.round(Math.max(...parse.map((result) => result.maxRssKb)) / 1024),
    outputBytes,
    runs,
  };
}

const directory = mkdtempSync(path.join(os.tmpdir(), 'weft-bench-import-'));
try {
  const generated = path.join(directory, 'openapi.yaml');
  writeFileSync(generated, openApiDocument(Number(values.size) * 1024 * 1024));
  console.log(JSON.stringify(await measure(generated, directory, `generated (bench/openapi-document.mjs, ${values.size} MB)`)));
  for (const file of positionals) console.log(JSON.stringify(await measure(path.resolve(file), directory, path.basename(file))));
} finally {
  rmSync(directory, { recursive: true, force: true });
}
