import { readFileSync, realpathSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Command } from './cli.js';
import { CommandError, UsageError } from './cli.js';
import { writeOutput } from './write-output.js';
import { ImportError, type ConnectorImport, type ConnectorImportOptions } from '../import/connector-import.js';
import { isResourceName } from '../schema/resource-name.js';


export const importCommand: Command = {
  summary: 'make a connector from an OpenAPI 3.0/3.1 or Swagger 2.0 document or a Postman v2.1 collection: endpoints, inputs, auth, settings; guesses marked "check:"',
  usage: 'import openapi <file|dir> | postman <collection.json> --name <connector> [--tag t]... [--operation id]... [--out file]',
  examples: ['weft import openapi specs/petstore.yaml --name petstore --out connectors/petstore.yaml', 'weft import openapi api.json --name crm --tag contacts --operation listContacts', 'weft import postman crm.postman_collection.json --name crm --tag Contacts'],
  options: { name: { type: 'string' }, tag: { type: 'string', multiple: true }, operation: { type: 'string', multiple: true }, out: { type: 'string', short: 'o' } },
  async run({ values, positionals }, io) {
    const [format, source, ...rest] = positionals;
    if (format !== 'openapi' && format !== 'postman') throw new UsageError(format === undefined ? 'say what to import: weft import openapi <file|dir> or weft import postman <collection.json>' : `cannot import '${format}': weft imports openapi documents (OpenAPI 3.0/3.1, Swagger 2.0) and postman collections (v2.1)`);
    if (source === undefined) throw new UsageError(format === 'openapi' ? 'weft import openapi needs the document: a file (YAML or JSON) or a folder holding one' : 'weft import postman needs the collection: a Postman collection v2.1 JSON file');
    if (rest.length > 0) throw new UsageError(`unexpected argument${rest.length > 1 ? 's' : ''}: ${rest.join(' ')}`);
    const name = values.name === undefined ? undefined : String(values.name);
    if (name === undefined) throw new UsageError('--name <connector> names the connector (lowercase letters, digits and -)');
    if (!isResourceName(name)) throw new UsageError(`--name '${name}' is not a resource name: lowercase letters, digits and '-', starting with a letter, at most 63 characters`);
    const options = {
      name,
      ...(values.tag ? { tags: values.tag as unknown as string[] } : {}),
      ...(values.operation ? { operations: values.operation as unknown as string[] } : {}),
    };
    const file = format === 'openapi' ? await documentFile(path.resolve(io.cwd, source)) : path.resolve(io.cwd, source);
    const shown = path.relative(io.cwd, file).split(path.sep).join('/') || path.basename(file);
    const imported = format === 'openapi' ? await importOpenApiFile(file, shown, options) : await importPostmanFile(file, shown, options);
    if (imported.endpoints.length === 0) {
      for (const note of imported.notes) io.stderr.write(`weft import: ${note}\n`);
      if (!values.tag && !values.operation) throw new CommandError(`${path.basename(file)} has no operation weft can call (GET, POST, PUT, PATCH or DELETE)`);
      throw new CommandError(`no operation of ${path.basename(file)} matches${values.tag ? ` --tag ${(values.tag as unknown as string[]).join(', ')}` : ''}${values.operation ? ` --operation ${(values.operation as unknown as string[]).join(', ')}` : ''}`);
    }
    for (const note of imported.notes) io.stderr.write(`weft import: ${note}\n`);
    if (values.out === undefined) {
      io.stdout.write(imported.text);
      return 0;
    }
    const target = path.resolve(io.cwd, String(values.out));
    const shownTarget = path.relative(io.cwd, target) || target;
    const existing = await readFile(target, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new CommandError(`cannot read ${shownTarget}: ${error.message}`);
    });
    if (existing === undefined) {
      await writeOutput(target, imported.text);
      io.stdout.write(`wrote ${shownTarget}: connector '${name}' with ${imported.endpoints.length} endpoint${imported.endpoints.length === 1 ? '' : 's'}\n`);
      return 0;
    }
    // Imported before: the endpoints follow the document, hand edits elsewhere stay, the version goes up.
    const { mergeImport, ReimportError } = await import('../import/merge.js');
    let merged;
    try {
      merged = mergeImport(existing, imported.text, name, { partial: values.tag !== undefined || values.operation !== undefined });
    } catch (error) {
      if (error instanceof ReimportError) throw new CommandError(`${shownTarget} exists and is not left alone to be overwritten: ${error.message}`);
      throw error;
    }
    for (const note of merged.notes) io.stderr.write(`weft import: ${note}\n`);
    if (merged.bump === 'none') {
      io.stdout.write(`${shownTarget}: connector '${name}' ${merged.from} is up to date with ${shown}; nothing written\n`);
      return 0;
    }
    await writeOutput(target, merged.text);
    io.stdout.write(`updated ${shownTarget}: connector '${name}' ${merged.from} → ${merged.to} (${merged.bump}), ${imported.endpoints.length} endpoint${imported.endpoints.length === 1 ? '' : 's'}\n`);
    for (const change of merged.changes) io.stdout.write(`  ${change}\n`);
    return 0;
  },
};

/** Reads an OpenAPI document, then imports it; its $refs are followed where the import reads them. */
async function importOpenApiFile(file: string, shown: string, options: Omit<ConnectorImportOptions, 'source'>): Promise<ConnectorImport> {
  const [{ importOpenApi }, { parseApiDocument }, { RefError }] = await Promise.all([import('../import/openapi.js'), import('../import/parse-api-document.js'), import('../import/lazy-dereference.js')]);
  const unreadable = (error: unknown) => new CommandError(`${shown} is not an OpenAPI or Swagger document weft can read: ${firstLine((error as Error).message)}`);
  let api: unknown;
  try {
    api = parseApiDocument(await readFile(file, 'utf8'), file);
  } catch (error) {
    throw unreadable(error);
  }
  if (typeof api !== 'object' || api === null || Array.isArray(api) || (typeof (api as Record<string, unknown>).openapi !== 'string' && typeof (api as Record<string, unknown>).swagger !== 'string')) {
    throw new CommandError(`${shown} has neither 'openapi' nor 'swagger': it is not an OpenAPI document`);
  }
  // A document may reference files in its folder (a description split in parts), nothing
  // else: not a URL (no network), not a file elsewhere (a hostile document must not copy
  // ~/.ssh into a connector).
  const read = folderResolver(await realpath(path.dirname(file)), parseApiDocument);
  try {
    return importOpenApi(api as Record<string, unknown>, { ...options, source: shown, file, read });
  } catch (error) {
    if (error instanceof RefError) throw unreadable(error);
    throw error;
  }
}

/** Reads a Postman collection (JSON), then imports it. */
async function importPostmanFile(file: string, shown: string, options: Omit<ConnectorImportOptions, 'source'>): Promise<ConnectorImport> {
  const stats = await stat(file).catch(() => undefined);
  if (!stats) throw new UsageError(`${file} does not exist`);
  if (!stats.isFile()) throw new UsageError(`${shown} is not a file: name the collection's JSON file`);
  const { importPostman } = await import('../import/postman.js');
  let collection: unknown;
  try {
    collection = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CommandError(`${shown} is not JSON: ${firstLine((error as Error).message)}`);
  }
  try {
    return importPostman(collection, { ...options, source: shown });
  } catch (error) {
    if (error instanceof ImportError) throw new CommandError(error.message);
    throw error;
  }
}

/** The document: the file given, or in a folder the one file named like an API description. */
async function documentFile(given: string): Promise<string> {
  const stats = await stat(given).catch(() => undefined);
  if (!stats) throw new UsageError(`${given} does not exist`);
  if (stats.isFile()) return given;
  const candidates = (await readdir(given)).filter((name) => /^(openapi|swagger|api)[\w.-]*\.(ya?ml|json)$/i.test(name)).sort();
  if (candidates.length === 0) throw new UsageError(`${given} holds no openapi.yaml, openapi.json, swagger.yaml or swagger.json: name the file`);
  if (candidates.length > 1) throw new UsageError(`${given} holds several API documents (${candidates.join(', ')}): name one`);
  return path.join(given, candidates[0]!);
}

/**
 * Reads a file a $ref names, only inside `folder` (after resolving links): a URL is never
 * fetched, a file elsewhere never read. Synchronous: the import follows $refs as it reads.
 */
function folderResolver(folder: string, parse: (text: string, file: string) => unknown): (location: string) => unknown {
  return (location) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(location) && !/^file:/i.test(location) && !/^[a-z]:[\\/]/i.test(location)) throw new Error(`${location} is a URL: not fetched (weft reads files in the document's folder only)`);
    const given = /^file:/i.test(location) ? fileURLToPath(location) : location;
    let real = given;
    try {
      real = realpathSync(given.replace(/[\\/]$/, ''));
    } catch {
      // Missing: reading it below says so.
    }
    const relative = path.relative(folder, real);
    if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) throw new Error(`${given} is outside the document's folder ${folder}: not read`);
    return parse(readFileSync(real, 'utf8'), real);
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 300);
}
