import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { didYouMean, editDistance, quoteList, suggest } from '../src/diagnostics/suggest.js';

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

test('quotes lists', () => {
  assert.is(quoteList(['a']), "'a'");
  assert.is(quoteList(['a', 'b', 'c']), "'a', 'b' or 'c'");
});

test.run();
