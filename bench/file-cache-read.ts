// Reading the file cache (.weft/cache/files.bin, src/cache/file-cache.ts), in-process: what a run
// that finds a change pays before it checks anything. The project is validated once by this
// build's bin/weft.cjs (which writes the cache), then the cache is opened several times; and its
// payload is taken apart, to show which part of each file's entry costs what to read back.
//
//   node scripts/build.mjs && node --import tsx bench/file-cache-read.ts <project dir> [rounds]
//
// Prints JSON: { files, megabytes, openMs (median of FileCache.open), parts: { <field>: { megabytes,
// readMs } }, expressions, distinctFacts } (distinctFacts: how many facts objects the expressions
// of the cache read back as; one shared object stands for every expression with nothing to say).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { FileCache } from '../src/cache/file-cache.js';
import { buildId } from '../src/cache/result-cache.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.argv[2] ?? '.');
const rounds = Number(process.argv[3] ?? 7);
const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;

const written = spawnSync(process.execPath, [path.join(here, '..', 'bin', 'weft.cjs'), 'validate', root, '--format', 'json'], { stdio: 'ignore' });
if (written.status !== 0 && written.status !== 1) throw new Error(`weft validate exited ${written.status}`);
const build = buildId(path.join(here, '..', 'dist'));
if (!build) throw new Error('no dist/build-id.txt: run node scripts/build.mjs first');

const opens: number[] = [];
let files = 0;
for (let round = 0; round < rounds; round++) {
  const started = performance.now();
  files = FileCache.open(root, build).size;
  opens.push(performance.now() - started);
}
if (files === 0) throw new Error('the cache was not read (another build wrote it?)');

// The file: a header line, the 32-byte seal, then V8's serialization of [key, entry][] (file-cache.ts).
const data = readFileSync(path.join(root, '.weft', 'cache', 'files.bin'));
const header = data.indexOf(0x0a) + 1;
const entries = deserialize(data.subarray(header + 32)) as [string, Record<string, unknown>][];
const parts: Record<string, { megabytes: number; readMs: number }> = {};
for (const field of ['resources', 'memo', 'expressions', 'findings']) {
  const bytes = serialize(entries.map(([, entry]) => entry[field]));
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    deserialize(bytes);
    times.push(performance.now() - started);
  }
  parts[field] = { megabytes: Number((bytes.length / 1048576).toFixed(1)), readMs: Math.round(median(times)) };
}
const facts = entries.flatMap(([, entry]) => ((entry.expressions as [string, object][] | undefined) ?? []).map(([, fact]) => fact));
console.log(
  JSON.stringify({
    files,
    megabytes: Number((data.length / 1048576).toFixed(1)),
    openMs: Math.round(median(opens)),
    parts,
    expressions: facts.length,
    distinctFacts: new Set(facts).size,
  }),
);
