import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeSource, parseFile } from '../src/parse/parse-file.js';
import { locatePointer } from '../src/parse/locate.js';
import { parseYamlDocuments } from '../src/parse/parse-file.js';
import { LineIndex } from '../src/parse/line-index.js';
import { describeGrowth, measureGrowth } from './helpers/growth.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { dump } from 'js-yaml';
import { mayReadDifferently, readPlainDocuments } from '../src/parse/parse-file.js';
import { repoRoot } from './helpers/run-weft.js';
import { fuzzSeed } from './helpers/fuzz-seed.js';
import { yamlFiles } from './helpers/yaml-files.js';

const test = suite('parse');

test('YAML 1.2 core schema: NO, yes and on stay strings', () => {
  const { documents, findings } = parseFile('a.yaml', 'country: NO\nflag: yes\nswitch: on\nnumber: 012\n');
  assert.equal(findings, []);
  assert.equal(documents[0]!.value, { country: 'NO', flag: 'yes', switch: 'on', number: 12 });
});

test('several documents per file, empty ones skipped as data', () => {
  const { documents } = parseFile('a.yaml', 'a: 1\n---\nb: 2\n---\n');
  assert.equal(documents.map((document) => document.value), [{ a: 1 }, { b: 2 }, null]);
  assert.equal(documents.map((document) => document.index), [0, 1, 2]);
});

test('a duplicate key is reported at the repeated key', () => {
  const text = 'metadata:\n  name: a\n  name: b\n';
  const { findings } = parseFile('a.yaml', text);
  assert.is(findings.length, 1);
  assert.is(findings[0]!.code, 'duplicate-key');
  assert.is(findings[0]!.message, "key 'name' is repeated in this mapping");
  assert.is(text.slice(findings[0]!.range![0]).startsWith('name: b'), true);
});

test('a syntax error is a yaml-syntax finding with a position, not an exception', () => {
  const { findings, documents } = parseFile('a.yaml', 'a: [1, 2\nb: }\n');
  // One at the unclosed '[' and one at the stray '}' (the wording is the yaml library's).
  assert.equal(
    findings.map((finding) => [finding.code, finding.range]),
    [
      ['yaml-syntax', [3, 4]],
      ['yaml-syntax', [12, 13]],
    ],
  );
  assert.is(documents[0]!.value, undefined);
});

test('a billion-laughs alias bomb fails fast with a diagnostic', () => {
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let level = 0; level < 9; level++) {
    const previous = level === 0 ? 'a' : `l${level - 1}`;
    text += `l${level}: &l${level} [${Array(9).fill(`*${previous}`).join(',')}]\n`;
  }
  const started = performance.now();
  const { findings, documents } = parseFile('bomb.yaml', text);
  assert.ok(performance.now() - started < 1000, 'took too long');
  assert.is(findings.length, 1);
  assert.is(findings[0]!.code, 'yaml-syntax');
  assert.match(findings[0]!.message, /aliases expand to too many nodes/);
  assert.is(documents[0]!.value, undefined);
});

test('ordinary aliases still work', () => {
  const { documents, findings } = parseFile('a.yaml', 'base: &b { x: 1 }\ncopy: *b\n');
  assert.equal(findings, []);
  assert.equal(documents[0]!.value, { base: { x: 1 }, copy: { x: 1 } });
});

test('__proto__ and constructor keys are plain data', () => {
  const { documents } = parseFile('a.yaml', '__proto__: { polluted: yes }\nconstructor: x\n');
  const value = documents[0]!.value as Record<string, unknown>;
  assert.equal(Object.keys(value), ['__proto__', 'constructor']);
  assert.is(Object.getPrototypeOf(value), Object.prototype);
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

test('binary and invalid UTF-8 files are findings, not crashes', () => {
  const binary = decodeSource('a.yaml', Uint8Array.from([0x61, 0x3a, 0x00, 0x01]));
  assert.is(binary.finding?.code, 'yaml-syntax');
  assert.match(binary.finding!.message, /binary/);
  const latin1 = decodeSource('a.yaml', Uint8Array.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
  assert.is(latin1.finding?.code, 'yaml-syntax');
  assert.match(latin1.finding!.message, /UTF-8/);
  const bom = decodeSource('a.yaml', Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0x3a, 0x20, 0x31]));
  assert.is(bom.text, 'a: 1');
  // A lone CR before the bad byte ends a line in the text shown too (found by the property test, seed 54843136).
  const mac = decodeSource('a.yaml', Uint8Array.from([0x0d, 0x80]));
  assert.equal([mac.display, mac.finding!.range], ['\n\ufffd', [1, 2]]);
});

test('UTF-16 with a byte order mark is decoded (both orders); broken UTF-16 is a finding; lone CRs end lines', () => {
  const text = 'a: é\nb: 😀\n';
  const le = Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
  assert.is(decodeSource('a.yaml', le).text, text);
  const be = Uint8Array.from([0xfe, 0xff, ...Buffer.from(text, 'utf16le').swap16()]);
  assert.is(decodeSource('a.yaml', be).text, text);
  const odd = decodeSource('a.yaml', Uint8Array.from([0xff, 0xfe, 0x61, 0x00, 0x3a]));
  assert.is(odd.finding?.code, 'yaml-syntax');
  assert.match(odd.finding!.message, /not valid UTF-16.*save it as UTF-8/);
  const loneSurrogate = decodeSource('a.yaml', Uint8Array.from([0xff, 0xfe, 0x3d, 0xd8, 0x61, 0x00]));
  assert.match(loneSurrogate.finding!.message, /UTF-16/);
  // Same length, so offsets are unchanged; CRLF stays as it is.
  assert.is(decodeSource('a.yaml', Buffer.from('a: 1\rb: 2\r\nc: 3\r')).text, 'a: 1\nb: 2\r\nc: 3\n');
});

test('locatePointer finds values, keys and the parent key of a missing property', () => {
  const text = 'spec:\n  steps:\n    - id: a\n      send: { instance: x }\n';
  const [document] = parseYamlDocuments(text);
  const slice = ([start, end]: [number, number]) => text.slice(start, end);
  assert.is(slice(locatePointer(document!, '/spec/steps/0/send/instance')), 'x');
  assert.is(slice(locatePointer(document!, '/spec/steps/0/send', true)), 'send');
  assert.is(slice(locatePointer(document!, '/spec/steps/0/send/endpoint')), '{ instance: x }');
  assert.is(slice(locatePointer(document!, '/spec/steps/0', true)), 'id');
});

test('LineIndex gives 1-based lines and columns', () => {
  const index = new LineIndex('ab\ncd\r\nef');
  assert.equal(index.position(0), { line: 1, column: 1 });
  assert.equal(index.position(4), { line: 2, column: 2 });
  assert.equal(index.position(8), { line: 3, column: 2 });
  assert.is(index.lineText(2), 'cd');
});

test('LineIndex at the first byte of every line: after \\n, after \\r\\n, after an empty line, and just past the last newline', () => {
  const text = 'ab\ncd\r\n\nef\r\n';
  const index = new LineIndex(text);
  assert.equal(index.position(0), { line: 1, column: 1 });
  assert.equal(index.position(2), { line: 1, column: 3 }); // the '\n' ends line 1
  assert.equal(index.position(3), { line: 2, column: 1 });
  assert.equal(index.position(6), { line: 2, column: 4 }); // the '\n' of '\r\n'
  assert.equal(index.position(7), { line: 3, column: 1 }); // an empty line
  assert.equal(index.position(8), { line: 4, column: 1 });
  assert.equal(index.position(12), { line: 5, column: 1 }); // past the last newline: an empty last line
  assert.equal(index.position(99), { line: 5, column: 1 }); // clamped to the end
  assert.equal(index.position(-1), { line: 1, column: 1 });
  assert.equal([1, 2, 3, 4, 5].map((line) => index.lineText(line)), ['ab', 'cd', '', 'ef', '']);
  assert.equal(new LineIndex('').position(0), { line: 1, column: 1 });
  assert.equal(new LineIndex('abc').position(3), { line: 1, column: 4 });
});

test('LineIndex agrees with counting characters, at every offset of a text of many lines', () => {
  // Lines of lengths 0 to 12 with both kinds of break: the binary search takes every path.
  const text = Array.from({ length: 90 }, (_, line) => 'x'.repeat((line * 7) % 13) + (line % 3 === 0 ? '\r\n' : '\n')).join('') + 'tail';
  const index = new LineIndex(text);
  let line = 1;
  let column = 1;
  for (let offset = 0; offset <= text.length; offset++) {
    assert.equal(index.position(offset), { line, column }, `offset ${offset}`);
    if (text[offset] === '\n') {
      line++;
      column = 1;
    } else column++;
  }
});

test('YAML 1.1 tags and custom tags are reported, not turned into other data', () => {
  const { findings, documents } = parseFile('a.yaml', 'd: !!timestamp 2001-12-14\nb: !!binary aGk=\nc: !custom x\ns: !!str 12\n');
  assert.equal(findings.map((finding) => finding.message.split(':')[0]), ["tag '!!timestamp' is not supported", "tag '!!binary' is not supported", "tag '!custom' is not supported"]);
  assert.is(documents[0]!.value, undefined);
  assert.equal(parseFile('a.yaml', 's: !!str 12\n').documents[0]!.value, { s: '12' });
});

test('infinities, NaN and integers beyond 2^53 are reported at their value', () => {
  for (const [text, message] of [
    ['a: { b: .inf }\n', 'this number is infinite or not a number (or too large to represent); JSON numbers are finite'],
    ['a: [1, .nan]\n', 'this number is infinite or not a number (or too large to represent); JSON numbers are finite'],
    ['a: 1e400\n', 'this number is infinite or not a number (or too large to represent); JSON numbers are finite'],
    ['a: 0x1fffffffffffff1\n', 'this integer is too large to keep exactly; quote it to keep it as text'],
    ['a: 12345678901234567890\n', 'this integer is too large to keep exactly; quote it to keep it as text'],
  ] as const) {
    const { findings } = parseFile('a.yaml', text);
    assert.equal(findings.map((finding) => finding.message), [message], text);
  }
  assert.equal(parseFile('a.yaml', 'a: 9007199254740991\n').findings, []);
});

test('aliases may not expand a document far beyond its size', () => {
  const big = Array.from({ length: 5000 }, (_, index) => `s${index}`).join(', ');
  const text = `big: &big [${big}]\nr: [${Array(200).fill('*big').join(', ')}]\n`;
  const started = performance.now();
  const { findings, documents } = parseFile('a.yaml', text);
  assert.ok(performance.now() - started < 2000);
  assert.equal(findings.map((finding) => finding.code), ['yaml-syntax']);
  assert.match(findings[0]!.message, /aliases expand this document/);
  assert.is(documents[0]!.value, undefined);
});

test('duplicate keys are found as the data sees them, in one pass', () => {
  assert.equal(parseFile('a.yaml', 'a: 1\n"a": 2\n1: x\n"1": y\n').findings.map((finding) => finding.code), ['duplicate-key', 'duplicate-key']);
  const many = Array.from({ length: 20000 }, (_, index) => `k${index}: v`).join('\n');
  const started = performance.now();
  assert.equal(parseFile('a.yaml', many).findings, []);
  assert.ok(performance.now() - started < 3000, 'quadratic duplicate-key check');
});

test('each document is inspected for infinities and aliases on its own text', () => {
  const { documents, findings } = parseFile('a.yaml', 'a: 1\n---\nb: .inf\n---\nc: 2\n');
  assert.equal(documents.map((document) => document.value), [{ a: 1 }, undefined, { c: 2 }]);
  assert.equal(findings.map((finding) => [finding.document, finding.pointer]), [[1, '/b']]);
});

test('a file of many documents parses in linear time', () => {
  // Each document used to be checked by scanning the whole file: 300,000 `{}` took minutes.
  const growth = measureGrowth((count) => '{}\n---\n'.repeat(count), (text) => parseFile('a.yaml', text), 5000, 4);
  assert.ok(growth.ratio < 8 && growth.large < 5000, describeGrowth('documents in one file', growth, 4));
});

test('locating findings in a mapping of many keys costs less than parsing it', () => {
  // One finding per unknown key, each located by its pointer: a search of the mapping per
  // finding made 200,000 keys quadratic. Compared with parsing the same text, which is linear
  // and timed in the same breath, so a busy machine slows both alike.
  const count = 20_000;
  const text = Array.from({ length: count }, (_, index) => `k${index}: 1`).join('\n');
  const pointers = Array.from({ length: count }, (_, index) => `/k${index}`);
  let started = performance.now();
  const document = parseYamlDocuments(text)[0]!;
  const parsing = performance.now() - started;
  started = performance.now();
  const ranges = pointers.map((pointer) => locatePointer(document, pointer, true));
  const locating = performance.now() - started;
  assert.ok(locating < Math.max(1.5 * parsing, 200), `locating ${count} keys took ${locating.toFixed(0)} ms, parsing them ${parsing.toFixed(0)} ms`);
  assert.equal(ranges[2], [12, 14]);
});

/** Both readings of a text: the fast one (js-yaml where it is safe) and `yaml` alone. */
function bothReadings(text: string) {
  return { fast: parseFile('f.yaml', text), slow: parseFile('f.yaml', text, { fast: false }) };
}

test('the fast reading gives what yaml gives: every YAML file of the repository (examples, fixtures, goldens)', () => {
  const files = [...yamlFiles(path.join(repoRoot, 'examples')), ...yamlFiles(path.join(repoRoot, 'test', 'fixtures')), ...yamlFiles(path.join(repoRoot, 'schemas'))];
  assert.ok(files.length > 300, `${files.length} files`);
  let fast = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const readings = bothReadings(text);
    assert.equal(readings.fast, readings.slow, path.relative(repoRoot, file));
    if (readPlainDocuments(text)) fast++;
  }
  // Most files are plain: the fast reading is the common one, not a rare one.
  assert.ok(fast > files.length / 2, `${fast} of ${files.length} files read fast`);
});

test("the fast reading gives what yaml gives on YAML 1.1's leftovers and on collections used as keys", () => {
  const scalars = ['1_000', '0b101', '0x_1f', '1_0.5', '+12', '.5', '1.', '0017', '-0', '1e3', '0o17', '0x1F', '0o8', 'Null', '~', 'yes', 'off', 'TRUE', 'True', 'tRUE', '2001-12-14', '12:30:00', '1:20', '=', '0.'];
  for (const scalar of scalars) {
    const readings = bothReadings(`apiVersion: weft/v1\nvalue: ${scalar}\nlist: [${scalar}, x]\n`);
    assert.equal(readings.fast, readings.slow, scalar);
    assert.ok(readings.fast.findings.length === 0, scalar);
  }
  const tags = ['a: !!str 5\n', 'a: &x !!int 7\nb: 1\n', 'a:\n  - !foo bar\n', 'a: [!!str 1]\n', 'a: {b: !!str 1}\n', 'a:\n  !!str 1\n', 'a: &x\n  !!map {}\n', 'a: ? !!str k\n', 'a: {b: 1,!!str c: 2}\n'];
  const notTags = ["filter: status != 'x' and !archived\n", 'a: b!c\n', "a: 'x' # !tag\n", 'a: "!x"\n'];
  for (const text of ['a:\n  {{settings.header}}: yes\n', 'a:\n  [x, y]: 1\n', '- {b: 1}: 2\n', ...tags, ...notTags]) {
    const readings = bothReadings(text);
    assert.equal(readings.fast, readings.slow, text);
  }
  // Expressions with '!=' are read fast: a tag only begins a node.
  for (const text of notTags) assert.ok(readPlainDocuments(text), text);
});

const fuzz = fuzzSeed();

test('what may read differently is found in stages as the one pattern that specifies it finds it, on texts made of its telltale pieces', fuzz.replayable(() => {
  const specification = /^(?:--- *[^\s]|---\S|\.\.\.|%)|\t|\r(?!\n)|^\s*\?\s|<<|(?:^|[[{,:?-]|&\S+)[ ]*!|\.(?:inf|Inf|INF|nan|NaN|NAN)\b|\d{16}|\d[eE][+-]?\d{3}/m;
  const piece = fc.constantFrom('---', '--- x', '---x', '...', '%YAML', '\t', '\r', '\r\n', '\n', ' ', '? ', '?x', '<', '<<', '!', ' !', '&a', '&a !', '[!', ', !', ': !', '- !', '.inf', '.NaN', '.info', '1', '1234567890123456', '1e123', '1E+12', 'e', 'a', ':', '{', '[', '-', '#', '"', "'");
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
      const text = pieces.join('');
      assert.is(mayReadDifferently(text), specification.test(text), JSON.stringify(text));
    }),
    { numRuns: fuzz.runs(20000), seed: fuzz.derived(1) },
  );
}));

test('the fast reading gives what yaml gives: any JSON data, written by yaml and by js-yaml in their styles', fuzz.replayable(() => {
  const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('null', 'true', '1', '1.0', '0x1F', '~', 'on', '-', '? x', '#', '&a', '*a', '!t', '<<', 'a: b', ' lead', 'trail ', '\'q', '"q'));
  const scalar = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('null', 'Null', '~', 'true', 'True', 'FALSE', 'yes', 'no', 'on', '0b101', '0o17', '0x1F', '1_000', '.5', '+12', '1e3', '12e03', '00012', '0.', '-.inf', '.NaN', '2026-01-01', '12:30', 'a #b', 'a: b', '- x', '{x}', '[x]', '"q"', "'q'", '|', '>', '%x', '@x', '`x', 'multi\nline\n', ' spaced ', '\ttab', 'é ü 日本', '\u0007'),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ maxDepth: 4 }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 5 })),
  })).node;
  const writers: ((data: unknown) => string)[] = [
    (data) => stringify(data),
    (data) => stringify(data, { indent: 4, indentSeq: false }),
    (data) => stringify(data, { collectionStyle: 'flow' }),
    (data) => stringify(data, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }),
    (data) => stringify(data, { defaultStringType: 'QUOTE_SINGLE' }),
    (data) => stringify(data, { blockQuote: 'folded', lineWidth: 20 }),
    (data) => dump(data),
    (data) => dump(data, { flowLevel: 1 }),
  ];
  fc.assert(
    fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), fc.nat(writers.length - 1), fc.constantFrom('', '# a comment\n', '\n\n  # indented comment\n'), (data, writer, prefix) => {
      let text: string;
      try {
        text = prefix + writers[writer]!(data);
        // Half the texts hold several documents: this one, then parts of it as documents of their own.
        if (writer % 2 === 1) text += Object.entries(data).map(([key, value]) => `---\n${writers[writer]!({ [key]: value })}`).join('');
      } catch {
        return; // a writer that cannot write it (js-yaml and undefined): nothing to compare
      }
      const readings = bothReadings(text);
      assert.equal(readings.fast, readings.slow, text);
    }),
    { numRuns: fuzz.runs(3000), seed: fuzz.derived(0) },
  );
}));

test('where the separator pattern, firstContent or js-yaml see otherwise than yaml, the fast reading still gives what yaml gives', () => {
  const texts = [
    // U+2028 and U+2029 end a line for JavaScript's patterns, not for YAML.
    'a: x\u2028---\nb: 1\n',
    'a: 1\n---\u2028b: 1\n',
    '\u2028---\na: 1\n',
    '\n---\u2028a: 1',
    // A first document whose lines start with a Unicode space is content, not comments.
    '\u00a0a: 1\n---\nb: 1\n',
    '\u3000: v\n---\na: 1\n',
    // js-yaml puts an empty item after a nested list into the inner list; it takes blank lines
    // after a block scalar's header that yaml refuses, or keeps one too many at the text's end.
    'a:\n- a:\n  - # c\n- # c\n',
    'a:\n- a:\n  - # c\n- # c\nb: "\\U0001F600"\n',
    'f: >+\n   \n   ',
    '\n--- \nc: |\n   \n  # c',
    'c: |\n   \n  x\nd: "\\U0001F600"\n',
  ];
  for (const text of texts) {
    const readings = bothReadings(text);
    assert.equal(readings.fast, readings.slow, JSON.stringify(text));
  }
});

test('texts the fast reading leaves to yaml: several documents, tags, specials, duplicates, aliases of collections, BOM, tabs', () => {
  for (const text of ['a: 1\n---\n---\nb: 2\n', '---\na: 1\n---\n', '--- # x\na: 1\n', 'a: 1\n...\n', 'a: !!str 1\n', 'a: !x 1\n', 'a: .inf\n', 'a: 12345678901234567\n', 'a: 1\na: 2\n', 'a: &x { b: 1 }\nc: *x\n', 'a: [&x {b: 1},*x]\n', '{"a":&x [1], "b": *x}\n', 'a:\n  - &x\n    b: 1\n  - *x\n', 'a: {x: &y [1], z: *y}\n', 'a: 0x20000000000001\n', 'a: 0o400000000000000001\n', '\ufeffa: 1\n', 'a:\n\t- 1\n', '- 1\n', 'just text\n', '', '# only a comment\n', '<<: { a: 1 }\n', 'null: 1\n', '? a\n: 1\n', '%YAML 1.2\n---\na: 1\n', 'a: [1, 2\n']) {
    assert.is(readPlainDocuments(text), undefined, JSON.stringify(text));
    const readings = bothReadings(text);
    assert.equal(readings.fast, readings.slow, JSON.stringify(text));
  }
  assert.equal(readPlainDocuments('# head\n\napiVersion: weft/v1\nkind: Flow\n'), [{ value: { apiVersion: 'weft/v1', kind: 'Flow' }, start: 8 }]);
  // Several documents are read fast too, each at its first content.
  for (const text of ['a: 1\n---\nb: 2\n', '--- \na: 1\n', '# head\n---\n# c\na: 1\n---\nb: [1]\n', 'a: 1\r\n---\r\nb: 2\r\n']) {
    assert.ok(readPlainDocuments(text), JSON.stringify(text));
    const readings = bothReadings(text);
    assert.equal(readings.fast, readings.slow, JSON.stringify(text));
  }
});

test('a number is too large to keep exactly only when written as a long integer, whatever else the document holds (an alias, a JSONata *)', () => {
  for (const [text, flagged] of [
    ['a: 5.31306440487195e+51\n', false],
    ['a: 5.31306440487195e+51\nb: "$x * 2"\n', false],
    ['a: &n 5.31306440487195e+51\nb: *n\n', false],
    ['a: 12345678901234567\n', true],
    ['a: 12345678901234567\nb: "$x * 2"\n', true],
    ['a: 0x20000000000001\n', true],
    ['a: 0x1FFFFFFFFFFFFF\n', false],
  ] as const) {
    const readings = bothReadings(text);
    assert.equal(readings.fast, readings.slow, text);
    assert.is(readings.fast.findings.some((finding) => /too large to keep exactly/.test(finding.message)), flagged, text);
  }
});

test('weft validate and weft compile give the same bytes with the fast reading as with yaml alone (WEFT_YAML_ONLY=1): the example and a generated project', async () => {
  const { runWeft, makeTemporaryDirectory, removeTemporaryDirectory } = await import('./helpers/run-weft.js');
  const { generateProject } = await import('../bench/generate.mjs');
  const corpus = await makeTemporaryDirectory('weft-fast-parse-');
  try {
    await generateProject(corpus, 600);
    for (const directory of [path.join(repoRoot, 'examples', 'acme'), corpus]) {
      for (const args of [['validate', directory, '--format', 'json'], ['compile', directory, '--env', 'staging'], ['compile', directory]]) {
        if (directory === corpus && args.includes('--env')) continue;
        const fast = await runWeft(args);
        const slow = await runWeft(args, { env: { WEFT_YAML_ONLY: '1' } });
        assert.is(fast.code, slow.code, args.join(' '));
        assert.is(fast.stdout, slow.stdout, args.join(' '));
        assert.is(fast.stderr, slow.stderr, args.join(' '));
        if (args[0] === 'compile') assert.ok(fast.stdout.length > 1000, `${args.join(' ')}: ${fast.stdout.slice(0, 300)}${fast.stderr}`);
      }
    }
  } finally {
    await removeTemporaryDirectory(corpus);
  }
});

test.run();
