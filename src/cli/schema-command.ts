import path from 'node:path';
import type { Command } from './cli.js';
import { UsageError } from './cli.js';
import { schemas } from '../generated/schemas.js';
import { makeOutputDirectory, writeOutput } from './write-output.js';

export const schemaCommand: Command = {
  summary: "print weft's JSON Schemas as one document, or write each file to --out dir (for editors)",
  usage: 'schema [--out dir]',
  examples: ['weft schema --out .vscode/schemas'],
  options: { out: { type: 'string', short: 'o' } },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (values.out === undefined) {
      io.stdout.write(JSON.stringify(compoundSchema(), null, 2) + '\n');
      return 0;
    }
    const directory = path.resolve(io.cwd, String(values.out));
    await makeOutputDirectory(directory);
    for (const [file, schema] of Object.entries(schemas)) {
      await writeOutput(path.join(directory, file), JSON.stringify(schema, null, 2) + '\n');
    }
    io.stdout.write(`wrote ${Object.keys(schemas).length} schemas to ${path.relative(io.cwd, directory) || '.'}\n`);
    return 0;
  },
};

/**
 * weft.schema.json with every other schema folded in: one self-contained JSON Schema 2020-12
 * document whose references are all plain JSON pointers into its own `$defs` (a schema's root at
 * `#/$defs/<name>`, its definitions at `#/$defs/<name>.<definition>`), with no embedded `$id`.
 * Editors' language servers resolve pointers; schemas embedded by `$id` they often do not
 * (yaml-language-server before 1.23 reported one error at line 1 and validated nothing).
 */
export function compoundSchema(): Record<string, unknown> {
  const stem = (file: string) => file.replace(/\.schema\.json$/, '');
  const defs: Record<string, unknown> = {};
  let root: Record<string, unknown> = {};
  for (const [file, schema] of Object.entries(schemas)) {
    const name = stem(file);
    const { $id: _id, $schema: _schema, $defs: inner, ...body } = schema as Record<string, unknown>;
    for (const [key, value] of Object.entries((inner ?? {}) as Record<string, unknown>)) defs[`${name}.${key}`] = pointersOnly(value, name, stem);
    if (name === 'weft') root = pointersOnly(body, name, stem) as Record<string, unknown>;
    else defs[name] = pointersOnly(body, name, stem);
  }
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...root, $defs: defs };
}

/** A schema with its references rewritten from `file.schema.json#/$defs/x` (or `#/$defs/x` in `current`) to pointers into the compound document. */
function pointersOnly(node: unknown, current: string, stem: (file: string) => string): unknown {
  if (Array.isArray(node)) return node.map((item) => pointersOnly(item, current, stem));
  if (node === null || typeof node !== 'object') return node;
  const rewritten: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      const hash = value.indexOf('#');
      const file = hash === -1 ? value : value.slice(0, hash);
      const fragment = hash === -1 ? '' : value.slice(hash + 1);
      const target = file === '' ? current : stem(file);
      const definition = /^\/\$defs\/([^/]+)(.*)$/.exec(fragment);
      rewritten[key] = definition ? `#/$defs/${target}.${definition[1]}${definition[2]}` : `#/$defs/${target}${fragment}`;
    } else {
      rewritten[key] = pointersOnly(value, current, stem);
    }
  }
  return rewritten;
}
