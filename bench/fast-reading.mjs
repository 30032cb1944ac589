// The fast reading (issue 21 item 1) against `yaml` alone, in the same run: `weft validate
// --no-cache` of a generated project and of the example, alternating WEFT_YAML_ONLY=1 (every
// file through `yaml`), WEFT_BLOCK_READER=0 (plain files through js-yaml, as before weft had its
// own reader, src/parse/block-yaml.ts) and the default (weft's reader, then js-yaml, then yaml).
//   node bench/fast-reading.mjs [resources=10000] [runs=3]
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const weft = path.join(here, '..', 'bin', 'weft.cjs');
const resources = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 3);
const scratch = await mkdtemp(path.join(os.tmpdir(), 'weft-fast-reading-'));
await generateProject(scratch, resources);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
function validate(directory, env) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [weft, 'validate', directory, '--format', 'json', '--no-cache'], { env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`weft validate failed: ${result.stderr}`);
  return performance.now() - started;
}
for (const [label, directory, count] of [[`${resources} resources`, scratch, runs], ['examples/acme', path.join(here, '..', 'examples', 'acme'), Math.max(runs, 11)]]) {
  const yamlOnly = [];
  const jsYaml = [];
  const fast = [];
  for (let run = 0; run < count; run++) {
    yamlOnly.push(validate(directory, { WEFT_YAML_ONLY: '1' }));
    jsYaml.push(validate(directory, { WEFT_BLOCK_READER: '0' }));
    fast.push(validate(directory, {}));
  }
  const ms = (values) => Math.round(median(values));
  console.log(
    JSON.stringify({
      project: label,
      runs: count,
      yamlOnlyMs: ms(yamlOnly),
      jsYamlMs: ms(jsYaml),
      fastMs: ms(fast),
      ratio: Number((median(fast) / median(yamlOnly)).toFixed(2)),
      toJsYaml: Number((median(fast) / median(jsYaml)).toFixed(2)),
    }),
  );
}
await rm(scratch, { recursive: true, force: true });
