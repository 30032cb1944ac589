// Runs uvu test files in this process, as uvu's CLI does (node_modules/uvu/run), and stops at the
// first failing suite. Its exit code tells scripts/mutate.mjs what happened to a mutant:
// 0 every test passed, 1 a test failed (or the process crashed while testing), 2 a test file or
// the module under test could not be loaded.
// Usage: node --import tsx scripts/mutate/run-tests.mjs test/a.test.ts test/b.test.ts
import path from 'node:path';
import { pathToFileURL } from 'node:url';

globalThis.UVU_DEFER = 1;
const uvu = await import('uvu');

for (const [index, file] of process.argv.slice(2).entries()) {
  globalThis.UVU_INDEX = index;
  globalThis.UVU_QUEUE.push([file]);
  try {
    await import(pathToFileURL(path.resolve(file)).href);
  } catch (error) {
    console.error(`cannot load ${file}: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(2);
  }
}
await uvu.exec(true);
