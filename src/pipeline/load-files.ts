import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { finishLoading, loadFilesHere, readPlainText, startFilesHere, type LoadedFile } from './load-file.js';
import type { PlainSource } from '../fs/read-plain-source.js';
import type { FileCache } from '../cache/file-cache.js';
import { rememberExpressionFacts, type ExpressionFacts } from '../lex/expression-facts.js';

/**
 * Below this many files, starting workers (each loads and warms up its own copy of the parser)
 * costs more than it saves: measured on the benchmark corpora, 1,000 files gain nothing.
 */
const parallelThreshold = 2000;
const batchSize = 64;
/** The main thread's share, taken a few files at a time: it must stay responsive. */
const mainBatchSize = 8;
/** The files read and looked up in the file cache between two turns of the event loop. */
const lookupBatchSize = 256;

/**
 * Loads many files, in worker threads when there are enough of them to pay for starting the
 * workers (parsing YAML is most of the work and parallelises perfectly). The main thread takes
 * batches too. Results come back in the order of `files`, whichever thread loaded them.
 * WEFT_WORKERS=n sets the number of workers (0: load everything on the main thread; at most 16).
 * Without parse workers (two cores or fewer), a big project's expressions are worked out by an
 * expression worker meanwhile. WEFT_WORKER_HEAP_MB=n bounds each worker's heap. A worker that
 * fails (out of memory, say) costs nothing but time: what it had not given back is loaded here.
 */
export async function loadFiles(root: string, files: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env, cache?: FileCache): Promise<LoadedFile[]> {
  const results = await loadCachedOrNot(root, files, env, cache);
  // The expression facts worked out by workers (or kept in the cache), for the checks on this thread.
  for (const result of results) if (result.expressions) rememberExpressionFacts(result.expressions);
  return results;
}

async function loadCachedOrNot(root: string, files: readonly string[], env: Readonly<Record<string, string | undefined>>, cache: FileCache | undefined): Promise<LoadedFile[]> {
  if (!cache) return loadAll(root, files, env);
  // Each file's text (a regular file's: read at once) decides whether the cache has it. A few
  // hundred files at a time, yielding between them: ten thousand reads and lookups are half a
  // second of this thread on a busy machine, and a signal (Ctrl-C in weft watch) is handled at once.
  const results = new Array<LoadedFile>(files.length);
  const missing: number[] = [];
  const texts = new Array<ReturnType<typeof readPlainText>>(files.length);
  for (let index = 0; index < files.length; index++) {
    if (index > 0 && index % lookupBatchSize === 0) await new Promise((resolve) => setImmediate(resolve));
    const file = files[index]!;
    const read = (texts[index] = readPlainText(root, file));
    const hit = read === undefined ? undefined : cache.get(file, read.text, read.stamp);
    if (hit) results[index] = hit;
    else missing.push(index);
  }
  // What was read to look in the cache is loaded as it was read, not read again.
  const loaded = await loadAll(
    root,
    missing.map((index) => files[index]!),
    env,
    missing.map((index) => texts[index] && { text: texts[index].text, bytes: texts[index].stamp[0] }),
  );
  loaded.forEach((result, position) => {
    const index = missing[position]!;
    results[index] = result;
    // Only what was parsed from the very text read above: a link or an unreadable file is looked at again each time.
    const read = texts[index];
    if (read !== undefined && read.text === result.text) cache.put(result, read.stamp);
    // Changed between the two reads: its stamp is not of what was loaded (stat'ed again when the result is recorded).
    else cache.readStamps.delete(result.file);
  });
  return results;
}

/** Loads files; `read`, what was read of them already (undefined or null: to read). */
async function loadAll(root: string, files: readonly string[], env: Readonly<Record<string, string | undefined>>, read?: readonly (PlainSource | undefined)[]): Promise<LoadedFile[]> {
  const requested = env.WEFT_WORKERS === undefined || !/^\d+$/.test(env.WEFT_WORKERS) ? undefined : Math.min(Number(env.WEFT_WORKERS), 16);
  // The main thread parses too, so one worker per core beyond the first; none on two cores or
  // fewer, where the main thread reading back a worker's results costs more than the worker
  // saves (10,000 resources on two cores: one worker 3–10% slower than none; bench/workers.mjs).
  const cores = availableParallelism();
  const workerCount = requested ?? (files.length >= parallelThreshold && cores >= 3 ? Math.min(cores - 1, 4) : 0);
  if (!(workerCount > 0)) {
    // On two cores, the second one works out the expressions' facts: texts go out and small
    // facts come back, nothing the size of a file's resources (WEFT_WORKERS=0: none).
    // WEFT_EXPRESSION_WORKER=1 starts it for any project (tests, benchmarks).
    const expressionWorker = requested !== 0 && ((files.length >= parallelThreshold && cores >= 2) || env.WEFT_EXPRESSION_WORKER === '1');
    return loadHere(root, files, expressionWorker ? await ExpressionWorker.start(workerLimits(env, expressionWorkerYoungMb)) : undefined, read);
  }
  const { Worker } = await workerThreads();
  const results = new Array<LoadedFile>(files.length);
  let next = 0;
  const take = () => {
    if (next >= files.length) return undefined;
    const start = next;
    next = Math.min(files.length, next + batchSize);
    return start;
  };
  const takeFew = () => {
    if (next >= files.length) return undefined;
    const start = next;
    next = Math.min(files.length, next + mainBatchSize);
    return start;
  };
  const workers = Array.from({ length: workerCount }, () => startWorker(Worker, workerLimits(env)));
  // The batches of workers that failed before giving them back.
  const failed: number[] = [];
  try {
    await Promise.all([
      ...workers.map((worker) => drain(worker, root, files, results, take, failed)),
      (async () => {
        // The main thread helps, a few files at a time, yielding between them so that worker
        // replies are not held up and a signal (Ctrl-C in weft watch) is handled at once.
        for (let start = takeFew(); start !== undefined; start = takeFew()) {
          const end = Math.min(files.length, start + mainBatchSize);
          const batch = await loadFilesHere(root, files.slice(start, end));
          batch.forEach((result, offset) => (results[start + offset] = result));
          await new Promise((resolve) => setImmediate(resolve));
        }
      })(),
    ]);
    for (const start of failed) {
      const batch = await loadFilesHere(root, files.slice(start, start + batchSize));
      batch.forEach((result, offset) => (results[start + offset] = result));
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

let failures = 0;

/** How many worker threads this process started have failed (their work was done on the main thread instead). */
export function workerFailures(): number {
  return failures;
}

/**
 * The expression worker's young generation: its garbage is JSONata's syntax trees, thrown away
 * as soon as their facts are known, and with 8 MB it spent 340 ms collecting over 10,000
 * resources, against 140 ms with 32 MB (10 MB more peak memory; the run 2,697 → 2,488 ms,
 * medians of 11 alternating runs).
 */
const expressionWorkerYoungMb = 32;

/**
 * What a worker may use: a small young generation unless told (a parse worker's garbage is
 * short-lived batches, and V8's default nearly doubles the worker's share of the peak memory for
 * no speed: 10,000 resources 316 → 283 MB, the same time), and WEFT_WORKER_HEAP_MB=n megabytes of
 * heap at most.
 */
function workerLimits(env: Readonly<Record<string, string | undefined>>, youngMb = 8): ResourceLimits {
  const heap = env.WEFT_WORKER_HEAP_MB !== undefined && /^[1-9]\d{0,5}$/.test(env.WEFT_WORKER_HEAP_MB) ? Number(env.WEFT_WORKER_HEAP_MB) : undefined;
  return { maxYoungGenerationSizeMb: youngMb, ...(heap !== undefined && { maxOldGenerationSizeMb: heap }) };
}

/**
 * On this thread alone, a batch at a time, yielding between batches: a signal (Ctrl-C in weft
 * watch) is handled at once, not after the whole project is loaded.
 */
async function loadHere(root: string, files: readonly string[], expressions?: ExpressionWorker, read?: readonly (PlainSource | undefined)[]): Promise<LoadedFile[]> {
  const results = new Array<LoadedFile>(files.length);
  const finished: Promise<void>[] = [];
  // With an expression worker, it reads the batches first, unless they were read already (the
  // system calls of ten thousand files are some 150 ms of this thread's time). A batch it has not
  // read by the time this thread comes to it (while the worker starts, or when it failed) is read here.
  const reads: (readonly (PlainSource | null | undefined)[] | undefined)[] = [];
  // The worker's reads, and which thread reads each batch: the first to claim it (see expression-worker.ts).
  const workerReads: Promise<(PlainSource | null)[] | undefined>[] = [];
  const claims = !read && expressions ? new Int32Array(new SharedArrayBuffer(4 * Math.ceil(files.length / batchSize))) : undefined;
  if (read) for (let start = 0; start < files.length; start += batchSize) reads.push(read.slice(start, start + batchSize));
  else if (expressions) {
    for (let start = 0; start < files.length; start += batchSize) {
      const index = reads.push(undefined) - 1;
      // A worker that failed (undefined): the batch is read here.
      workerReads.push(
        expressions.read(root, files.slice(start, start + batchSize), { claims: claims!, slot: index }).then(
          (read) => (reads[index] = read),
          () => undefined,
        ),
      );
    }
  }
  try {
    for (let start = 0; start < files.length; start += batchSize) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      const index = start / batchSize;
      // Not read yet: read here, unless the worker has claimed it (then it is being read there).
      if (claims && !reads[index] && Atomics.compareExchange(claims, index, 0, 1) === 2) reads[index] = await workerReads[index];
      const started = await startFilesHere(root, files.slice(start, start + batchSize), reads[index]);
      const place = (loaded: LoadedFile[]) => loaded.forEach((result, offset) => (results[start + offset] = result));
      if (!expressions) {
        place(finishLoading(started));
        continue;
      }
      const done = expressions.factsOf([...new Set(started.flatMap((file) => file.expressions))]).then(
        (facts) => place(finishLoading(started, facts)),
        // The worker failed (it never should): worked out here instead.
        () => place(finishLoading(started)),
      );
      // Handled now (Promise.all below passes any error on): the loop awaits reads meanwhile.
      done.catch(() => undefined);
      finished.push(done);
    }
    await Promise.all(finished);
  } finally {
    await expressions?.stop();
  }
  return results;
}

/** A worker thread that reads files and works out expressions' facts (src/lex/expression-worker.ts), batch by batch, in order. Exported for tests. */
export class ExpressionWorker {
  private readonly waiting = new Map<number, { resolve: (answer: { facts?: ExpressionFacts[]; reads?: (PlainSource | null)[] }) => void; reject: (error: Error) => void }>();
  private next = 0;
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', ({ id, ...answer }: { id: number; facts?: ExpressionFacts[]; reads?: (PlainSource | null)[] }) => {
      const request = this.waiting.get(id);
      if (!request) return;
      this.waiting.delete(id);
      request.resolve(answer);
    });
    const fail = (error: Error) => {
      if (this.failure === undefined) failures++;
      this.failure ??= error;
      for (const request of this.waiting.values()) request.reject(error);
      this.waiting.clear();
    };
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`expression worker exited with code ${code}`)));
  }

  static async start(limits: ResourceLimits = workerLimits({}, expressionWorkerYoungMb)): Promise<ExpressionWorker> {
    const { Worker } = await workerThreads();
    return new ExpressionWorker(startScript(Worker, 'expression-worker', '../lex/expression-worker.ts', limits));
  }

  async factsOf(texts: string[]): Promise<Map<string, ExpressionFacts>> {
    if (texts.length === 0) return new Map();
    const { facts } = await this.ask({ texts });
    return new Map(texts.map((text, index) => [text, facts![index]!]));
  }

  /**
   * Files read as `readPlainSource` reads them (null: to read the careful way); with `claim`,
   * only if the worker claims the batch's slot first (undefined when this thread did).
   */
  async read(root: string, files: readonly string[], claim?: { claims: Int32Array; slot: number }): Promise<(PlainSource | null)[] | undefined> {
    return (await this.ask({ root, files, ...(claim && { claims: claim.claims.buffer as SharedArrayBuffer, slot: claim.slot }) })).reads;
  }

  private ask(request: { texts: string[] } | { root: string; files: readonly string[]; claims?: SharedArrayBuffer; slot?: number }): Promise<{ facts?: ExpressionFacts[]; reads?: (PlainSource | null)[] }> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const id = this.next++;
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...request });
    });
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

/**
 * Gives a parse worker batches until there are none left. A worker that fails (an error, or an
 * exit before it is told to stop) takes no more: the batch it had is put in `failed`, for the
 * main thread to load.
 */
function drain(worker: Worker, root: string, files: readonly string[], results: LoadedFile[], take: () => number | undefined, failed: number[]): Promise<void> {
  return new Promise((resolve) => {
    let start: number | undefined;
    const send = () => {
      start = take();
      if (start === undefined) return resolve();
      worker.postMessage({ root, files: files.slice(start, start + batchSize) });
    };
    worker.on('message', ({ results: batch }: { results: LoadedFile[] }) => {
      batch.forEach((result, offset) => (results[start! + offset] = result));
      send();
    });
    const fail = () => {
      if (start !== undefined) {
        failures++;
        failed.push(start);
      }
      start = undefined;
      worker.removeAllListeners('message');
      resolve();
    };
    worker.once('error', fail);
    worker.once('exit', fail);
    send();
  });
}

/**
 * A parse worker: the script beside the bundle (dist/parse-worker.cjs), or, when weft runs from
 * its TypeScript sources (tests), the source module loaded through tsx.
 */
/**
 * node:worker_threads, loaded only when needed: it costs start-up time small projects should not
 * pay. (require in the CommonJS bundle, whose vm-loaded script cannot import(); import() from source)
 */
async function workerThreads(): Promise<typeof import('node:worker_threads')> {
  return typeof require === 'function' ? (require('node:worker_threads') as typeof import('node:worker_threads')) : import('node:worker_threads');
}

function startWorker(Worker: typeof import('node:worker_threads').Worker, limits: ResourceLimits): Worker {
  return startScript(Worker, 'parse-worker', './parse-worker.ts', limits);
}

/**
 * A worker running one of the scripts beside the bundle (dist/<name>.cjs), or, when weft runs
 * from its TypeScript sources (tests), the source module (`source`, from this one's folder) loaded through tsx.
 */
function startScript(Worker: typeof import('node:worker_threads').Worker, name: string, source: string, resourceLimits: ResourceLimits): Worker {
  if (typeof __filename === 'string' && __filename.endsWith('.cjs')) return new Worker(path.join(path.dirname(__filename), `${name}.cjs`), { resourceLimits });
  const url = new URL(source, import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); });`, { eval: true, resourceLimits });
}
