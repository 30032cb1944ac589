import { parentPort } from 'node:worker_threads';
import { loadFile } from './load-file.js';

/** A parse worker: loads the batches of files it is sent and posts the results back. */
parentPort?.on('message', async (batch: { root: string; files: string[] }) => {
  const results = await Promise.all(batch.files.map((file) => loadFile(batch.root, file)));
  parentPort!.postMessage({ results });
});
