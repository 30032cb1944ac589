import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isSecretPath } from '../src/engine/secret-path.js';

/** Which secret paths the engine and the CLI accept. */
const test = suite('secret-path');

test('segments of letters, digits, ".", "_" and "-" separated by single slashes', () => {
  for (const valid of ['token', 'shopify/uk/token', 'A_b.c-d/E9', '.hidden/x', 'x/...', 'v1.2/key']) assert.ok(isSecretPath(valid), valid);
});

test("no empty, '.' or '..' segment, and no other character", () => {
  for (const invalid of ['', '/a', 'a/', 'a//b', '.', '..', 'a/..', '../a', 'a/../b', 'a/./b', './a', 'a b', 'a\\b', 'a:b', 'ä', 'a/b\n']) {
    assert.not.ok(isSecretPath(invalid), JSON.stringify(invalid));
  }
});

test.run();
