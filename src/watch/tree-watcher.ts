import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** What a project's tree tells its watcher. */
export interface TreeEvents {
  /** A YAML file (or a CSV file, which a lookup may read) that may have changed, appeared or gone; or a watched folder that went (or was replaced). */
  changed(absolute: string): void;
  /** A folder that appeared: files may have been written into it before it was watched. */
  folderAdded(absolute: string): void;
  error(error: Error): void;
}

const yamlName = /\.ya?ml$/;
/** The CSV files lookups read are reported too. */
const csvName = /\.csv$/i;

/** Folders weft never reads: dot-folders (.git, .weft, …) and node_modules. */
function skippedFolder(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/**
 * Watches the folders of a project for what `weft watch` needs: one watch per folder (the OS
 * reports the names that changed in it), none per file, and a link to a YAML file watched
 * where it leads. A file written is reported as its event arrives, and a folder is never
 * listed again on a change of one of its files (chokidar listed the folder, and took the stats
 * of all its files, on every change in it: a tenth of a watch cycle in a folder of 200 files).
 * A folder that appears is watched with everything below it, and reported; one that goes
 * (or is moved away) is forgotten, and reported.
 */
export class TreeWatcher {
  private readonly folders = new Map<string, FSWatcher>();
  private readonly links = new Map<string, FSWatcher>();
  private closed = false;
  /** Settles once every folder there was at the start is watched. */
  readonly ready: Promise<void>;

  constructor(
    root: string,
    private readonly events: TreeEvents,
  ) {
    this.ready = this.add(root, false);
  }

  close(): void {
    this.closed = true;
    for (const watcher of [...this.folders.values(), ...this.links.values()]) watcher.close();
    this.folders.clear();
    this.links.clear();
  }

  /** Watches a folder and every folder below it (`announce`: and reports it as new). */
  private async add(folder: string, announce: boolean): Promise<void> {
    if (this.closed || this.folders.has(folder)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, { persistent: true }, (event, name) => this.onEvent(folder, event, name));
    } catch (error) {
      // Gone (or replaced by a file) before it could be watched: its parent reported that.
      if (!isGone(error)) this.events.error(error as Error);
      return;
    }
    // A folder removed under its watcher: forgotten (its parent reports it), not an error.
    watcher.on('error', (error) => {
      this.forget(folder);
      if (!isGone(error)) this.events.error(error);
    });
    this.folders.set(folder, watcher);
    if (announce) this.events.folderAdded(folder);
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    const below: Promise<void>[] = [];
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolder(entry.name)) below.push(this.add(full, false));
      } else if (entry.isSymbolicLink() && yamlName.test(entry.name)) {
        this.watchLink(full);
      }
    }
    await Promise.all(below);
  }

  private onEvent(folder: string, event: string, name: string | Buffer | null): void {
    if (this.closed || !this.folders.has(folder)) return;
    // The OS did not say what changed (its queue overflowed): everything in the folder is looked at.
    if (name === null) return this.events.folderAdded(folder);
    const base = name.toString();
    const full = path.join(folder, base);
    if (this.folders.has(full)) {
      if (event !== 'rename') return;
      // A watched folder removed or moved away: forgotten and reported; watched again if one is there now.
      this.forget(full);
      this.events.changed(full);
      void this.addIfFolder(full, base);
      return;
    }
    if (yamlName.test(base)) {
      this.events.changed(full);
      if (event === 'rename') void this.checkLink(full);
    } else if (csvName.test(base)) this.events.changed(full);
    if (event === 'rename') void this.addIfFolder(full, base);
  }

  /** Watches a path that may have become a folder (created, moved in), reporting it. */
  private async addIfFolder(full: string, base: string): Promise<void> {
    if (skippedFolder(base)) return;
    const stats = await lstat(full).catch(() => undefined);
    if (stats?.isDirectory()) await this.add(full, true);
  }

  /** A YAML name that may now be a link (watched where it leads), or no longer one. */
  private async checkLink(full: string): Promise<void> {
    const stats = await lstat(full).catch(() => undefined);
    if (stats?.isSymbolicLink()) this.watchLink(full);
    else this.unwatchLink(full);
  }

  private watchLink(file: string): void {
    if (this.closed || this.links.has(file)) return;
    try {
      // Watching a link watches what it leads to: an edit there is an edit of this file.
      const watcher = watch(file, { persistent: true }, () => {
        if (!this.closed) this.events.changed(file);
      });
      watcher.on('error', () => this.unwatchLink(file));
      this.links.set(file, watcher);
    } catch {
      // A link to nothing: loading it says so; its folder reports when it changes.
    }
  }

  private unwatchLink(file: string): void {
    this.links.get(file)?.close();
    this.links.delete(file);
  }

  /** Stops watching a folder and everything below it. */
  private forget(folder: string): void {
    const prefix = folder + path.sep;
    for (const [watched, watcher] of this.folders) {
      if (watched === folder || watched.startsWith(prefix)) {
        watcher.close();
        this.folders.delete(watched);
      }
    }
    for (const file of this.links.keys()) if (file.startsWith(prefix)) this.unwatchLink(file);
  }
}

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EPERM';
}
