import { parentPort } from 'node:worker_threads';
import { loadFile } from './load-file.js';

/** A parse worker: loads the batches of files it is sent and posts the results back. */
parentPort?.on('message', async (batch: { id: number; root: string; files: string[] }) => {
  const results = [];
  for (const file of batch.files) results.push(await loadFile(batch.root, file));
  parentPort!.postMessage({ id: batch.id, results });
});
