import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lookup, render, renderValue, type TemplateScope } from '../src/runtime/render.js';

/** Templates rendered against a run's scope: into text, or into JSON values that keep their type. */
const test = suite('render');

const record = { id: 7, customer: { name: 'Ada', email: null }, lines: [{ sku: 'X-1' }, { sku: 'Y-2' }] };
const scope: TemplateScope = {
  settings: { shop: 'uk', port: 8443, live: false, tags: ['a', 'b'], empty: '' },
  credentials: { token: 't/k n' },
  record,
  run: { id: 'run-1' },
};

test('lookup: a path through objects and arrays; undefined when anything on the way is missing or not an own property', () => {
  assert.is(lookup(scope, 'record', ['customer', 'name']), 'Ada');
  assert.is(lookup(scope, 'record', ['lines', '1', 'sku']), 'Y-2');
  assert.is(lookup(scope, 'record', []), record);
  assert.is(lookup(scope, 'record', ['customer', 'email']), null);
  assert.is(lookup(scope, 'record', ['customer', 'email', 'domain']), undefined);
  assert.is(lookup(scope, 'record', ['id', 'digits']), undefined);
  assert.is(lookup(scope, 'record', ['missing', 'deeper']), undefined);
  assert.is(lookup(scope, 'input', ['anything']), undefined);
  // Inherited properties are not data.
  assert.is(lookup(scope, 'record', ['toString']), undefined);
  assert.is(lookup(scope, 'record', ['customer', '__proto__']), undefined);
  assert.is(lookup(scope, 'settings', ['tags', 'length']), 2);
});

test('render: strings as they are, other values as JSON, missing and null values as nothing', () => {
  assert.is(render('https://{{settings.shop}}.example.com:{{settings.port}}/', scope), 'https://uk.example.com:8443/');
  assert.is(render('{{settings.live}}|{{settings.tags}}|{{record.customer}}', scope), 'false|["a","b"]|{"name":"Ada","email":null}');
  assert.is(render('[{{record.customer.email}}][{{record.nothing}}][{{settings.empty}}]', scope), '[][][]');
  assert.is(render('no templates at all', scope), 'no templates at all');
  assert.is(render('', scope), '');
  // Text around, between and after templates is kept, including text that repeats a template's.
  assert.is(render('{{run.id}}{{run.id}}-{{run.id}}', scope), 'run-1run-1-run-1');
  assert.is(render('id {{record.id}} of {{record.id}} ids', scope), 'id 7 of 7 ids');
  // The same template again (compiled once) renders against the new scope.
  assert.is(render('id {{record.id}} of {{record.id}} ids', { record: { id: 8 } }), 'id 8 of 8 ids');
});

test('render: a malformed template renders nothing, and the text around it stays', () => {
  assert.is(render('a {{ a + b }} b', scope), 'a  b');
  assert.is(render('x{{}}y', scope), 'xy');
  assert.is(render('before {{settings.shop', scope), 'before ');
});

test('render with encode: each value is encoded, the literal text is not', () => {
  assert.is(render('/orders/{{credentials.token}}/lines?x=a/b', scope, encodeURIComponent), '/orders/t%2Fk%20n/lines?x=a/b');
  assert.is(render('/{{record.missing}}/{{record.id}}', scope, (value) => `<${value}>`), '/<>/<7>');
});

test('renderValue: a string that is exactly one template keeps the value and its type', () => {
  assert.is(renderValue('{{record.id}}', scope), 7);
  assert.is(renderValue('{{settings.live}}', scope), false);
  assert.is(renderValue('{{record.customer.email}}', scope), null);
  assert.is(renderValue('{{record.lines}}', scope), record.lines);
  assert.is(renderValue('{{record.nothing}}', scope), undefined);
  assert.is(renderValue('{{ a + b }}', scope), undefined);
  // With other text around it, it is a string.
  assert.is(renderValue('#{{record.id}}', scope), '#7');
  assert.is(renderValue('{{record.id}}{{record.id}}', scope), '77');
  assert.is(renderValue('plain', scope), 'plain');
});

test('renderValue: arrays and objects rendered all the way down; keys that render to nothing are left out', () => {
  const template = {
    id: '{{record.id}}',
    name: 'Mx {{record.customer.name}}',
    lines: ['{{record.lines.0.sku}}', 3, true, null, { nested: '{{run.id}}' }],
    gone: '{{record.nothing}}',
    kept: null,
    count: 0,
    flag: false,
  };
  assert.equal(renderValue(template, scope), {
    id: 7,
    name: 'Mx Ada',
    lines: ['X-1', 3, true, null, { nested: 'run-1' }],
    kept: null,
    count: 0,
    flag: false,
  });
  assert.not.ok('gone' in (renderValue(template, scope) as object));
  // Properties as JSON.parse makes them: enumerable, writable, configurable.
  const rendered = renderValue({ id: '{{record.id}}' }, scope) as Record<string, unknown>;
  assert.equal(Object.getOwnPropertyDescriptor(rendered, 'id'), Object.getOwnPropertyDescriptor(JSON.parse('{"id": 7}'), 'id'));
  assert.is(renderValue(null, scope), null);
  assert.is(renderValue(12, scope), 12);
});

test("renderValue: a '__proto__' key is an own property of the result, never its prototype", () => {
  const rendered = renderValue(JSON.parse('{"__proto__": {"polluted": "{{run.id}}"}, "id": "{{record.id}}"}'), scope) as Record<string, unknown>;
  assert.equal(Object.keys(rendered), ['__proto__', 'id']);
  assert.equal(Object.getOwnPropertyDescriptor(rendered, '__proto__')?.value, { polluted: 'run-1' });
  assert.is(Object.getPrototypeOf(rendered), Object.prototype);
  assert.is((rendered as { polluted?: unknown }).polluted, undefined);
  assert.is(JSON.stringify(rendered), '{"__proto__":{"polluted":"run-1"},"id":7}');
});

test.run();
