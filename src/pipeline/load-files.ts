import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { loadFile, type LoadedFile } from './load-file.js';

/**
 * Below this many files, starting workers (each loads and warms up its own copy of the parser)
 * costs more than it saves: measured on the benchmark corpora, 1,000 files gain nothing.
 */
const parallelThreshold = 2000;
const batchSize = 64;

/**
 * Loads many files, in worker threads when there are enough of them to pay for starting the
 * workers (parsing YAML is most of the work and parallelises perfectly). The main thread takes
 * batches too. Results come back in the order of `files`, whichever thread loaded them.
 * WEFT_WORKERS=n sets the number of workers (0: load everything on the main thread; at most 16).
 */
export async function loadFiles(root: string, files: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<LoadedFile[]> {
  const requested = env.WEFT_WORKERS === undefined || !/^\d+$/.test(env.WEFT_WORKERS) ? undefined : Math.min(Number(env.WEFT_WORKERS), 16);
  // The main thread parses too, so one worker per core beyond the first.
  const workerCount = requested ?? (files.length >= parallelThreshold ? Math.min(Math.max(1, availableParallelism() - 1), 4) : 0);
  // Reads overlap; parsing happens as each read completes.
  if (!(workerCount > 0)) return Promise.all(files.map((file) => loadFile(root, file)));
  // Loaded only when needed: worker_threads costs start-up time small projects should not pay.
  // (require in the CommonJS bundle, whose vm-loaded script cannot import(); import() from source)
  const { Worker } = typeof require === 'function' ? (require('node:worker_threads') as typeof import('node:worker_threads')) : await import('node:worker_threads');
  const results = new Array<LoadedFile>(files.length);
  let next = 0;
  const take = () => {
    if (next >= files.length) return undefined;
    const start = next;
    next = Math.min(files.length, next + batchSize);
    return start;
  };
  const workers = Array.from({ length: workerCount }, () => startWorker(Worker));
  try {
    await Promise.all([
      ...workers.map((worker) => drain(worker, root, files, results, take)),
      (async () => {
        // The main thread helps, yielding between batches so worker replies are not held up.
        for (let start = take(); start !== undefined; start = take()) {
          const end = Math.min(files.length, start + batchSize);
          const batch = await Promise.all(files.slice(start, end).map((file) => loadFile(root, file)));
          batch.forEach((result, offset) => (results[start + offset] = result));
          await new Promise((resolve) => setImmediate(resolve));
        }
      })(),
    ]);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

function drain(worker: Worker, root: string, files: readonly string[], results: LoadedFile[], take: () => number | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
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
    worker.once('error', reject);
    worker.once('exit', (code) => (start === undefined ? resolve() : reject(new Error(`parse worker exited with code ${code}`))));
    send();
  });
}

/**
 * A parse worker: the script beside the bundle (dist/parse-worker.cjs), or, when weft runs from
 * its TypeScript sources (tests), the source module loaded through tsx.
 */
function startWorker(Worker: typeof import('node:worker_threads').Worker): Worker {
  if (typeof __filename === 'string' && __filename.endsWith('.cjs')) return new Worker(path.join(path.dirname(__filename), 'parse-worker.cjs'));
  const source = new URL('./parse-worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, { eval: true });
}
