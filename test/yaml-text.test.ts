import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Document, parse } from 'yaml';
import { yamlText, type KeyComment } from '../src/import/yaml-text.js';

/**
 * yamlText writes what yaml writes (`new Document(data, { aliasDuplicateObjects: false })`, a
 * comment before the document and before keys, `toString({ lineWidth: 0 })`), byte for byte,
 * or nothing: random data made of the strings that decide YAML's quoting, and the connectors
 * imported from real API descriptions.
 */
const test = suite('yaml-text');

function yamlWrites(data: Record<string, unknown>, commentBefore: string | undefined, comments: KeyComment[]): string {
  const document = new Document(data, { aliasDuplicateObjects: false });
  if (commentBefore !== undefined) document.commentBefore = commentBefore;
  for (const { path: at, text } of comments) {
    const pair = (document.getIn(at.slice(0, -1), true) as { items?: { key: { value: unknown; commentBefore?: string } }[] } | undefined)?.items?.find((item) => item.key.value === at.at(-1));
    if (pair) pair.key.commentBefore = text;
  }
  return document.toString({ lineWidth: 0 });
}

// Pieces that decide how yaml writes a string: indicators, ': ', ' #', quotes, line breaks,
// blank lines, leading and trailing space, what reads as another type, document markers.
const pieces = ['a', 'Z', 'word', ' ', '  ', ':', ': ', ' #', '#', '-', '- ', '?', '? ', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '\\', '\n', '\n\n', '\t', '0', '12', '1.5', '1e3', '0x1F', '0o7', '.inf', '.nan', 'true', 'False', 'null', '~', 'yes', '---', '...', 'é', '日本', '\u2028', '\u0007', '\r', 'https://x.example/a?b=c#d', '{{input.id}}'];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 6 }).map((parts) => parts.join(''));
const scalar = fc.oneof(text, text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const data = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('record')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  record: fc.dictionary(text, tie('value'), { maxKeys: 4 }),
})).record as fc.Arbitrary<Record<string, unknown>>;

test('random data: the same text as yaml, or undefined', () => {
  let written = 0;
  fc.assert(
    fc.property(data, fc.option(fc.array(fc.constantFrom(' check: a guess', ' two\n lines', ' x'), { minLength: 1, maxLength: 2 }).map((lines) => lines.join('\n'))), fc.nat(), (map, header, pick) => {
      // A comment before one key of the map or of a map inside it.
      const comments: KeyComment[] = [];
      const keys = Object.keys(map);
      if (keys.length > 0) {
        const key = keys[pick % keys.length]!;
        const inner = map[key];
        comments.push({ path: [key], text: ' check: before a key' });
        if (inner !== null && typeof inner === 'object' && !Array.isArray(inner) && Object.keys(inner).length > 0) comments.push({ path: [key, Object.keys(inner)[0]!], text: ' check: first key\n second line' });
      }
      const ours = yamlText(map, { ...(header === null ? {} : { commentBefore: header }), comments });
      if (ours === undefined) return;
      written++;
      assert.is(ours, yamlWrites(map, header ?? undefined, comments));
    }),
    { numRuns: 3000 },
  );
  // Most random data is written here, not left to yaml.
  assert.ok(written > 1000, `only ${written} of 3000 written`);
});

test('the imported connectors of the fixtures: the same text as yaml', async () => {
  const expected = path.join('test', 'fixtures', 'openapi', 'expected');
  for (const name of ['petstore', 'uspto', 'commerce-swagger2', 'ledger-openapi31', 'solidus', 'xero-assets', 'xero-app-store', 'figma']) {
    const golden = await readFile(path.join(expected, `${name}.yaml`), 'utf8');
    const data = parse(golden) as Record<string, unknown>;
    assert.is(yamlText(data), yamlWrites(data, undefined, []), name);
  }
});

test('what it leaves to yaml: control characters, blank lines at the ends of a text, line breaks in keys', () => {
  for (const data of [{ a: 'bell\u0007' }, { a: '\nstarts with a blank line' }, { a: 'ends with one\n' }, { 'two\nlines': 1 }, { ['k'.repeat(1100)]: 1 }, { a: [undefined] }]) assert.is(yamlText(data), undefined, JSON.stringify(data));
  assert.is(yamlText({ a: 'one\ntwo', b: [{ c: "it's: fine" }, []], d: {} }), 'a: |-\n  one\n  two\nb:\n  - c: "it\'s: fine"\n  - []\nd: {}\n');
});

test.run();
