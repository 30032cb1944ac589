import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { MemoEntry, ReportCall, RuleMemo } from '../check/context.js';
import type { Finding } from '../diagnostics/diagnostic.js';
import type { LoadedFile } from '../pipeline/load-file.js';
import { programKind, type AnyResource } from '../schema/resource.js';
import { madeFrom, portableKey } from '../check/references.js';
import { runSteps, type Steps } from '../pipeline/steps.js';
import { currentBuild, readCacheFile, trustworthyCacheFolder, writeCacheFile, type Stamp } from './result-cache.js';

/**
 * Per resource of a file (by index): what each check found of it, and under which key, flat (five
 * values per check: its name, the key, the findings or 0 for none, the report calls or 0 for none
 * kept or 1 for an empty list, what it kept): tens of thousands of small objects, each with its
 * property names, took longer to read than the resources themselves.
 */
type KeptMemo = (unknown[] | null)[];

/** What the cache keeps of a loaded file: all but its text, which the file itself holds; and its resources' check results. */
type Kept = Omit<LoadedFile, 'text'> & { memo?: KeptMemo };

/** A resource as the cache file holds it: its value serialized on its own, read only when something asks for it. */
type PackedResource = Omit<AnyResource, 'value'> & { packed: Uint8Array };

/**
 * The serialized value of each resource made from the cache (or packed for it): written again as
 * it was read, whether or not this run asked for the value.
 */
const packedValues = new WeakMap<AnyResource, Uint8Array>();

let valuesRead = 0;

/** How many resource values read from caches this process has unpacked (the others were never asked for). */
export function cachedValuesRead(): number {
  return valuesRead;
}

const magic = Buffer.from('weft-file-cache-1\n');
const deltaMagic = Buffer.from('weft-file-cache-delta-1\n');
/** Files kept at most; a bigger cache is not written (nothing is lost: the next run parses). */
const maxEntries = 250_000;
const maxBytes = 512 * 1048576;
/**
 * A run that changed this share of the files or fewer writes only what changed (a delta beside
 * the whole), not the whole again: one edited file costs a few kilobytes, not 20 MB.
 */
const deltaShare = 1 / 8;
const maxDeltaBytes = 16 * 1048576;

/** What a delta holds: the files changed (or new) since the whole it was made against, and those gone. */
interface Delta {
  put: [key: string, kept: Kept][];
  removed: string[];
}

/**
 * Each file's parsed, schema-checked form (resources, findings, its expressions' facts) in
 * `.weft/cache/files.bin`, keyed by the file's path and a hash of its text, for the build of weft
 * that wrote it: a run parses only what changed since. The file is a header, a SHA-256 of the
 * build and the payload, and the payload (V8's serialization): a cache from another build, cut
 * short or edited by hand fails the hash and is not read. Writes are whole-file and atomic (a
 * temporary file renamed), so runs at once never see half of one. What a run did not ask for
 * (files deleted or changed since) is dropped when it saves: the cache holds one project's files.
 *
 * A run that changed a few files writes only those, to `files.delta.bin`: what changed since the
 * whole, sealed together with the whole's own seal. A delta made against another whole (another
 * run rewrote it meanwhile) does not match it and is not read; each delta holds every change
 * since its whole, so the newest one is all a run needs. When the changes grow past an eighth
 * of the files, the whole is written again.
 */
export class FileCache {
  private readonly entries: Map<string, Kept>;
  private readonly used = new Map<string, Kept>();
  /** How many check results `seed` gave the memo per resource: a resource whose results are these (`Replayed`) after the run is unchanged. */
  private readonly seededCounts = new WeakMap<AnyResource, number>();
  /** Entries whose check results this run changed: written again. */
  private readonly changedMemo = new Set<Kept>();
  /**
   * The files this run looked up, by path, stamped as they were read: the run's result is
   * recorded with these stamps (.weft/cache/results.json), not with a stat taken again later.
   */
  readonly readStamps = new Map<string, Stamp>();

  private constructor(
    private readonly file: string,
    private readonly build: string,
    /** The whole as read (and its seal), before the delta: what a new delta is made against. */
    private readonly whole: { seal: Buffer; entries: Map<string, Kept> } | undefined,
    /** The delta as read, when there was one for this whole. */
    private readonly delta: Delta | undefined,
  ) {
    this.entries = new Map(whole?.entries);
    if (delta) {
      for (const key of delta.removed) this.entries.delete(key);
      for (const [key, kept] of delta.put) this.entries.set(key, kept);
    }
  }

  /** The cache of a project root for this build; empty when there is none or it cannot be trusted. */
  static open(root: string, build: string): FileCache {
    const file = path.join(root, '.weft', 'cache', 'files.bin');
    if (!trustworthyCacheFolder(root)) return new FileCache(file, build, undefined, undefined);
    const whole = readWhole(file, build);
    return new FileCache(file, build, whole, whole && readDelta(deltaFileOf(file), build, whole.seal));
  }

  /** The key of a file's content, by the hash of its bytes in its stamp as read: the same content (whatever the file's times) is the same key. */
  static keyOf(file: string, stamp: Stamp): string {
    return `${file}\0${stamp[4]}`;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The loaded form of a file of this text (read as `stamp` says), if this build loaded it before. */
  get(file: string, text: string, stamp: Stamp): LoadedFile | undefined {
    this.readStamps.set(file, stamp);
    if (stamp[4] === null) return undefined;
    const key = FileCache.keyOf(file, stamp);
    const kept = this.entries.get(key);
    if (!kept || kept.file !== file) return undefined;
    // Resources made anew, as parsing makes them, their values read when first asked for: a run
    // that only replays a file's check results never reads most of its values.
    if (!this.used.has(key)) {
      kept.resources = (kept.resources as unknown as PackedResource[]).map(unpacked);
      kept.resources.forEach((resource, index) => madeFrom(resource, `${key}#${index}`));
    }
    this.used.set(key, kept);
    const { memo: _memo, ...loaded } = kept;
    return { ...loaded, text };
  }

  /** Keeps a file loaded from a text read as `stamp` says. */
  put(loaded: LoadedFile, stamp: Stamp): void {
    // A lookup table's entries may come from a CSV file, filled in later on its resource: such a
    // file is parsed every time (they are few and small).
    if (stamp[4] === null || loaded.resources.some((resource) => resource.kind === 'Lookup')) return;
    const { text: _text, ...kept } = loaded;
    const key = FileCache.keyOf(loaded.file, stamp);
    kept.resources.forEach((resource, index) => madeFrom(resource, `${key}#${index}`));
    this.used.set(key, kept);
  }

  /**
   * The checks' results for the resources of the files taken from the cache, into a memo the
   * checks replay from (each under the key it was found with: a resource whose surroundings
   * changed is checked again).
   */
  seed(memo: RuleMemo): void {
    for (const kept of this.used.values()) {
      kept.memo?.forEach((flat, index) => {
        const resource = kept.resources[index];
        if (!flat || !resource) return;
        const byCheck = new Map<string, MemoEntry>();
        for (let at = 0; at + 4 < flat.length; at += 5) {
          const findings = flat[at + 2] as Finding[] | 0;
          const calls = flat[at + 3] as ReportCall[] | 0 | 1;
          const entry = new Replayed(flat[at + 1] as string, findings === 0 ? noFindings : findings, calls === 0 ? undefined : calls === 1 ? [] : calls, flat[at + 4]);
          // Under the check's name as the checks spell it (a string of the program, not a copy
          // read from the cache): the checks ask by that name every run, and find it at once.
          byCheck.set(internalized(flat[at] as string), entry);
        }
        memo.set(resource, byCheck);
        this.seededCounts.set(resource, byCheck.size);
      });
    }
  }

  /**
   * Writes what this run used and loaded (and, from `memo`, its resources' check results), when
   * that differs from what was read: the changes alone when they are few, else the whole.
   * Never throws.
   */
  save(memo?: RuleMemo): void {
    runSteps(this.saveSteps(memo));
  }

  /** `save` in steps, a few hundred files each (see `runStepsYielding`); nothing is written when they are not run to the end. */
  *saveSteps(memo?: RuleMemo): Steps<void> {
    if (memo) {
      let count = 0;
      for (const kept of this.used.values()) {
        if (++count % saveStepFiles === 0) yield;
        let changed = false;
        const flat = kept.resources.map((resource) => {
          const found = memo.get(resource);
          const entries: unknown[] = [];
          let seeded = 0;
          for (const [check, entry] of found ?? []) {
            // Under a text key: not what was kept against objects of this process.
            if (typeof entry.key !== 'string' || !portableKey(entry.key)) continue;
            if (entry instanceof Replayed) seeded++;
            entries.push(check, entry.key, entry.findings.length > 0 ? entry.findings : 0, entry.calls === undefined ? 0 : entry.calls.length > 0 ? entry.calls : 1, entry.kept);
          }
          if (seeded * 5 !== entries.length || seeded !== (this.seededCounts.get(resource) ?? 0)) changed = true;
          return entries.length > 0 ? entries : null;
        });
        if (changed) {
          kept.memo = flat;
          this.changedMemo.add(kept);
        }
      }
    }
    if (this.used.size > maxEntries) return;
    try {
      const delta = this.whole && this.deltaSinceWhole();
      if (delta && delta.put.length + delta.removed.length <= Math.max(16, this.used.size * deltaShare)) {
        if (this.unchanged(delta)) return;
        const payload = serialize({ put: yield* packedEntries(delta.put), removed: delta.removed });
        if (payload.length <= maxDeltaBytes) {
          writeCacheFile(deltaFileOf(this.file), Buffer.concat([deltaMagic, this.whole!.seal, sealOf(this.build, payload, this.whole!.seal), payload]));
          return;
        }
      }
      const payload = serialize(yield* packedEntries(this.used));
      if (payload.length > maxBytes) return;
      writeCacheFile(this.file, Buffer.concat([magic, sealOf(this.build, payload), payload]));
      // Made against the whole just replaced, the delta no longer matches anything.
      rmSync(deltaFileOf(this.file), { force: true });
    } catch {
      // A read-only checkout, a full disk: the next run parses again.
    }
  }

  /** What this run's files are, against the whole as read: entries new or changed (their check results too), and those gone. */
  private deltaSinceWhole(): Delta {
    const whole = this.whole!.entries;
    const put: [string, Kept][] = [];
    for (const [key, kept] of this.used) {
      if (whole.get(key) !== kept || this.changedMemo.has(kept)) put.push([key, kept]);
    }
    const removed = [...whole.keys()].filter((key) => !this.used.has(key));
    return { put, removed };
  }

  /** Whether a delta says what the one read says (none: that nothing changed), entry for entry, check results too. */
  private unchanged(delta: Delta): boolean {
    const read = this.delta ?? { put: [], removed: [] };
    if (delta.put.length !== read.put.length || delta.removed.length !== read.removed.length) return false;
    const readPut = new Map(read.put);
    const readRemoved = new Set(read.removed);
    return delta.put.every(([key, kept]) => readPut.get(key) === kept && !this.changedMemo.has(kept)) && delta.removed.every((key) => readRemoved.has(key));
  }
}

function deltaFileOf(file: string): string {
  return file.replace(/\.bin$/, '.delta.bin');
}

/**
 * A resource whose value is deserialized when first asked for: an own, enumerable property, as
 * parsing makes it (a copy made with `{ ...resource }` has the value). Every such resource has the
 * same accessors, so the same shape (a getter of its own per object would give ten thousand
 * shapes, and every check that reads a resource's name or kind would slow down); the first read
 * turns the property into a plain value, again the same shape for all of them.
 */
function unpacked(stored: PackedResource): AnyResource {
  // As `validateDocuments` makes it (the same fields in the same order), the kind as the program spells it.
  const resource = { kind: programKind(stored.kind), name: stored.name, file: stored.file, document: stored.document } as AnyResource;
  Object.defineProperty(resource, 'value', packedValue);
  resource.valid = stored.valid;
  // A copy: what deserialize gives is a view of the whole cache file, which a long session
  // (watch, lsp) would otherwise keep in memory for as long as a resource stays packed.
  packedValues.set(resource, stored.packed.slice());
  return resource;
}

const packedValue: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: AnyResource): unknown {
    const bytes = packedValues.get(this);
    valuesRead++;
    const value: unknown = bytes === undefined ? undefined : deserialize(bytes);
    Object.defineProperty(this, 'value', { value, writable: true, enumerable: true, configurable: true });
    return value;
  },
  set(this: AnyResource, value: unknown): void {
    packedValues.delete(this);
    Object.defineProperty(this, 'value', { value, writable: true, enumerable: true, configurable: true });
  },
};

/** The files a step of `saveSteps` looks at or packs. */
const saveStepFiles = 256;

/** Entries as the cache file holds them (`packed`), a step per `saveStepFiles`. */
function* packedEntries(entries: Iterable<[string, Kept]>): Steps<[string, ReturnType<typeof packed>][]> {
  const list: [string, ReturnType<typeof packed>][] = [];
  for (const [key, kept] of entries) {
    if (list.length > 0 && list.length % saveStepFiles === 0) yield;
    list.push([key, packed(kept)]);
  }
  return list;
}

/** A loaded file as the cache file holds it: each resource's value serialized on its own (as read, when it was read from the cache). */
function packed(kept: Kept): Omit<Kept, 'resources'> & { resources: PackedResource[] } {
  return {
    ...kept,
    // Not `value` of a resource read from the cache: that would read it, to write the same bytes.
    resources: kept.resources.map((resource) => ({ kind: resource.kind, name: resource.name, file: resource.file, document: resource.document, valid: resource.valid, packed: packedValues.get(resource) ?? serialize(resource.value) })),
  };
}

/** A check result as the cache gave it to the memo (one the checks replayed is still this object after the run). */
class Replayed implements MemoEntry {
  constructor(
    readonly key: string,
    readonly findings: Finding[],
    readonly calls: ReportCall[] | undefined,
    readonly kept: unknown,
  ) {}
}

/** Shared by the results without findings (most of them); never added to: a check adds its findings to a list of its own. */
const noFindings: Finding[] = Object.freeze([]) as unknown as Finding[];

/** The program's own copies of the check names read from the cache (a few dozen, asked for tens of thousands of times). */
const internedNames = new Map<string, string>();

/** The program's own copy of a string read from the cache (a property name is kept once, by V8). */
function internalized(text: string): string {
  let name = internedNames.get(text);
  if (name === undefined) internedNames.set(text, (name = Object.keys({ [text]: true })[0]!));
  return name;
}

/** A project's file cache for this weft, unless caching is off (WEFT_NO_CACHE=1, `--no-cache`) or weft runs from its sources. */
export function projectFileCache(root: string, env: Readonly<Record<string, string | undefined>>, options: { noCache?: boolean } = {}): FileCache | undefined {
  const build = currentBuild();
  return build === undefined || options.noCache === true || env.WEFT_NO_CACHE === '1' ? undefined : FileCache.open(root, build);
}

function sealOf(build: string, payload: Uint8Array, whole?: Uint8Array): Buffer {
  const hash = createHash('sha256').update(build).update('\0');
  if (whole) hash.update(whole);
  return hash.update(payload).digest();
}

/** The whole cache file's entries and its seal; undefined when there is none this build can trust. */
function readWhole(file: string, build: string): { seal: Buffer; entries: Map<string, Kept> } | undefined {
  try {
    const data = readCacheFile(file, maxBytes + 64);
    if (!data) return undefined;
    const seal = data.subarray(magic.length, magic.length + 32);
    const payload = data.subarray(magic.length + 32);
    if (!data.subarray(0, magic.length).equals(magic) || !seal.equals(sealOf(build, payload))) return undefined;
    const entries = keptEntries(deserialize(payload));
    return entries && { seal: Buffer.from(seal), entries };
  } catch {
    return undefined;
  }
}

/** The delta made against the whole of this seal; undefined when there is none, or it was made against another. */
function readDelta(file: string, build: string, whole: Buffer): Delta | undefined {
  try {
    const data = readCacheFile(file, maxDeltaBytes + 128);
    if (!data) return undefined;
    const start = deltaMagic.length;
    const payload = data.subarray(start + 64);
    if (!data.subarray(0, start).equals(deltaMagic) || !data.subarray(start, start + 32).equals(whole) || !data.subarray(start + 32, start + 64).equals(sealOf(build, payload, whole))) return undefined;
    const delta = deserialize(payload) as Partial<Delta> | null;
    if (delta === null || typeof delta !== 'object' || !Array.isArray(delta.removed) || !delta.removed.every((key) => typeof key === 'string')) return undefined;
    const put = keptEntries(delta.put);
    return put && { put: [...put], removed: delta.removed };
  } catch {
    return undefined;
  }
}

function keptEntries(entries: unknown): Map<string, Kept> | undefined {
  if (!Array.isArray(entries)) return undefined;
  const map = new Map<string, Kept>();
  for (const entry of entries) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !isKept(entry[1])) return undefined;
    map.set(entry[0], entry[1]);
  }
  return map;
}

function isKept(value: unknown): value is Kept {
  if (value === null || typeof value !== 'object') return false;
  const kept = value as Partial<Kept>;
  return typeof kept.file === 'string' && typeof kept.bytes === 'number' && Array.isArray(kept.resources) && Array.isArray(kept.findings) && Array.isArray(kept.salvagedNames) && typeof kept.lost === 'boolean';
}
