import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';

/** Project file names, in order of preference. */
export const projectFileNames = ['weft.yaml', 'weft.yml'] as const;

const skippedDirectories = new Set(['node_modules']);

/**
 * Every YAML file of a project, relative to its root with '/' separators, sorted: all `*.yaml` and
 * `*.yml` files below the root except `node_modules/`, `.weft/`, dot-directories and the
 * project's `exclude` globs. Symbolic links to directories are not followed (no cycles). A link
 * into a hidden place (see `hiddenLinkTarget`) is listed so that loading it reports why it is not read.
 */
export async function discoverFiles(root: string, exclude: readonly string[] = []): Promise<string[]> {
  const isExcluded = excludeMatcher(exclude);
  const files: string[] = [];
  async function walk(relativeDirectory: string): Promise<void> {
    const entries = await readdir(path.join(root, relativeDirectory), { withFileTypes: true });
    const subdirectories: string[] = [];
    for (const entry of entries) {
      const relative = relativeDirectory ? `${relativeDirectory}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || skippedDirectories.has(entry.name)) continue;
        if (isExcluded(relative) || isExcluded(relative + '/')) continue;
        subdirectories.push(relative);
      } else if (/\.ya?ml$/.test(entry.name) && !isExcluded(relative)) {
        // A link counts only when it leads to a regular file (never a directory, FIFO or device).
        if (entry.isFile() || (entry.isSymbolicLink() && (await isListedLink(root, path.join(root, relative))))) files.push(relative);
      }
    }
    await Promise.all(subdirectories.map(walk));
  }
  await walk('');
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Whether a path matches the project's exclude globs. */
export function excludeMatcher(exclude: readonly string[]): (relative: string) => boolean {
  return exclude.length > 0 ? picomatch([...exclude], { dot: true }) : () => false;
}

/** Whether discovery would list this one path (relative, '/'-separated): for watch mode's single changes. */
export async function isDiscoverable(root: string, relative: string, isExcluded: (relative: string) => boolean): Promise<boolean> {
  const parts = relative.split('/');
  if (!/\.ya?ml$/.test(parts.at(-1)!)) return false;
  let directory = '';
  for (const part of parts.slice(0, -1)) {
    directory = directory ? `${directory}/${part}` : part;
    if (part.startsWith('.') || skippedDirectories.has(part) || isExcluded(directory) || isExcluded(directory + '/')) return false;
  }
  if (isExcluded(relative)) return false;
  const file = path.join(root, ...parts);
  const stats = await lstat(file).catch(() => undefined);
  return stats !== undefined && (stats.isFile() || (stats.isSymbolicLink() && (await isListedLink(root, file))));
}

/** A link is listed when it leads to a project file, or to a hidden place (to be reported, never read). */
async function isListedLink(root: string, file: string): Promise<boolean> {
  return (await isProjectFile(root, file)) || (await hiddenLinkTarget(root, file)) !== undefined;
}

/** Where a link leads that weft will not follow, in words for a message. */
export type HiddenPlace = 'a hidden file' | 'a file in a hidden directory' | 'a file in node_modules';

/**
 * Why a link must not be read, if it must not: its real target is a dot-file, or lies in a
 * dot-directory or `node_modules` (inside the project or anywhere else, such as `~/.ssh`). In a
 * pull request's CI job, `key.yaml -> .weft/secret.key` would otherwise print the checkout's
 * credentials in a code frame. Inside the project only the part below the root counts, so a
 * project that itself lives in a dot-directory still works. Undefined for anything that is not a link.
 */
export async function hiddenLinkTarget(root: string, file: string): Promise<HiddenPlace | undefined> {
  try {
    if (!(await lstat(file)).isSymbolicLink()) return undefined;
    const [target, realRoot] = await Promise.all([realpath(file), realpath(root)]);
    const inside = target.startsWith(realRoot + path.sep);
    const parts = (inside ? path.relative(realRoot, target) : target).split(path.sep).filter((part) => part !== '');
    if (parts.at(-1)!.startsWith('.')) return 'a hidden file';
    const directories = parts.slice(0, -1);
    if (directories.some((part) => part.startsWith('.'))) return 'a file in a hidden directory';
    if (directories.some((part) => skippedDirectories.has(part))) return 'a file in node_modules';
    return undefined;
  } catch {
    // A dangling link or an unreadable target: not read either way.
    return undefined;
  }
}

/** A link's target must be a regular file inside the project: a pull request's link to /etc/passwd is not configuration. */
async function isProjectFile(root: string, file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    const [target, realRoot] = await Promise.all([realpath(file), realpath(root)]);
    return target.startsWith(realRoot + path.sep) && (await hiddenLinkTarget(root, file)) === undefined;
  } catch {
    return false;
  }
}
