import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { cp, mkdir, readdir, rename, rm, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileProject } from '../src/pipeline/compile-project.js';
import { bundleProblem, serializeBundle, type Bundle } from '../src/compile/compile-bundle.js';
import { canonicalJson, sha256 } from '../src/compile/canonical-json.js';
import { applyDefaults } from '../src/compile/apply-defaults.js';
import { validateProject } from '../src/pipeline/validate-project.js';
import { generateProject } from '../bench/generate.mjs';
import { removeProject, writeProject, projectFile } from './helpers/temp-project.js';
import { singleAcme } from './helpers/single-acme.js';

const test = suite('compile');
const acme = singleAcme();

async function compile(directory: string): Promise<Bundle> {
  const result = await compileProject(directory);
  assert.equal(result.diagnostics, []);
  return result.bundle!;
}

test('the bundle is sorted by kind then name, with hashes', async () => {
  const bundle = await compile(acme);
  const order = { Connector: 0, Instance: 1, Lookup: 2, Flow: 3 };
  const keys = bundle.resources.map((resource) => [order[resource.kind], resource.name] as const);
  const sorted = [...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  assert.equal(keys, sorted);
  assert.is(bundle.resources.length, 18);
  for (const resource of bundle.resources) assert.match(resource.sha256, /^[0-9a-f]{64}$/);
  const { sha256: overall, ...body } = bundle;
  assert.is(overall, sha256(canonicalJson(body)));
  // Every resource's hash is that of its canonical text (an instance's with its connector's hash).
  assert.is(bundleProblem(bundle), undefined);
});

test('defaults are applied, ranges resolved, default auth filled in, placeholders untouched', async () => {
  const bundle = await compile(acme);
  const byName = new Map(bundle.resources.map((resource) => [resource.name, resource]));
  const shopify = byName.get('shopify')!.spec as any;
  assert.is(shopify.type, 'http');
  assert.is(shopify.http.timeoutMs !== undefined, true);
  assert.equal(shopify.http.retry.on.length > 0, true);
  assert.is(shopify.endpoints.listOrders.method, 'GET');
  const instance = byName.get('shopify-uk')!.spec as any;
  assert.is(instance.connector, 'shopify');
  assert.is(instance.connectorVersion, '1.4.0');
  assert.is(instance.auth, 'token');
  assert.is(instance.credentials.accessToken, '${secret:shopify/uk/access-token}');
  const flow = byName.get('orders-to-netsuite')!.spec as any;
  assert.is(flow.enabled, true);
  assert.is(flow.concurrency, 1);
});

test('byte-identical whatever the file layout and order', async () => {
  const first = serializeBundle(await compile(acme));
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'weft-compile-'));
  try {
    await cp(acme, workspace, { recursive: true });
    // Move every resource file into one folder under new names, in reverse order.
    await mkdir(path.join(workspace, 'all'));
    for (const folder of ['connectors', 'instances', 'flows']) {
      const files = (await readdir(path.join(workspace, folder))).reverse();
      for (const [index, file] of files.entries()) await rename(path.join(workspace, folder, file), path.join(workspace, 'all', `${index}-${folder}-${file}`));
      await rm(path.join(workspace, folder), { recursive: true });
    }
    assert.is(serializeBundle(await compile(workspace)), first);
    assert.is(serializeBundle(await compile(acme)), first);
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
});

const connector = (version: string, timeout = 30000) => `apiVersion: weft/v1
kind: Connector
metadata: { name: api }
spec:
  version: ${version}
  http: { baseUrl: "https://example.com", timeoutMs: ${timeout} }
  endpoints:
    list: { path: /items }
`;
const rest = `apiVersion: weft/v1
kind: Instance
metadata: { name: api-prod }
spec: { connector: api@^1 }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: pull }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: api-prod, endpoint: list }
`;

test("an instance's hash covers its connector's; a flow's does not", async () => {
  const hashes = async (connectorText: string) => {
    const root = await writeProject({ 'weft.yaml': projectFile, 'connector.yaml': connectorText, 'rest.yaml': rest });
    try {
      return new Map((await compile(root)).resources.map((resource) => [resource.name, resource.sha256]));
    } finally {
      await removeProject(root);
    }
  };
  const before = await hashes(connector('1.0.0'));
  const after = await hashes(connector('1.1.0', 5000));
  assert.is.not(after.get('api'), before.get('api'));
  assert.is.not(after.get('api-prod'), before.get('api-prod'));
  assert.is(after.get('pull'), before.get('pull'));
});

test("an instance's settings get the defaults of its connector's settings schema", async () => {
  const withDefaults = connector('1.0.0').replace('  endpoints:', '  settings: { type: object, properties: { region: { type: string, default: eu }, pageSize: { type: integer, default: 50 } } }\n  endpoints:');
  const root = await writeProject({ 'weft.yaml': projectFile, 'connector.yaml': withDefaults, 'rest.yaml': rest.replace('spec: { connector: api@^1 }', 'spec: { connector: api@^1, settings: { pageSize: 10 } }') });
  try {
    const instance = (await compile(root)).resources.find((resource) => resource.name === 'api-prod')!;
    assert.equal(instance.spec.settings, { region: 'eu', pageSize: 10 });
  } finally {
    await removeProject(root);
  }
});

test("the project's egress policy goes with every instance: a change to it changes their hashes, and only theirs", async () => {
  const compileWith = async (project: string) => {
    const root = await writeProject({ 'weft.yaml': project, 'connector.yaml': connector('1.0.0'), 'rest.yaml': rest });
    try {
      return await compile(root);
    } finally {
      await removeProject(root);
    }
  };
  const plain = await compileWith(projectFile);
  const restricted = await compileWith(`${projectFile.trimEnd()}\nspec:\n  egress: { allow: [api.example.com, 10.0.0.0/8], deny: [10.9.0.0/16] }\n`);
  const instance = (bundle: Bundle) => bundle.resources.find((resource) => resource.kind === 'Instance')!;
  assert.not.ok('egress' in instance(plain).spec, 'no policy, no field: bundles of projects without one keep their hashes');
  assert.equal(instance(restricted).spec.egress, { allow: ['api.example.com', '10.0.0.0/8'], deny: ['10.9.0.0/16'] });
  assert.is.not(instance(restricted).sha256, instance(plain).sha256);
  for (const kind of ['Connector', 'Flow']) {
    assert.is(restricted.resources.find((resource) => resource.kind === kind)!.sha256, plain.resources.find((resource) => resource.kind === kind)!.sha256, kind);
  }
});

test('defaults: the documents filled as before, the input never changed, what nothing was added under shared', async () => {
  const generated = await mkdtemp(path.join(os.tmpdir(), 'weft-defaults-'));
  try {
    await generateProject(generated, 600);
    // The canonical texts of every filled document, hashed together: as the deep-copying fill of
    // the sessions before wrote them (a change to what a default fills in must change these).
    const expected = { acme: 'a2ba4eae674c5b7cb22eb9c7f6647131e45a4a04d931d8c95bf81debcec08ac0', generated: '0d419de24a1435ba234314730cb2a32558dd4e31bff8757650cad6bfb1080db9' };
    for (const [label, directory] of [['acme', acme], ['generated', generated]] as const) {
      const { project } = await validateProject(directory);
      const texts: string[] = [];
      let shared = 0;
      for (const resource of project.resources) {
        const before = canonicalJson(resource.value);
        const filled = applyDefaults(resource.value, resource.kind) as Record<string, Record<string, unknown>>;
        texts.push(canonicalJson(filled));
        assert.is(canonicalJson(resource.value), before, `${resource.name} changed`);
        // The document and its fields are new objects (a caller may set an instance spec's fields)...
        assert.is.not(filled, resource.value);
        const value = resource.value as unknown as Record<string, unknown>;
        for (const key of Object.keys(filled)) if (typeof filled[key] === 'object' && filled[key] !== null) assert.is.not(filled[key], value[key], `${resource.name}: ${key}`);
        // ...and filling again adds nothing.
        assert.is(canonicalJson(applyDefaults(filled, resource.kind)), texts.at(-1));
        // Below them, what nothing was added to is the input's own.
        const spec = value.spec as Record<string, unknown> | undefined;
        if (spec) for (const key of Object.keys(spec)) if (typeof spec[key] === 'object' && spec[key] !== null && filled.spec![key] === spec[key]) shared++;
      }
      assert.is(sha256(...texts), expected[label], label);
      assert.ok(shared > 0, `${label}: nothing shared`);
    }
  } finally {
    await rm(generated, { recursive: true, force: true });
  }
});

test('refuses to compile a project with errors', async () => {
  const root = await writeProject({ 'weft.yaml': projectFile, 'connector.yaml': connector('1.0.0'), 'rest.yaml': rest.replace('api@^1', 'api@^2') });
  try {
    const result = await compileProject(root);
    assert.is(result.bundle, undefined);
    assert.equal(result.diagnostics.map((diagnostic) => diagnostic.code), ['connector-version']);
  } finally {
    await removeProject(root);
  }
});

test('canonical JSON sorts keys and keeps __proto__ as data', () => {
  const value = JSON.parse('{"b":1,"a":{"d":[3,{"z":1,"y":2}],"c":null},"__proto__":{"x":1}}');
  assert.is(canonicalJson(value), '{"__proto__":{"x":1},"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
});

test('canonical JSON in one pass writes what JSON.stringify of a key-sorted copy writes', () => {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value === null || typeof value !== 'object') return value;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) Object.defineProperty(copy, key, { value: sorted(child), enumerable: true, writable: true, configurable: true });
    }
    return copy;
  };
  const anything = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string({ unit: 'binary' }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('value'), { maxKeys: 5 }),
    ),
  })).value;
  fc.assert(
    fc.property(anything, (value) => {
      assert.is(canonicalJson(value), JSON.stringify(sorted(value)) ?? 'null');
      assert.is(canonicalJson(value, 2), JSON.stringify(sorted(value), null, 2));
    }),
    { numRuns: 2000 },
  );
  assert.is(canonicalJson(JSON.parse('{"__proto__":[1,{"b":-0,"a":"\\u2028"}]}')), '{"__proto__":[1,{"a":"\u2028","b":0}]}');
});

test.run();
