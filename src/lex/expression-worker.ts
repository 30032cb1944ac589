import { parentPort } from 'node:worker_threads';
import { expressionFacts, prepareExpressionFacts } from './expression-facts.js';
import { readPlainSource } from '../fs/read-plain-source.js';
import { telltalesOf } from '../parse/telltales.js';

/**
 * An expression worker: works out the facts of the JSONata expressions it is sent, batch by
 * batch, while the main thread goes on parsing files (see `loadFiles`); and reads those files
 * for it first, with what their texts say of how to read them (`telltalesOf`), so that the main
 * thread spends no time in system calls nor scanning whole texts. Only texts and facts
 * cross: plain data, small beside the resources a parse worker would send back.
 *
 * Requests are answered in the order they come: `{ id, texts }` with `{ id, facts }`, and
 * `{ id, root, files }` with `{ id, reads }` (each file's text and size, or null for a file to
 * read the careful way: a link, a special file, one that is not text).
 */
parentPort?.on('message', (request: { id: number; texts: string[] } | { id: number; root: string; files: string[] }) => {
  if ('files' in request) {
    const reads = request.files.map((file) => {
      const plain = readPlainSource(request.root, file);
      return plain ? { ...plain, telltales: telltalesOf(plain.text) } : null;
    });
    parentPort!.postMessage({ id: request.id, reads });
    return;
  }
  prepareExpressionFacts(request.texts);
  parentPort!.postMessage({ id: request.id, facts: request.texts.map((text) => expressionFacts(text)) });
});
