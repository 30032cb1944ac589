import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../diagnostics/diagnostic.js';
import { parseCsv } from '../parse/parse-csv.js';
import type { AnyResource } from '../schema/resource.js';

/** A lookup table read from its CSV file: its entries, and the CSV line of each. */
interface CsvTable {
  entries: { left: string; right: string }[];
  lines: number[];
}

/** Tables by file, kept while the file's size and modification time stay the same (watch mode assembles often). */
const tables = new Map<string, { stamp: string; table: CsvTable | Error }>();

/** The CSV line of each entry of a lookup read from a file, by the resource's document. */
const csvLines = new WeakMap<object, number[]>();

/** The CSV line of each entry of a lookup table read from a file (undefined for inline entries). */
export function csvLinesOf(document: object): number[] | undefined {
  return csvLines.get(document);
}

/**
 * Reads the CSV file of each Lookup that names one (relative to its YAML file, inside the
 * project) into its `spec.entries`, so checks, the bundle and the engine see one table whatever
 * it was written in. A file that cannot be used is a `bad-lookup-file` finding. A connector
 * package's lookups read files inside the package only (`boundary`, its absolute folder).
 */
export function loadLookupFiles(root: string, resources: readonly AnyResource[], findings: Finding[], boundary: string = root): void {
  for (const resource of resources) {
    if (resource.kind !== 'Lookup' || !resource.valid) continue;
    const spec = resource.value.spec as { file?: string; entries?: unknown; columns?: { left?: string; right?: string } };
    const file = lookupFile(root, resource);
    if (file === undefined || typeof spec.file !== 'string') continue;
    const report = (message: string, hint?: string) => findings.push({ severity: 'error', code: 'bad-lookup-file', message, file: resource.file, document: resource.document, pointer: '/spec/file', ...(hint && { hint }) });
    const relative = path.relative(root, file);
    // As written and as the file system resolves it (a link may point anywhere): inside the
    // project, and not in a hidden folder such as .weft/ (the engine's state and secrets).
    const where = insideProject(boundary, file);
    if (where !== 'inside') {
      const place = boundary === root ? where : where.replace('the project', 'its package');
      report(`lookup '${resource.name}' reads '${spec.file}', which is ${place}`, `keep the CSV file inside the ${boundary === root ? 'project' : 'package'} folder, next to the YAML file`);
      continue;
    }
    const table = readTable(file, spec.columns?.left ?? 'left', spec.columns?.right ?? 'right');
    if (table instanceof Error) {
      report(`lookup '${resource.name}': ${relative.split(path.sep).join('/')} ${table.message}`);
      continue;
    }
    spec.entries = table.entries;
    csvLines.set(resource.value, table.lines);
  }
}

/** The absolute path of the CSV file a Lookup names (relative to its YAML file), or undefined for another resource or a Lookup without one. */
export function lookupFile(root: string, resource: AnyResource): string | undefined {
  const file = resource.kind === 'Lookup' ? (resource.value.spec as { file?: unknown } | undefined)?.file : undefined;
  return typeof file === 'string' ? path.resolve(root, path.dirname(resource.file), file) : undefined;
}

/** The largest CSV file a lookup table reads. */
const maxCsvBytes = 10 * 1024 * 1024;

/** Whether a file is inside the project, also once links are resolved, and not hidden; or what it is instead. */
export function insideProject(root: string, file: string): 'inside' | 'outside the project' | 'in a hidden folder or file' {
  const within = (base: string, target: string) => {
    const relative = path.relative(base, target);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : undefined;
  };
  const relative = within(root, file);
  if (relative === undefined) return 'outside the project';
  if (relative.split(path.sep).some((segment) => segment.startsWith('.'))) return 'in a hidden folder or file';
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = [realpathSync(file), realpathSync(root)];
  } catch {
    // Does not exist: reported as such when it is read.
    return 'inside';
  }
  const resolved = within(realRoot, real);
  if (resolved === undefined) return 'outside the project';
  return resolved.split(path.sep).some((segment) => segment.startsWith('.')) ? 'in a hidden folder or file' : 'inside';
}

function readTable(file: string, left: string, right: string): CsvTable | Error {
  let stamp: string;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return new Error('is not a regular file');
    if (stats.size > maxCsvBytes) return new Error(`is ${stats.size} bytes; a lookup table's CSV file may hold ${maxCsvBytes}`);
    stamp = `${stats.size}/${stats.mtimeMs}/${left}/${right}`;
  } catch {
    return new Error('does not exist');
  }
  const known = tables.get(file);
  if (known?.stamp === stamp) return known.table;
  let table: CsvTable | Error;
  try {
    table = tableOf(readFileSync(file, 'utf8'), left, right);
  } catch (error) {
    table = new Error(`cannot be read: ${(error as Error).message}`);
  }
  if (tables.size > 1000) tables.clear();
  tables.set(file, { stamp, table });
  return table;
}

function tableOf(text: string, left: string, right: string): CsvTable | Error {
  let rows;
  try {
    rows = parseCsv(text);
  } catch (error) {
    return new Error(`is not valid CSV: ${(error as Error).message}`);
  }
  const [header, ...body] = rows;
  if (!header) return { entries: [], lines: [] };
  const columns = [left, right].map((name) => header.fields.indexOf(name));
  const lacking = [left, right].filter((_, index) => columns[index]! < 0);
  if (lacking.length > 0) return new Error(`has no column ${lacking.map((name) => `'${name}'`).join(' or ')} in its header row (it has ${header.fields.map((name) => `'${name}'`).join(', ')}); name them in spec.columns`);
  const entries: CsvTable['entries'] = [];
  const lines: number[] = [];
  for (const row of body) {
    const [l, r] = columns.map((column) => row.fields[column!]);
    if (l === undefined || r === undefined) return new Error(`line ${row.line} has ${row.fields.length} field(s); the header has ${header.fields.length}`);
    entries.push({ left: l, right: r });
    lines.push(row.line);
  }
  return { entries, lines };
}
