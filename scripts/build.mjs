// Builds dist/weft.cjs, the CLI as one CommonJS file, and dist/weft.cjs.cache, V8's code cache
// for it. Start-up is most of `weft validate`'s time on a small project: one file loads much
// faster than hundreds of modules, and the code cache (made after a warm-up run on the example,
// so it holds the functions a run needs) spares V8 compiling them again on every start.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const outfile = fileURLToPath(new URL('../dist/weft.cjs', import.meta.url));
const entries = { weft: '../src/cli/main.ts', 'parse-worker': '../src/pipeline/parse-worker.ts', 'expression-worker': '../src/lex/expression-worker.ts', 'validate-cache': '../src/cache/validate-fast-path.ts' };
await build({
  entryPoints: Object.entries(entries).map(([out, source]) => ({ out, in: fileURLToPath(new URL(source, import.meta.url)) })),
  outdir: fileURLToPath(new URL('../dist', import.meta.url)),
  outExtension: { '.js': '.cjs' },
  // import.meta.url is only read outside the bundle (see src/pipeline/load-files.ts).
  logOverride: { 'empty-import-meta': 'silent' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // WEFT_BUILD_NO_MINIFY=1 keeps function names readable in CPU profiles of the bundle.
  minify: process.env.WEFT_BUILD_NO_MINIFY !== '1',
  sourcemap: 'linked',
  legalComments: 'none',
  // A native module: loaded from node_modules at run time, and only by plan and apply. pg's
  // optional native binding (pg-native) is never installed: pg's own require of it is left alone.
  external: ['better-sqlite3', 'pg-native'],
  // bin/weft.cjs runs the bundle as a vm.Script, where import() cannot work: every dynamic
  // import of a package becomes a require (dependencies such as the OpenAPI parser have some).
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
  plugins: [yamlWithoutDebugLookups(), jsYamlPrintableFirst()],
});

/**
 * yaml reads process.env.LOG_TOKENS for every token and LOG_STREAM for every document, to
 * print debug output. Each read is a lookup in the real environment, which costs most of a
 * parse when the environment is large (a CI job's); weft never sets them, so they are gone.
 */
function yamlWithoutDebugLookups() {
  return {
    name: 'yaml-without-debug-lookups',
    setup(plugin) {
      plugin.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => {
        const source = readFileSync(args.path, 'utf8');
        const contents = source.replace(/node_process\.env\.LOG_(TOKENS|STREAM)/g, 'false');
        if (contents === source) throw new Error(`${args.path}: yaml no longer reads LOG_TOKENS/LOG_STREAM as expected; review this plugin`);
        return { contents, loader: 'js' };
      });
    },
  };
}

/**
 * js-yaml tests every scalar it captures against PATTERN_NON_PRINTABLE (hundreds of thousands of
 * calls over a big project, ~35 ms of a cold validate of 10,000 resources). That pattern can only
 * match where a character of one class is (control characters, C1 controls but NEL, surrogates,
 * U+FFFE/U+FFFF): the whole input is looked at once for that class, when js-yaml starts on it
 * (or the option `mayBeNonPrintable` says, worked out by the expression worker that read the
 * file), and the scalars are tested only when it holds one. The same answers.
 */
function jsYamlPrintableFirst() {
  const test = 'PATTERN_NON_PRINTABLE.test(_result)';
  // The loader's State (State$1 in the bundled dist/js-yaml.mjs, whose dumper has a State too).
  const state = /function State(?:\$1)?\(input, options\) \{\n {2}this\.input = input;\n/g;
  return {
    name: 'js-yaml-printable-first',
    setup(plugin) {
      plugin.onLoad({ filter: /[\\/]node_modules[\\/]js-yaml[\\/](lib[\\/]loader|dist[\\/]js-yaml(\.min)?)\.m?js$/ }, async (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (source.split(test).length !== 2 || (source.match(state) ?? []).length !== 1) throw new Error(`${args.path}: js-yaml's non-printable check is not as this plugin expects; review it`);
        const contents = source
          // weft's own option: what the text's telltales already say (src/parse/telltales.ts).
          .replace(state, (found) => `${found}  this.mayBeNonPrintable = typeof options.mayBeNonPrintable === 'boolean' ? options.mayBeNonPrintable : /[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x84\\x86-\\x9F\\uD800-\\uDFFF\\uFFFE\\uFFFF]/.test(input);\n`)
          .replace(test, `(state.mayBeNonPrintable && ${test})`);
        return { contents, loader: 'js' };
      });
    },
  };
}

// Which build this is: a cached validate result (.weft/cache/) is only trusted by the build that wrote it.
const buildHash = createHash('sha256');
for (const out of Object.keys(entries)) buildHash.update(readFileSync(fileURLToPath(new URL(`../dist/${out}.cjs`, import.meta.url))));
writeFileSync(fileURLToPath(new URL('../dist/build-id.txt', import.meta.url)), `${buildHash.digest('hex').slice(0, 32)}\n`);

// bin/weft.cjs runs the bundle as a vm.Script, where a real import() fails ("A dynamic import
// callback was not specified"): node builtins must be imported statically (esbuild keeps
// import('node:x') as it is). The one allowed is load-files', behind a require() check.
const dynamicBuiltins = readFileSync(outfile, 'utf8').match(/import\("node:[^"]+"\)/g) ?? [];
if (dynamicBuiltins.some((found) => found !== 'import("node:worker_threads")') || dynamicBuiltins.length > 1) {
  throw new Error(`dist/weft.cjs has dynamic imports of node builtins, which fail under bin/weft.cjs: ${dynamicBuiltins.join(', ')}`);
}

// The plugins above did their work (an onLoad filter that no longer matches would pass silently).
if (!readFileSync(outfile, 'latin1').includes('[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x84\\x86-\\x9F\\uD800-\\uDFFF\\uFFFE\\uFFFF]')) throw new Error("dist/weft.cjs lacks js-yaml's printable-first check: review jsYamlPrintableFirst");

// bin/weft.cjs reads the bundle as latin1, which is only the same text while it is ASCII (esbuild
// escapes what is not in strings, as long as its charset option stays the default). Unminified,
// the bundle keeps comments, which may hold any character: misread there, they do no harm.
if (process.env.WEFT_BUILD_NO_MINIFY !== '1' && /[^\x00-\x7f]/.test(readFileSync(outfile, 'latin1'))) throw new Error('dist/weft.cjs has characters outside ASCII, which bin/weft.cjs would misread');

// The code cache, made by a CommonJS process of its own (see scripts/code-cache.cjs).
// Then checked as users will meet it, by bin/weft.cjs in a process of its own (which says so
// under WEFT_DEBUG=1): made again once if V8 rejects it, and a warning if it still does (the
// CLI works without it, only slower to start; test/cli.test.ts fails on it).
const codeCacheAccepted = () => !spawnSync(process.execPath, [fileURLToPath(new URL('../bin/weft.cjs', import.meta.url)), '--version'], { env: { ...process.env, WEFT_DEBUG: '1' }, encoding: 'utf8' }).stderr.includes('code cache was rejected');
for (let attempt = 1; ; attempt++) {
  execFileSync(process.execPath, [fileURLToPath(new URL('./code-cache.cjs', import.meta.url))], { stdio: 'inherit' });
  // Unminified, the bundle's comments hold characters outside ASCII, which bin/weft.cjs reads as latin1: another text to V8.
  if (process.env.WEFT_BUILD_NO_MINIFY === '1' || codeCacheAccepted()) break;
  if (attempt === 2) {
    process.stderr.write('build: V8 rejects the code cache made for dist/weft.cjs; weft will start without it\n');
    break;
  }
}
