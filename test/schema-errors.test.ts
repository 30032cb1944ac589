import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFile } from '../src/parse/parse-file.js';
import { validateDocuments } from '../src/schema/validate-documents.js';
import { describeGrowth, measureGrowth, bestOf } from './helpers/growth.js';

const test = suite('schema-errors');

/** Schema findings of one YAML document, as [pointer, message, hint?]. */
function findings(yaml: string) {
  const { findings: found } = validateDocuments(parseFile('a.yaml', yaml));
  return found.map((finding) => [finding.code, finding.keyword ?? '', finding.pointer, finding.message, finding.hint ?? '']);
}

const flow = (spec: string) => `apiVersion: weft/v1\nkind: Flow\nmetadata: { name: f }\nspec:\n${spec}`;
const connector = (spec: string) => `apiVersion: weft/v1\nkind: Connector\nmetadata: { name: c }\nspec:\n  version: 1.0.0\n${spec}`;

test('required: at the parent, naming the property', () => {
  assert.equal(findings('apiVersion: weft/v1\nkind: Instance\nmetadata: { name: i }\n'), [
    ['schema', 'required', '', "the document is missing required property 'spec'", ''],
  ]);
});

test('unknown property with a did-you-mean hint', () => {
  assert.equal(findings(connector('  http: { baseUrl: "https://x", retries: { maxAttempts: 2 } }\n')), [
    ['schema', 'additionalProperties', '/spec/http/retries', "unknown property 'retries' in 'spec.http'", "did you mean 'retry'?"],
  ]);
});

test('a discriminated union reports only the chosen branch, or the bad tag', () => {
  assert.equal(findings(connector('  http: { baseUrl: "https://x" }\n  auth:\n    a: { type: bearer }\n    b: { type: baerer }\n')), [
    ['schema', 'required', '/spec/auth/a', "'spec.auth.a' is missing required property 'token'", ''],
    ['schema', 'discriminator', '/spec/auth/b/type', "'spec.auth.b.type' must be one of 'none', 'basic', 'bearer', 'apiKey' or 'oauth2', found 'baerer'", "did you mean 'bearer'?"],
  ]);
});

test('a step needs exactly one action', () => {
  const result = findings(flow('  trigger: { manual: {} }\n  steps:\n    - id: none\n    - { id: both, map: x, filter: y }\n'));
  assert.equal(result, [
    ['schema', 'oneOf', '/spec/steps/0', "'spec.steps[0]' needs exactly one of 'receive', 'filter', 'map', 'send', 'publish', 'route', 'branch', 'try', 'dedupe', 'cache', 'split', 'batch', 'notify', 'run' or 'enrich'", ''],
    ['schema', 'oneOf', '/spec/steps/1', "'spec.steps[1]' must have exactly one of 'receive', 'filter', 'map', 'send', 'publish', 'route', 'branch', 'try', 'dedupe', 'cache', 'split', 'batch', 'notify', 'run' or 'enrich', found 'filter' and 'map'", ''],
  ]);
});

test('a trigger needs exactly one kind', () => {
  assert.equal(findings(flow('  trigger: {}\n  steps: [{ id: a, map: x }]\n'))[0]!.slice(2, 4), ['/spec/trigger', "'spec.trigger' needs exactly one of 'schedule', 'webhook', 'event' or 'manual'"]);
  assert.equal(findings(flow('  trigger: { manual: {}, schedule: { cron: "* * * * *" } }\n  steps: [{ id: a, map: x }]\n'))[0]!.slice(2, 4), [
    '/spec/trigger',
    "'spec.trigger' must have exactly one of 'schedule', 'webhook', 'event' or 'manual', found 'schedule' and 'manual'",
  ]);
});

test('an event connector may not have http settings', () => {
  assert.equal(findings(connector('  type: event\n  event: { broker: rabbitmq }\n  http: { baseUrl: "https://x" }\n')), [
    ['schema', 'false schema', '/spec/http', "'http' is not allowed on an event connector (type: event)", ''],
  ]);
});

test('types and names are explained', () => {
  assert.equal(findings(connector('  http: { baseUrl: "https://x", timeoutMs: "30" }\n'))[0]![3], "'spec.http.timeoutMs' must be an integer, found the string '30'");
  assert.equal(findings('apiVersion: weft/v1\nkind: Flow\nmetadata: { name: Orders_Sync }\nspec: { trigger: { manual: {} }, steps: [{ id: a, map: x }] }\n')[0]![3], "'Orders_Sync' is not a valid name: use lowercase letters, digits and '-', starting with a letter, at most 63 characters");
});

test('values under credentials are never echoed', () => {
  const result = findings('apiVersion: weft/v1\nkind: Instance\nmetadata: { name: i }\nspec: { connector: c, credentials: { token: 123456789 } }\n');
  assert.equal(result.length, 1);
  assert.not.match(String(result[0]![3]), /123456789/);
});

test('not-a-resource: wrong apiVersion, unknown kind with a hint, a list', () => {
  assert.equal(findings('apiVersion: weft/v2\nkind: Flow\n')[0]!.slice(0, 4), ['not-a-resource', '', '/apiVersion', "apiVersion 'weft/v2' is not supported; expected 'weft/v1'"]);
  assert.equal(findings('apiVersion: weft/v1\nkind: Flwo\n')[0]![4], "did you mean 'Flow'?");
  assert.equal(findings('- a\n- b\n')[0]![0], 'not-a-resource');
});

/** Schema findings of one document given as data: hostile sizes without the cost of parsing YAML. */
function findingsOf(value: Record<string, unknown>) {
  return validateDocuments({ file: 'a.yaml', text: '', documents: [{ index: 0, value, start: 0 }], findings: [] }).findings;
}

const stepsWithoutAction = (count: number) => ({
  apiVersion: 'weft/v1',
  kind: 'Flow',
  metadata: { name: 'f' },
  spec: { trigger: { manual: {} }, steps: Array.from({ length: count }, (_, index) => ({ id: `s${index}` })) },
});

test('every step of many gets its own "needs exactly one" (step 10 is not a branch of step 1)', () => {
  const found = findingsOf(stepsWithoutAction(12));
  assert.equal(found.map((finding) => finding.pointer), Array.from({ length: 12 }, (_, index) => `/spec/steps/${index}`));
  for (const finding of found) assert.match(finding.message, /needs exactly one of 'receive', 'filter', 'map', 'send', 'publish', 'route', 'branch', 'try', 'dedupe', 'cache', 'split', 'batch', 'notify', 'run' or 'enrich'$/);
});

test('200,000 unknown keys: the first 1000 listed, one finding for the rest, no crash', () => {
  const spec: Record<string, unknown> = { version: '1.0.0', http: { baseUrl: 'https://x' } };
  for (let index = 0; index < 200_000; index++) spec[`k${index}`] = 1;
  const started = performance.now();
  const found = findingsOf({ apiVersion: 'weft/v1', kind: 'Connector', metadata: { name: 'c' }, spec });
  const elapsed = performance.now() - started;
  assert.is(found.length, 1001);
  assert.equal([found[0]!.pointer, found[0]!.message], ['/spec/k0', "unknown property 'k0' in 'spec'"]);
  assert.equal([found[1000]!.pointer, found[1000]!.message, found[1000]!.code], ['/spec/k1000', '199000 more problems in this document are not listed; the next is here', 'schema']);
  assert.ok(elapsed < 5000, `took ${elapsed.toFixed(0)} ms`);
});

test('schema findings of many failing steps take linear time', () => {
  // Each failed oneOf used to be collapsed by a scan of every error, recursively: quadratic time
  // and a stack as deep as the steps are many.
  const growth = measureGrowth(stepsWithoutAction, findingsOf, 2500, 4);
  assert.ok(growth.ratio < 8 && growth.large < 5000, describeGrowth('failing steps', growth, 4));
});

test('20,000 previous names are checked for repeats in about the time of writing them out', () => {
  // Their items were a bare $ref, so ajv compared every pair instead of using a set.
  const previousNames = Array.from({ length: 20_000 }, (_, index) => `old-${index}`);
  const value = { apiVersion: 'weft/v1', kind: 'Connector', metadata: { name: 'c', previousNames }, spec: { version: '1.0.0', http: { baseUrl: 'https://x' }, endpoints: {} } };
  const best = (task: () => unknown) => bestOf(3, task);
  const writing = best(() => JSON.stringify(value));
  const checking = best(() => assert.equal(findingsOf(value), []));
  assert.ok(checking < Math.max(50 * writing, 200) && checking < 2000, `checking 20,000 names took ${checking.toFixed(0)} ms, writing them ${writing.toFixed(1)} ms`);
});

test.run();
