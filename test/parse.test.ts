import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeSource, parseFile } from '../src/parse/parse-file.js';
import { locatePointer } from '../src/parse/locate.js';
import { parseYamlDocuments } from '../src/parse/parse-file.js';
import { LineIndex } from '../src/parse/line-index.js';
import { describeGrowth, measureGrowth } from './helpers/growth.js';

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

test.run();
