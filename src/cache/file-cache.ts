import { createHash } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { RuleMemo } from '../check/context.js';
import type { Finding } from '../diagnostics/diagnostic.js';
import type { LoadedFile } from '../pipeline/load-file.js';
import { freshResource } from '../schema/resource.js';
import { currentBuild, makeCacheDirectory, readCacheFile, trustworthyCacheFolder } from './result-cache.js';

/** Per resource of a file (by index): what each check that looks at one resource found, and under which key. */
type KeptMemo = ([check: string, memo: { key: string; findings: Finding[] }][] | null)[];

/** What the cache keeps of a loaded file: all but its text, which the file itself holds; and its resources' check results. */
type Kept = Omit<LoadedFile, 'text'> & { memo?: KeptMemo };

const magic = Buffer.from('weft-file-cache-1\n');
/** Files kept at most; a bigger cache is not written (nothing is lost: the next run parses). */
const maxEntries = 250_000;
const maxBytes = 512 * 1048576;

/**
 * Each file's parsed, schema-checked form (resources, findings, its expressions' facts) in
 * `.weft/cache/files.bin`, keyed by the file's path and a hash of its text, for the build of weft
 * that wrote it: a run parses only what changed since. The file is a header, a SHA-256 of the
 * build and the payload, and the payload (V8's serialization): a cache from another build, cut
 * short or edited by hand fails the hash and is not read. Writes are whole-file and atomic (a
 * temporary file renamed), so runs at once never see half of one. What a run did not ask for
 * (files deleted or changed since) is dropped when it saves: the cache holds one project's files.
 */
export class FileCache {
  private readonly entries: Map<string, Kept>;
  private readonly used = new Map<string, Kept>();
  private changed = false;
  /** How many check results the memo was given from the cache: more at the end means new ones to keep. */
  private seeded = 0;

  private constructor(
    private readonly file: string,
    private readonly build: string,
    entries: Map<string, Kept>,
  ) {
    this.entries = entries;
  }

  /** The cache of a project root for this build; empty when there is none or it cannot be trusted. */
  static open(root: string, build: string): FileCache {
    const file = path.join(root, '.weft', 'cache', 'files.bin');
    return new FileCache(file, build, trustworthyCacheFolder(root) ? readEntries(file, build) : new Map());
  }

  /** The key of a text: the same text (whatever its file's times) is the same key. */
  static keyOf(file: string, text: string): string {
    return `${file}\0${createHash('sha1').update(text).digest('base64')}`;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The loaded form of a file of this text, if this build loaded it before. */
  get(file: string, text: string): LoadedFile | undefined {
    const key = FileCache.keyOf(file, text);
    const kept = this.entries.get(key);
    if (!kept || kept.file !== file) return undefined;
    // Resources made anew, as parsing makes them (see freshResource).
    if (!this.used.has(key)) kept.resources = kept.resources.map(freshResource);
    this.used.set(key, kept);
    const { memo: _memo, ...loaded } = kept;
    return { ...loaded, text };
  }

  put(loaded: LoadedFile): void {
    // A lookup table's entries may come from a CSV file, filled in later on its resource: such a
    // file is parsed every time (they are few and small).
    if (loaded.resources.some((resource) => resource.kind === 'Lookup')) return;
    const { text, ...kept } = loaded;
    this.used.set(FileCache.keyOf(loaded.file, text), kept);
    this.changed = true;
  }

  /**
   * The checks' results for the resources of the files taken from the cache, into a memo the
   * checks replay from (each under the key it was found with: a resource whose surroundings
   * changed is checked again).
   */
  seed(memo: RuleMemo): void {
    for (const kept of this.used.values()) {
      kept.memo?.forEach((entries, index) => {
        const resource = kept.resources[index];
        if (!entries || !resource) return;
        // Under the check's name as the checks spell it (a string of the program, not a copy
        // read from the cache): the checks ask by that name every run, and find it at once.
        memo.set(resource, new Map(entries.map(([check, result]) => [internalized(check), result])));
        this.seeded += entries.length;
      });
    }
  }

  /**
   * Writes what this run used and loaded (and, from `memo`, its resources' check results), when
   * that differs from what was read. Never throws.
   */
  save(memo?: RuleMemo): void {
    let results = 0;
    if (memo) {
      for (const kept of this.used.values()) {
        kept.memo = kept.resources.map((resource) => {
          const found = memo.get(resource);
          if (!found) return null;
          // Findings under a text key; not report calls kept against objects of this process.
          const portable = [...found].filter((entry): entry is [string, { key: string; findings: Finding[] }] => typeof entry[1].key === 'string' && entry[1].calls === undefined);
          results += portable.length;
          return portable;
        });
      }
    }
    if (!this.changed && this.used.size === this.entries.size && results === this.seeded) return;
    if (this.used.size > maxEntries) return;
    try {
      const payload = serialize([...this.used]);
      if (payload.length > maxBytes) return;
      makeCacheDirectory(path.dirname(this.file));
      const temporary = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        writeFileSync(temporary, Buffer.concat([magic, sealOf(this.build, payload), payload]));
        renameSync(temporary, this.file);
      } finally {
        rmSync(temporary, { force: true });
      }
    } catch {
      // A read-only checkout, a full disk: the next run parses again.
    }
  }
}

/** The program's own copy of a string read from the cache (a property name is kept once, by V8). */
function internalized(text: string): string {
  return Object.keys({ [text]: true })[0]!;
}

/** A project's file cache for this weft, unless caching is off (WEFT_NO_CACHE=1, `--no-cache`) or weft runs from its sources. */
export function projectFileCache(root: string, env: Readonly<Record<string, string | undefined>>, options: { noCache?: boolean } = {}): FileCache | undefined {
  const build = currentBuild();
  return build === undefined || options.noCache === true || env.WEFT_NO_CACHE === '1' ? undefined : FileCache.open(root, build);
}

function sealOf(build: string, payload: Uint8Array): Buffer {
  return createHash('sha256').update(build).update('\0').update(payload).digest();
}

function readEntries(file: string, build: string): Map<string, Kept> {
  try {
    const data = readCacheFile(file, maxBytes + 64);
    if (!data) return new Map();
    const payload = data.subarray(magic.length + 32);
    if (!data.subarray(0, magic.length).equals(magic) || !data.subarray(magic.length, magic.length + 32).equals(sealOf(build, payload))) return new Map();
    const entries = deserialize(payload) as unknown;
    if (!Array.isArray(entries)) return new Map();
    const map = new Map<string, Kept>();
    for (const entry of entries) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !isKept(entry[1])) return new Map();
      map.set(entry[0], entry[1]);
    }
    return map;
  } catch {
    return new Map();
  }
}

function isKept(value: unknown): value is Kept {
  if (value === null || typeof value !== 'object') return false;
  const kept = value as Partial<Kept>;
  return typeof kept.file === 'string' && typeof kept.bytes === 'number' && Array.isArray(kept.resources) && Array.isArray(kept.findings) && Array.isArray(kept.salvagedNames) && typeof kept.lost === 'boolean';
}
