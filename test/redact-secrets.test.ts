import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SecretRedactor } from '../src/runtime/redact-secrets.js';

/** The redactor of a run's secret values: every form is replaced, short values are left alone. */
const test = suite('redact-secrets');

const secret = 'pa55/word+Zq8Lw3Rt?';

test('a value is redacted as it is, URL-encoded and in base64 at any alignment', () => {
  const redactor = new SecretRedactor([secret, 'Zorro-user']);
  assert.is(redactor.text(`token ${secret} and ${encodeURIComponent(secret)}`), 'token [redacted] and [redacted]');
  for (const prefix of ['', 'x', 'xy', 'Zorro-user:']) {
    const basic = Buffer.from(`${prefix}${secret}`).toString('base64');
    const redacted = redactor.text(`Basic ${basic}`);
    assert.not.ok(redacted.includes(Buffer.from(secret).toString('base64').slice(0, 12)), `${prefix}: ${redacted}`);
    assert.match(redacted, /\[redacted\]/);
  }
  assert.equal(redactor.value({ echo: [`/bot${secret}/send`], [secret]: 1 }), { echo: ['/bot[redacted]/send'], '[redacted]': 1 });
});

test('values shorter than 6 characters are not redacted (they would mangle the text); one added later is', () => {
  const redactor = new SecretRedactor(['abc', 'true']);
  assert.is(redactor.text('abc is true'), 'abc is true');
  redactor.add('access-token-1');
  assert.is(redactor.text('Bearer access-token-1'), 'Bearer [redacted]');
});

test.run();
