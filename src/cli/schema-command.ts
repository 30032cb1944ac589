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
 * weft.schema.json with every other schema embedded under $defs by its $id: a single
 * self-contained JSON Schema 2020-12 document (references resolve by $id).
 */
export function compoundSchema(): Record<string, unknown> {
  const { 'weft.schema.json': root, ...others } = schemas;
  return { ...root, $defs: { ...(root!.$defs as object | undefined), ...others } };
}
