import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { entropy, isSecretLikeKey, knownToken, looksRandom } from '../src/lex/secrets.js';

const test = suite('secrets');

test('recognises well-known token prefixes', () => {
  assert.is(knownToken('shpat_' + 'a1'.repeat(16)), 'a Shopify access token');
  assert.is(knownToken('sk_live_' + 'Ab3'.repeat(8)), 'a Stripe live key');
  assert.is(knownToken('ghp_' + 'x'.repeat(36)), 'a GitHub token');
  assert.is(knownToken('xoxb-1234567890-abcdef'), 'a Slack token');
  assert.is(knownToken('AKIAIOSFODNN7EXAMPLE'), 'an AWS access key id');
  assert.is(knownToken('-----BEGIN RSA PRIVATE KEY-----'), 'a private key');
  assert.is(knownToken('shopify access token for the UK store'), undefined);
  assert.is(knownToken('sk_test_abc'), undefined);
});

test('secret-like keys', () => {
  for (const key of ['password', 'apiToken', 'client_secret', 'apiKey', 'api-key', 'privateKey', 'signingKey']) assert.ok(isSecretLikeKey(key), key);
  for (const key of ['name', 'tokenUrl', 'keyword', 'description', 'header']) assert.not.ok(isSecretLikeKey(key), key);
});

test('random-looking literals, not words, URLs or templates', () => {
  assert.ok(looksRandom('q8Fz2LkP0xWm7RtY3vNb'));
  assert.not.ok(looksRandom('my-webhook-signing-secret'));
  assert.not.ok(looksRandom('https://example.com/a8Fz2LkP0xWm'));
  assert.not.ok(looksRandom('{{credentials.accessToken}}'));
  assert.not.ok(looksRandom('${secret:shopify/uk/token}'));
  assert.not.ok(looksRandom('short1A'));
  assert.ok(entropy('aaaa') === 0);
});

test.run();
