import { randomInt } from 'node:crypto';

/**
 * The seed of a test file that uses random data (fast-check properties, generated values). Each
 * run takes a new seed, so the runs keep exploring; a test that fails says which seed it ran
 * with, and `WEFT_FUZZ_SEED=<seed>` replays it. `WEFT_FUZZ_RUNS` scales the number of property
 * runs (100 = as written; e.g. WEFT_FUZZ_RUNS=5000 before a release).
 */
export interface FuzzSeed {
  /** This run's seed: WEFT_FUZZ_SEED when set, else a new one. */
  readonly seed: number;
  /** What to set to replay this run, e.g. `WEFT_FUZZ_SEED=123` (with WEFT_FUZZ_RUNS when that is set). */
  readonly replay: string;
  /** The seed of the `n`th property of a file, derived from this run's so that properties do not share a sequence. */
  derived(n: number): number;
  /** `count` property runs, scaled by WEFT_FUZZ_RUNS; at least 1. */
  runs(count: number): number;
  /** A generator of numbers in [0, 1) from this run's seed; each `stream` is its own sequence. */
  random(stream?: number): () => number;
  /** Wraps a test body: when it fails, its error ends with the seed and how to replay it. */
  replayable<T>(body: () => T | Promise<T>): () => Promise<T>;
}

/** The largest seed: fast-check takes a 32-bit integer. */
const seedLimit = 2 ** 31 - 1;

export function fuzzSeed(env: Readonly<Record<string, string | undefined>> = process.env): FuzzSeed {
  const seed = env.WEFT_FUZZ_SEED ? parseSeed(env.WEFT_FUZZ_SEED) : randomInt(1, seedLimit);
  const runScale = env.WEFT_FUZZ_RUNS ? Number(env.WEFT_FUZZ_RUNS) / 100 : 1;
  if (!(runScale > 0)) throw new Error(`WEFT_FUZZ_RUNS must be a positive number, not '${env.WEFT_FUZZ_RUNS}'`);
  const replay = `WEFT_FUZZ_SEED=${seed}${env.WEFT_FUZZ_RUNS ? ` WEFT_FUZZ_RUNS=${env.WEFT_FUZZ_RUNS}` : ''}`;
  const derived = (n: number) => (seed + n * 0x9e3779b1) % seedLimit;
  return {
    seed,
    replay,
    derived,
    runs: (count) => Math.max(1, Math.round(count * runScale)),
    random: (stream = 0) => mulberry32(derived(stream)),
    replayable: (body) => async () => {
      try {
        return await body();
      } catch (error) {
        const note = `\n(random data from seed ${seed}: replay with ${replay})`;
        if (error instanceof Error) {
          error.message += note;
          throw error;
        }
        throw new Error(String(error) + note);
      }
    },
  };
}

function parseSeed(text: string): number {
  const seed = Number(text);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > seedLimit) throw new Error(`WEFT_FUZZ_SEED must be an integer from 0 to ${seedLimit}, not '${text}'`);
  return seed;
}

/** A small seeded PRNG (mulberry32): numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` lowercase hex digits drawn from `random`. */
export function randomHex(random: () => number, length: number): string {
  return Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
}
