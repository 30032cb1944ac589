import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { diagnosticCodes } from '../src/diagnostics/codes.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { validateProject } from '../src/pipeline/validate-project.js';
import { compileProject } from '../src/pipeline/compile-project.js';
import { makeTemporaryDirectory, removeTemporaryDirectory, repoRoot } from './helpers/run-weft.js';
import { listFiles } from './helpers/temp-project.js';
import { fuzzSeed } from './helpers/fuzz-seed.js';
import { singleAcme } from './helpers/single-acme.js';

/**
 * Whatever bytes a project holds, validation returns well-formed diagnostics in bounded time and
 * never throws. Every run takes a new seed and a failure names it: WEFT_FUZZ_SEED=<seed> replays
 * it, and WEFT_FUZZ_RUNS explores further (e.g. WEFT_FUZZ_RUNS=5000 before a release).
 */
const test = suite('property');

const fuzz = fuzzSeed();
const runs = fuzz.runs;
/** One validation of a tiny project takes milliseconds; this is the bound for "never hangs". */
const timeLimitMs = 5_000;

const acmeRoot = singleAcme();
const projectFile = 'apiVersion: weft/v1\nkind: Project\nmetadata:\n  name: fuzz\n';
const prototypeKeys = {
  object: Reflect.ownKeys(Object.prototype).map(String).sort(),
  array: Reflect.ownKeys(Array.prototype).map(String).sort(),
  function: Reflect.ownKeys(Function.prototype).map(String).sort(),
};

let scratch = '';
let acmeCopy = '';
/** Every file of the acme copy (including excluded ones: a mutated weft.yaml may drop the exclude). */
let acmeFiles = new Map<string, Buffer>();
/** The acme files a mutation may target. */
let acmeTargets: string[] = [];
let projectCounter = 0;

test.before(async () => {
  scratch = await makeTemporaryDirectory('weft-property-');
  acmeCopy = path.join(scratch, 'acme');
  await cp(acmeRoot, acmeCopy, { recursive: true });
  acmeFiles = new Map();
  for (const file of await listFiles(acmeCopy)) acmeFiles.set(file, await readFile(path.join(acmeCopy, file)));
  acmeTargets = [...acmeFiles.keys()].filter((file) => /\.ya?ml$/.test(file) && !file.startsWith('fixtures/')).sort();
});

test.after(async () => {
  await removeTemporaryDirectory(scratch);
});


// ---------------------------------------------------------------------------------------------
// The invariant

/** Text as weft sees it: UTF-8, a leading BOM dropped, invalid bytes replaced (lines unchanged). */
function textOf(bytes: Buffer | string): string {
  return typeof bytes === 'string' ? bytes.replace(/^\uFEFF/, '') : new TextDecoder('utf-8').decode(bytes);
}

/** Throws, describing the first problem, unless every diagnostic is well-formed. */
function assertWellFormed(diagnostics: readonly Diagnostic[], files: ReadonlyMap<string, Buffer | string>, projectFiles: readonly string[]): void {
  for (const diagnostic of diagnostics) {
    const where = JSON.stringify(diagnostic);
    const fail = (why: string): never => {
      throw new Error(`malformed diagnostic (${why}): ${where}`);
    };
    if (diagnostic.severity !== 'error' && diagnostic.severity !== 'warning') fail('severity');
    if (!Object.prototype.hasOwnProperty.call(diagnosticCodes, diagnostic.code)) fail('unknown code');
    if (diagnosticCodes[diagnostic.code].severity !== diagnostic.severity) fail(`severity of ${diagnostic.code}`);
    if (typeof diagnostic.message !== 'string' || diagnostic.message.trim() === '') fail('empty message');
    if (typeof diagnostic.file !== 'string' || diagnostic.file.includes('\\') || path.isAbsolute(diagnostic.file) || diagnostic.file.split('/').includes('..')) fail('file path');
    if (!projectFiles.includes(diagnostic.file)) fail('file is not one of the project files');
    const content = files.get(diagnostic.file);
    if (content === undefined) fail('file was not written by the test');
    // Lines as weft counts them: a lone CR (old Mac line endings) ends a line too.
    const lines = textOf(content!).split(/\n|\r(?!\n)/);
    for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
      if (!Number.isInteger(diagnostic[key])) fail(`${key} is not an integer`);
    }
    if (diagnostic.line < 1 || diagnostic.line > lines.length + 1) fail(`line outside 1..${lines.length + 1}`);
    if (diagnostic.column < 1) fail('column < 1');
    if (diagnostic.endLine < diagnostic.line || diagnostic.endLine > lines.length + 1) fail('endLine');
    if (diagnostic.endLine === diagnostic.line && diagnostic.endColumn < diagnostic.column) fail('endColumn before column');
    if (diagnostic.endColumn < 1) fail('endColumn < 1');
    const lineText = lines[diagnostic.line - 1] ?? '';
    if (diagnostic.column > lineText.length + 1) fail(`column past the end of line ${diagnostic.line} (${lineText.length} characters)`);
    if (diagnostic.pointer !== undefined && !/^(\/|$)/.test(diagnostic.pointer)) fail('pointer');
  }
  // Sorted by file, line, column, code and message, without exact duplicates.
  for (let i = 1; i < diagnostics.length; i++) {
    const a = diagnostics[i - 1]!;
    const b = diagnostics[i]!;
    const order = compare(a.file, b.file) || a.line - b.line || a.column - b.column || compare(a.code, b.code) || compare(a.message, b.message);
    if (order > 0) throw new Error(`diagnostics out of order: ${JSON.stringify(a)} before ${JSON.stringify(b)}`);
    if (order === 0) throw new Error(`duplicate diagnostic: ${JSON.stringify(b)}`);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Runs a pipeline stage with a time limit, returning how long it took. */
async function timed<T>(run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  try {
    const result = await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not resolve within ${timeLimitMs} ms`)), timeLimitMs);
      }),
    ]);
    const elapsed = performance.now() - started;
    if (elapsed > timeLimitMs) throw new Error(`took ${Math.round(elapsed)} ms`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/** Writes a fresh project with weft.yaml and the given files (which may replace weft.yaml). */
async function writeProject(files: ReadonlyMap<string, Buffer | string>): Promise<string> {
  const root = path.join(scratch, `project-${++projectCounter}`);
  for (const [file, content] of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return root;
}

/**
 * Validates files as a project in-process and checks the invariant; with `twice`, validates again
 * and requires the same diagnostics (no state leaks between runs through caches).
 */
async function validateFiles(files: ReadonlyMap<string, Buffer | string>, twice = false): Promise<Diagnostic[]> {
  const all = new Map<string, Buffer | string>([['weft.yaml', projectFile], ...files]);
  const root = await writeProject(all);
  try {
    const result = await timed(() => validateProject(root));
    assertWellFormed(result.diagnostics, all, result.project.files);
    if (twice) {
      const again = await timed(() => validateProject(root));
      assert.equal(again.diagnostics, result.diagnostics, 'a second validation of the same files differs');
    }
    return result.diagnostics;
  } finally {
    await removeTemporaryDirectory(root);
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const fragments = [
  ':', ': ', '- ', '-', '{', '}', '[', ']', ',', '&a', '*a', '&b ', '*b', '---', '...', '"', "'", '\t', '  ', '    ', '\n', '\n', '\n  ', '\n- ', '\r\n', '\r',
  '#', '# comment', '? ', '|', '|-', '>', '>+', '!', '!tag ', '!!binary ', '!!str ', '!!map ', '!!seq ', '!!set ', '!!omap ', '!!int ', '!!float ',
  '%YAML 1.2\n---\n', '%YAML 1.1\n', '%TAG ! tag:x,2000:\n', '<<: *a', '<<: ', '__proto__:', '__proto__: ', 'constructor:', 'prototype:', 'polluted: true', 'toString:', 'hasOwnProperty:', 'valueOf: ',
  'apiVersion: weft/v1', 'apiVersion: weft/v2', 'kind: Flow', 'kind: Instance', 'kind: Connector', 'kind: Project', 'kind: Bundle', 'metadata:', 'name: ', 'name: x', 'spec:', 'labels:', 'previousNames:',
  'trigger:', 'schedule:', 'cron: "*/5 * * * *"', 'cron: ', 'timezone: Europe/London', 'timezone: Mars/Olympus', 'webhook:', 'path: ', 'event:', 'manual: {}', 'steps:', 'id: ', 'receive:', 'send:', 'publish:',
  'filter: ', 'map: ', 'instance: ', 'endpoint: ', 'input:', 'connector: ', 'connector: x@^1', 'auth: ', 'settings:', 'credentials:', 'version: 1.0.0', 'version: ', 'type: http', 'type: event',
  'http:', 'baseUrl: ', 'endpoints:', 'method: GET', 'records: ', 'pagination:', 'inputs:', 'exclude:', 'exclude: ["**"]', 'engine:',
  '${secret:a/b}', '${env:X}', '${env:X:-y}', '${', '$${', '}', '{{settings.x}}', '{{', '}}', '{{record}}', '$string(id)', '$$', '(', ')',
  'null', '~', 'true', 'yes', 'on', '0x1F', '0o17', '1e999', '-.inf', '.nan', '2001-12-14', '12:30:45', '"\\u0000"', '"\\e"', '\u00a0', '\u2028', '\ufeff', '😀', 'é', '\u0000',
];

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const number = fc.oneof(fc.integer().map(String), fc.double().map(String), fc.nat(99).map(String));
const token = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...fragments) }, { weight: 2, arbitrary: word }, { weight: 1, arbitrary: number }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) });
/** YAML-ish token soup, sometimes after a valid resource header to get past the first checks. */
const tokenSoup = fc
  .tuple(
    fc.constantFrom(
      '',
      'apiVersion: weft/v1\n',
      'apiVersion: weft/v1\nkind: Flow\nmetadata:\n  name: f\nspec:\n',
      'apiVersion: weft/v1\nkind: Instance\nmetadata:\n  name: i\nspec:\n',
      'apiVersion: weft/v1\nkind: Connector\nmetadata:\n  name: c\nspec:\n  version: 1.0.0\n',
    ),
    fc.array(token, { maxLength: 80 }),
  )
  .map(([header, tokens]) => header + tokens.join(''));

const arbitraryContent: fc.Arbitrary<Buffer | string> = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  tokenSoup,
);

/** Where a fuzzed file goes: beside weft.yaml, deeper, or as weft.yaml itself. */
const target = fc.constantFrom('fuzz.yaml', 'nested/dir/fuzz.yml', 'weft.yaml');

/** Every identifier-like word of the example: swapping one for another makes meaningful mistakes. */
const vocabulary = [
  ...new Set(
    (readdirSync(acmeRoot, { recursive: true, encoding: 'utf8' }) as string[])
      .filter((file) => /\.ya?ml$/.test(file))
      .flatMap((file) => readFileSync(path.join(acmeRoot, file), 'utf8').match(/[A-Za-z][\w.-]*/g) ?? []),
  ),
].sort();

type Mutation =
  | { kind: 'delete-line' | 'duplicate-line'; at: number }
  | { kind: 'swap-lines'; at: number; other: number }
  | { kind: 'indent'; at: number; by: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'replace-character'; at: number; with: string }
  | { kind: 'flip-byte'; at: number; bit: number }
  | { kind: 'insert-token'; at: number; token: string }
  | { kind: 'replace-word'; at: number; word: string };

const position = fc.nat({ max: 1_000_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete-line' as const, 'duplicate-line' as const), at: position }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: position, other: position }),
  fc.record({ kind: fc.constant('indent' as const), at: position, by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('replace-character' as const), at: position, with: fc.oneof(fc.constantFrom(...fragments), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }),
  fc.record({ kind: fc.constant('flip-byte' as const), at: position, bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('insert-token' as const), at: position, token }),
  fc.record({ kind: fc.constant('replace-word' as const), at: position, word: fc.constantFrom(...vocabulary) }),
);

function mutate(original: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = Buffer.from(original);
  for (const change of mutations) {
    if (change.kind === 'flip-byte') {
      if (bytes.length === 0) continue;
      bytes = Buffer.from(bytes);
      const at = change.at % bytes.length;
      bytes[at] = bytes[at]! ^ (1 << change.bit);
      continue;
    }
    const text = bytes.toString('utf8');
    let next: string;
    if (change.kind === 'replace-word') {
      // The identifier-like word at or after the position, if any.
      const words = [...text.matchAll(/[A-Za-z][\w.-]*/g)];
      const found = words.find((match) => match.index + match[0].length > change.at % (text.length + 1)) ?? words[0];
      next = found ? text.slice(0, found.index) + change.word + text.slice(found.index + found[0].length) : text;
    } else if (change.kind === 'truncate' || change.kind === 'replace-character' || change.kind === 'insert-token') {
      const at = change.at % (text.length + 1);
      if (change.kind === 'truncate') next = text.slice(0, at);
      else if (change.kind === 'replace-character') next = text.slice(0, at) + change.with + text.slice(at + 1);
      else next = text.slice(0, at) + change.token + text.slice(at);
    } else {
      const lines = text.split('\n');
      const at = change.at % lines.length;
      if (change.kind === 'delete-line') lines.splice(at, 1);
      else if (change.kind === 'duplicate-line') lines.splice(at, 0, lines[at]!);
      else if (change.kind === 'swap-lines') {
        const other = change.other % lines.length;
        [lines[at], lines[other]] = [lines[other]!, lines[at]!];
      } else if (change.kind === 'indent') {
        lines[at] = change.by >= 0 ? ' '.repeat(change.by) + lines[at] : lines[at]!.replace(new RegExp(`^ {0,${-change.by}}`), '');
      }
      next = lines.join('\n');
    }
    bytes = Buffer.from(next, 'utf8');
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Properties

test('the fuzz seed: new per run, WEFT_FUZZ_SEED replays it, and a failure names it', async () => {
  assert.ok(new Set([fuzzSeed({}).seed, fuzzSeed({}).seed, fuzzSeed({}).seed]).size > 1, 'three runs drew one seed');
  const replayed = fuzzSeed({ WEFT_FUZZ_SEED: '12345', WEFT_FUZZ_RUNS: '300' });
  assert.is(replayed.seed, 12345);
  assert.is(replayed.replay, 'WEFT_FUZZ_SEED=12345 WEFT_FUZZ_RUNS=300');
  assert.is(replayed.runs(10), 30);
  const again = fuzzSeed({ WEFT_FUZZ_SEED: '12345' });
  const [first, second] = [replayed.random(1), again.random(1)];
  assert.equal([first(), first(), first()], [second(), second(), second()]);
  assert.is.not(replayed.random(2)(), again.random(1)());
  // A failing property fails the same way under the same seed, and its error says how to replay it.
  const failure = async (fuzz: ReturnType<typeof fuzzSeed>) =>
    fuzz
      .replayable(() => fc.assert(fc.property(fc.nat(), fc.string(), (n, text) => n < 1000 || text.length < 2), { seed: fuzz.derived(0) }))()
      .then(() => '', (error: Error) => error.message);
  const message = await failure(replayed);
  assert.match(message, /^Property failed after \d+ tests\n/);
  assert.match(message, /\n\(random data from seed 12345: replay with WEFT_FUZZ_SEED=12345 WEFT_FUZZ_RUNS=300\)$/);
  assert.is((await failure(again)).split('\n(random data')[0], message.split('\n(random data')[0]);
  assert.throws(() => fuzzSeed({ WEFT_FUZZ_SEED: 'latest' }), /^WEFT_FUZZ_SEED must be an integer from 0 to 2147483647, not 'latest'$/);
});

test('arbitrary content in a project file never breaks validation', fuzz.replayable(async () => {
  await fc.assert(
    fc.asyncProperty(target, arbitraryContent, async (file, content) => {
      await validateFiles(new Map([[file, content]]));
    }),
    { numRuns: runs(200), seed: fuzz.derived(0) },
  );
}));

test('YAML-ish token soup, several documents and files', fuzz.replayable(async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(tokenSoup, { minLength: 1, maxLength: 4 }), fc.boolean(), async (documents, split) => {
      const files = new Map<string, string>(split ? documents.map((document, index) => [`f${index}.yaml`, document]) : [['all.yaml', documents.join('\n---\n')]]);
      await validateFiles(files, true);
    }),
    { numRuns: runs(150), seed: fuzz.derived(1) },
  );
}));

test('mutations of the example project never break validation or compilation', fuzz.replayable(async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (pick, mutations) => {
      const file = acmeTargets[pick % acmeTargets.length]!;
      const original = acmeFiles.get(file)!;
      const mutated = mutate(original, mutations);
      const files = new Map(acmeFiles);
      files.set(file, mutated);
      await writeFile(path.join(acmeCopy, file), mutated);
      try {
        // compileProject validates and, when there are no errors, also builds the bundle.
        const result = await timed(() => compileProject(acmeCopy));
        assertWellFormed(result.diagnostics, files, result.project.files);
        if (result.errorCount === 0 && !result.bundle) throw new Error('no errors but no bundle');
        if (result.errorCount > 0 && result.bundle) throw new Error('errors but a bundle');
      } finally {
        await writeFile(path.join(acmeCopy, file), original);
      }
    }),
    { numRuns: runs(100), seed: fuzz.derived(2) },
  );
}));

test('the example still validates clean after the mutation runs (the copy was restored)', async () => {
  const result = await validateProject(acmeCopy);
  assert.equal(result.diagnostics, []);
});

test('loading in worker threads gives the same result as on the main thread', async () => {
  // Big projects are parsed in workers (WEFT_WORKERS forces them): what crosses the thread
  // boundary must arrive intact, findings about unreadable and broken files included.
  const broken = new Map<string, Buffer | string>(acmeFiles);
  broken.set('flows/broken.yaml', 'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: [unclosed\n');
  broken.set('flows/binary.yaml', Buffer.from([0x61, 0x00, 0x62]));
  broken.set('flows/latin1.yaml', Buffer.from('name: caf\xe9\n', 'latin1'));
  broken.set('flows/duplicate.yaml', 'a: 1\na: 2\n');
  const projects = [acmeRoot, path.join(repoRoot, 'test', 'fixtures', 'cli', 'errors'), await writeProject(broken)];
  const previous = process.env.WEFT_WORKERS;
  try {
    for (const project of projects) {
      process.env.WEFT_WORKERS = '0';
      const main = await validateProject(project);
      process.env.WEFT_WORKERS = '2';
      const workers = await timed(() => validateProject(project));
      assert.equal(workers.diagnostics, main.diagnostics, project);
      assert.equal(workers.project.files, main.project.files);
      assert.equal([...workers.project.sources], [...main.project.sources]);
      assert.equal(
        workers.project.resources.map((resource) => [resource.kind, resource.name, resource.file]),
        main.project.resources.map((resource) => [resource.kind, resource.name, resource.file]),
      );
    }
  } finally {
    if (previous === undefined) delete process.env.WEFT_WORKERS;
    else process.env.WEFT_WORKERS = previous;
  }
});

// ---------------------------------------------------------------------------------------------
// Prototype pollution

test('__proto__ and constructor keys in every position pollute nothing', async () => {
  const payload = '{ polluted: yes, toString: 1, hasOwnProperty: 2 }';
  const flow = [
    'apiVersion: weft/v1',
    'kind: Flow',
    '__proto__: ' + payload,
    'metadata:',
    '  name: f',
    '  __proto__: ' + payload,
    '  labels: { __proto__: polluted, constructor: polluted }',
    'spec:',
    '  constructor: { prototype: ' + payload + ' }',
    '  trigger: { manual: { __proto__: ' + payload + ' } }',
    '  steps:',
    '    - id: a',
    '      __proto__: ' + payload,
    '      receive: { instance: i, endpoint: e, input: { __proto__: ' + payload + ' } }',
    '---',
    'base: &base { __proto__: ' + payload + ' }',
    'merged: { <<: *base }',
    '---',
    '__proto__: [1, 2]',
    'constructor: { prototype: { polluted: yes } }',
    '',
  ].join('\n');
  const instance = [
    'apiVersion: weft/v1',
    'kind: Instance',
    'metadata: { name: i }',
    'spec:',
    '  connector: c',
    '  settings: { __proto__: ' + payload + ', constructor: { prototype: ' + payload + ' } }',
    '  credentials: { __proto__: "${secret:a/b}" }',
    '',
  ].join('\n');
  const connector = [
    'apiVersion: weft/v1',
    'kind: Connector',
    'metadata: { name: c }',
    'spec:',
    '  version: 1.0.0',
    '  http: { baseUrl: "https://x.example" }',
    '  settings: { type: object, properties: { __proto__: { type: string } } }',
    '  credentials: { __proto__: { description: x } }',
    '  endpoints: { __proto__: { method: GET, path: /x }, e: { method: GET, path: /e } }',
    '',
  ].join('\n');
  const diagnostics = await validateFiles(
    new Map([
      ['flow.yaml', flow],
      ['instance.yaml', instance],
      ['connector.yaml', connector],
    ]),
  );
  // Each key is reported where it is, like any other unknown key; the last two documents are not resources.
  assert.equal(
    diagnostics.map((diagnostic) => `${diagnostic.file}:${diagnostic.line}:${diagnostic.column} ${diagnostic.code} ${diagnostic.pointer ?? ''}`),
    [
      'connector.yaml:8:18 schema /spec/credentials/__proto__',
      'connector.yaml:9:16 schema /spec/endpoints/__proto__',
      'flow.yaml:3:1 schema /__proto__',
      'flow.yaml:6:3 schema /metadata/__proto__',
      'flow.yaml:7:13 schema /metadata/labels/__proto__',
      'flow.yaml:9:3 schema /spec/constructor',
      'flow.yaml:10:24 schema /spec/trigger/manual/__proto__',
      'flow.yaml:13:7 schema /spec/steps/0/__proto__',
      'flow.yaml:14:64 schema /spec/steps/0/receive/input/__proto__',
      'flow.yaml:16:1 not-a-resource ',
      'flow.yaml:19:1 not-a-resource ',
    ],
  );
  assertNoPollution();
});

function assertNoPollution(): void {
  assert.is(({} as Record<string, unknown>).polluted, undefined);
  assert.is(([] as unknown as Record<string, unknown>).polluted, undefined);
  assert.is(typeof ({} as { toString: unknown }).toString, 'function');
  assert.equal(Reflect.ownKeys(Object.prototype).map(String).sort(), prototypeKeys.object);
  assert.equal(Reflect.ownKeys(Array.prototype).map(String).sort(), prototypeKeys.array);
  assert.equal(Reflect.ownKeys(Function.prototype).map(String).sort(), prototypeKeys.function);
}

test('no prototype pollution after all the runs', () => {
  assertNoPollution();
});

test.run();
