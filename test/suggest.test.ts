import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { didYouMean, editDistance, quoteList, suggest } from '../src/diagnostics/suggest.js';
import { fuzzSeed } from './helpers/fuzz-seed.js';

const fuzz = fuzzSeed();

const test = suite('suggest');

test('finds a close name', () => {
  assert.is(suggest('netsuite-prd', ['netsuite-prod', 'shopify-uk']), 'netsuite-prod');
  assert.is(didYouMean('shopfy', ['shopify', 'netsuite']), "did you mean 'shopify'?");
});

test('counts a transposition as one edit', () => {
  assert.is(editDistance('baerer', 'bearer'), 1);
});

test('offers nothing for unrelated names', () => {
  assert.is(suggest('warehouse', ['shopify', 'netsuite']), undefined);
  assert.is(suggest('a', []), undefined);
});

test('prefers the alphabetically first of equally close names', () => {
  assert.is(suggest('shop-ux', ['shop-uy', 'shop-uk']), 'shop-uk');
});

test(
  'the suggestion is the closest name within a third of its length (ties: the first in code-unit order), else the first sharing its stem (property)',
  fuzz.replayable(() => {
    // What suggest is specified to do, written the slow way: every candidate measured, then sorted.
    const specified = (name: string, candidates: string[]): string | undefined => {
      const limit = Math.max(1, Math.floor(name.length / 3));
      const scored = candidates.filter((candidate) => candidate !== name).map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate.toLowerCase()) }));
      const close = scored.filter((entry) => entry.distance <= limit).sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0));
      if (close.length > 0) return close[0]!.candidate;
      const lower = name.toLowerCase();
      return [...candidates].sort().find((candidate) => {
        const other = candidate.toLowerCase();
        const shorter = Math.min(lower.length, other.length);
        if (shorter < 5 || other === lower) return false;
        let common = 0;
        while (common < shorter && lower[common] === other[common]) common++;
        return common >= shorter - 1;
      });
    };
    const word = fc.stringMatching(/^[a-cA-C-]{0,9}$/);
    // Names and candidates near each other: edits of the name, and its stem with other endings.
    const near = (name: string) =>
      fc.oneof(
        word,
        fc.tuple(fc.nat(name.length), fc.stringMatching(/^[a-cA-C]{0,3}$/), fc.nat(3)).map(([at, text, cut]) => name.slice(0, at) + text + name.slice(at + cut)),
        fc.stringMatching(/^[a-cA-C]{0,4}$/).map((ending) => name.slice(0, -1) + ending),
      );
    const names = fc.stringMatching(/^[a-cA-C-]{3,12}$/).chain((name) => fc.tuple(fc.constant(name), fc.array(near(name), { maxLength: 12 })));
    fc.assert(
      fc.property(names, ([name, candidates]) => {
        assert.is(suggest(name, candidates), specified(name, candidates), JSON.stringify({ name, candidates }));
      }),
      { seed: fuzz.derived(1), numRuns: fuzz.runs(500) },
    );
  }),
);

test(
  'editDistance is the optimal string alignment distance; with a limit, exact up to it and above it beyond (property)',
  fuzz.replayable(() => {
    // The textbook recurrence over a full table.
    const reference = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      }
      return d[a.length]![b.length]!;
    };
    // Few letters, so words share and swap them; now and then a long one (the rows kept between calls grow).
    const word = fc.oneof({ weight: 9, arbitrary: fc.stringMatching(/^[abc]{0,12}$/) }, { weight: 1, arbitrary: fc.stringMatching(/^[ab]{60,140}$/) });
    fc.assert(
      fc.property(word, word, fc.nat(8), (a, b, limit) => {
        const exact = reference(a, b);
        assert.is(editDistance(a, b), exact, JSON.stringify({ a, b }));
        const bounded = editDistance(a, b, limit);
        if (exact <= limit) assert.is(bounded, exact, JSON.stringify({ a, b, limit }));
        else assert.ok(bounded > limit, JSON.stringify({ a, b, limit, bounded }));
      }),
      { seed: fuzz.derived(2), numRuns: fuzz.runs(400) },
    );
  }),
);

test('quotes lists', () => {
  assert.is(quoteList(['a']), "'a'");
  assert.is(quoteList(['a', 'b', 'c']), "'a', 'b' or 'c'");
});

test.run();
