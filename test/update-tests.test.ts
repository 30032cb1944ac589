import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import type { Observed } from '../src/testing/run-tests.js';
import { applyEdits, expectationEdits, flowText } from '../src/testing/update-tests.js';

/** weft test --update: the smallest edits of a test's expectation, written in place. */
const test = suite('update-tests');

const observed = (fields: Partial<Observed>): Observed => ({ status: 'succeeded', requests: [], messages: [], failures: [], state: { dedupe: [], cache: [] }, ...fields });

const file = `# Orders to the ERP.
apiVersion: weft/v1
kind: Test
metadata: { name: first }
spec:
  flow: orders
  expect:
    status: succeeded   # all of them go
    requests:
      - instance: erp
        bodies:
          # the UK order
          - id: 1
            country: _unitedKingdom
            lines: [{ sku: MUG, quantity: 1 }]
          - { id: 2, country: _france }
---
apiVersion: weft/v1
kind: Test
metadata:
  name: second
spec:
  flow: orders
  expect:
    requests:
      - { instance: erp, match: partial, bodies: [{ id: 3 }] }
    failures:
      - { step: push, message: "answered 4\\\\d\\\\d" }
      - { step: push }
    state:
      dedupe: [{ step: once, keys: [1, "A-2"] }]
      cache: [{ step: remember, entries: { "1": { total: 10 } } }]
`;

const expectOf = (index: number) => (parseAllDocuments(file) as unknown as { toJS(): { spec: { expect: never } } }[])[index]!.toJS().spec.expect;

test('a changed scalar is that scalar, in place: comments, quotes and the other lines stay', () => {
  const edits = expectationEdits(expectOf(0), observed({ requests: [[{ id: 1, country: 'GB', lines: [{ sku: 'MUG', quantity: 2 }] }, { id: 2, country: '_france' }]] }));
  assert.equal(edits, [
    { path: ['spec', 'expect', 'requests', 0, 'bodies', 0, 'country'], value: 'GB' },
    { path: ['spec', 'expect', 'requests', 0, 'bodies', 0, 'lines', 0, 'quantity'], value: 2 },
  ]);
  const { text, skipped } = applyEdits(file, [{ index: 0, name: 'first', edits }]);
  assert.equal(skipped, []);
  assert.is(text, file.replace('country: _unitedKingdom', 'country: GB').replace('quantity: 1 }', 'quantity: 2 }'));
});

test('a body whose fields differ is replaced whole, on one line; the status too; a partial match stays partial', () => {
  const first = expectationEdits(expectOf(0), observed({ status: 'partial', requests: [[{ id: 1, country: '_unitedKingdom', lines: [{ sku: 'MUG', quantity: 1 }] }, { id: 2, country: '_france', memo: 'a, b: {c}' }, { id: 9 }]] }));
  assert.equal(first, [
    { path: ['spec', 'expect', 'status'], value: 'partial' },
    { path: ['spec', 'expect', 'requests', 0, 'bodies'], value: [{ id: 1, country: '_unitedKingdom', lines: [{ sku: 'MUG', quantity: 1 }] }, { id: 2, country: '_france', memo: 'a, b: {c}' }, { id: 9 }] },
  ]);
  const { text } = applyEdits(file, [{ index: 0, name: 'first', edits: first }]);
  assert.ok(text.includes('    status: partial   # all of them go\n'), text);
  // The comment before the list stays; the list is one flow sequence now.
  assert.ok(text.includes(`        bodies:\n          # the UK order\n          [{ id: 1, country: _unitedKingdom, lines: [{ sku: MUG, quantity: 1 }] }, { id: 2, country: _france, memo: "a, b: {c}" }, { id: 9 }]\n---\n`), text);
  // What was written reads back as the values.
  const reread = (parseAllDocuments(text) as unknown as { toJS(): { spec: { expect: { requests: { bodies: unknown }[] } } } }[])[0]!.toJS();
  assert.equal(reread.spec.expect.requests[0]!.bodies, first[1]!.value);
  // Partial: only the fields it names, even when more were sent.
  const second = expectationEdits(expectOf(1), observed({ requests: [[{ id: 4, name: 'x' }, { id: 5, name: 'y' }]], failures: [{ step: 'push', error: 'answered 409: taken' }, { step: 'push', error: 'x' }], state: { dedupe: [{ keys: ['1', 'A-2'] }], cache: [{ entries: { '1': { total: 10 } } }] } }));
  assert.is(second.length, 1);
  assert.equal(second.find((edit) => edit.path.includes('requests')), { path: ['spec', 'expect', 'requests', 0, 'bodies'], value: [{ id: 4 }, { id: 5, name: 'y' }] });
});

test('failures: a pattern that still matches is kept, a broken one becomes the error literally; state keys keep their numbers', () => {
  const expect = expectOf(1);
  const edits = expectationEdits(expect, observed({
    requests: [[{ id: 3 }]],
    failures: [{ step: 'push', error: 'answered 422: bad (field x)' }, { step: 'map', error: 'no total' }, { step: 'push', error: 'answered 500' }],
    state: { dedupe: [{ keys: ['1', 'B-3'] }], cache: [{ entries: { '1': { total: 11 } } }] },
  }));
  assert.equal(edits, [
    { path: ['spec', 'expect', 'failures'], value: [{ step: 'push', message: 'answered 4\\d\\d' }, { step: 'map' }, { step: 'push', message: 'answered 500' }] },
    { path: ['spec', 'expect', 'state', 'dedupe', 0, 'keys'], value: [1, 'B-3'] },
    { path: ['spec', 'expect', 'state', 'cache', 0, 'entries', '1', 'total'], value: 11 },
  ]);
  const broken = expectationEdits(expect, observed({ requests: [[{ id: 3 }]], failures: [{ step: 'push', error: 'timed out (30 s)' }, { step: 'push', error: 'x' }], state: { dedupe: [{ keys: ['1', 'A-2'] }], cache: [{ entries: { '1': { total: 10 } } }] } }));
  assert.equal(broken, [{ path: ['spec', 'expect', 'failures', 0, 'message'], value: 'timed out \\(30 s\\)' }]);
  const { text } = applyEdits(file, [{ index: 1, name: 'second', edits }]);
  assert.ok(text.includes('    failures:\n      [{ step: push, message: "answered 4\\\\d\\\\d" }, { step: map }, { step: push, message: answered 500 }]\n    state:\n'), text);
  assert.ok(text.includes('dedupe: [{ step: once, keys: [1, B-3] }]'), text);
  assert.ok(text.includes('cache: [{ step: remember, entries: { "1": { total: 11 } } }]'), text);
  // The first document is untouched, byte for byte.
  assert.is(text.split('\n---\n')[0], file.split('\n---\n')[0]);
});

test('a document that is not where it was read from is skipped, saying so; nothing is written there', () => {
  const { text, skipped } = applyEdits(file, [{ index: 1, name: 'first', edits: [{ path: ['spec', 'expect', 'status'], value: 'failed' }] }, { index: 0, name: 'first', edits: [{ path: ['spec', 'expect', 'failures'], value: [] }] }]);
  assert.is(text, file);
  assert.equal(skipped, ['first: its document is not where it was read from', 'first: spec.expect.failures is not written in its document']);
});

test('values on one line: plain where they read back the same, quoted otherwise', () => {
  assert.is(flowText({ a: 'plain text', b: 'yes', c: 'true', d: '10', e: '', f: 'a: b', g: '#x', h: null, i: [1.5, false], 'j k': 'ünïcode' }), '{ a: plain text, b: yes, c: "true", d: "10", e: "", f: "a: b", g: "#x", h: null, i: [1.5, false], j k: "ünïcode" }');
  assert.is(flowText([]), '[]');
  assert.is(flowText({}), '{}');
  for (const value of [{ 'a: b': ['- x', '[y]', "it's", 'line\nbreak', ' padded '] }, [{ '{}': null }]]) {
    assert.equal((parseAllDocuments(`v: ${flowText(value)}\n`) as unknown as { toJS(): { v: unknown } }[])[0]!.toJS().v, value);
  }
});

test.run();
