import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { validateProject } from '../src/pipeline/validate-project.js';
import { projectFile, removeProject, writeProject } from './helpers/temp-project.js';

/** One typo, one diagnostic: each case changes the base project once and expects one finding. */
const test = suite('cascades');

const base = {
  'weft.yaml': projectFile,
  'fixtures/sample.yaml': 'order: { id: 1 }\n',
  'connector.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: shop }
spec:
  version: 1.0.0
  http: { baseUrl: "https://{{settings.shop}}.example.com" }
  settings: { type: object, properties: { shop: { type: string } }, required: [shop] }
  credentials: { token: {} }
  auth: { bearer: { type: bearer, token: "{{credentials.token}}" } }
  endpoints:
    list: { path: /orders }
`,
  'instances.yaml': `apiVersion: weft/v1
kind: Instance
metadata: { name: shop-uk }
spec: { connector: shop, auth: bearer, settings: { shop: uk }, credentials: { token: "\${secret:uk}" } }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: shop-us }
spec: { connector: shop, auth: bearer, settings: { shop: us }, credentials: { token: "\${secret:us}" } }
`,
  'flow.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: sync }
spec:
  trigger: { manual: {} }
  steps:
    - id: uk
      receive: { instance: shop-uk, endpoint: list }
    - id: us
      send: { instance: shop-us, endpoint: list }
`,
};

async function codes(changes: Record<string, [string, string]>): Promise<string[]> {
  const files: Record<string, string> = { ...base };
  if (!changes['weft.yaml']) files['weft.yaml'] = projectFile.replace('metadata: { name: test }', 'metadata: { name: test }\nspec: { exclude: ["fixtures/**"] }');
  for (const [file, [from, to]] of Object.entries(changes)) {
    assert.ok(files[file]!.includes(from), `${file} has no '${from}'`);
    files[file] = files[file]!.replace(from, to);
  }
  const root = await writeProject(files);
  try {
    return (await validateProject(root)).diagnostics.map((diagnostic) => `${diagnostic.file}:${diagnostic.code}`);
  } finally {
    await removeProject(root);
  }
}

test('the base project is clean (its fixture excluded)', async () => {
  assert.equal(await codes({ 'weft.yaml': ['metadata: { name: test }', 'metadata: { name: test }\nspec: { exclude: ["fixtures/**"] }'] }), []);
});

const cases: [string, Record<string, [string, string]>, string[]][] = [
  ['a kind typo', { 'instances.yaml': ['kind: Instance\nmetadata: { name: shop-us }', 'kind: Instnace\nmetadata: { name: shop-us }'] }, ['instances.yaml:not-a-resource']],
  ['a connector kind typo', { 'connector.yaml': ['kind: Connector', 'kind: Conector'] }, ['connector.yaml:not-a-resource']],
  ['a metadata key typo', { 'connector.yaml': ['metadata: { name: shop }', 'metadata: { nme: shop }'] }, ['connector.yaml:schema']],
  ['a YAML syntax error', { 'instances.yaml': ['settings: { shop: us }', 'settings: { shop: us'] }, ['instances.yaml:yaml-syntax']],
  ['a misspelt resource name referenced twice', { 'connector.yaml': ['metadata: { name: shop }', 'metadata: { name: shopp }'] }, ['instances.yaml:unknown-connector']],
  ['a misspelt endpoint declaration', { 'connector.yaml': ['    list: {', '    lsit: {'] }, ['flow.yaml:unknown-endpoint']],
  ['a misspelt auth method declaration', { 'connector.yaml': ['auth: { bearer:', 'auth: { baerer:'] }, ['instances.yaml:unknown-auth-method']],
  ['a misspelt step key', { 'flow.yaml': ['      send: { instance: shop-us', '      sedn: { instance: shop-us'] }, ['flow.yaml:schema']],
  ['a misspelt instance key', { 'instances.yaml': ['spec: { connector: shop, auth: bearer, settings: { shop: us }', 'spec: { conector: shop, auth: bearer, settings: { shop: us }'] }, ['instances.yaml:schema']],
  ['a misspelt credential declaration', { 'connector.yaml': ['credentials: { token: {} }', 'credentials: { tokne: {} }'] }, ['connector.yaml:unknown-template-ref']],
  ['a misspelt setting', { 'instances.yaml': ['settings: { shop: us }', 'settings: { shpo: us }'] }, ['instances.yaml:invalid-settings']],
  ['a misspelt keyword in the settings schema', { 'connector.yaml': ['settings: { type: object, properties:', 'settings: { type: object, propertes:'] }, ['connector.yaml:schema']],
  ['a misspelt connector type', { 'connector.yaml': ['  version: 1.0.0\n', '  version: 1.0.0\n  type: htp\n'] }, ['connector.yaml:schema']],
  ['a misspelt kind in weft.yaml keeps its exclude globs', { 'weft.yaml': ['kind: Project', 'kind: Projet\nspec: { exclude: ["fixtures/**"] }'] }, ['weft.yaml:not-a-resource']],
  ['an auth method without its type', { 'connector.yaml': ['{ type: bearer, token:', '{ token:'] }, ['connector.yaml:schema']],
];

for (const [name, changes, expected] of cases) {
  test(name, async () => {
    assert.equal(await codes(changes), expected);
  });
}

test('repeated references to one missing thing are one diagnostic that counts them', async () => {
  const root = await writeProject({ ...base, 'fixtures/sample.yaml': '', 'connector.yaml': base['connector.yaml'].replace('    list: {', '    lsit: {') });
  try {
    const [diagnostic, ...rest] = (await validateProject(root)).diagnostics;
    assert.equal(rest, []);
    assert.match(diagnostic!.message, /\(and 1 more place\)$/);
    assert.is(diagnostic!.line, 8);
  } finally {
    await removeProject(root);
  }
});

test.run();
