import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expressionFacts, expressionFactsAlone, forgetExpressionFacts, prepareExpressionFacts, selfContained } from '../src/lex/expression-facts.js';
import { loadText } from '../src/pipeline/load-file.js';
import { generateProject } from '../bench/generate.mjs';
import { fuzzSeed } from './helpers/fuzz-seed.js';
import { repoRoot } from './helpers/run-weft.js';

/**
 * Expressions parsed many at once (one JSONata parse of `[(a),(b),…]`) give exactly the facts
 * each gives parsed alone: errors, unknown functions, lookups, self-calls and ranges, with the
 * same spans. Texts that are not self-contained, and texts that do not parse, are parsed alone.
 */
const test = suite('expression-facts');
const fuzz = fuzzSeed();

/** Facts of every text, batched (in the given order), against each parsed alone. */
function assertBatchesAgree(texts: readonly string[]): void {
  forgetExpressionFacts();
  prepareExpressionFacts(texts);
  for (const text of texts) assert.equal(expressionFacts(text), expressionFactsAlone(text), `facts of ${JSON.stringify(text)}`);
}

/** Texts that look like each other but lex differently, that do not parse, or that cannot be batched. */
const tricky = [
  'a.b',
  '$count(items) > 0',
  'price / 100',
  'a and /x/',
  '$match(x, /"/) /* ")',
  '*/),(3',
  '1 /*',
  'x"/*"',
  'y"*/),(1"',
  '1;',
  '1; 2',
  '(1; 2)',
  '',
  '   ',
  '/* only a comment */',
  'a b',
  '"unterminated',
  "'it''s'",
  '"a\\"b"',
  '"a\\\\"',
  '`a b`.c',
  '`unterminated',
  '{ "a": 1 }',
  '{ "a": [1, 2 }',
  'a[0',
  'a]',
  ')(',
  '$lookup("countries", code)',
  "$lookup('currencies', $string(x)) & $lookup('countries', y)",
  '$unknownFn(1) + $sum([1,2])',
  '($f := function($x) { $f($x) }; $f(1))',
  '($f := function($n) { $n = 0 ? 1 : $n * $f($n - 1) }; $f(5))',
  '[1..100000]',
  '[1..3].($ * 2)',
  '$$.a%.b',
  'a@$x.b',
  'a#$i.b',
  '$ ~> |a|{"b": 1}|',
  'a^(b)',
  'a == b',
  'a && b',
  'a !== b',
  'λ($x){$x}(1)',
  '$x := 1',
  'function($x)<n:n>{ $x + 1 }',
  '"a" & \'b\' & `c`',
  '/* a */ a /* b */ + /* c */ 1',
  'a /* unterminated',
  '$string(1) /* */ ) ',
  '1e400',
  '"\\u00e9" & "\\uZZZZ"',
  '"\\q"',
  'a ? b : c',
  'a ?: b',
  'a ?? b',
  '$.(a)',
];

test('self-contained texts: what the lexical scan lets into a batch', () => {
  for (const text of ['a.b', '$count(items) > 0', '"a;b" & `c;d`', '/* ; ) */ a', '{ "a": (1; 2) }', '"a\\"b"']) assert.ok(selfContained(text), text);
  // A division or a regular expression, an open comment or string, a quote inside a name, a ';' a
  // block would take, brackets that do not balance, the parent and bindings resolved across steps.
  for (const text of ['price / 100', 'a and /x/', '1 /*', '"open', '`open', 'x"/*"', '1;', 'a]', ')(', '(a', '$$.a%.b', 'a@$x', 'a#$i', '$ ~> |a|{}|', '', '  /* */ ']) assert.not.ok(selfContained(text), text);
});

test('brackets nested deeper than 128 levels are refused before parsing, the same on any thread and in any batch', () => {
  const nested = (levels: number, inner = "status = 'paid'") => '('.repeat(levels) + inner + ')'.repeat(levels);
  forgetExpressionFacts();
  assert.is(expressionFactsAlone(nested(128)).error, undefined, '128 levels parse');
  // Thousands of levels would exhaust the main thread's stack (a worker's is larger): a stable error instead.
  for (const levels of [129, 4000]) {
    const facts = expressionFactsAlone(nested(levels));
    assert.equal(facts.error, { message: 'brackets nested more than 128 levels deep', position: 129, token: '(' }, `${levels} levels`);
  }
  // Brackets in strings, names in backquotes and comments do not count.
  const quoted = `"${'('.repeat(200)}" & '${'['.repeat(200)}' & \`${'{'.repeat(200)}\` /* ${'('.repeat(200)} */`;
  assert.is(expressionFactsAlone(quoted).error, undefined);
  assert.not.ok(selfContained(nested(129)));
  assertBatchesAgree([nested(3), nested(129), nested(4000), quoted, 'a.b']);
});

test('tricky texts, together and in every order, agree with each parsed alone', () => {
  assertBatchesAgree(tricky);
  assertBatchesAgree([...tricky].reverse());
  // Pairs that would join across a batch's seams if the scan let them in.
  for (const [a, b] of [['1 /*', '*/),(3'], ['x"/*"', 'y"*/),(1"'], ['$match(x, /"/) /* ")', '*/),(3']]) assertBatchesAgree([a!, b!, 'ok']);
});

test('every expression of a generated project, and of the repository', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'weft-facts-'));
  try {
    await generateProject(root, 600);
    const texts = new Set<string>();
    const collect = async (directory: string) => {
      for (const entry of (await readdir(directory, { recursive: true })) as string[]) {
        if (!/\.ya?ml$/.test(entry) || entry.includes('node_modules')) continue;
        const loaded = loadText(entry, await readFile(path.join(directory, entry), 'utf8'));
        for (const [text] of loaded.expressions ?? []) texts.add(text);
      }
    };
    await collect(root);
    await collect(path.join(repoRoot, 'examples'));
    await collect(path.join(repoRoot, 'test', 'fixtures'));
    assert.ok(texts.size > 700, `${texts.size} expressions`);
    assertBatchesAgree([...texts]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test(
  'random texts from pieces that lex differently (property)',
  fuzz.replayable(() => {
    const piece = fc.constantFrom(
      'a', 'b.c', '$x', '$f', '$lookup', '$sum', '(', ')', '[', ']', '{', '}', ',', ';', ':', ':=', '?', '..', '.', '*', '/', '/*', '*/', '"', "'", '`', '\\', ' ', '\n',
      '"s"', "'t'", '`n m`', '1', '2.5', '-', '+', '=', '!=', '&', 'and', 'or', 'function', 'λ', '~>', '%', '@', '#', '|', '^', '<', '>', 'true', 'null',
    );
    const expression = fc.array(piece, { minLength: 1, maxLength: 14 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(fc.array(expression, { minLength: 1, maxLength: 40 }), (texts) => assertBatchesAgree(texts)),
      { seed: fuzz.derived(1), numRuns: fuzz.runs(150) },
    );
    // Mostly valid texts, so that batches parse and are not only halved.
    const valid = fc.constantFrom('a', 'b.c', '$x', '"s"', '1', '$sum([1, 2])', "$lookup('t', k)", '$nope(1)', '($f := function($n) { $f($n) }; $f(1))', '[1..5]', '{ "k": v }', '/* c */ a');
    const operator = fc.constantFrom(' + ', ' & ', ' = ', ' and ', ' ? 1 : ', '.', ' ~> ');
    const sound = fc.tuple(valid, fc.array(fc.tuple(operator, valid), { maxLength: 4 })).map(([first, rest]) => first + rest.map(([op, operand]) => op + operand).join(''));
    fc.assert(
      fc.property(fc.array(fc.oneof(sound, sound, sound, expression), { minLength: 1, maxLength: 120 }), (texts) => assertBatchesAgree(texts)),
      { seed: fuzz.derived(2), numRuns: fuzz.runs(60) },
    );
  }),
);

test('a batch is quicker than the same texts one by one (most of a short parse is building the parser)', () => {
  const texts = Array.from({ length: 2000 }, (_, index) => `$merge([$, { "id": $string(id_${index}), "total": $sum(lines.(price * quantity)), "tag": "t${index}" }])`);
  const time = (work: () => void) => {
    const started = performance.now();
    work();
    return performance.now() - started;
  };
  // The best of three each, alternating: a loaded machine slows a run, never speeds one up.
  let alone = Infinity;
  let together = Infinity;
  for (let round = 0; round < 3; round++) {
    alone = Math.min(alone, time(() => texts.forEach((text) => expressionFactsAlone(text))));
    forgetExpressionFacts();
    together = Math.min(together, time(() => prepareExpressionFacts(texts)));
  }
  assert.ok(together * 1.5 < alone, `together ${together.toFixed(0)} ms, alone ${alone.toFixed(0)} ms`);
});

test.run();
