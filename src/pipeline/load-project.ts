import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../diagnostics/diagnostic.js';
import { discoverFiles, excludeMatcher, projectFileNames } from '../discover/discover.js';
import type { AnyResource } from '../schema/resource.js';
import { loadFile, loadOverlayFile, type LoadedFile, type LoadedOverlayFile } from './load-file.js';
import { parseFile } from '../parse/parse-file.js';
import { loadFiles } from './load-files.js';
import { loadLookupFiles } from './lookup-files.js';
import { declaredEnvironments, overlayExcludes } from '../environments/select-environment.js';
import { loadPackages, noPackages, type ProjectPackages } from '../packages/load-packages.js';
import type { FileCache } from '../cache/file-cache.js';
import type { RuleMemo } from '../check/context.js';

/** A project read from disk: its resources, the text of every file and what went wrong. */
export interface LoadedProject {
  root: string;
  /** The project file's name relative to the root (weft.yaml). */
  projectFile: string;
  files: string[];
  sources: Map<string, string>;
  resources: AnyResource[];
  findings: Finding[];
  /** Bytes read, for throughput figures. */
  bytes: number;
  /** Names that documents which could not be read as resources may define. */
  salvagedNames: Set<string>;
  /** Whether some document could not be read as a resource (so what it references is unknown). */
  lostDocuments: boolean;
  /** The files of every declared environment's overlay folder (their texts are in `sources`). */
  overlays: LoadedOverlayFile[];
  /** The installed connector packages (their files' texts are in `sources`, not in `files`). */
  packages: ProjectPackages;
}

/** Raised when a directory is not a weft project: a usage error, not a finding in a file. */
export class NotAProjectError extends Error {}

/** Finds the project file of a directory. */
export async function findProjectFile(root: string): Promise<string> {
  for (const name of projectFileNames) {
    const found = await stat(path.join(root, name)).then((stats) => stats.isFile(), () => false);
    if (found) return name;
  }
  const exists = await stat(root).then((stats) => stats.isDirectory(), () => false);
  throw new NotAProjectError(exists ? `${root} is not a weft project: it has no weft.yaml` : `${root} is not a directory`);
}

/**
 * Discovers, reads, parses and schema-validates every file of a project. One bad file never
 * stops the others from being read and reported.
 */
export async function loadProject(
  root: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  /** `packagesFrom`: the directory whose installed connector packages count (a copy of the project at a git revision has none of its own). */
  options: { packagesFrom?: string; fileCache?: FileCache; memo?: RuleMemo } = {},
): Promise<LoadedProject> {
  const projectFile = await findProjectFile(root);
  // Alongside discovery, which takes longer: a project without a package.json costs a failed read per folder above it.
  const packages = loadPackages(options.packagesFrom ?? root);
  // Handled from the start: a rejection while discovery is still running is not unhandled.
  packages.catch(() => undefined);
  try {
    // The project file first: its exclude globs shape discovery.
    const loadedProjectFile = await loadFile(root, projectFile);
    const files = (await discoverFiles(root, projectExclude(loadedProjectFile))).filter((file) => file !== projectFile);
    const [loaded, overlays] = await Promise.all([loadFiles(root, files, env, options.fileCache), loadOverlays(root, loadedProjectFile)]);
    if (options.fileCache && options.memo) options.fileCache.seed(options.memo);
    return assembleProject(root, loadedProjectFile, loaded, overlays, await packages);
  } finally {
    // Awaited above, or failing after discovery failed: never an unhandled rejection.
    await packages.catch(() => undefined);
  }
}

/**
 * The files of every declared environment's overlay folder, read and parsed once for all
 * environments (a folder two environments share is read once). A folder that does not exist
 * has no files.
 */
export async function loadOverlays(root: string, projectFile: LoadedFile): Promise<LoadedOverlayFile[]> {
  const document = projectDocument(projectFile);
  const folders = [...new Set([...declaredEnvironments(document).values()].map((environment) => environment.overlay))];
  const listed = await Promise.all(folders.map(async (folder) => (await discoverFiles(path.join(root, folder)).catch(() => [] as string[])).map((file) => `${folder}/${file}`)));
  // The project's exclude globs hold in overlay folders too (a draft, a folder of test data).
  const isExcluded = excludeMatcher(excludeGlobs(document));
  const excluded = (file: string) => {
    // As discovery walks: a folder that matches (with or without its '/') excludes what is in it.
    const parts = file.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const folder = parts.slice(0, depth).join('/');
      if (isExcluded(folder) || isExcluded(`${folder}/`)) return true;
    }
    return isExcluded(file);
  };
  const files = [...new Set(listed.flat())].filter((file) => !excluded(file)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(files.map((file) => loadOverlayFile(root, file)));
}

/** The project document, as validated or else as written. */
function projectDocument(projectFile: LoadedFile): unknown {
  const project = projectFile.resources.find((resource) => resource.kind === 'Project');
  return project?.value ?? parseFile(projectFile.file, projectFile.text).documents[0]?.value;
}

/**
 * The exclude globs of a loaded project file, and its environments' overlay folders (whose files
 * patch resources per environment rather than being resources of their own).
 */
export function projectExclude(projectFile: LoadedFile): string[] {
  const document = projectDocument(projectFile);
  return [...excludeGlobs(document), ...overlayExcludes(document)];
}

/**
 * A project from its files, loaded: the project file and the others in discovery order. Watch
 * mode keeps the loaded files and assembles again after a change, with the texts of the files
 * kept up to date as they change (`texts`, as `projectTexts` makes it).
 */
export function assembleProject(
  root: string,
  projectFile: LoadedFile,
  others: readonly LoadedFile[],
  overlays: readonly LoadedOverlayFile[] = [],
  packages: ProjectPackages = noPackages,
  kept: { texts?: Map<string, string>; gathered?: GatheredFiles } = {},
): LoadedProject {
  const sources = kept.texts ?? projectTexts(projectFile, others, overlays, packages);
  const gathered = kept.gathered ?? gatherFiles(projectFile, others);
  const { resources, salvagedNames, lostDocuments } = gathered;
  const findings = gathered.findings.slice();
  let bytes = gathered.bytes;
  for (const overlay of overlays) bytes += overlay.bytes;
  loadLookupFiles(root, resources, findings);
  const project = projectFile.resources.find((resource) => resource.kind === 'Project');
  const name = projectFile.file;
  if (!project && !findings.some((finding) => finding.file === name)) {
    findings.push({
      severity: 'error',
      code: 'not-a-resource',
      message: `${name} must hold the Project resource (apiVersion: weft/v1, kind: Project)`,
      file: name,
      range: [0, 0],
    });
  }
  for (const resource of resources) {
    if (resource.kind !== 'Project' || resource === project) continue;
    findings.push({
      severity: 'error',
      code: 'not-a-resource',
      message: resource.file === name ? `${name} already holds the Project '${project!.name}'; a project has one` : `a Project belongs in ${name}, not in ${resource.file}`,
      file: resource.file,
      document: resource.document,
      pointer: '/kind',
    });
  }
  return {
    root,
    projectFile: name,
    files: [name, ...others.map((loaded) => loaded.file), ...overlays.map((overlay) => overlay.file)],
    sources,
    resources: resources.filter((r) => r.kind !== 'Project' || r === project),
    findings,
    bytes,
    salvagedNames,
    lostDocuments,
    overlays: [...overlays],
    packages,
  };
}

/** What the loaded files of a project add up to, in order (the project file first): watch mode keeps it up to date as files change. */
export interface GatheredFiles {
  resources: AnyResource[];
  /** The findings of loading them. */
  findings: Finding[];
  bytes: number;
  /** Never changed once made: watch mode makes a new set when the names change. */
  salvagedNames: Set<string>;
  lostDocuments: boolean;
}

export function gatherFiles(projectFile: LoadedFile, others: readonly LoadedFile[]): GatheredFiles {
  const findings: Finding[] = [];
  const resources: AnyResource[] = [];
  let bytes = 0;
  const salvagedNames = new Set<string>();
  let lostDocuments = false;
  for (let index = -1; index < others.length; index++) {
    const loaded = index < 0 ? projectFile : others[index]!;
    bytes += loaded.bytes;
    for (const name of loaded.salvagedNames) salvagedNames.add(name);
    lostDocuments ||= loaded.lost;
    // Loops, not push(...): one file may hold more findings or resources than a call's arguments may number.
    for (const finding of loaded.findings) findings.push(finding);
    for (const resource of loaded.resources) resources.push(resource);
  }
  return { resources, findings, bytes, salvagedNames, lostDocuments };
}

/** The text of every file of a project by its path: the project file, the others in order, the overlays', the connector packages'. */
export function projectTexts(projectFile: LoadedFile, others: readonly LoadedFile[], overlays: readonly LoadedOverlayFile[], packages: ProjectPackages): Map<string, string> {
  const texts = new Map<string, string>([[projectFile.file, projectFile.text]]);
  for (let index = 0; index < others.length; index++) texts.set(others[index]!.file, others[index]!.text);
  for (const overlay of overlays) texts.set(overlay.file, overlay.text);
  for (const [file, text] of packages.sources) texts.set(file, text);
  return texts;
}

/**
 * The exclude globs of weft.yaml. They count even when something else in it is wrong (a typo in
 * its kind, say): otherwise one mistake there would add errors from every excluded file.
 */
function excludeGlobs(document: unknown): string[] {
  const globs = (document as { spec?: { exclude?: unknown } } | undefined)?.spec?.exclude;
  return Array.isArray(globs) ? globs.filter((glob): glob is string => typeof glob === 'string' && glob !== '') : [];
}
