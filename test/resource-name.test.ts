import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isResourceName, resourceNamePattern } from '../src/schema/resource-name.js';
import { repoRoot } from './helpers/run-weft.js';

test('the pattern is the schema\'s ResourceName pattern, so code and schemas/ never disagree', async () => {
  const defs = JSON.parse(await readFile(path.join(repoRoot, 'schemas', 'defs.schema.json'), 'utf8')) as { $defs: { name: { pattern: string } } };
  assert.is(resourceNamePattern.source, defs.$defs.name.pattern);
});

test('names: a lowercase letter first, then letters, digits and -, at most 63 characters', () => {
  for (const name of ['a', 'shopify-uk', 'x1', 'a'.repeat(63)]) assert.ok(isResourceName(name), name);
  for (const name of ['', '1a', 'Shopify', 'a_b', 'a.b', '-a', 'a'.repeat(64), 'a\n', 'a/../b']) assert.not.ok(isResourceName(name), JSON.stringify(name));
});

test.run();
