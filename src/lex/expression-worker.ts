import { parentPort } from 'node:worker_threads';
import { expressionFacts, prepareExpressionFacts } from './expression-facts.js';

/**
 * An expression worker: works out the facts of the JSONata expressions it is sent, batch by
 * batch, while the main thread goes on reading files (see `loadFiles`). Only texts and facts
 * cross: plain data, small beside the resources a parse worker would send back.
 */
parentPort?.on('message', ({ id, texts }: { id: number; texts: string[] }) => {
  prepareExpressionFacts(texts);
  parentPort!.postMessage({ id, facts: texts.map((text) => expressionFacts(text)) });
});
