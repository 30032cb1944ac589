import path from 'node:path';
import type { RuleMemo } from '../check/context.js';
import { discoverFiles, excludeMatcher, isDiscoverable, projectFileNames } from '../discover/discover.js';
import { loadFile, type LoadedFile, type LoadedOverlayFile } from '../pipeline/load-file.js';
import { loadFiles } from '../pipeline/load-files.js';
import { assembleProject, findProjectFile, loadOverlays, projectExclude } from '../pipeline/load-project.js';
import { declaredEnvironments } from '../environments/select-environment.js';
import { validateLoaded, type ValidationResult } from '../pipeline/validate-project.js';

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
  /** The files in discovery order; worked out again only when files come or go. */
  private order: string[] | undefined;
  /** The overlay folders' files: few and small, so read again whenever something in a folder changes. */
  private overlays: LoadedOverlayFile[] = [];
  private overlayFolders: string[] = [];

  constructor(
    readonly root: string,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
    /** The environment validated for (`--env`); undefined for the project's default. */
    private readonly environment?: string,
  ) {}

  /** Reads the project file and discovers again; files already loaded (and unchanged) are kept. */
  async rediscover(): Promise<void> {
    // Until the project file is read again, there is no project (it may be gone for good).
    this.projectFile = undefined;
    const name = await findProjectFile(this.root);
    this.projectFile = await loadFile(this.root, name);
    const exclude = projectExclude(this.projectFile);
    this.isExcluded = excludeMatcher(exclude);
    const discovered = (await discoverFiles(this.root, exclude)).filter((file) => file !== name);
    const keep = new Set(discovered);
    for (const file of this.files.keys()) if (!keep.has(file)) this.files.delete(file);
    const fresh = discovered.filter((file) => !this.files.has(file));
    for (const loaded of await loadFiles(this.root, fresh, this.env)) this.files.set(loaded.file, loaded);
    this.order = undefined;
    this.overlays = await loadOverlays(this.root, this.projectFile);
    const project = this.projectFile.resources.find((resource) => resource.kind === 'Project');
    this.overlayFolders = [...declaredEnvironments(project?.value).values()].map((environment) => environment.overlay);
  }

  /**
   * Takes changed paths (relative, '/'-separated; files or removed directories): re-reads those
   * that discovery lists, forgets those it no longer does. A change to the project file
   * discovers again (its exclude globs may have changed).
   */
  async update(changed: Iterable<string>): Promise<void> {
    const paths = [...new Set(changed)];
    const before = this.files.size;
    for (const relative of paths) {
      this.files.delete(relative);
      // A removed directory: everything below it goes.
      for (const file of this.files.keys()) if (file.startsWith(relative + '/')) this.files.delete(file);
    }
    if (!this.projectFile || paths.some((relative) => (projectFileNames as readonly string[]).includes(relative))) return this.rediscover();
    if (paths.some((relative) => this.overlayFolders.some((folder) => relative === folder || relative.startsWith(folder + '/') || folder.startsWith(relative + '/')))) {
      this.overlays = await loadOverlays(this.root, this.projectFile);
    }
    const listed = await Promise.all(paths.map(async (relative) => ((await isDiscoverable(this.root, relative, this.isExcluded)) ? relative : undefined)));
    const toLoad = listed.filter((relative): relative is string => relative !== undefined);
    const loaded = await Promise.all(toLoad.map((relative) => loadFile(this.root, relative)));
    for (const file of loaded) this.files.set(file.file, file);
    if (this.files.size !== before || loaded.length !== paths.length) this.order = undefined;
  }

  /** Every stage up to the bundle, over the files as they are now. */
  validate(): ValidationResult {
    if (!this.projectFile) throw new Error('rediscover() first');
    this.order ??= [...this.files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const others = this.order.map((file) => this.files.get(file)!);
    return validateLoaded(assembleProject(this.root, this.projectFile, others, this.overlays), { memo: this.memo, environment: this.environment });
  }

  /** A path as the project names it, or undefined outside the project. */
  relative(absolute: string): string | undefined {
    const relative = path.relative(this.root, absolute);
    return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative.split(path.sep).join('/');
  }
}
