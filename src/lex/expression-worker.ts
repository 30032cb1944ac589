import { parentPort } from 'node:worker_threads';
import { expressionFacts, prepareExpressionFacts } from './expression-facts.js';
import { readPlainSource } from '../fs/read-plain-source.js';
import { telltalesOf } from '../parse/telltales.js';

/**
 * An expression worker: works out the facts of the JSONata expressions it is sent, batch by
 * batch, while the main thread goes on parsing files (see `loadFiles`); and reads those files
 * for it when it has time, with what their texts say of how to read them (`telltalesOf`), so
 * that the main thread spends less time in system calls and scanning whole texts. Only texts and
 * facts cross: plain data, small beside the resources a parse worker would send back.
 *
 * Requests: `{ id, texts }`, answered with `{ id, facts }`, first (the main thread waits for
 * those); `{ id, root, files, claims, slot }`, answered with `{ id, reads }` (each file's text and
 * size, or null for a file to read the careful way: a link, a special file, one that is not text),
 * in the time left. A batch of files is read by whichever thread claims it first in `claims`
 * (shared with the main thread: 0 unclaimed, 1 the main thread's, 2 this worker's); one the main
 * thread took is answered with `{ id, reads: undefined }`. One request at a time, the event loop
 * turning between two: requests for facts that came meanwhile go before the reads still waiting.
 */
type Request = { id: number; texts: string[] } | { id: number; root: string; files: string[]; claims?: SharedArrayBuffer; slot?: number };

const factsWaiting: Request[] = [];
const readsWaiting: Request[] = [];
let scheduled = false;

parentPort?.on('message', (request: Request) => {
  ('files' in request ? readsWaiting : factsWaiting).push(request);
  schedule();
});

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(answerNext);
}

function answerNext(): void {
  scheduled = false;
  const request = factsWaiting.shift() ?? readsWaiting.shift();
  if (!request) return;
  answer(request);
  if (factsWaiting.length > 0 || readsWaiting.length > 0) schedule();
}

function answer(request: Request): void {
  if ('files' in request) {
    if (request.claims !== undefined && Atomics.compareExchange(new Int32Array(request.claims), request.slot!, 0, 2) !== 0) {
      parentPort!.postMessage({ id: request.id, reads: undefined });
      return;
    }
    const reads = request.files.map((file) => {
      const plain = readPlainSource(request.root, file);
      return plain ? { ...plain, telltales: telltalesOf(plain.text) } : null;
    });
    parentPort!.postMessage({ id: request.id, reads });
    return;
  }
  prepareExpressionFacts(request.texts);
  parentPort!.postMessage({ id: request.id, facts: request.texts.map((text) => expressionFacts(text)) });
}
