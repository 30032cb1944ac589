import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { describeGrowth, measureGrowth } from './helpers/growth.js';
import { embeddedCredential, entropy, isSecretLikeKey, isStandInSecret, knownToken, looksRandom, urlPasswords } from '../src/lex/secrets.js';

const test = suite('secrets');

test('recognises well-known token prefixes', () => {
  assert.is(knownToken('shpat_' + 'a1'.repeat(16)), 'a Shopify access token');
  assert.is(knownToken('sk_live_' + 'Ab3'.repeat(8)), 'a Stripe live key');
  assert.is(knownToken('ghp_' + 'x'.repeat(36)), 'a GitHub token');
  assert.is(knownToken('xoxb-1234567890-abcdef'), 'a Slack token');
  assert.is(knownToken('AKIAIOSFODNN7EXAMPLE'), 'an AWS access key id');
  assert.is(knownToken('-----BEGIN RSA PRIVATE KEY-----'), 'a private key');
  // Each kind of every pattern (the prefilter that skips strings with no prefix must know them all).
  for (const prefix of ['shpss_', 'shpca_', 'shppa_']) assert.is(knownToken(prefix + 'a1'.repeat(16)), 'a Shopify access token', prefix);
  assert.is(knownToken('rk_live_' + 'Ab3'.repeat(8)), 'a Stripe live key');
  for (const prefix of ['gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_']) assert.is(knownToken(prefix + 'x'.repeat(36)), 'a GitHub token', prefix);
  for (const prefix of ['xoxp-', 'xoxa-', 'xoxr-', 'xoxs-']) assert.is(knownToken(`${prefix}1234567890-abcdef`), 'a Slack token', prefix);
  assert.is(knownToken('ASIAIOSFODNN7EXAMPLE'), 'an AWS access key id');
  assert.is(knownToken('AIza' + 'Sy'.repeat(18)), 'a Google API key');
  assert.is(knownToken('-----BEGIN OPENSSH PRIVATE KEY-----'), 'a private key');
  assert.is(knownToken('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'), 'a JSON Web Token');
  assert.is(knownToken('the token is in the middle: shpat_' + 'a1'.repeat(16) + ' here'), 'a Shopify access token');
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

test('a token written out with filler is documentation, not a token (realOnly)', () => {
  assert.is(knownToken('shpat_' + 'x'.repeat(24), { realOnly: true }), undefined);
  assert.is(knownToken('e.g. ghp_' + '0'.repeat(36), { realOnly: true }), undefined);
  assert.is(knownToken('shpat_' + 'a1'.repeat(16), { realOnly: true }), undefined);
  // A token with entropy after its prefix counts, in prose or not.
  assert.is(knownToken('Legacy token: shpat_0123456789abcdef0123456789abcdef', { realOnly: true }), 'a Shopify access token');
  assert.is(knownToken('alerts via xoxb-1234567890-abcdefghijklmnop', { realOnly: true }), 'a Slack token');
  assert.is(knownToken('AKIAIOSFODNN7EXAMPLE', { realOnly: true }), 'an AWS access key id');
  // Without realOnly (values, masking), the shape is enough.
  assert.is(knownToken('shpat_' + 'x'.repeat(24)), 'a Shopify access token');
});

test('stand-ins for a secret: names of what belongs there, names in brackets, filler', () => {
  const standIns = [
    'pass', 'password', 'PASSWORD', 'Password', 'passwd', 'pwd', 'secret', 'token', 'changeme', 'changeit', 'example', 'placeholder', 'REDACTED',
    '<password>', '<your-password>', '{password}', '[password]', '(password)', '%PASSWORD%', '$PASSWORD', '$(DB_PASSWORD)',
    'your-password', 'YOUR_PASSWORD', 'yourpasswordhere', 'my_pass', 'db-password', 'rabbitmq-password', 'SMTP_PASSWD', 'password123',
    'p@ssw0rd', 'P@ssw0rd', 'passw0rd', 's3cret',
    'xxx', 'XXXXXXXX', 'xxxx-xxxx', '***', '...', '…', '000000', '',
  ];
  for (const value of standIns) assert.ok(isStandInSecret(value), `'${value}' is a stand-in`);
  const secrets = ['hunter2', 'hunter22', 'guest', 'admin', 'Zq8XvR2mLp4NwT7y', '<Zq8XvR2mLp4NwT7y>', 'correct-horse-battery-staple', 'P4ss!9xQ'];
  for (const value of secrets) assert.not.ok(isStandInSecret(value), `'${value}' is not a stand-in`);
});

test('the passwords of URLs anywhere in a text; host:port and user@host have none', () => {
  assert.equal(urlPasswords('amqp://user:pass@host:5672/vhost'), ['pass']);
  assert.equal(urlPasswords('primary amqps://a:b1@x:5671/p, fallback https://c:d%40e@y/?q=1#f'), ['b1', 'd%40e']);
  assert.equal(urlPasswords('https://{user}:{password}@legacy.example.com'), ['{password}']);
  // RFC 3986: the user-info ends at the authority's last '@'.
  assert.equal(urlPasswords('https://me:p@ss@host/'), ['p@ss']);
  assert.equal(urlPasswords('https://host:8443/path'), []);
  assert.equal(urlPasswords('ssh://git@github.com:22/x'), []);
  assert.equal(urlPasswords('https://example.com/a:b@c'), []);
  assert.equal(urlPasswords('user:pass@host, no scheme'), []);
  assert.equal(urlPasswords('amqp://user:@host'), []);
});

test('urlPasswords is linear: adversarial text of a megabyte takes milliseconds', () => {
  // Timed as growth (4x the text, best of several runs each), so a machine busy with other
  // work slows both sizes alike; a quadratic scan would take 16x, and seconds at this size.
  const shapes: [string, (size: number) => string][] = [
    ['long word before a URL', (size) => 'a'.repeat(size) + '://x:y@z'],
    ['repeated schemes', (size) => 'a://'.repeat(size / 4)],
    ['repeated colons', (size) => 'x:'.repeat(size / 2) + '://'],
    ['a password that never ends', (size) => 'a://b:' + 'c'.repeat(size)],
  ];
  for (const [what, make] of shapes) {
    const growth = measureGrowth(make, (text) => urlPasswords(text), 1 << 18, 4);
    assert.ok(growth.ratio < 8 && growth.large < 1000, describeGrowth(what, growth, 4));
  }
});

test('in a value, any literal password of a URL is a credential; a stand-in is not', () => {
  assert.is(embeddedCredential('https://svc:Pm3n4B5v6C7x8Z9aQ2wE@example.com'), 'a URL with a password in it');
  assert.is(embeddedCredential('amqp://admin:hunter22@rabbit:5672/'), 'a URL with a password in it');
  assert.is(embeddedCredential('proxy is http://proxy:hunter22@proxy.internal:3128'), 'a URL with a password in it');
  assert.is(embeddedCredential('Bearer Zq9w8E7r6T5y4U3i2O1pAsDf'), 'an authorization header with a literal token');
  assert.is(embeddedCredential('amqp://user:pass@host:5672/vhost'), undefined);
  assert.is(embeddedCredential('amqp://<user>:<password>@host'), undefined);
  assert.is(embeddedCredential('https://user:{{credentials.password}}@host'), undefined);
  assert.is(embeddedCredential('amqp://user:${env:AMQP_PASSWORD}@host'), undefined);
  assert.is(embeddedCredential('Bearer YOUR_TOKEN_HERE'), undefined);
});

test('in prose, only a credential that looks real: a random-looking password or a token with entropy', () => {
  const prose = { prose: true };
  // DESIGN.md's example, and the ways documentation writes user-info.
  for (const text of [
    'amqp://user:pass@host:5672/vhost',
    'amqp://username:password@host',
    'amqp://<user>:<password>@host',
    'amqp://{user}:{password}@host',
    'amqp://USER:PASSWORD@host',
    'amqp://user:...@host',
    'amqp://xxx:xxx@host',
    'amqp://admin:changeme@host',
    'the AMQP URI, amqps://guest:guest@localhost:5671/, as the broker documents it',
    'ftp://reports:hunter22@files.example.com',
    'Basic authentication',
    'Token generated in the admin console',
  ]) {
    assert.is(embeddedCredential(text, prose), undefined, text);
  }
  assert.is(embeddedCredential('mirrors to amqps://orders:Zq8XvR2mLp4NwT7y@rabbit:5671/prod', prose), 'a URL with a password in it');
  assert.is(embeddedCredential('amqps://orders:Xk9!mQ2v@rabbit:5671/prod', prose), 'a URL with a password in it');
  assert.is(embeddedCredential('https://bot:ghp_0123456789abcdefghijABCDEFGHIJ012345@github.com', prose), 'a URL with a password in it');
  assert.is(embeddedCredential('Bearer Zq9w8E7r6T5y4U3i2O1pAsDf', prose), 'an authorization header with a literal token');
});

test('random-looking: shorter strings meet a bar scaled to their length', () => {
  assert.ok(looksRandom('Zq8XvR2m', 8));
  assert.not.ok(looksRandom('Zq8XvR2m'));
  assert.not.ok(looksRandom('hunter22', 8));
  assert.not.ok(looksRandom('password', 8));
  assert.not.ok(looksRandom('Zq8XvR2', 8));
});

test.run();
