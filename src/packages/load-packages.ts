import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Finding } from '../diagnostics/diagnostic.js';
import { isObject } from '../lex/is-object.js';
import { loadFile } from '../pipeline/load-file.js';
import { loadLookupFiles } from '../pipeline/lookup-files.js';
import type { AnyResource, PackageOrigin } from '../schema/resource.js';

/** An installed npm package that supplies connectors and lookup tables. */
export interface ConnectorPackage extends PackageOrigin {
  /** The name the project's package.json lists it under (an npm alias differs from `name`). */
  dependency: string;
  /** The range (or other specifier) the project's package.json asks for. */
  range: string;
  /** Its files that weft reads, relative to the project root with '/' separators, sorted. */
  files: string[];
}

/** The connector packages a project can use, read from disk. */
export interface ProjectPackages {
  /** The package.json that lists the project's dependencies, relative to the root ('package.json', '../package.json'); undefined without one. */
  manifest?: string;
  packages: ConnectorPackage[];
  /** Dependencies named like connector packages (weft-connector-*) that are not installed. */
  missing: { dependency: string; range: string }[];
  /** The Connector and Lookup resources of the packages' files, each with its `package`. */
  resources: AnyResource[];
  /** Findings about the packages (`bad-package`) and in their files: which of them count is for resolution to say. */
  findings: Finding[];
  /** The text of every package file read, and of each package.json a finding points into. */
  sources: Map<string, string>;
  /** Names that documents of package files which could not be read as resources may define. */
  salvagedNames: string[];
}

/** A project without connector packages. */
export const noPackages: ProjectPackages = Object.freeze({ packages: [], missing: [], resources: [], findings: [], sources: new Map(), salvagedNames: [] }) as ProjectPackages;

/** The files a package named weft-connector-* supplies when its package.json has no `weft.files`. */
export const defaultPackageFiles = ['connectors/**/*.{yaml,yml}', 'lookups/**/*.{yaml,yml}'] as const;

/** A connector package by its name alone: `weft-connector-shop`, `@acme/weft-connector-erp`. */
export const connectorPackageName = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?weft-connector-[a-z0-9][a-z0-9._~-]*$/;

/** What an npm dependency's name may be; anything else (a path, '..') is not looked up. */
const dependencyName = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/i;

/** package.json files are small; a huge one is not one. */
const maxManifestBytes = 1024 * 1024;
/** A package supplies configuration, not a file system: past these, its files are not all read. */
const maxPackageFiles = 1000;
const maxPackageEntries = 20_000;
const maxPatterns = 100;
const maxPackageFileBytes = 2 * 1048576;
const maxPackageBytes = 32 * 1048576;

/**
 * The connector packages of a project: the dependencies, devDependencies and optionalDependencies
 * of the nearest package.json (at the project root or above it) that are installed where Node
 * would find them from the project root (its node_modules, then its ancestors') and that are
 * connector packages — named weft-connector-* or with a `weft` field in their package.json. Only
 * those packages' folders are read, never the rest of node_modules, and only files inside each
 * package: a pattern leading out of it is refused, links are not followed. Never throws for a
 * bad package: it is a `bad-package` finding.
 */
export async function loadPackages(root: string): Promise<ProjectPackages> {
  // After the caller's first await: the synchronous reads below overlap its discovery's I/O.
  await null;
  const manifest = findManifest(root);
  if (!manifest) return noPackages;
  const findings: Finding[] = [];
  const sources = new Map<string, string>();
  const manifestFile = relativeTo(root, manifest.file);
  if ('error' in manifest) {
    findings.push({ severity: 'error', code: 'bad-package', message: `${manifestFile} ${manifest.error}; weft cannot tell which connector packages the project uses`, file: manifestFile, range: [0, 0] });
    return { ...noPackages, manifest: manifestFile, findings, sources };
  }
  const dependencies = dependenciesOf(manifest.value);
  if (dependencies.length === 0) return { ...noPackages, manifest: manifestFile };
  const locate = installedLocator(root);
  const packages: ConnectorPackage[] = [];
  const missing: ProjectPackages['missing'] = [];
  const resources: AnyResource[] = [];
  const salvagedNames: string[] = [];
  const read = await Promise.all(
    dependencies.map(({ dependency, range }) => {
      const installed = locate(dependency);
      if (!installed) {
        if (connectorPackageName.test(dependency)) missing.push({ dependency, range });
        return undefined;
      }
      return readPackage(root, dependency, range, installed);
    }),
  );
  for (const entry of read) {
    if (!entry) continue;
    for (const finding of entry.findings) findings.push(finding);
    for (const [file, text] of entry.sources) sources.set(file, text);
    if (!entry.package) continue;
    packages.push(entry.package);
    for (const resource of entry.resources) resources.push(resource);
    for (const name of entry.salvagedNames) salvagedNames.push(name);
  }
  packages.sort((a, b) => compare(a.directory, b.directory));
  resources.sort((a, b) => compare(a.file, b.file) || a.document - b.document);
  missing.sort((a, b) => compare(a.dependency, b.dependency));
  return { manifest: manifestFile, packages, missing, resources, findings, sources, salvagedNames };
}

/**
 * The nearest package.json at or above the root: the one npm would use there. Synchronous and
 * without exceptions for what is absent (measured: a tenth of the time of promises, which matters
 * for a package.json listing dozens of dependencies; a project without one costs a stat per folder above it).
 */
function findManifest(root: string): { file: string; value: unknown; text: string } | { file: string; error: string } | undefined {
  for (let directory = root; ; ) {
    const file = path.join(directory, 'package.json');
    const read = readJson(file, { followLinks: true });
    if (read) return { file, ...read };
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** A JSON file, or why it cannot be read as one; undefined when there is none. */
function readJson(file: string, options: { followLinks: boolean }): { value: unknown; text: string } | { error: string } | undefined {
  let text: string;
  try {
    const link = lstatSync(file, { throwIfNoEntry: false });
    if (!link) return undefined;
    if (link.isSymbolicLink() && !options.followLinks) return { error: 'is a link' };
    // The project's own package.json may be a link: what it leads to is checked as the file is
    // (a FIFO, a device or a huge file behind a link would hang weft or fill its memory).
    const stats = link.isSymbolicLink() ? statSync(file, { throwIfNoEntry: false }) : link;
    if (!stats) return undefined;
    if (!stats.isFile()) return { error: 'is not a regular file' };
    if (stats.size > maxManifestBytes) return { error: `is ${stats.size} bytes` };
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { error: `cannot be read (${code ?? String(error)})` };
  }
  if (text.length > maxManifestBytes) return { error: `is more than ${maxManifestBytes} bytes` };
  try {
    return { value: JSON.parse(text) as unknown, text };
  } catch {
    return { error: 'is not valid JSON' };
  }
}

/** The project's dependencies of every kind npm installs, each name once (dependencies first). */
function dependenciesOf(manifest: unknown): { dependency: string; range: string }[] {
  if (!isObject(manifest)) return [];
  const seen = new Map<string, string>();
  for (const key of ['dependencies', 'optionalDependencies', 'devDependencies']) {
    const listed = manifest[key];
    if (!isObject(listed)) continue;
    for (const [dependency, range] of Object.entries(listed)) {
      if (typeof range === 'string' && dependencyName.test(dependency) && !seen.has(dependency)) seen.set(dependency, range);
    }
  }
  return [...seen].map(([dependency, range]) => ({ dependency, range }));
}

type Installed = { directory: string; manifest: { value: unknown; text: string } | { error: string } };

/**
 * Where a dependency is installed (its folder and package.json), as Node finds it from the root:
 * the nearest node_modules folder (the root's, then its ancestors') that has it. Each folder is
 * listed once, so a dependency costs one read of its package.json, not a failed one per folder.
 */
function installedLocator(root: string): (dependency: string) => Installed | undefined {
  const folders: string[] = [];
  for (let directory = root; ; directory = path.dirname(directory)) {
    if (path.basename(directory) !== 'node_modules') folders.push(path.join(directory, 'node_modules'));
    if (path.dirname(directory) === directory) break;
  }
  const listings = new Map<string, Set<string> | undefined>();
  const has = (folder: string, name: string) => {
    if (!listings.has(folder)) {
      let names: Set<string> | undefined;
      try {
        names = new Set(readdirSync(folder));
      } catch {
        names = undefined;
      }
      listings.set(folder, names);
    }
    return listings.get(folder)?.has(name) === true;
  };
  return (dependency) => {
    const [first, second] = dependency.split('/') as [string, string | undefined];
    for (const folder of folders) {
      if (!has(folder, first) || (second !== undefined && !has(path.join(folder, first), second))) continue;
      const directory = path.join(folder, first, ...(second === undefined ? [] : [second]));
      const manifest = readJson(path.join(directory, 'package.json'), { followLinks: false });
      if (manifest) return { directory, manifest };
    }
    return undefined;
  };
}

interface ReadPackage {
  package?: ConnectorPackage;
  resources: AnyResource[];
  findings: Finding[];
  sources: Map<string, string>;
  salvagedNames: string[];
}

/** One installed dependency: nothing when it is not a connector package; its files, read, when it is. */
async function readPackage(root: string, dependency: string, range: string, installed: Installed): Promise<ReadPackage | undefined> {
  const directory = relativeTo(root, installed.directory);
  const manifestFile = `${directory}/package.json`;
  const findings: Finding[] = [];
  const sources = new Map<string, string>();
  const result: ReadPackage = { resources: [], findings, sources, salvagedNames: [] };
  const value = 'value' in installed.manifest ? installed.manifest.value : undefined;
  // As npm names and versions them: what a package.json says otherwise (control characters, say) is not printed.
  const name = isObject(value) && typeof value.name === 'string' && dependencyName.test(value.name) ? value.name : dependency;
  const field = isObject(value) ? value.weft : undefined;
  if (!connectorPackageName.test(name) && !connectorPackageName.test(dependency) && field === undefined) return undefined;
  if ('error' in installed.manifest || !isObject(value)) {
    const problem = 'error' in installed.manifest ? installed.manifest.error : 'does not hold a JSON object';
    findings.push({ severity: 'error', code: 'bad-package', message: `connector package '${dependency}': ${manifestFile} ${problem}; its connectors are not read`, file: manifestFile, range: [0, 0] });
    return result;
  }
  sources.set(manifestFile, installed.manifest.text);
  const report = (pointer: string, message: string, hint?: string) => findings.push({ severity: 'error', code: 'bad-package', message, file: manifestFile, document: 0, pointer, ...(hint && { hint }) });
  const version = typeof value.version === 'string' && /^[0-9A-Za-z.+-]{1,64}$/.test(value.version) ? value.version : '';
  const patterns = filePatterns(field, name, report);
  const origin: PackageOrigin = { name, version, directory };
  const listed = await listPackageFiles(installed.directory, patterns, (file, message) =>
    findings.push({ severity: 'error', code: 'bad-package', message: `connector package '${name}': ${directory}/${file} ${message}`, file: manifestFile, document: 0, pointer: field === undefined ? '/name' : '/weft' }),
  );
  const files = listed.map((file) => `${directory}/${file}`);
  const loaded = await Promise.all(files.map((file) => loadFile(root, file)));
  const lookups: AnyResource[] = [];
  for (const file of loaded) {
    sources.set(file.file, file.text);
    for (const finding of file.findings) findings.push(finding);
    for (const name of file.salvagedNames) result.salvagedNames.push(name);
    for (const resource of file.resources) {
      if (resource.kind !== 'Connector' && resource.kind !== 'Lookup') {
        findings.push({
          severity: 'error',
          code: 'bad-package',
          message: `connector package '${name}' holds the ${resource.kind.toLowerCase()} '${resource.name}'; a package supplies connectors and lookup tables only, so it is not used`,
          file: resource.file,
          document: resource.document,
          pointer: '/kind',
        });
        continue;
      }
      resource.package = origin;
      result.resources.push(resource);
      if (resource.kind === 'Lookup') lookups.push(resource);
    }
  }
  // A lookup's CSV file is read from inside its package, never from elsewhere in the project.
  if (lookups.length > 0) loadLookupFiles(root, lookups, findings, installed.directory);
  result.package = { ...origin, dependency, range, files };
  return result;
}

/**
 * The file patterns of a package's `weft` field (or the default ones), each relative to the
 * package's folder. A pattern that could name a file outside the package (`..`, an absolute
 * path) or in a hidden folder is refused.
 */
function filePatterns(field: unknown, name: string, report: (pointer: string, message: string, hint?: string) => void): string[] {
  if (field === undefined) return [...defaultPackageFiles];
  if (!isObject(field)) {
    report('/weft', `connector package '${name}': its 'weft' field must be an object such as { "files": ["connectors/*.yaml"] }`);
    return [];
  }
  const files = field.files;
  if (files === undefined) return [...defaultPackageFiles];
  if (!Array.isArray(files) || files.length > maxPatterns) {
    report('/weft/files', `connector package '${name}': 'weft.files' must be a list of at most ${maxPatterns} file patterns relative to the package folder`);
    return [];
  }
  const patterns: string[] = [];
  files.forEach((pattern: unknown, index) => {
    const problem = patternProblem(pattern);
    if (problem) report(`/weft/files/${index}`, `connector package '${name}': ${problem}; weft reads files inside the package folder only`, 'a pattern such as "connectors/*.yaml", relative to the folder of package.json');
    else patterns.push(pattern as string);
  });
  return patterns;
}

/** Longer file patterns are refused. */
const maxPatternLength = 256;

function patternProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string' || pattern.trim() === '') return 'a file pattern must be a non-empty string';
  // Long or deeply nested patterns cost the matcher time (and crash it past 65,536 characters).
  if (pattern.length > maxPatternLength) return `a file pattern of ${pattern.length} characters is longer than the ${maxPatternLength} weft takes`;
  if ((pattern.match(/[{(]/g)?.length ?? 0) > 16) return 'a file pattern with more than 16 groups ({…} or (…)) is not taken';
  const shown = `'${pattern.length > 80 ? pattern.slice(0, 80) + '…' : pattern}'`;
  if (pattern.includes('\\') || pattern.includes('\0')) return `${shown} has a backslash or NUL; patterns use '/'`;
  if (pattern.startsWith('/') || /^[a-z]:/i.test(pattern) || pattern.startsWith('~')) return `${shown} is an absolute path`;
  if (pattern.startsWith('!')) return `${shown} is a negation, which weft.files does not take`;
  const segments = pattern.split('/');
  if (segments.some((segment) => segment === '..' || /(^|[{,])\.\.([},]|$)/.test(segment))) return `${shown} leads outside the package`;
  if (segments.some((segment) => segment.startsWith('.') || /[{,]\./.test(segment))) return `${shown} names a hidden file or folder`;
  if (segments.includes('node_modules')) return `${shown} names a node_modules folder, the package's own dependencies`;
  return undefined;
}

/**
 * The YAML files of a package that match its patterns, relative to its folder with '/', sorted.
 * Only the folders the patterns start from are walked; dot-folders and node_modules are skipped;
 * a link (to a file or a folder) is reported and not followed, whatever it points at.
 */
async function listPackageFiles(directory: string, patterns: readonly string[], report: (file: string, message: string) => void): Promise<string[]> {
  if (patterns.length === 0) return [];
  let real: string;
  try {
    real = await realpath(directory);
  } catch {
    return [];
  }
  const matches = picomatch([...patterns], { dot: false });
  const files = new Set<string>();
  let entries = 0;
  let bytes = 0;
  let full = false;
  // From the first folder of each pattern, so that every folder on the way is looked at (a link
  // as 'a' in 'a/b/*.yaml' must not be passed through).
  const bases = [...new Set(patterns.map((pattern) => picomatch.scan(pattern).base.split('/')[0]!))].sort();
  // A base below another base is walked with it.
  const walked = bases.filter((base) => !bases.some((other) => other !== base && (other === '' || base.startsWith(other + '/'))));
  const visit = async (relative: string): Promise<void> => {
    if (full) return;
    let stats;
    try {
      stats = await lstat(path.join(real, ...relative.split('/').filter(Boolean)));
    } catch {
      return;
    }
    if (stats.isSymbolicLink()) {
      // Where the patterns look, any link is worth a word: it may be what a pattern was meant to find.
      report(relative, 'is a link; weft reads the files of a package itself and follows no link out of it');
      return;
    }
    if (stats.isFile()) {
      if (!/\.ya?ml$/.test(relative) || !matches(relative)) return;
      if (stats.size > maxPackageFileBytes) return report(relative, `is ${stats.size} bytes; a package's files may hold ${maxPackageFileBytes / 1048576} MB each`);
      bytes += stats.size;
      if (bytes > maxPackageBytes || files.size >= maxPackageFiles) full = true;
      else files.add(relative);
      return;
    }
    if (!stats.isDirectory()) return;
    let names;
    try {
      names = await readdir(path.join(real, ...relative.split('/').filter(Boolean)));
    } catch {
      return;
    }
    entries += names.length;
    if (entries > maxPackageEntries) {
      full = true;
      return;
    }
    const below = names.filter((name) => !name.startsWith('.') && name !== 'node_modules').map((name) => (relative ? `${relative}/${name}` : name));
    await Promise.all(below.map(visit));
  };
  await Promise.all(walked.map(visit));
  if (full) report('*', `has more than ${maxPackageFiles} files, ${maxPackageEntries} entries or ${maxPackageBytes / 1048576} MB where its patterns look; only some are read`);
  return [...files].sort(compare);
}

function relativeTo(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
