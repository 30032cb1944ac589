import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isSingleTemplate, scanTemplates } from '../src/lex/templates.js';

const test = suite('templates');

test('scans references with their root and path', () => {
  assert.equal(scanTemplates('https://{{settings.shop}}.example.com/{{ input.id }}/{{record.items.0.sku}}'), [
    { kind: 'reference', text: '{{settings.shop}}', root: 'settings', path: ['shop'] },
    { kind: 'reference', text: '{{ input.id }}', root: 'input', path: ['id'] },
    { kind: 'reference', text: '{{record.items.0.sku}}', root: 'record', path: ['items', '0', 'sku'] },
  ]);
});

test('logic and unclosed templates are malformed', () => {
  assert.equal(scanTemplates('{{ a + b }}').map((scan) => scan.kind), ['malformed']);
  assert.equal(scanTemplates('{{settings.x').map((scan) => scan.kind), ['malformed']);
  assert.equal(scanTemplates('{{}}').map((scan) => scan.kind), ['malformed']);
});

test('a string that is exactly one template', () => {
  assert.ok(isSingleTemplate('{{record}}'));
  assert.not.ok(isSingleTemplate('id-{{record.id}}'));
});

test.run();
