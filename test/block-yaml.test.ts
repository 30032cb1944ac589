import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readBlockDocument, plainScalar } from '../src/parse/block-yaml.js';
import { mayReadDifferently, parseYamlDocuments, readPlainDocuments } from '../src/parse/parse-file.js';
import { describeGrowth, measureGrowth } from './helpers/growth.js';
import { nonPrintable } from '../src/parse/telltales.js';
import { generateProject } from '../bench/generate.mjs';
import { repoRoot } from './helpers/run-weft.js';
import { fuzzSeed } from './helpers/fuzz-seed.js';
import { yamlFiles } from './helpers/yaml-files.js';

const test = suite('block-yaml');

/**
 * What `yaml` reads in a one-document text (the reading weft holds every other to), or undefined
 * when it reports anything: an error, a warning.
 */
function yamlReading(text: string): unknown {
  const documents = parseYamlDocuments(text);
  if (documents.length !== 1) return undefined;
  const [document] = documents;
  if (document!.errors.length > 0 || document!.warnings.length > 0) return undefined;
  return document!.toJS();
}

/** The texts the reader is used on: what neither `mayReadDifferently`, a carriage return nor a control character sends to the others. */
function inScope(text: string): boolean {
  return !mayReadDifferently(text) && !text.includes('\r') && !nonPrintable.test(text) && !/^---/m.test(text);
}

/**
 * Holds the reader to `yaml` on one text: what it reads, yaml reads the same; true when it read
 * it. (Not to js-yaml: where the two differ, yaml is right, as on `a:\n- a:\n  - # c\n- # c`,
 * whose last item js-yaml puts in the inner list.)
 */
function agrees(text: string): boolean {
  const read = readBlockDocument(text, 0, text.length);
  if (read === undefined) return false;
  const expected = yamlReading(text);
  assert.ok(expected !== undefined, `read a text yaml refuses: ${JSON.stringify(text)}`);
  assert.equal(read, expected, JSON.stringify(text));
  return true;
}

test('reads what yaml reads: every one-document YAML file of the repository it reads', () => {
  const texts = [...yamlFiles(path.join(repoRoot, 'examples')), ...yamlFiles(path.join(repoRoot, 'test', 'fixtures')), ...yamlFiles(path.join(repoRoot, 'schemas'))]
    .map((file) => readFileSync(file, 'utf8'))
    .filter(inScope);
  assert.ok(texts.length > 200, `${texts.length} files`);
  const read = texts.filter(agrees).length;
  // It is the common reading, not a rare one (the rest: escapes it leaves, scalars over lines, errors on purpose).
  assert.ok(read > texts.length * 0.6, `${read} of ${texts.length} read`);
});

test('reads a whole generated project, as yaml reads it', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'weft-block-yaml-'));
  try {
    await generateProject(root, 600);
    const texts = yamlFiles(root).map((file) => readFileSync(file, 'utf8'));
    let documents = 0;
    let read = 0;
    for (const text of texts) {
      // One document at a time, as readPlainDocuments hands them over.
      const parts = text.split(/^---\n/m).filter((part) => /^[ ]*[^\s#]/m.test(part));
      for (const part of parts) {
        if (!inScope(part)) continue;
        documents++;
        if (agrees(part)) read++;
      }
    }
    assert.ok(documents > 500, `${documents} documents`);
    assert.ok(read >= documents * 0.95, `${read} of ${documents} read`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a document between separators is read where it is, as it would be alone', () => {
  const text = '# head\na: 1\n---\nb: [x, "y"]\nc: |\n  text\n---\nd: e\n';
  const second = text.indexOf('---\n') + 3;
  const third = text.indexOf('---\n', second);
  assert.equal(readBlockDocument(text, 0, text.indexOf('---\n')), { a: 1 });
  assert.equal(readBlockDocument(text, second, third), { b: ['x', 'y'], c: 'text\n' });
  assert.equal(readBlockDocument(text, third + 3, text.length), { d: 'e' });
});

test('what it leaves to the others: anchors, tags, scalars over lines, errors, keys that are not strings, duplicates', () => {
  const left = [
    'a: &x 1\nb: *x\n',
    'a: !t 1\n',
    'a: b\n  c\n',
    'a: "b\n  c"\n',
    "a: 'b\n  c'\n",
    'a: b: c\n',
    'a: [1,\n  2]\n',
    'a: "\\U0001F600"\n',
    'a: "b\\\n  c"\n',
    'a: |2\n   x\n',
    'a: >\n  x\n    more\n  y\n',
    'a: |\n\n  x\n',
    '1: x\n',
    'null: x\n',
    'true: x\n',
    'a: 1\na: 2\n',
    '__proto__: 1\n',
    'a: { b }\n',
    'a: [b, ]\n',
    'a: [b: c]\n',
    'a: {b:1}\n',
    '- a\n',
    'text\n',
    'a:\n  - b\n - c\n',
    'a: - b\n',
    '- - a\n',
    '? a\n: b\n',
    'a: |\n  x',
    '"a":b\n',
    '\ufeffa: 1\n',
    'a: "\ufeff"\n',
    'a: b #c\n  d: e\n',
  ];
  for (const text of left) assert.is(readBlockDocument(text, 0, text.length), undefined, JSON.stringify(text));
});

test('keys whose colon is over a thousand characters away, and nesting over a hundred deep, are left to the others (yaml refuses them)', () => {
  const left = [
    `"${'a'.repeat(1023)}": 1\n`,
    `${'a'.repeat(1000)}${' '.repeat(25)}: 1\n`,
    `"${'\\x41'.repeat(256)}": 1\n`,
    `l:\n  - ${'k'.repeat(1001)}: 1\n`,
    Array.from({ length: 1000 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n') + ' 1\n',
    `a: ${'['.repeat(3000)}${']'.repeat(3000)}\n`,
    `a: ${'{b: '.repeat(150)}1${'}'.repeat(150)}\n`,
  ];
  for (const text of left) assert.is(readBlockDocument(text, 0, text.length), undefined, text.slice(0, 60));
  // Within the bounds: read, as yaml reads them.
  for (const text of [`${'k'.repeat(900)}: 1\n`, `"${'q'.repeat(900)}": 1\n`, Array.from({ length: 60 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n') + ' 1\n', `a: ${'['.repeat(60)}${']'.repeat(60)}\n`]) {
    assert.ok(agrees(text), text.slice(0, 60));
  }
});

test('many documents with a character beyond Latin-1 are read in linear time', () => {
  // Each document looked for a byte order mark to the end of the whole text: quadratic in
  // documents, once the text is not one byte per character.
  const growth = measureGrowth((count) => 'a: 1\n---\n'.repeat(count) + 'z: 日\n', (text) => readPlainDocuments(text), 12000, 4);
  assert.ok(growth.ratio < 8 && growth.large < 5000, describeGrowth('documents in one file', growth, 4));
  assert.is(readPlainDocuments('a: 1\n---\n'.repeat(3) + 'z: 日\n')!.length, 4);
});

test("an empty item after a nested list is the outer list's, as yaml reads it (js-yaml puts it in the inner list)", () => {
  const text = 'a:\n- a:\n  - # c\n- # c\n';
  assert.equal(readBlockDocument(text, 0, text.length), { a: [{ a: [null] }, null] });
  assert.ok(agrees(text));
});

test('block scalars: chomping, folding, blank lines, comments in and after them', () => {
  const cases: [string, unknown][] = [
    ['a: |\n  x\n  y\n', { a: 'x\ny\n' }],
    ['a: |-\n  x\n\n  y\n\n\nb: 1\n', { a: 'x\n\ny', b: 1 }],
    ['a: |+\n  x\n\n\nb: 1\n', { a: 'x\n\n\n', b: 1 }],
    ['a: >\n  x\n  y\n\n  z\n', { a: 'x y\nz\n' }],
    ['a: >-\n  one\n  two\n\n\n  three\n', { a: 'one two\n\nthree' }],
    ['a: | # a comment\n  # not one\n    more\n# after\nb: 2\n', { a: '# not one\n  more\n', b: 2 }],
    ['l:\n  - |\n    in a list\n  - >-\n    folded\n    here\n', { l: ['in a list\n', 'folded here'] }],
    ['a: |\n  x\n  \n  y\n', { a: 'x\n\ny\n' }],
  ];
  for (const [text, expected] of cases) {
    assert.equal(readBlockDocument(text, 0, text.length), expected, JSON.stringify(text));
    assert.ok(agrees(text));
  }
});

test('scalars as the core schema reads them; quotes and escapes; flow collections on a line', () => {
  const cases: [string, unknown][] = [
    ['a: ~\nb: Null\nc: TRUE\nd: tRUE\ne: 0o17\nf: 0x1F\ng: +12\nh: .5\ni: 1.\nj: 1e3\nk: 1_000\nl: 2024-01-01T00:00:00Z\nm: -5\nn: -x\n', { a: null, b: null, c: true, d: 'tRUE', e: 15, f: 31, g: 12, h: 0.5, i: 1, j: 1000, k: '1_000', l: '2024-01-01T00:00:00Z', m: -5, n: '-x' }],
    ['a: b #c\nd: e#f\ng: "h # i" # j\nk: \'it\'\'s\'\n', { a: 'b', d: 'e#f', g: 'h # i', k: "it's" }],
    ['a: "\\t\\"\\\\\\/\\x41\\u00e9\\n"\n', { a: '\t"\\/Aé\n' }],
    ['a: { b: [1, -2, "c", \'d\'], e: {}, f: [], g: 12:30, h: x:y }\n', { a: { b: [1, -2, 'c', 'd'], e: {}, f: [], g: '12:30', h: 'x:y' } }],
    ['k y: v\n"q: k": 1\n\'s\': 2\n', { 'k y': 'v', 'q: k': 1, s: 2 }],
    ['a:\n- x\n- y\nb:\n  - id: 1\n    c:\n    - z\n  -\n    id: 2\n  - # empty\n', { a: ['x', 'y'], b: [{ id: 1, c: ['z'] }, { id: 2 }, null] }],
  ];
  for (const [text, expected] of cases) {
    assert.equal(readBlockDocument(text, 0, text.length), expected, JSON.stringify(text));
    assert.ok(agrees(text));
  }
  assert.is(plainScalar('0x'), '0x');
  assert.is(plainScalar('-0'), -0);
});

const fuzz = fuzzSeed();

/**
 * Texts written the way people write weft files, and the ways they get them wrong: mappings and
 * lists at odd indentations, compact mappings in lists, lists at their key's indentation, block
 * scalars with blank, more-indented and comment-like lines, comments and blank lines anywhere,
 * scalars with the characters that end or begin things (`: `, ` #`, `-`, quotes, escapes).
 */
test('any text of the shapes it reads: what it reads, yaml reads the same', fuzz.replayable(() => {
  const plain = fc.constantFrom('x', 'a b', 'v-1', '-5', '-x', '12:30', '2024-01-01T00:00:00Z', 'a #b', 'a#b', 'a: b', 'a:', '~', 'null', 'True', 'tRUE', '0x1F', '0o8', '1e3', '.5', '+12', '1_0', '$x.y', '{{a}}', 'a,b', 'é日本', 'http://h/p?q=1', '[x]', '%x', '@x', '`x', '? x', ': x', '*x', '&x', '!x', '|', '>');
  const quoted = fc.constantFrom('"x"', '"a: b # c"', '"\\t\\x41\\u00e9\\"\\\\"', '"\\U0001F600"', '"\\q"', "'it''s'", "'a: b'", '""', "''", '"unclosed', "'x' y", '"x"#c', '"x" #c');
  const flow = fc.constantFrom('[]', '{}', '[a, b]', '[a, "b", -1, 1:2]', '{ a: 1, b: [x, { c: d }] }', '{a: 1}', '{a:1}', '[a, ]', '{ a }', '[a: b]', '{ a: }', '[a, [b]', '{ "k": v, \'l\': w }', '[x] y', '[x] # c', '{ a: b, a: c }');
  const key = fc.constantFrom('a', 'b', 'c', 'key y', '"q: k"', "'s'", '-k', '1', 'true', 'null', '~', 'k#x', 'a:b', '__proto__', '"a"b', '[k]', 'k ');
  const blockHeader = fc.constantFrom('|', '|-', '|+', '>', '>-', '>+', '|2', '| # c', '|#c', '>1-');
  const blockLine = fc.constantFrom('text', 'more text', '', '  ', '    ', '  deeper', '# not a comment', 'a: b', '- item', '"q"');
  const comment = fc.constantFrom('', '', '', '# c', '  # indented', '\n', '   \n');
  const inline = fc.oneof(plain, plain, quoted, flow, fc.constant(''), fc.constant('# only a comment'));
  const indentStep = fc.constantFrom(1, 2, 2, 2, 3, 4);

  type Lines = fc.Arbitrary<string[]>;
  const node: (indent: number, depth: number) => Lines = (indent, depth) =>
    depth <= 0
      ? mapping(indent, 0)
      : fc.oneof(mapping(indent, depth), list(indent, depth));
  const value = (indent: number, depth: number): fc.Arbitrary<{ inline: string; below: string[] }> =>
    fc.oneof(
      { weight: 4, arbitrary: inline.map((text) => ({ inline: text, below: [] })) },
      {
        weight: depth > 0 ? 2 : 0,
        arbitrary: fc.tuple(indentStep, fc.boolean()).chain(([step, sameIndentList]) =>
          (sameIndentList ? list(indent, depth - 1) : node(indent + step, depth - 1)).map((below) => ({ inline: '', below })),
        ),
      },
      {
        weight: 2,
        arbitrary: fc.tuple(blockHeader, indentStep, fc.array(blockLine, { minLength: 0, maxLength: 5 })).map(([header, step, lines]) => ({
          inline: header,
          below: lines.map((line) => (line.trim() === '' ? line : ' '.repeat(indent + step) + line)),
        })),
      },
    );
  const mapping = (indent: number, depth: number): Lines =>
    fc.array(fc.tuple(key, value(indent, depth), comment), { minLength: 1, maxLength: 4 }).map((entries) =>
      entries.flatMap(([name, entry, after]) => [`${' '.repeat(indent)}${name}:${entry.inline === '' ? '' : ' ' + entry.inline}`, ...entry.below, ...(after === '' ? [] : [after])]),
    );
  const list = (indent: number, depth: number): Lines =>
    fc
      .array(
        fc.oneof(
          value(indent, depth).map((entry) => [`${' '.repeat(indent)}-${entry.inline === '' ? '' : ' ' + entry.inline}`, ...entry.below]),
          // A compact mapping: its first key after the dash, the others at its column.
          mapping(indent + 2, Math.max(0, depth - 1)).map((lines) => [`${' '.repeat(indent)}- ${lines[0]!.trimStart()}`, ...lines.slice(1)]),
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((items) => items.flat());

  let read = 0;
  let runs = 0;
  fc.assert(
    fc.property(mapping(0, 3), comment, fc.boolean(), (lines, head, finalBreak) => {
      const text = (head === '' ? '' : head + '\n') + lines.join('\n') + (finalBreak ? '\n' : '');
      if (!inScope(text)) return;
      runs++;
      if (agrees(text)) read++;
    }),
    { numRuns: fuzz.runs(4000), seed: fuzz.derived(0) },
  );
  // The shapes it reads come up often: this is not a test of giving up.
  assert.ok(read > runs * 0.05, `${read} of ${runs} read`);
}));

test.run();
