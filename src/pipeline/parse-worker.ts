import { parentPort } from 'node:worker_threads';
import { loadFilesHere } from './load-file.js';

/** A parse worker: loads the batches of files it is sent and posts the results back. */
parentPort?.on('message', async (batch: { root: string; files: string[] }) => {
  const results = await loadFilesHere(batch.root, batch.files);
  parentPort!.postMessage({ results });
});
