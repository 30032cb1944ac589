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
let cachedData;
try {
  cachedData = fs.readFileSync(`${file}.cache`);
} catch {}
const script = new vm.Script(wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
if (script.cachedDataRejected && process.env.WEFT_DEBUG === '1') process.stderr.write('weft: the code cache was rejected\n');
const module_ = { exports: {} };
script.runInThisContext()(module_.exports, createRequire(file), module_, file, path.dirname(file));
module_.exports.main();
