import path from 'node:path';
import type { RuleMemo } from '../check/context.js';
import type { LocationCache } from '../pipeline/locate-findings.js';
import { discoverFiles, excludeMatcher, isDiscoverable, projectFileNames } from '../discover/discover.js';
import { loadFile, loadText, type LoadedFile, type LoadedOverlayFile } from '../pipeline/load-file.js';
import { loadFiles } from '../pipeline/load-files.js';
import { lookupFile } from '../pipeline/lookup-files.js';
import { assembleProject, findProjectFile, gatherFiles, loadOverlays, projectExclude, projectTexts, type GatheredFiles } from '../pipeline/load-project.js';
import { declaredEnvironments } from '../environments/select-environment.js';
import { loadPackages, noPackages, type ProjectPackages } from '../packages/load-packages.js';
import type { FileCache } from '../cache/file-cache.js';
import { runStepsYielding } from '../pipeline/steps.js';

/** What changes when dependencies do: the project's package.json, and npm's record of an install. */
export const packageFiles: readonly string[] = ['package.json', 'node_modules/.package-lock.json'];
import { validateEnvironments, validateLoaded, validateLoadedYielding, type ValidationResult } from '../pipeline/validate-project.js';

/**
 * A project kept in memory between changes: each file's loaded (parsed, schema-checked) form,
 * re-read only when that file changes, and the per-resource findings of the semantic checks,
 * reused while a resource is unchanged. Validating it gives what a full `weft validate` gives.
 */
export class IncrementalProject {
  private projectFile: LoadedFile | undefined;
  private readonly files = new Map<string, LoadedFile>();
  private isExcluded: (relative: string) => boolean = () => false;
  private readonly memo: RuleMemo = new WeakMap();
  private readonly locations: LocationCache = new Map();
  /** The files in discovery order; worked out again only when files come or go. */
  private order: string[] | undefined;
  /** The overlay folders' files: few and small, so read again whenever something in a folder changes. */
  private overlays: LoadedOverlayFile[] = [];
  private overlayFolders: string[] = [];
  /** The installed connector packages: read when the project is discovered, and again when `packageFiles` change. */
  private packages: ProjectPackages = noPackages;
  /** Texts an editor holds for files (unsaved changes, `weft lsp`): read instead of the files on disk. */
  private readonly buffers = new Map<string, string>();
  /**
   * The files in order, their texts and what they add up to, as the last assembly gave them
   * (gathering them again each cycle was a third of one), patched for the files read again
   * since (`reread`): undefined when files came or went, or the project file, the overlays or
   * the packages changed (gathered anew then).
   */
  private gathering: Gathering | undefined;
  private readonly reread = new Set<string>();

  /** Where the first load starts from (what `weft validate` left in .weft/cache/); given back once the first validation is done. */
  private fileCache: FileCache | undefined;

  constructor(
    readonly root: string,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
    /** The environment validated for (`--env`); undefined for the project's default. */
    private readonly environment?: string,
    fileCache?: FileCache,
  ) {
    this.fileCache = fileCache;
  }

  /** Reads the project file and discovers again; files already loaded (and unchanged) are kept. */
  async rediscover(): Promise<void> {
    // Until the project file is read again, there is no project (it may be gone for good).
    this.projectFile = undefined;
    this.gathering = undefined;
    const name = await findProjectFile(this.root);
    const packages = loadPackages(this.root);
    packages.catch(() => undefined);
    this.projectFile = await this.load(name);
    const exclude = projectExclude(this.projectFile);
    this.isExcluded = excludeMatcher(exclude);
    const discovered = (await discoverFiles(this.root, exclude)).filter((file) => file !== name);
    const keep = new Set(discovered);
    for (const file of this.files.keys()) if (!keep.has(file)) this.files.delete(file);
    const fresh = discovered.filter((file) => !this.files.has(file));
    const buffered = fresh.filter((file) => this.buffers.has(file));
    for (const loaded of await loadFiles(this.root, fresh.filter((file) => !this.buffers.has(file)), this.env, this.fileCache)) this.files.set(loaded.file, loaded);
    this.fileCache?.seed(this.memo);
    for (const file of buffered) this.files.set(file, await this.load(file));
    this.order = undefined;
    this.overlays = await loadOverlays(this.root, this.projectFile);
    const project = this.projectFile.resources.find((resource) => resource.kind === 'Project');
    this.overlayFolders = [...declaredEnvironments(project?.value).values()].map((environment) => environment.overlay);
    this.packages = await packages;
  }

  /**
   * Takes changed paths (relative, '/'-separated; files or removed directories): re-reads those
   * that discovery lists, forgets those it no longer does. A change to the project file
   * discovers again (its exclude globs may have changed). A CSV file a lookup reads stands for
   * the YAML files of the lookups that read it: they are read again, so their resources are new
   * objects and nothing worked out from the old table is replayed.
   */
  async update(changed: Iterable<string>): Promise<void> {
    const paths = this.forTables([...new Set(changed)]);
    const before = this.files.size;
    // A path that is not a file of the project may be a removed directory: everything below it
    // goes. One pass over the files for all of them (a folder of 10,000 files removed is 10,000
    // paths: not 10,000 passes).
    const directories = new Set<string>();
    for (const relative of paths) {
      if (!this.files.delete(relative)) directories.add(relative);
      this.locations.delete(relative);
    }
    if (directories.size > 0) {
      for (const file of this.files.keys()) {
        for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) {
          if (directories.has(file.slice(0, slash))) {
            this.files.delete(file);
            this.locations.delete(file);
            break;
          }
        }
      }
    }
    if (!this.projectFile || paths.some((relative) => (projectFileNames as readonly string[]).includes(relative))) return this.rediscover();
    // package.json edited, or npm finished installing (it writes node_modules/.package-lock.json
    // last): the connector packages are read again.
    if (paths.some((relative) => packageFiles.includes(relative))) {
      this.packages = await loadPackages(this.root).catch(() => noPackages);
      this.order = undefined;
    }
    if (paths.some((relative) => this.overlayFolders.some((folder) => relative === folder || relative.startsWith(folder + '/') || folder.startsWith(relative + '/')))) {
      this.overlays = await loadOverlays(this.root, this.projectFile);
      this.gathering = undefined;
    }
    const listed = await Promise.all(paths.map(async (relative) => ((await isDiscoverable(this.root, relative, this.isExcluded)) ? relative : undefined)));
    const toLoad = listed.filter((relative): relative is string => relative !== undefined);
    const loaded = await Promise.all(toLoad.map((relative) => this.load(relative)));
    for (const file of loaded) {
      this.files.set(file.file, file);
      this.reread.add(file.file);
    }
    if (this.files.size !== before || loaded.length !== paths.length) this.order = undefined;
  }

  /**
   * The paths with the YAML files of the lookups whose CSV file they are, or lie below (a folder
   * removed, moved or replaced), added; a CSV file itself is no file of the project and goes.
   */
  private forTables(paths: string[]): string[] {
    // Project files (most changes) are read again anyway: only other paths are looked up.
    const others = paths.filter((relative) => !this.files.has(relative) && !/\.ya?ml$/.test(relative));
    if (others.length === 0) return paths;
    const readers = this.tableReaders(others);
    if (readers.size === 0) return paths;
    const tables = new Set(others.filter((relative) => /\.csv$/i.test(relative) && !this.holdsFiles(relative)));
    return [...new Set([...paths.filter((relative) => !tables.has(relative)), ...readers])];
  }

  /**
   * Whether a changed path may change the project: a CSV file only if a lookup reads it (it need
   * not exist yet), or if it is a folder the project has files in; any other path may.
   */
  concerns(relative: string): boolean {
    if (!/\.csv$/i.test(relative) || this.files.has(relative) || this.holdsFiles(relative)) return true;
    return this.tableReaders([relative]).size > 0;
  }

  private holdsFiles(folder: string): boolean {
    for (const file of this.files.keys()) if (file.startsWith(`${folder}/`)) return true;
    return false;
  }

  /** The files (the project file too) of the lookups whose CSV file is one of these paths or lies below one. */
  private tableReaders(paths: readonly string[]): Set<string> {
    const readers = new Set<string>();
    const files = this.projectFile ? [this.projectFile, ...this.files.values()] : this.files.values();
    for (const loaded of files) {
      for (const resource of loaded.resources) {
        const file = lookupFile(this.root, resource);
        const table = file === undefined ? undefined : this.relative(file);
        if (table !== undefined && paths.some((changed) => table === changed || table.startsWith(`${changed}/`))) readers.add(loaded.file);
      }
    }
    return readers;
  }

  /**
   * Holds an editor's text for a file (undefined: the editor closed it, the file on disk counts
   * again). Takes effect at the next `update` of that path, which the caller makes.
   */
  setBuffer(relative: string, text: string | undefined): void {
    // Lone CRs are line breaks to an editor too; as for files read, the text keeps its length.
    if (text === undefined) this.buffers.delete(relative);
    else this.buffers.set(relative, text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text);
  }

  /** Whether the project has a file (listed by discovery and loaded). */
  has(relative: string): boolean {
    return this.files.has(relative) || this.projectFile?.file === relative;
  }

  private load(relative: string): Promise<LoadedFile> {
    const text = this.buffers.get(relative);
    return text === undefined ? loadFile(this.root, relative) : Promise.resolve(loadText(relative, text));
  }

  /** Every stage up to the bundle, over the files as they are now. */
  validate(): ValidationResult {
    return this.handBack(validateLoaded(this.assemble(), { memo: this.memo, locations: this.locations, environment: this.environment }));
  }

  /**
   * `validate`, letting the event loop turn every few milliseconds (weft watch handles Ctrl-C
   * at once during the seconds a big project's first check takes): undefined when `stopped()`
   * says so at such a turn, the validation abandoned. Abandon only to stop: what the checks
   * carry from one run to the next is then updated for some rules and not others, and a later
   * validation could replay what no longer holds. What the first one loaded and found goes back
   * to the file cache with `handBackYielding`, not here.
   */
  validateYielding(stopped: () => boolean): Promise<ValidationResult | undefined> {
    return validateLoadedYielding(this.assemble(), { memo: this.memo, locations: this.locations, environment: this.environment, stopped });
  }

  /** After the first validation: `handBack`, a few hundred files at a time; nothing is written when `stopped()` says so between them. */
  async handBackYielding(stopped: () => boolean): Promise<void> {
    const cache = this.fileCache;
    if (!cache) return;
    this.fileCache = undefined;
    await runStepsYielding(cache.saveSteps(this.memo), { stopped });
  }

  /** As `weft validate` without `--env`: every declared environment, each diagnostic once with the environments it is found in. */
  validateEveryEnvironment(): ValidationResult {
    return this.handBack(validateEnvironments(this.assemble(), this.memo, this.locations));
  }

  /** After the first validation: what it loaded and found goes back to the file cache, for the next start; later changes are this process's. */
  private handBack<T>(result: T): T {
    if (this.fileCache) {
      this.fileCache.save(this.memo);
      this.fileCache = undefined;
    }
    return result;
  }

  private assemble() {
    if (!this.projectFile) throw new Error('rediscover() first');
    if (!this.order) {
      this.order = [...this.files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      this.gathering = undefined;
    }
    let gathering = this.gathering?.projectFile === this.projectFile ? this.gathering : undefined;
    for (const file of gathering ? this.reread : []) {
      const position = gathering!.index.get(file);
      if (position === undefined || !gathering!.replace(position, this.files.get(file)!)) gathering = undefined;
      if (!gathering) break;
    }
    this.reread.clear();
    gathering ??= new Gathering(this.projectFile, this.order.map((file) => this.files.get(file)!), this.overlays, this.packages);
    this.gathering = gathering;
    return assembleProject(this.root, this.projectFile, gathering.others, this.overlays, this.packages, { texts: gathering.texts, gathered: gathering.result });
  }

  /** A path as the project names it, or undefined outside the project. */
  relative(absolute: string): string | undefined {
    const relative = path.relative(this.root, absolute);
    return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative.split(path.sep).join('/');
  }
}

/**
 * A project's files in order (the project file apart), their texts (`projectTexts`) and what
 * they add up to (`gatherFiles`), where a file read again takes the place of its old loaded
 * form: its text set, its resources and findings spliced in where the old ones were, the bytes,
 * lost documents and salvaged names counted again. What it gives is what gathering all the
 * files again gives. The texts are kept up to date in place: an earlier validation's
 * `project.sources` is this map too.
 */
class Gathering {
  readonly index = new Map<string, number>();
  readonly result: GatheredFiles;
  readonly texts: Map<string, string>;
  /** Where each file's resources, and findings, start in the result's lists. */
  private readonly resourceStarts: Int32Array;
  private readonly findingStarts: Int32Array;
  private readonly salvagedCounts = new Map<string, number>();
  private lostCount = 0;

  constructor(
    readonly projectFile: LoadedFile,
    readonly others: LoadedFile[],
    overlays: readonly LoadedOverlayFile[],
    packages: ProjectPackages,
  ) {
    this.result = gatherFiles(projectFile, others);
    this.texts = projectTexts(projectFile, others, overlays, packages);
    this.resourceStarts = new Int32Array(others.length);
    this.findingStarts = new Int32Array(others.length);
    let resources = projectFile.resources.length;
    let findings = projectFile.findings.length;
    for (let position = 0; position < others.length; position++) {
      const loaded = others[position]!;
      this.index.set(loaded.file, position);
      this.resourceStarts[position] = resources;
      this.findingStarts[position] = findings;
      resources += loaded.resources.length;
      findings += loaded.findings.length;
    }
    for (const loaded of [projectFile, ...others]) this.count(loaded, 1);
  }

  /** Puts a file's new loaded form in place of the old one; false when it cannot (a file of very many resources: gather again). */
  replace(position: number, loaded: LoadedFile): boolean {
    const old = this.others[position]!;
    if (old === loaded) return true;
    if (loaded.resources.length > 10_000 || loaded.findings.length > 10_000) return false;
    splice(this.result.resources, this.resourceStarts, position, old.resources, loaded.resources);
    splice(this.result.findings, this.findingStarts, position, old.findings, loaded.findings);
    this.result.bytes += loaded.bytes - old.bytes;
    this.count(old, -1);
    this.count(loaded, 1);
    this.result.lostDocuments = this.lostCount > 0;
    // A new set (never the one an earlier result holds) when the names change.
    if (old.salvagedNames.length > 0 || loaded.salvagedNames.length > 0) this.result.salvagedNames = new Set(this.salvagedCounts.keys());
    this.others[position] = loaded;
    this.texts.set(loaded.file, loaded.text);
    return true;
  }

  private count(loaded: LoadedFile, by: 1 | -1): void {
    if (loaded.lost) this.lostCount += by;
    for (const name of loaded.salvagedNames) {
      const count = (this.salvagedCounts.get(name) ?? 0) + by;
      if (count > 0) this.salvagedCounts.set(name, count);
      else this.salvagedCounts.delete(name);
    }
  }
}

/** Puts `after` in place of `before` at a file's start in a list, moving the starts of the files after it. */
function splice<T>(list: T[], starts: Int32Array, position: number, before: readonly T[], after: readonly T[]): void {
  const at = starts[position]!;
  if (before.length === after.length) {
    for (let offset = 0; offset < after.length; offset++) list[at + offset] = after[offset]!;
    return;
  }
  list.splice(at, before.length, ...after);
  const shift = after.length - before.length;
  for (let next = position + 1; next < starts.length; next++) starts[next] = starts[next]! + shift;
}
