import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { schemas } from '../src/generated/schemas.js';

const test = suite('schemas');
const directory = path.resolve('schemas');

/** Every (path, property schema) under `properties` anywhere in a schema. */
function* properties(node: unknown, at: string): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) yield* properties(item, `${at}/${index}`);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, property] of Object.entries(value)) {
        if (property && typeof property === 'object') yield [`${at}/properties/${name}`, property as Record<string, unknown>];
      }
    }
    // A connector's settings and inputs are users' own schemas: their examples are data.
    // Conditions of if/then/else declare nothing.
    if (key !== 'default' && key !== 'examples' && key !== 'if') yield* properties(value, `${at}/${key}`);
  }
}

test('every schema is JSON Schema 2020-12 with an $id', async () => {
  for (const file of await readdir(directory)) {
    const schema = JSON.parse(await readFile(path.join(directory, file), 'utf8'));
    assert.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema', file);
    assert.is(schema.$id, `https://weft.dev/schemas/v1/${file}`, file);
  }
});

test('every property has a description (editors show it on hover)', async () => {
  const missing: string[] = [];
  for (const file of await readdir(directory)) {
    const schema = JSON.parse(await readFile(path.join(directory, file), 'utf8'));
    for (const [at, property] of properties(schema, file)) {
      const described = typeof property.description === 'string' && property.description.length > 0;
      // A $ref to a described definition carries its description along.
      const referenced = typeof property.$ref === 'string';
      if (!described && !referenced) missing.push(at);
    }
  }
  assert.equal(missing, []);
});

test('src/generated/schemas.js matches schemas/', async () => {
  for (const file of await readdir(directory)) {
    assert.equal(schemas[file], JSON.parse(await readFile(path.join(directory, file), 'utf8')), file);
  }
});

test.run();
