#!/usr/bin/env node
'use strict';
// Loads the bundled CLI with V8's code cache made at build time (see scripts/build.mjs). A
// cache from another Node version is rejected by V8 and the code is simply compiled as usual.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire, wrap } = require('node:module');

// The same V8 flags weft sets for users' regular expressions (src/check/user-schemas.ts), set
// before loading: V8 rejects a code cache made under other flags.
require('node:v8').setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
require('node:v8').setFlagsFromString('--regexp-backtracks-before-fallback=50000');

const file = path.join(__dirname, '..', 'dist', 'weft.cjs');
// In a checkout (not an installed package, which ships dist/ built): build it on first use.
if (!fs.existsSync(file) && fs.existsSync(path.join(__dirname, '..', 'scripts', 'build.mjs'))) {
  require('node:child_process').execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
}
// `weft validate` of a project whose files, and all else its last result depended on, are
// unchanged: that result, from .weft/cache/, without loading the rest of weft.
// Not tried when the command line itself says not to (loading it costs milliseconds).
if (process.argv[2] === 'validate' && !process.argv.includes('--no-cache') && process.env.WEFT_NO_CACHE !== '1') {
  const fast = path.join(__dirname, '..', 'dist', 'validate-cache.cjs');
  // As the full CLI: a reader that stops early (`weft validate | head`) is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  let served;
  try {
    served = require(fast).serveCachedValidate(process.argv.slice(3), process.cwd(), process.env, process.stdout, process.stderr, path.dirname(fast));
  } catch {
    served = undefined;
  }
  if (served !== undefined) {
    process.exitCode = served;
    return;
  }
}
let cachedData;
try {
  cachedData = fs.readFileSync(`${file}.cache`);
} catch {}
// The bundle is ASCII only (scripts/build.mjs checks): read as latin1 it is the same text, made
// without decoding UTF-8 (milliseconds of every start).
const script = new vm.Script(wrap(fs.readFileSync(file, 'latin1')), { filename: file, cachedData });
if (script.cachedDataRejected && process.env.WEFT_DEBUG === '1') process.stderr.write('weft: the code cache was rejected\n');
const module_ = { exports: {} };
script.runInThisContext()(module_.exports, createRequire(file), module_, file, path.dirname(file));
module_.exports.main();
