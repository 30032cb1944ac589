import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { validateXML } from 'xmllint-wasm';
import { repoRoot, runWeft } from './helpers/run-weft.js';

/** weft test through the real binary: tests of kind Test run offline, deterministic, with readable failures. */
const test = suite('test-command');

const shapes = path.join(repoRoot, 'test', 'fixtures', 'shapes');
const copies: string[] = [];

test.after(async () => {
  await Promise.all(copies.map((copy) => rm(copy, { recursive: true, force: true })));
});

async function copyOfShapes(): Promise<string> {
  const copy = await mkdtemp(path.join(os.tmpdir(), 'weft-test-command-'));
  copies.push(copy);
  await cp(shapes, copy, { recursive: true });
  return copy;
}

test('the tests of a project pass: exit 0, one line each and a summary', async () => {
  const result = await runWeft(['test', shapes]);
  assert.is(result.code, 0, result.stdout + result.stderr);
  assert.is(result.stdout, '✔ orders-by-country (flow orders)\n✔ a-refused-archive-is-a-partial-run (flow parked-orders)\n\n2 tests: 2 passed, 0 failed\n');
});

test('a broken map turns the right test red, naming the field and the test file line; exit 1', async () => {
  const copy = await copyOfShapes();
  const flow = path.join(copy, 'orders.yaml');
  const text = await readFile(flow, 'utf8');
  await writeFile(flow, text.replace(`"country": $lookup(''countries'', country)`, `"country": $lookup(''countries'', country, ''reverse'')`));
  const result = await runWeft(['test', copy]);
  assert.is(result.code, 1);
  assert.match(result.stdout, /^✘ orders-by-country \(flow orders\)  tests\/orders\.yaml:5\n/);
  assert.match(result.stdout, /✔ a-refused-archive-is-a-partial-run/);
  assert.match(result.stdout, /\n2 tests: 1 passed, 1 failed\n$/);
  // No country is a right-hand value: every lookup fails in the try, and every order is parked.
  assert.match(result.stdout, /requests to erp: 0 sent, 1 expected/);
  assert.match(result.stdout, /requests to archive: 3 sent, 2 expected/);
  assert.match(result.stdout, /requests to archive, #1: country: expected "_france", got "GB"/);
});

test('a request no response matches fails the test, naming the call', async () => {
  const copy = await copyOfShapes();
  const file = path.join(copy, 'tests', 'orders.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replace('    - { instance: archive, status: 201 }\n', ''));
  const result = await runWeft(['test', copy, '--filter', 'by-country']);
  assert.is(result.code, 1);
  assert.match(result.stdout, /no response of the test matches POST https:\/\/archive\.example\.com\/records \(instance 'archive', endpoint 'push'\)/);
  assert.match(result.stdout, /\n1 test: 0 passed, 1 failed\n$/);
});

test('the same tests give the same JSON every time, one at a time or side by side', async () => {
  const first = await runWeft(['test', shapes, '--format', 'json']);
  assert.is(first.code, 0, first.stderr);
  const document = JSON.parse(first.stdout);
  assert.equal(document.summary, { tests: 2, passed: 2, failed: 0 });
  assert.equal(document.tests.map((entry: { name: string; line: number }) => [entry.name, entry.line]), [['orders-by-country', 5], ['a-refused-archive-is-a-partial-run', 32]]);
  const again = await Promise.all([...Array.from({ length: 19 }, () => ['test', shapes, '--format', 'json']), ['test', shapes, '--format', 'json', '--jobs', '1']].map((args) => runWeft(args)));
  for (const result of again) assert.is(result.stdout, first.stdout);
});

test('--flow picks the tests of one flow; a project with errors runs none (exit 1); bad options are usage errors (exit 2)', async () => {
  const one = await runWeft(['test', shapes, '--flow', 'parked-orders']);
  assert.is(one.stdout, '✔ a-refused-archive-is-a-partial-run (flow parked-orders)\n\n1 test: 1 passed, 0 failed\n');
  const copy = await copyOfShapes();
  const file = path.join(copy, 'tests', 'orders.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replace('  flow: orders\n', '  flow: order\n'));
  const broken = await runWeft(['test', copy]);
  assert.is(broken.code, 1);
  assert.match(broken.stdout, /error\[unknown-flow\]: test 'orders-by-country' runs flow 'order', which is not defined/);
  assert.match(broken.stdout, /did you mean 'orders'\?/);
  assert.is((await runWeft(['test', shapes, '--format', 'junit-ish'])).code, 2);
  assert.is((await runWeft(['test', shapes, '--jobs', '0'])).code, 2);
});

test('records from an NDJSON or JSON file next to the test, a webhook body; a file that is missing or not JSON fails its test', async () => {
  const copy = await copyOfShapes();
  const test = (name: string, given: string, ids: number[]) => `---
apiVersion: weft/v1
kind: Test
metadata: { name: ${name} }
spec:
  flow: parked-orders
  given: ${given}
  responses: [{ instance: archive, status: 201 }]
  expect:
    requests: [{ instance: archive, bodies: [${ids.map((id) => `{ id: ${id} }`).join(', ')}] }]
`;
  await writeFile(path.join(copy, 'tests', 'files.yaml'), [
    test('from-ndjson', '{ file: data/parked.ndjson }', [7, 8]),
    test('from-json', '{ file: data/parked.json }', [9]),
    test('from-webhook', '{ webhook: { id: 4 } }', [4]),
    test('from-nowhere', '{ file: data/missing.json }', []),
    test('from-bad-lines', '{ file: data/bad.ndjson }', []),
    test('from-outside', '{ file: data/outside.json }', []),
  ].join(''));
  const { mkdir } = await import('node:fs/promises');
  await mkdir(path.join(copy, 'tests', 'data'));
  await writeFile(path.join(copy, 'tests', 'data', 'parked.ndjson'), '{"id": 7}\n\n{"id": 8}\n');
  await writeFile(path.join(copy, 'tests', 'data', 'parked.json'), '[{"id": 9}]');
  await writeFile(path.join(copy, 'tests', 'data', 'bad.ndjson'), '{"id": 1}\nnot json\n');
  // A link out of the project is not read (its content would be printed in the test's differences).
  const { symlink } = await import('node:fs/promises');
  await symlink('/etc/passwd', path.join(copy, 'tests', 'data', 'outside.json'));
  const result = await runWeft(['test', copy, '--filter', 'from-']);
  assert.is(result.code, 1);
  assert.match(result.stdout, /✔ from-ndjson/);
  assert.match(result.stdout, /✔ from-json/);
  assert.match(result.stdout, /✔ from-webhook/);
  assert.match(result.stdout, /✘ from-nowhere \(flow parked-orders\)  tests\/files\.yaml:\d+\n    given\.file: tests\/data\/missing\.json cannot be read \(ENOENT\)/);
  assert.match(result.stdout, /✘ from-bad-lines .*\n    given\.file: tests\/data\/bad\.ndjson line 2 is not JSON/);
  assert.match(result.stdout, /✘ from-outside .*\n    given\.file: data\/outside\.json is outside the project\n/);
  assert.not.match(result.stdout, /root:/);
});

test('--coverage: per flow, the steps and the lists of routes and tries the tests reached, and what they did not', async () => {
  const copy = await copyOfShapes();
  const file = path.join(copy, 'tests', 'orders.yaml');
  // Only home orders: the route's otherwise and the try's catch are never taken.
  await writeFile(file, (await readFile(file, 'utf8')).replace('      - { id: 2, country: FR }\n      - { id: 3, country: XX }\n', '').replace(/      - instance: archive\n        bodies:\n          - \{ id: 2, country: _france \}\n          - \{ id: 3, country: XX \}\n/, '      - { instance: archive, bodies: [] }\n'));
  const result = await runWeft(['test', copy, '--coverage', '--filter', 'by-country']);
  assert.is(result.code, 0, result.stdout);
  assert.ok(
    result.stdout.endsWith(
      [
        '',
        'Coverage (steps and lists that records went into):',
        '  orders         1 test: steps 6/8, lists 2/4',
        '                 not reached: list guarded/try/by-country/otherwise, list guarded/catch',
        '  parked-orders  no tests: steps 0/2, lists 0/1',
        '',
      ].join('\n'),
    ),
    result.stdout,
  );
  const json = JSON.parse((await runWeft(['test', copy, '--coverage', '--filter', 'by-country', '--format', 'json'])).stdout);
  assert.equal(json.coverage[0], {
    flow: 'orders',
    tests: 1,
    steps: { total: 8, exercised: 6, missed: ['guarded/try/by-country/otherwise/to-archive', 'guarded/catch/park'] },
    lists: { total: 4, exercised: 2, missed: ['guarded/try/by-country/otherwise', 'guarded/catch'] },
  });
});

test('--format junit: a suite per test file, a case per test, failures with their problems; well-formed XML', async () => {
  const passing = await runWeft(['test', shapes, '--format', 'junit']);
  assert.is(passing.code, 0);
  assert.match(passing.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="weft test" tests="2" failures="0" errors="0">\n  <testsuite name="tests\/orders\.yaml" tests="2" failures="0" errors="0" skipped="0" file="tests\/orders\.yaml">\n/);
  const copy = await copyOfShapes();
  const file = path.join(copy, 'tests', 'orders.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replace('- { id: 2, country: _france }', '- { id: 2, country: "<&France>" }'));
  const failing = await runWeft(['test', copy, '--format', 'junit']);
  assert.is(failing.code, 1);
  assert.match(failing.stdout, /<testcase name="orders-by-country" classname="orders">\n      <failure message="requests to archive, #1: country: expected &quot;&lt;&amp;France&gt;&quot;, got &quot;_france&quot;" type="weft-test">tests\/orders\.yaml:5\n/);
  assert.is((failing.stdout.match(/<testcase /g) ?? []).length, 2);
  for (const document of [passing.stdout, failing.stdout]) assert.is(wellFormed(document), '', document);
  // Valid against the JUnit schema CI systems use (Jenkins' xUnit plugin's), by libxml2.
  for (const document of [passing.stdout, failing.stdout]) assert.equal(await schemaErrors(document), []);
  // The check can fail: a case without a name, or an attribute the schema does not know, is refused.
  assert.ok((await schemaErrors(passing.stdout.replace('<testcase name="orders-by-country"', '<testcase'))).length > 0);
  assert.ok((await schemaErrors(passing.stdout.replace('classname="orders"', 'classname="orders" line="5"'))).length > 0);
});

test('--update rewrites the expectations of failing tests to what the flow does now, in place; then they pass', async () => {
  const copy = await copyOfShapes();
  const flow = path.join(copy, 'orders.yaml');
  await writeFile(flow, (await readFile(flow, 'utf8')).replace(`{ "country": $lookup(''countries'', country) }`, `{ "country": $lookup(''countries'', country), "source": "shop" }`));
  const testFile = path.join(copy, 'tests', 'orders.yaml');
  const before = await readFile(testFile, 'utf8');
  const failing = await runWeft(['test', copy]);
  assert.is(failing.code, 1);
  const updated = await runWeft(['test', copy, '--update']);
  assert.is(updated.code, 0, updated.stdout + updated.stderr);
  assert.is(updated.stderr, 'weft test: updated the expectations of orders-by-country in tests/orders.yaml\n');
  assert.is(updated.stdout, '✔ orders-by-country (flow orders)\n✔ a-refused-archive-is-a-partial-run (flow parked-orders)\n\n2 tests: 2 passed, 0 failed\n');
  // Only the bodies changed, each on its line; the comments and the other test are as they were.
  const after = await readFile(testFile, 'utf8');
  assert.is(after, before
    .replace('- { id: 1, country: _unitedKingdom }', '- { id: 1, country: _unitedKingdom, source: shop }')
    .replace('- { id: 2, country: _france }', '- { id: 2, country: _france, source: shop }'));
  assert.is((await runWeft(['test', copy])).code, 0);
  // Nothing fails: nothing is written.
  const again = await runWeft(['test', copy, '--update']);
  assert.is(again.code, 0);
  assert.is(again.stderr, '');
  assert.is(await readFile(testFile, 'utf8'), after);
});

test('--update leaves a test it cannot fix as it is and says why: a request no response answers is not an expectation', async () => {
  const copy = await copyOfShapes();
  const testFile = path.join(copy, 'tests', 'orders.yaml');
  const text = (await readFile(testFile, 'utf8')).replace('    - { instance: archive, status: 201 }\n', '');
  await writeFile(testFile, text);
  const result = await runWeft(['test', copy, '--update', '--filter', 'by-country']);
  assert.is(result.code, 1);
  // The archive's requests went unanswered: their bodies are updated to what was sent, but the test still fails on the missing answer.
  assert.match(result.stderr, /weft test: updated the expectations of orders-by-country in tests\/orders\.yaml\n/);
  assert.match(result.stdout, /no response of the test matches POST https:\/\/archive\.example\.com\/records/);
  const broken = await runWeft(['test', copy, '--update', '--filter', 'by-country']);
  assert.is(broken.code, 1);
  assert.match(broken.stderr, /^weft test: cannot update orders-by-country: what fails it is not an expectation \(no response of the test matches POST https:\/\/archive\.example\.com\/records/);
});

/** What libxml2 finds wrong with a document against test/fixtures/junit/junit-10.xsd. */
async function schemaErrors(xml: string): Promise<string[]> {
  const schema = await readFile(path.join(repoRoot, 'test', 'fixtures', 'junit', 'junit-10.xsd'), 'utf8');
  const result = await validateXML({ xml: [{ fileName: 'weft-tests.xml', contents: xml }], schema: [schema] });
  return result.errors.map((error) => error.message);
}

test('a flow only production has is tested there: weft test runs it too (saying where), --env staging does not', async () => {
  const copy = await copyOfShapes();
  await writeFile(path.join(copy, 'weft.yaml'), `apiVersion: weft/v1
kind: Project
metadata: { name: shapes }
spec:
  environments: { staging: {}, production: {} }
  defaultEnvironment: staging
`);
  await mkdir(path.join(copy, 'environments', 'production'), { recursive: true });
  await writeFile(path.join(copy, 'environments', 'production', 'backfill.yaml'), `apiVersion: weft/v1
kind: Flow
metadata: { name: backfill }
spec:
  trigger: { manual: {} }
  steps:
    - id: to-erp
      send: { instance: erp, endpoint: push }
---
apiVersion: weft/v1
kind: Test
metadata: { name: backfill-sends-each-record }
spec:
  flow: backfill
  given: { records: [{ id: 41 }, { id: 42 }] }
  responses: [{ instance: erp, status: 201 }]
  expect:
    requests: [{ instance: erp, bodies: [{ id: 41 }, { id: 43 }] }]
---
# Production's ERP answers differently: its copy of a base test is patched.
apiVersion: weft/v1
kind: Test
metadata: { name: a-refused-archive-is-a-partial-run }
spec:
  expect: { status: succeeded }
`);
  const all = await runWeft(['test', copy, '--format', 'json']);
  assert.is(all.code, 1, all.stderr);
  const report = JSON.parse(all.stdout) as { tests: { name: string; environment?: string; status: string; problems: string[] }[] };
  assert.equal(report.tests.map((entry) => [entry.name, entry.environment ?? '', entry.status]), [
    ['orders-by-country', '', 'passed'],
    ['a-refused-archive-is-a-partial-run', '', 'passed'],
    ['backfill-sends-each-record', 'production', 'failed'],
  ]);
  assert.equal(report.tests[2]!.problems, ['requests to erp, #2: id: expected 43, got 42']);
  const pretty = await runWeft(['test', copy]);
  assert.match(pretty.stdout, /✘ backfill-sends-each-record \(flow backfill, in production\)  environments\/production\/backfill\.yaml:12\n/);
  const junit = await runWeft(['test', copy, '--format', 'junit']);
  assert.match(junit.stdout, /<testcase name="backfill-sends-each-record" classname="production\.backfill">/);
  assert.equal(await schemaErrors(junit.stdout), []);
  // One environment asked for: only its tests, the patched base test included.
  const staging = await runWeft(['test', copy, '--env', 'staging']);
  assert.is(staging.code, 0, staging.stdout);
  assert.not.match(staging.stdout, /backfill/);
  const production = await runWeft(['test', copy, '--env', 'production', '--filter', 'archive']);
  assert.is(production.code, 1);
  assert.match(production.stdout, /the run ended partial, not succeeded/);
});

/** Every tag closed in order, every attribute quoted, no bare '<' or '&' in text: '' when so, else the first problem. */
function wellFormed(xml: string): string {
  const body = xml.replace(/^<\?xml[^?]*\?>\n/, '');
  const open: string[] = [];
  let at = 0;
  for (const tag of body.matchAll(/<[^<>]*>/g)) {
    const text = body.slice(at, tag.index);
    if (/[<>]|&(?!(amp|lt|gt|quot|apos);)/.test(text)) return `bad text before ${tag[0]}`;
    at = tag.index! + tag[0].length;
    const closing = /^<\/([A-Za-z]+)>$/.exec(tag[0]);
    if (closing) {
      if (open.pop() !== closing[1]) return `unbalanced ${tag[0]}`;
      continue;
    }
    const element = /^<([A-Za-z]+)((?:\s+[A-Za-z]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>$/.exec(tag[0]);
    if (!element) return `malformed tag ${tag[0]}`;
    if (element[3] !== '/') open.push(element[1]!);
  }
  return open.length === 0 ? '' : `unclosed ${open.join(', ')}`;
}

test.run();
