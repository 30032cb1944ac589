// A second engine process's dedupe looks, for the cross-process test: claims keys 0..n-1 of one
// pool in batches on its own connection to the state file, and prints the keys it found new.
import { openSqliteStores } from '../../src/engine/stores/sqlite/sqlite-stores.js';

const [file, name, count] = process.argv.slice(2);
const stores = openSqliteStores(file!, {});
const claimed: string[] = [];
const now = new Date('2026-12-06T10:00:00.000Z');
for (let start = 0; start < Number(count); start += 5) {
  const keys = Array.from({ length: 5 }, (_, offset) => ({ key: String(start + offset), claim: `${name}/${start + offset}` }));
  const seen = await stores.flowData.dedupe('pool/shared', keys, { now, expiresAt: new Date(now.getTime() + 86_400_000), track: true });
  seen.forEach((was, index) => {
    if (!was) claimed.push(keys[index]!.key);
  });
  // Let the other process in between batches.
  await new Promise((resolve) => setTimeout(resolve, 1));
}
await stores.close();
process.stdout.write(JSON.stringify(claimed));
