'use strict';
// Makes dist/weft.cjs.cache, V8's code cache for the bundle, after a warm-up run on the example
// (so it holds the functions a run needs). Run by scripts/build.mjs as a process of its own,
// a CommonJS one started as bin/weft.cjs is, with the same V8 flags: V8 rejects a code cache made
// under other flags, and one made inside build.mjs's own process (an ES module, esbuild loaded)
// was seen rejected by bin/weft.cjs, so that every command compiled the whole bundle at start.
const { readFileSync, writeFileSync, rmSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

// As bin/weft.cjs does before loading.
v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
v8.setFlagsFromString('--regexp-backtracks-before-fallback=50000');

async function main() {
  const outfile = path.join(__dirname, '..', 'dist', 'weft.cjs');
  const cacheFile = `${outfile}.cache`;
  rmSync(cacheFile, { force: true });
  // Read as bin/weft.cjs reads it.
  const script = new vm.Script(wrap(readFileSync(outfile, 'latin1')), { filename: outfile });
  const module_ = { exports: {} };
  script.runInThisContext()(module_.exports, createRequire(outfile), module_, outfile, path.dirname(outfile));
  const sink = { write() {} };
  const example = path.join(__dirname, '..', 'examples', 'acme');
  for (const argv of [['validate', example, '--no-cache'], ['validate', example, '--format', 'json', '--no-cache'], ['compile', example]]) {
    await module_.exports.cli({ argv, cwd: example, env: {}, stdout: sink, stderr: sink });
  }
  writeFileSync(cacheFile, script.createCachedData());
  // What bin/weft.cjs will see: a cache this process would reject is a broken build.
  const check = new vm.Script(wrap(readFileSync(outfile, 'latin1')), { filename: outfile, cachedData: readFileSync(cacheFile) });
  if (check.cachedDataRejected) throw new Error('V8 rejects the code cache just made for dist/weft.cjs');
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
