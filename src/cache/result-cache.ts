import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { readOpen, readRegularFile } from '../fs/read-regular-file.js';

/**
 * The last results of `weft validate` in `.weft/cache/results.json`, with everything each one
 * depended on: every folder below the project root with its YAML files (`.git`, `.weft`,
 * `node_modules` and dot-folders aside), every other file the run read or looked for (lookup
 * CSVs, overlays, connector packages and their folders, package.json files above), and the
 * environment variables the run read. A result is not recorded when something it read changed
 * while the run went on; a cache git tracks, or reached through a link, is never read. A run whose every input is
 * unchanged prints the recorded result without reading a YAML file: stat calls only, and a hash
 * of the files whose stat changed (a fresh CI checkout restoring the cache: new times, same
 * contents). Anything else — another weft build, a file changed, a cache edited by hand or
 * half-written, a key that does not match — is a miss, and the full run records afresh.
 *
 * This module is bundled alone (dist/validate-cache.cjs) so that a hit loads none of weft's
 * parser or checks: keep it to Node's built-in modules.
 */

export interface CachedRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** What a result is for: the same command line, in the same folder, to the same kind of output. */
export interface ResultKey {
  argv: readonly string[];
  cwd: string;
  tty: boolean;
}

/** One file: its stat when recorded, and a hash of its content (null: too big to hash, or absent). */
export type Stamp = [size: number, mtimeMs: number, ctimeMs: number, ino: number, hash: string | null, link?: string];

/**
 * The stamp of a file as a run read it (not a link: those are stamped with their target): its
 * stat when opened and the hash of the bytes read. Recorded with the result, it says what the
 * result was made of, even when the file changed since.
 */
export function stampOfRead(stats: { size: number; mtimeMs: number; ctimeMs: number; ino: number }, data: Uint8Array): Stamp {
  return [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino, stats.size <= maxHashedBytes ? digest(data) : null];
}

interface Fingerprint {
  /** When it was recorded: a file changed within the file system's time granularity of this is hashed again. */
  at: number;
  /** Per folder (relative to the root, '' for it), a hash of its listing. */
  dirs: Record<string, string>;
  files: Record<string, Stamp>;
  /** Absolute paths outside the walk: their stamps, or null where nothing was (a package.json looked for). */
  outside: Record<string, Stamp | null>;
  /** Folders outside the walk (node_modules): a hash of each listing, or null where there was none. */
  outsideDirs: Record<string, string | null>;
  /** Environment variables the run read: a hash of each value, null when unset; '*' when it read them all. */
  env: Record<string, string | null>;
}

interface Entry {
  key: ResultKey;
  fingerprint: Fingerprint;
  run: CachedRun;
}

/**
 * The JSON of results.json, after its first line: `weft-validate-results-2 <seal>`, the seal a
 * SHA-256 of the build and the JSON's bytes as written, so that a cache edited by hand (or
 * written by another build) does not match it, checked without parsing the JSON first or
 * writing it out again.
 */
interface CacheFile {
  format: 'weft-validate-results';
  build: string;
  entries: Entry[];
}

const cacheFormat = 'weft-validate-results';
const sealLine = 'weft-validate-results-2 ';
/** Results kept: one per command line (formats, environments), the newest first. */
const maxEntries = 8;
/** Folders and files walked at most: beyond this, a folder is not what weft validates, and nothing is cached. */
const maxWalked = 200_000;
/** Files hashed at most this big: a bigger one is compared by its stat alone. */
const maxHashedBytes = 16 * 1048576;
/** File systems whose times are this coarse: a file changed this close to a recording is hashed again. */
const granularityMs = 2000;
const skipped = new Set(['node_modules', '.git', '.weft']);

export function resultCacheFile(root: string): string {
  return path.join(root, '.weft', 'cache', 'results.json');
}

/**
 * The build this weft is, as written beside its bundle by scripts/build.mjs; undefined when weft
 * runs from its TypeScript sources (nothing is cached then: the code may change between runs).
 */
export function buildId(bundleDirectory: string | undefined): string | undefined {
  if (bundleDirectory === undefined) return undefined;
  try {
    const id = readFileSync(path.join(bundleDirectory, 'build-id.txt'), 'utf8').trim();
    return /^[0-9a-f]{16,64}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The build of the weft that runs: of its bundle; undefined from the TypeScript sources. */
export function currentBuild(): string | undefined {
  return buildId(typeof __filename === 'string' && __filename.endsWith('.cjs') ? path.dirname(__filename) : undefined);
}

/** The recorded result of this key when nothing it depended on changed; undefined otherwise. Never throws. */
export function cachedResult(root: string, key: ResultKey, env: Readonly<Record<string, string | undefined>>, build: string): CachedRun | undefined {
  try {
    if (!trustworthyCacheFolder(root)) return undefined;
    const cache = readCache(root, build);
    const entry = cache?.entries.find((candidate) => sameKey(candidate.key, key));
    const looked: Looked = { files: {}, outside: {} };
    const checkedAt = Date.now();
    if (!cache || !entry || !unchanged(root, entry.fingerprint, env, looked)) return undefined;
    // Same contents under new stats (a fresh checkout): stamped again, the next run needs stats only.
    refresh(root, cache, entry, build, checkedAt, looked);
    return entry.run;
  } catch {
    return undefined;
  }
}

/**
 * Records a full run's result with what it depended on: `outside`, the absolute paths it read
 * (or looked for) outside the project's folders; `env`, the variables it read (undefined: all).
 * Written whole to a temporary file and renamed over the cache, so a concurrent run reads the
 * old cache or the new one, never half of one. Never throws: a cache that cannot be written is
 * no cache.
 */
export function recordResult(
  root: string,
  key: ResultKey,
  run: CachedRun,
  depended: {
    outside: Iterable<string>;
    outsideDirs: Iterable<string>;
    env: ReadonlyMap<string, string | undefined> | undefined;
    /** Files of the walk the run read, by relative path, stamped as it read them (see `stampOfRead`): not stat'ed again. */
    read?: ReadonlyMap<string, Stamp>;
  },
  build: string,
  /** When the run began to read the project: a file changed since may have been read as it was before. */
  startedAt: number,
): void {
  try {
    const at = Date.now();
    const cache = trustworthyCacheFolder(root) ? readCache(root, build) : undefined;
    // The stamps of the last recording, for the files whose stat has not changed since: not read again.
    const previous = cache?.entries[0]?.fingerprint;
    const walked = walk(root, previous, depended.read);
    if (!walked) return;
    const outside: Record<string, Stamp | null> = {};
    for (const file of depended.outside) outside[file] = stampOf(file, previous?.outside[file], previous?.at);
    const outsideDirs: Record<string, string | null> = {};
    for (const folder of depended.outsideDirs) outsideDirs[folder] = listingOf(folder);
    const env: Record<string, string | null> = {};
    if (depended.env === undefined) env['*'] = '*';
    else for (const [name, value] of depended.env) env[name] = value === undefined ? null : digest(value);
    // Something changed while the run read the project: its result may be of the files as they were. Not recorded.
    if (changedSince(startedAt, walked.files, outside)) return;
    const entry: Entry = { key, fingerprint: { at, ...walked, outside, outsideDirs, env }, run };
    const earlier = cache?.entries.filter((candidate) => !sameKey(candidate.key, key)) ?? [];
    writeCache(root, build, [entry, ...earlier].slice(0, maxEntries));
  } catch {
    // Read-only checkout, full disk: the next run is a full run.
  }
}

/** Files whose stat changed but not their content, found while checking: their new stamps. */
interface Looked {
  files: Record<string, Stamp>;
  outside: Record<string, Stamp>;
}

/**
 * Puts the new stamps of files whose content was the same under a new stat into the entry, when
 * that spares the next run hashing them (a fresh checkout): not for files changed so lately that
 * the next run hashes them anyway.
 */
function refresh(root: string, cache: CacheFile, entry: Entry, build: string, checkedAt: number, looked: Looked): void {
  if (!changedBefore(checkedAt - granularityMs, looked.files, looked.outside)) return;
  try {
    const fingerprint = { ...entry.fingerprint, at: checkedAt, files: { ...entry.fingerprint.files, ...looked.files }, outside: { ...entry.fingerprint.outside, ...looked.outside } };
    writeCache(root, build, cache.entries.map((candidate) => (candidate === entry ? { ...entry, fingerprint } : candidate)));
  } catch {
    // Served all the same; the next run hashes again.
  }
}

/** Whether some stamp is of a file last changed before `time`. */
function changedBefore(time: number, ...stamps: Record<string, Stamp>[]): boolean {
  for (const group of stamps) for (const stamp of Object.values(group)) if (stamp[1] < time && stamp[2] < time) return true;
  return false;
}

/**
 * Whether a project's `.weft/cache/` may be read: `.weft` and `.weft/cache` are folders of their
 * own (not links), and git does not track anything in them. A cache committed to the repository
 * (a pull request's `git add -f .weft/cache`) is not weft's own record of the files: it could say
 * anything, so it is never read.
 */
export function trustworthyCacheFolder(root: string): boolean {
  try {
    for (const folder of [path.join(root, '.weft'), path.join(root, '.weft', 'cache')]) {
      if (lstatSync(folder, { throwIfNoEntry: false })?.isDirectory() !== true) return false;
    }
    return !trackedByGit(root);
  } catch {
    // Not a folder at all (a file given as the project), unreadable: no cache.
    return false;
  }
}

/** Whether the git index of the repository holding the root lists a file in a `.weft/cache/` folder. */
function trackedByGit(root: string): boolean {
  for (let directory = root; ; ) {
    const dotGit = path.join(directory, '.git');
    const stats = lstatSync(dotGit, { throwIfNoEntry: false });
    if (stats) {
      let gitDirectory = dotGit;
      if (stats.isFile()) {
        // A worktree or submodule: `gitdir: <path>`.
        const pointer = /^gitdir: (.+)$/m.exec(readCacheFile(dotGit, 4096)?.toString('utf8') ?? '')?.[1]?.trim();
        if (!pointer) return false;
        gitDirectory = path.resolve(directory, pointer);
      }
      const index = readCacheFile(path.join(gitDirectory, 'index'), 256 * 1048576);
      return index !== undefined && index.includes('.weft/cache/');
    }
    const parent = path.dirname(directory);
    if (parent === directory) return false;
    directory = parent;
  }
}

/** The largest results.json read: a bigger one is not this cache's. */
const maxCacheBytes = 64 * 1048576;

function readCache(root: string, build: string): CacheFile | undefined {
  let cache: CacheFile;
  try {
    const data = readCacheFile(resultCacheFile(root), maxCacheBytes);
    if (!data) return undefined;
    const lineEnd = data.indexOf(10);
    if (lineEnd < 0 || data.toString('latin1', 0, lineEnd) !== `${sealLine}${sealOf(build, data.subarray(lineEnd + 1))}`) return undefined;
    cache = JSON.parse(data.toString('utf8', lineEnd + 1)) as CacheFile;
  } catch {
    return undefined;
  }
  if (cache?.format !== cacheFormat || cache.build !== build || !Array.isArray(cache.entries)) return undefined;
  return cache;
}

/**
 * A cache file's bytes when it is a regular file of at most `maxBytes`, read as it is: not a link
 * (a repository could commit `.weft/cache/files.bin -> /dev/zero`), not a FIFO (opened without
 * waiting for a writer). Undefined for anything else.
 */
export const readCacheFile = readRegularFile;

/**
 * Makes `.weft/cache/` (and `.weft/`, private to its user as the engine's state wants it);
 * throws when either is a link or not a folder, so nothing is written through one.
 */
export function makeCacheDirectory(directory: string): void {
  const weft = path.dirname(directory);
  for (const folder of [weft, directory]) {
    const stats = lstatSync(folder, { throwIfNoEntry: false });
    if (!stats) mkdirSync(folder, { mode: 0o700 });
    else if (!stats.isDirectory()) throw new Error(`${folder} is not a folder`);
  }
}

function writeCache(root: string, build: string, entries: Entry[]): void {
  const cache: CacheFile = { format: cacheFormat, build, entries };
  const json = Buffer.from(JSON.stringify(cache));
  writeCacheFile(resultCacheFile(root), Buffer.concat([Buffer.from(`${sealLine}${sealOf(build, json)}\n`), json]));
}

/**
 * Writes a file of `.weft/cache/` whole under a temporary name and renames it over the old one
 * (a link there is replaced, not written through): a reader sees the old file or the new one.
 */
export function writeCacheFile(file: string, data: string | Uint8Array): void {
  makeCacheDirectory(path.dirname(file));
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function sealOf(build: string, json: Uint8Array): string {
  return createHash('sha256').update(build).update('\0').update(json).digest('hex');
}

function sameKey(a: ResultKey, b: ResultKey): boolean {
  return a.cwd === b.cwd && a.tty === b.tty && a.argv.length === b.argv.length && a.argv.every((arg, index) => arg === b.argv[index]);
}

function digest(text: string | Uint8Array): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Whether a file was changed (or its inode touched) at or after `since`. */
function changedSince(since: number, ...stamps: Record<string, Stamp | null>[]): boolean {
  for (const group of stamps) for (const stamp of Object.values(group)) if (stamp && (stamp[1] >= since || stamp[2] >= since)) return true;
  return false;
}

/** Whether the walk below the root stamps a file (relative, '/'-separated): a YAML file in no dot-folder and no skipped one. */
export function stampedByWalk(relative: string): boolean {
  const parts = relative.split('/');
  const name = parts.pop()!;
  return yamlName.test(name) && !path.isAbsolute(relative) && parts.every((part) => part !== '..' && part !== '' && !skipped.has(part) && !part.startsWith('.'));
}

/** Every folder's listing and every file's stamp below the root (as read, for the files in `read`); undefined when there are too many. */
function walk(root: string, previous?: Fingerprint, read?: ReadonlyMap<string, Stamp>): { dirs: Record<string, string>; files: Record<string, Stamp> } | undefined {
  const dirs: Record<string, string> = {};
  const files: Record<string, Stamp> = {};
  const pending = [''];
  let walked = 0;
  while (pending.length > 0) {
    const relative = pending.pop()!;
    const entries = readdirSync(relative === '' ? root : path.join(root, relative), { withFileTypes: true });
    dirs[relative] = listingHash(entries);
    for (const entry of entries) {
      if (++walked > maxWalked) return undefined;
      const inner = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name) && !entry.name.startsWith('.')) pending.push(inner);
      } else if (yamlName.test(entry.name)) {
        const stamp = (!entry.isSymbolicLink() && read?.get(inner)) || stampOf(path.join(root, inner), previous?.files[inner], previous?.at, entry.isSymbolicLink());
        if (stamp) files[inner] = stamp;
      }
    }
  }
  return { dirs, files };
}

function listingOf(folder: string): string | null {
  try {
    return listingHash(readdirSync(folder, { withFileTypes: true }));
  } catch {
    return null;
  }
}

/** What discovery lists: a YAML file's name (other files weft reads — CSVs, package.json — are stamped by path). */
const yamlName = /\.ya?ml$/;

/**
 * A folder's YAML files and folders, with their kinds, without .weft (this cache's home), .git
 * and node_modules (followed apart): a report written beside the project (`> weft.sarif`)
 * changes nothing weft reads.
 */
function listingHash(entries: readonly Dirent[]): string {
  return digest(
    entries
      .filter((entry) => !skipped.has(entry.name) && (entry.isDirectory() || yamlName.test(entry.name)))
      .map((entry) => `${entry.name}\t${entry.isDirectory() ? 'd' : entry.isSymbolicLink() ? 'l' : entry.isFile() ? 'f' : 'o'}`)
      .sort()
      .join('\n'),
  );
}

/**
 * A file's stamp (a link's: its target, and what it leads to); null when there is nothing there.
 * With the stamp recorded before at `at`: when the stat is the same and the file was not changed
 * near that recording, its hash is taken from it rather than read again.
 */
function stampOf(file: string, previous?: Stamp | null, at?: number, isLink?: boolean): Stamp | null {
  let link: string | undefined;
  // Whether it is a link: as the folder's listing said, or else asked (no exception for a file that is not one).
  if (isLink ?? lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() === true) {
    try {
      link = readlinkSync(file);
    } catch {
      // Gone since it was listed: a stamp of nothing, which will not match.
    }
  }
  if (previous && at !== undefined && previous[5] === link) {
    try {
      const stats = statSync(file);
      const [size, mtimeMs, ctimeMs, ino] = previous;
      if (stats.size === size && stats.mtimeMs === mtimeMs && stats.ctimeMs === ctimeMs && stats.ino === ino && mtimeMs < at - granularityMs) return previous;
    } catch {
      return link === undefined ? null : [0, 0, 0, 0, null, link];
    }
  }
  let stats;
  try {
    stats = statSync(file);
  } catch {
    return link === undefined ? null : [0, 0, 0, 0, null, link];
  }
  // Only a regular file is opened (a FIFO or a device would block or never end), and never waited on.
  let hash: string | null = null;
  if (stats.isFile() && stats.size <= maxHashedBytes) {
    try {
      const descriptor = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      try {
        const opened = fstatSync(descriptor);
        if (opened.isFile() && opened.ino === stats.ino) hash = digest(readOpen(descriptor, opened.size));
      } finally {
        closeSync(descriptor);
      }
    } catch {
      hash = null;
    }
  }
  const stamp: Stamp = [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino, hash];
  if (link !== undefined) stamp.push(link);
  return stamp;
}


/** Whether everything a fingerprint recorded is as it was: listings, stats (or, where a stat changed, contents), environment. */
function unchanged(root: string, fingerprint: Fingerprint, env: Readonly<Record<string, string | undefined>>, looked: Looked): boolean {
  for (const [name, value] of Object.entries(fingerprint.env)) {
    if (name === '*') return false;
    const now = env[name];
    if ((now === undefined ? null : digest(now)) !== value) return false;
  }
  for (const [relative, listing] of Object.entries(fingerprint.dirs)) {
    const entries = readdirSync(relative === '' ? root : path.join(root, relative), { withFileTypes: true });
    if (listingHash(entries) !== listing) return false;
  }
  for (const [relative, stamp] of Object.entries(fingerprint.files)) {
    const now = sameFile(path.join(root, relative), stamp, fingerprint.at);
    if (!now) return false;
    if (now !== stamp) looked.files[relative] = now;
  }
  for (const [folder, listing] of Object.entries(fingerprint.outsideDirs)) {
    if (listingOf(folder) !== listing) return false;
  }
  for (const [file, stamp] of Object.entries(fingerprint.outside)) {
    if (stamp === null) {
      if (stampOf(file) !== null) return false;
      continue;
    }
    const now = sameFile(file, stamp, fingerprint.at);
    if (!now) return false;
    if (now !== stamp) looked.outside[file] = now;
  }
  return true;
}

/**
 * The same file: the same stat and not changed near the recording (the stamp itself), or else the
 * same content (its new stamp); undefined when it changed.
 */
function sameFile(file: string, stamp: Stamp, at: number): Stamp | undefined {
  const [size, mtimeMs, ctimeMs, ino, hash, link] = stamp;
  if (link !== undefined) {
    let target: string | undefined;
    try {
      target = readlinkSync(file);
    } catch {
      return undefined;
    }
    if (target !== link) return undefined;
  }
  let stats;
  try {
    stats = statSync(file);
  } catch {
    return undefined;
  }
  if (stats.size !== size) return undefined;
  if (stats.mtimeMs === mtimeMs && stats.ctimeMs === ctimeMs && stats.ino === ino && mtimeMs < at - granularityMs) return stamp;
  if (hash === null) return undefined;
  const now = stampOf(file);
  return now !== null && now[4] === hash && now[5] === link ? now : undefined;
}
