import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { validateProject } from '../src/pipeline/validate-project.js';
import { formatReport } from '../src/report/format-report.js';
import { isSuppressible } from '../src/diagnostics/suppressions.js';
import { removeProject, writeProject } from './helpers/temp-project.js';
import { validateSarif } from './helpers/sarif.js';


const test = suite('suppressions');

const base = {
  'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: p }\n',
  'connector.yaml': `apiVersion: weft/v1
kind: Connector
metadata:
  name: shop
spec:
  version: 1.0.0
  http:
    baseUrl: https://shop.example.com/api
  endpoints:
    listOrders:
      path: /orders
`,
  'flow.yaml': `apiVersion: weft/v1
kind: Flow
metadata:
  name: sync-orders
spec:
  trigger:
    manual: {}
  steps:
    - id: fetch
      receive: { instance: shop-uk, endpoint: listOrders }
`,
  'instance.yaml': 'apiVersion: weft/v1\nkind: Instance\nmetadata:\n  name: shop-uk\nspec:\n  connector: shop\n',
};

/** A project with one unused instance, its metadata written by the test. */
async function validate(spare: string) {
  const root = await writeProject({ ...base, 'spare.yaml': `apiVersion: weft/v1\nkind: Instance\n${spare}spec:\n  connector: shop\n` });
  try {
    return await validateProject(root);
  } finally {
    await removeProject(root);
  }
}

const context = { projectPath: '', color: false, sources: new Map<string, string>(), toolVersion: '0.0.0' };

test('a comment above the line, or at its end, suppresses that diagnostic there, with its reason', async () => {
  const above = await validate('metadata:\n  # weft-ignore unused-instance: kept warm for the Q3 migration\n  name: spare\n');
  assert.equal(above.diagnostics, []);
  assert.equal(
    above.suppressed.map((diagnostic) => [diagnostic.code, diagnostic.line, diagnostic.suppression]),
    [['unused-instance', 5, { reason: 'kept warm for the Q3 migration', line: 4 }]],
  );
  const trailing = await validate('metadata:\n  name: spare # weft-ignore unused-instance: standby\n');
  assert.equal(trailing.diagnostics, []);
  assert.is(trailing.suppressed[0]?.suppression.reason, 'standby');
  // Stacked above one line: both apply to the line below the last.
  const stacked = await validate('metadata:\n  # weft-ignore unused-instance: standby\n  # weft-ignore unused-connector: not here\n  name: spare\n');
  assert.equal(stacked.suppressed.map((diagnostic) => diagnostic.code), ['unused-instance']);
  assert.equal(stacked.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.line]), [['unused-suppression', 5]]);
});

test('a file that does not parse makes no suppression elsewhere unused: the checks across files did not run', async () => {
  const root = await writeProject({
    ...base,
    'spare.yaml': 'apiVersion: weft/v1\nkind: Instance\nmetadata:\n  # weft-ignore unused-instance: kept for the spring migration\n  name: spare\nspec:\n  connector: shop\n',
    'broken.yaml': 'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: broken\nspec: {}\n',
  });
  try {
    const result = await validateProject(root);
    assert.equal(result.diagnostics.map((diagnostic) => diagnostic.code), ['yaml-syntax']);
    // Fixed, the suppression is used again.
    const { writeFile } = await import('node:fs/promises');
    const path = await import('node:path');
    await writeFile(path.join(root, 'broken.yaml'), 'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: broken }\nspec:\n  trigger: { manual: {} }\n  steps: [{ id: a, map: x }]\n');
    const fixed = await validateProject(root);
    assert.equal(fixed.diagnostics, []);
    assert.equal(fixed.suppressed.map((diagnostic) => diagnostic.code), ['unused-instance']);
  } finally {
    await removeProject(root);
  }
});

test('only the line below or the line itself: a comment two lines up suppresses nothing', async () => {
  const result = await validate('# weft-ignore unused-instance: too far away\nmetadata:\n  name: spare\n');
  assert.equal(result.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.line]), [['unused-suppression', 3], ['unused-instance', 5]]);
  assert.equal(result.suppressed, []);
});

test("'# weft-ignore' inside a quoted string is not a comment", async () => {
  const result = await validate('metadata:\n  name: spare\n  description: "see # weft-ignore unused-instance: not a comment"\n');
  assert.equal(result.diagnostics.map((diagnostic) => diagnostic.code), ['unused-instance']);
  const single = await validate("metadata:\n  name: spare # weft-ignore unused-instance: it's fine, 'quoted' words\n");
  assert.equal(single.diagnostics, []);
});

test('a commented-out token: an ignore after it, or on the line above it, suppresses it there', async () => {
  const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
  const after = await validate(`metadata:\n  name: spare # weft-ignore unused-instance: standby\n# old key: ${token} # weft-ignore plaintext-secret: revoked in March\n`);
  assert.equal(after.diagnostics, []);
  assert.equal(after.suppressed.map((diagnostic) => [diagnostic.code, diagnostic.line, diagnostic.suppression.reason]).sort(), [
    ['plaintext-secret', 5, 'revoked in March'],
    ['unused-instance', 4, 'standby'],
  ]);
  const above = await validate(`metadata:\n  name: spare # weft-ignore unused-instance: standby\n# weft-ignore plaintext-secret: revoked\n\n# old key: ${token}\n`);
  assert.equal(above.diagnostics, []);
  assert.equal(above.suppressed.map((diagnostic) => [diagnostic.code, diagnostic.line]).sort(), [['plaintext-secret', 7], ['unused-instance', 4]]);
});

test('text inside a block scalar is content, not a comment', async () => {
  const result = await validate('metadata:\n  name: spare\n  description: |\n    Not a comment:\n    # weft-ignore unused-instance: this is prose\n');
  assert.equal(result.diagnostics.map((diagnostic) => diagnostic.code), ['unused-instance']);
  assert.equal(result.suppressed, []);
});

test('errors cannot be suppressed, except plaintext-secret; a suppressed secret is still masked in frames', async () => {
  assert.ok(isSuppressible('unused-instance'));
  assert.ok(isSuppressible('plaintext-secret'));
  assert.not.ok(isSuppressible('schema'));
  assert.not.ok(isSuppressible('unused-suppression'));
  const root = await writeProject({
    ...base,
    'instance.yaml':
      'apiVersion: weft/v1\nkind: Instance\nmetadata:\n  name: shop-uk\nspec:\n  connector: shop\n  settings: { password: Zq8Lw3Rt7Yp2Kx9Mv4 } # weft-ignore plaintext-secret: a test fixture\n',
  });
  try {
    const result = await validateProject(root);
    assert.equal(result.suppressed.map((diagnostic) => diagnostic.code), ['plaintext-secret']);
    assert.is(result.errorCount, result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length);
    assert.not.ok(result.diagnostics.some((diagnostic) => diagnostic.code === 'plaintext-secret'));
    // Another diagnostic on that line shows the frame: the value stays masked.
    const pretty = formatReport('pretty', result.diagnostics, { ...context, sources: result.project.sources, suppressed: result.suppressed, showSuppressed: true });
    assert.not.match(pretty, /Zq8Lw3Rt7Yp2Kx9Mv4/);
    assert.match(pretty, /suppressed\[plaintext-secret\]/);
    assert.match(pretty, /reason: a test fixture \(weft-ignore on line 7\)/);
  } finally {
    await removeProject(root);
  }
});

test('reports count the suppressed; --show-suppressed lists them; SARIF carries them as suppressed in source', async () => {
  const result = await validate('metadata:\n  # weft-ignore unused-instance: kept warm\n  name: spare\n');
  const reportContext = { ...context, sources: result.project.sources, suppressed: result.suppressed };
  assert.match(formatReport('pretty', result.diagnostics, reportContext), /✔ no problems, 1 suppressed \(--show-suppressed lists them\)/);
  const json = JSON.parse(formatReport('json', result.diagnostics, reportContext));
  assert.is(json.suppressedCount, 1);
  assert.is(json.suppressed, undefined);
  const listed = JSON.parse(formatReport('json', result.diagnostics, { ...reportContext, showSuppressed: true }));
  assert.is(listed.suppressed[0].suppression.reason, 'kept warm');
  const sarif = JSON.parse(formatReport('sarif', result.diagnostics, reportContext));
  assert.equal(sarif.runs[0].results.map((entry: { ruleId: string; suppressions?: unknown }) => [entry.ruleId, entry.suppressions]), [
    ['unused-instance', [{ kind: 'inSource', justification: 'kept warm' }]],
  ]);
  await validateSarif(sarif);
  // GitHub annotations leave suppressed diagnostics out.
  assert.is(formatReport('github', result.diagnostics, reportContext), '');
});

test.run();
