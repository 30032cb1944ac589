// The parse-only baseline: the same files `weft validate` reads, through `yaml` alone, in one
// thread — discovery, reading and parseAllDocuments (the parser with source positions) with the
// options weft parses with (so yaml's quadratic duplicate-key check, which weft replaces, is off
// here too), nothing else. `weft validate` is measured against this floor.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(process.argv[2] ?? '.');
const files = [];
async function walk(directory) {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') await walk(full);
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) files.push(full);
  }
}
await walk(root);
let documents = 0;
let errors = 0;
// Reads overlap, as in weft, so the floor is the parser and not the disk's latency.
const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
for (const text of texts) {
  const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, resolveKnownTags: false, logLevel: 'error' });
  for (const document of Array.isArray(parsed) ? parsed : []) {
    documents++;
    errors += document.errors.length;
  }
}
console.log(JSON.stringify({ files: files.length, documents, errors }));
