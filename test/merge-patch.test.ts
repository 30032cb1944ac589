import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mergePatch, type PatchedPath } from '../src/environments/merge-patch.js';

/** JSON Merge Patch as overlays apply it: RFC 7396's examples, and the paths each patch sets. */
const test = suite('merge-patch');

const apply = (target: unknown, patch: unknown) => mergePatch(target, patch, '', () => {});

test("RFC 7396 appendix A: every example's result", () => {
  const examples: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, expected] of examples) assert.equal(apply(target, patch), expected, JSON.stringify({ target, patch }));
});

test('the target is never changed, and what the patch does not touch stays the same object', () => {
  const untouched = { host: 'shop.example.com' };
  const target = { spec: { settings: untouched, enabled: true } };
  const result = apply(target, { spec: { enabled: false } }) as typeof target;
  assert.equal(target, { spec: { settings: { host: 'shop.example.com' }, enabled: true } });
  assert.is(result.spec.settings, untouched);
  assert.is(result.spec.enabled, false);
});

test('a key named __proto__ is data, not a prototype', () => {
  const result = apply({}, JSON.parse('{ "__proto__": { "polluted": true } }')) as Record<string, unknown>;
  assert.is(({} as Record<string, unknown>).polluted, undefined);
  assert.is(Object.getPrototypeOf(result), Object.prototype);
  assert.equal(Object.keys(result), ['__proto__']);
});

test('records the leaves it sets, the keys it deletes, and an object that replaces a non-object whole', () => {
  const paths: PatchedPath[] = [];
  mergePatch({ spec: { settings: { host: 'a', 'page/size': 1 }, steps: [1], trigger: { manual: {} }, note: 'x' } }, { spec: { settings: { 'page/size': 5 }, steps: [2, 3], trigger: null, note: { text: 'y', gone: null } } }, '', (path) => paths.push(path));
  assert.equal(paths, [
    { pointer: '/spec/settings/page~1size', deleted: false },
    { pointer: '/spec/steps', deleted: false },
    { pointer: '/spec/trigger', deleted: true },
    { pointer: '/spec/note', deleted: false },
  ]);
});

test.run();
