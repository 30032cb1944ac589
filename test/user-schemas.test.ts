import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AsyncSchemaError, compileUserSchema } from '../src/check/user-schemas.js';
import { bestOf } from './helpers/growth.js';

const test = suite('user-schemas');

function validator(schema: object) {
  const validate = compileUserSchema(schema);
  if (validate instanceof Error) throw validate;
  return validate;
}

test('uniqueItems: equal as JSON data, whatever the key order; the last repetition and its nearest match', () => {
  const validate = validator({ type: 'array', uniqueItems: true });
  assert.is(validate([{ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }]), false);
  assert.equal(validate.errors!.map((error) => [error.keyword, error.instancePath, error.params]), [['uniqueItems', '', { i: 1, j: 0 }]]);
  assert.is(validator({ type: 'array', uniqueItems: true })(['1', 1, true, 'true', null, 'null', [1], { 0: 1 }, 1.5, -0.5]), true);
  validate(['x', 'y', 'x', 'z', 'y', 'x']);
  assert.equal(validate.errors![0]!.params, { i: 5, j: 2 });
  assert.is(validator({ type: 'array', uniqueItems: false })([1, 1]), true);
});

test('uniqueItems over many items costs about as much as writing them out', () => {
  // ajv compares every pair of items unless they are declared scalars: 40,000 took 51 s. Compared
  // with JSON.stringify of the same items (linear, timed alike), so a busy machine slows both.
  const validate = validator({ type: 'object', properties: { list: { type: 'array', uniqueItems: true } } });
  const settings = { list: Array.from({ length: 10_000 }, (_, index) => ({ id: index, name: `item ${index}`, tags: ['a', 'b'] })) };
  const best = (task: () => unknown) => bestOf(3, task);
  const writing = best(() => JSON.stringify(settings));
  const checking = best(() => assert.ok(validate(settings)));
  assert.ok(checking < Math.max(50 * writing, 100) && checking < 2000, `checking 10,000 items took ${checking.toFixed(0)} ms, writing them ${writing.toFixed(1)} ms`);
});

test("'$async' anywhere ajv reads it is refused with its place, never compiled into a promise", () => {
  const at = (schema: object) => {
    const compiled = compileUserSchema(schema);
    return compiled instanceof AsyncSchemaError ? compiled.at : compiled instanceof Error ? compiled.message : 'compiled';
  };
  assert.equal(at({ $async: true, type: 'object' }), []);
  assert.equal(at({ type: 'object', properties: { day: { type: 'object', properties: { at: { $async: true } } } } }), ['properties', 'day', 'properties', 'at']);
  assert.equal(at({ anyOf: [{ type: 'string' }, { items: { $async: true } }] }), ['anyOf', '1', 'items']);
  assert.equal(at({ $defs: { later: { $async: true } }, $ref: '#/$defs/later' }), ['$defs', 'later']);
  // A property named $async is data, not the keyword; $async: false is sync.
  assert.is(at({ type: 'object', properties: { $async: { type: 'boolean' } } }), 'compiled');
  assert.is(at({ $async: false, type: 'object' }), 'compiled');
});

test.run();
