import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pointerFrom, pointerSegments } from '../src/parse/pointer.js';

test('a pointer and its segments, escapes included (RFC 6901: ~0 is ~, ~1 is /)', () => {
  assert.equal(pointerSegments(''), []);
  assert.equal(pointerSegments('/spec/steps/0/id'), ['spec', 'steps', '0', 'id']);
  assert.equal(pointerSegments('/a~1b/c~0d/~01'), ['a/b', 'c~d', '~1']);
  assert.equal(pointerSegments('/'), ['']);
  for (const segments of [['spec'], ['a/b', '~', '~1', ''], ['headers', 'X-Request-Id'], ['0', '', 'a~0b/c']]) {
    assert.equal(pointerSegments(pointerFrom(segments)), segments, segments.join(' | '));
  }
  assert.is(pointerFrom(['spec', 3, 'a/b~']), '/spec/3/a~1b~0');
});

test.run();
