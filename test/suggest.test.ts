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

test('quotes lists', () => {
  assert.is(quoteList(['a']), "'a'");
  assert.is(quoteList(['a', 'b', 'c']), "'a', 'b' or 'c'");
});

test.run();
