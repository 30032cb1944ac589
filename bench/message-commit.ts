// The engine's SQLite work for event messages, alone: 30,000 successful message runs committed
// with the SQLite message ledger's commit in batches of a given size (the event consumer commits what
// finished in one turn of the event loop; ~14 a batch under the event benchmark's load).
// Prints µs a message.
//   node --import tsx bench/message-commit.ts [batch size] [messages]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalEngine } from '../src/engine/local-engine.js';
import { newRunId } from '../src/runtime/run-flow.js';

const batchSize = Number(process.argv[2] ?? 14);
const messages = Number(process.argv[3] ?? 30_000);
const directory = mkdtempSync(path.join(os.tmpdir(), 'weft-commit-bench-'));
const engine = new LocalEngine(path.join(directory, 'state.db'), { env: { WEFT_SECRET_KEY: 'bench key' } });
const steps = [
  { id: 'shape', kind: 'map', in: 1, out: 1, failed: 0 },
  { id: 'forward', kind: 'publish', in: 1, out: 1, failed: 0 },
];
try {
  const started = performance.now();
  for (let first = 0; first < messages; first += batchSize) {
    const batch = [];
    for (let index = first; index < Math.min(messages, first + batchSize); index++) {
      const date = new Date();
      const now = date.toISOString();
      // Run ids as the engine makes them: the second, then random (thousands share a second).
      const run = { id: newRunId(date), flow: 'relay', revision: 1, bundleSha256: 'a'.repeat(64), trigger: `event bench.in (message bench-${index})`, status: 'succeeded' as const, startedAt: now, finishedAt: now, steps };
      batch.push({ messageId: `bench-${index}`, retried: false, run });
    }
    await engine.stores.ledger.commit(batch);
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ messages, batchSize, ms: Math.round(ms), microsecondsPerMessage: Number(((ms * 1000) / messages).toFixed(1)) }));
} finally {
  await engine.close();
  rmSync(directory, { recursive: true, force: true });
}
