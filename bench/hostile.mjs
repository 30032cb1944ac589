#!/usr/bin/env node
// The compiler on hostile input (issue #13): `weft validate` of projects built to be slow — many
// documents in one file, a long uniqueItems list, a mapping of many unknown keys, a flow of many
// steps — at n and 4n, so the growth shows whether the work is linear (4x input, about 4x time)
// or quadratic (16x). Prints one JSON line per case.
//
//   node bench/hostile.mjs [scale]      (scale 1 = the sizes the issue reported; default 1)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scale = Number(process.argv[2] ?? 1);
const project = 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: hostile }\n';
const connector = (name) =>
  `apiVersion: weft/v1\nkind: Connector\nmetadata:\n  name: ${name}\n  description: generated\nspec:\n  version: 1.0.0\n  http:\n    baseUrl: https://example.com/api\n  endpoints:\n    list: { method: GET, path: /items, records: items }\n`;

/** Each case: its files for a size n. */
const cases = {
  'connectors in one file': { n: 2500, files: (n) => ({ 'connectors.yaml': Array.from({ length: n }, (_, index) => connector(`c${index}`)).join('---\n') }) },
  'empty documents in one file': { n: 75_000, files: (n) => ({ 'empty.yaml': '{}\n---\n'.repeat(n) }) },
  'uniqueItems over objects': {
    n: 10_000,
    files: (n) => ({
      'c.yaml': `apiVersion: weft/v1\nkind: Connector\nmetadata: { name: c }\nspec:\n  version: 1.0.0\n  http: { baseUrl: https://example.com }\n  settings:\n    type: object\n    properties:\n      list: { type: array, uniqueItems: true }\n  endpoints: { list: { method: GET, path: /x } }\n---\napiVersion: weft/v1\nkind: Instance\nmetadata: { name: i }\nspec:\n  connector: c\n  settings:\n    list:\n${Array.from({ length: n }, (_, index) => `      - { id: ${index} }`).join('\n')}\n      - { id: 7 }\n`,
    }),
  },
  'unknown keys': {
    n: 50_000,
    files: (n) => ({ 'c.yaml': `apiVersion: weft/v1\nkind: Connector\nmetadata: { name: c }\nspec:\n  version: 1.0.0\n  http: { baseUrl: https://example.com }\n  endpoints: { list: { method: GET, path: /x } }\n${Array.from({ length: n }, (_, index) => `  k${index}: 1`).join('\n')}\n` }),
  },
  'steps without an action': {
    n: 1000,
    files: (n) => ({ 'f.yaml': `apiVersion: weft/v1\nkind: Flow\nmetadata: { name: f }\nspec:\n  trigger: { manual: {} }\n  steps:\n${Array.from({ length: n }, (_, index) => `    - id: s${index}`).join('\n')}\n` }),
  },
};

/** Wall time of one `weft validate --format json` of a project, and its exit code. */
function validate(files) {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'weft-hostile-'));
  try {
    writeFileSync(path.join(directory, 'weft.yaml'), project);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
      writeFileSync(path.join(directory, name), text);
    }
    const started = performance.now();
    const result = spawnSync(process.execPath, [path.join(root, 'bin', 'weft.cjs'), 'validate', directory, '--format', 'json', '--no-cache'], { maxBuffer: 1 << 30, encoding: 'utf8' });
    const ms = performance.now() - started;
    if (result.status !== 0 && result.status !== 1) throw new Error(`weft validate exited ${result.status}: ${result.stderr.slice(0, 500)}`);
    return { ms, code: result.status, stackTrace: /\n\s+at /.test(result.stderr) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

for (const [name, { n, files }] of Object.entries(cases)) {
  const size = Math.round(n * scale);
  const small = validate(files(size));
  const large = validate(files(4 * size));
  console.log(JSON.stringify({ case: name, n: size, ms: Math.round(small.ms), n4: 4 * size, ms4: Math.round(large.ms), growth: Number((large.ms / small.ms).toFixed(2)), exit: large.code, stackTrace: small.stackTrace || large.stackTrace }));
}
