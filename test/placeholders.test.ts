import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isSinglePlaceholder, scanPlaceholders } from '../src/lex/placeholders.js';

const test = suite('placeholders');

test('parses env, env with default and secret placeholders', () => {
  assert.equal(scanPlaceholders('x ${env:HOST:-localhost}:${env:PORT} ${secret:shopify/uk/token}'), [
    { kind: 'placeholder', placeholder: { source: 'env', name: 'HOST', text: '${env:HOST:-localhost}', default: 'localhost' }, start: 2 },
    { kind: 'placeholder', placeholder: { source: 'env', name: 'PORT', text: '${env:PORT}' }, start: 25 },
    { kind: 'placeholder', placeholder: { source: 'secret', name: 'shopify/uk/token', text: '${secret:shopify/uk/token}' }, start: 37 },
  ]);
});

test('$${ is a literal ${', () => {
  assert.equal(scanPlaceholders('price: $${amount} and $5'), []);
  assert.equal(scanPlaceholders('$$${env:X}').length, 0);
});

test('reports malformed placeholders with a reason', () => {
  const problems = (text: string) => scanPlaceholders(text).map((scan) => (scan.kind === 'malformed' ? scan.problem : 'ok'));
  assert.equal(problems('${SHOPIFY_TOKEN}'), ['names no source']);
  assert.equal(problems('${secret:}'), ['names no secret path']);
  assert.equal(problems('${env:1X}'), ["names '1X', which is not a valid variable name"]);
  assert.equal(problems('${env:X'), ["is not closed with '}'"]);
  assert.equal(problems('${vault:a/b}'), ["has the unknown source 'vault'; expected 'env', 'secret' or 'var'"]);
  assert.equal(problems('${var:shop-domain}'), ["names 'shop-domain', which is not a valid variable name"]);
  assert.equal(problems('${var:port:-80}'), ["gives a variable a default here; declare its default in weft.yaml's spec.variables"]);
  assert.equal(problems('${secret:a//b}').length, 1);
  assert.equal(problems('${secret:a:-b}'), ['gives a secret a default, which is not allowed']);
  const hint = scanPlaceholders('${SHOPIFY_TOKEN}')[0];
  assert.is(hint?.kind === 'malformed' && hint.hint, 'write ${env:SHOPIFY_TOKEN} or ${secret:...}');
});

test('parses var placeholders, which have no default', () => {
  assert.equal(scanPlaceholders('https://${var:shopDomain}/api'), [{ kind: 'placeholder', placeholder: { source: 'var', name: 'shopDomain', text: '${var:shopDomain}' }, start: 8 }]);
  assert.ok(isSinglePlaceholder('${var:port}'));
});

test('isSinglePlaceholder', () => {
  assert.ok(isSinglePlaceholder('${secret:a/b}'));
  assert.not.ok(isSinglePlaceholder('Bearer ${secret:a/b}'));
  assert.not.ok(isSinglePlaceholder('${secret:a}${secret:b}'));
  assert.not.ok(isSinglePlaceholder('plain'));
});

test.run();
