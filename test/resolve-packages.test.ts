import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Finding } from '../src/diagnostics/diagnostic.js';
import { noPackages, type ProjectPackages } from '../src/packages/load-packages.js';
import { resolvePackages } from '../src/packages/resolve-packages.js';
import { loadText } from '../src/pipeline/load-file.js';
import type { AnyResource } from '../src/schema/resource.js';

/** Which package connectors and lookups a project uses, and what is ambiguous. */
const test = suite('resolve-packages');

const connector = (name: string, version: string) => `apiVersion: weft/v1\nkind: Connector\nmetadata: { name: ${name} }\nspec:\n  version: ${version}\n  http: { baseUrl: "https://example.com" }\n  endpoints: { list: { path: /x } }\n`;
const instance = (name: string, reference: string) => `apiVersion: weft/v1\nkind: Instance\nmetadata: { name: ${name} }\nspec:\n  connector: "${reference}"\n`;
const lookup = (name: string) => `apiVersion: weft/v1\nkind: Lookup\nmetadata: { name: ${name} }\nspec:\n  entries: [{ left: a, right: b }]\n`;
const flowReading = (table: string) => `apiVersion: weft/v1\nkind: Flow\nmetadata: { name: f }\nspec:\n  trigger: { manual: {} }\n  steps:\n    - id: m\n      map: '$lookup("${table}", x)'\n`;

/** The resources of one file of the project. */
function own(file: string, text: string): AnyResource[] {
  const loaded = loadText(file, text);
  assert.equal(loaded.findings, [], `${file}: ${JSON.stringify(loaded.findings)}`);
  return loaded.resources;
}

/** Packages, each a name, a version and its files (name → text). */
function packages(...list: { name: string; version: string; files: Record<string, string> }[]): ProjectPackages {
  const resources: AnyResource[] = [];
  const findings: Finding[] = [];
  for (const entry of list) {
    for (const [name, text] of Object.entries(entry.files)) {
      const loaded = loadText(`node_modules/${entry.name}/${name}`, text);
      for (const resource of loaded.resources) resources.push({ ...resource, package: { name: entry.name, version: entry.version, directory: `node_modules/${entry.name}` } } as AnyResource);
      findings.push(...loaded.findings);
    }
  }
  return { ...noPackages, resources, findings };
}

const names = (resources: readonly AnyResource[]) => resources.map((resource) => `${resource.kind}:${resource.name}:${resource.file}`);
const reported = (findings: readonly Finding[]) => findings.map((finding) => `${finding.code} ${finding.file} ${finding.pointer ?? ''}`);

test('without packages the resources are passed on as they are', () => {
  const resources = own('i.yaml', instance('a', 'shop'));
  const resolved = resolvePackages(resources, noPackages);
  assert.is(resolved.resources, resources);
  assert.equal(resolved.findings, []);
});

test('a connector only a package defines is used; the package connectors no instance names are not', () => {
  const resources = own('i.yaml', instance('a', 'shop@^1'));
  const installed = packages({ name: 'weft-connector-shop', version: '1.0.0', files: { 'connectors/shop.yaml': connector('shop', '1.2.0'), 'connectors/admin.yaml': connector('shop-admin', '1.0.0') } });
  const resolved = resolvePackages(resources, installed);
  assert.equal(names(resolved.resources), ['Instance:a:i.yaml', 'Connector:shop:node_modules/weft-connector-shop/connectors/shop.yaml']);
  assert.equal(resolved.findings, []);
  assert.is(resolved.connectorOf.get('a')?.file, 'node_modules/weft-connector-shop/connectors/shop.yaml');
});

test("one package definition is the connector even when the range misses it (the instance-connector rule says so, as for a project's)", () => {
  const resolved = resolvePackages(own('i.yaml', instance('a', 'shop@^2')), packages({ name: 'p', version: '1.0.0', files: { 'c.yaml': connector('shop', '1.2.0') } }));
  assert.equal(names(resolved.resources).slice(1), ['Connector:shop:node_modules/p/c.yaml']);
  assert.equal(resolved.findings, []);
});

test("the project's own connector wins and shadows a package's, with a warning at its name", () => {
  const resources = [...own('c.yaml', connector('shop', '0.9.0')), ...own('i.yaml', instance('a', 'shop'))];
  const resolved = resolvePackages(resources, packages({ name: 'weft-connector-shop', version: '1.0.0', files: { 'connectors/shop.yaml': connector('shop', '1.2.0') } }));
  assert.equal(names(resolved.resources), ['Connector:shop:c.yaml', 'Instance:a:i.yaml']);
  assert.equal(reported(resolved.findings), ['shadows-package c.yaml /metadata/name']);
  assert.match(resolved.findings[0]!.message, /also supplied by node_modules\/weft-connector-shop\/connectors\/shop\.yaml \(weft-connector-shop@1\.0\.0\); the project's own is used/);
  assert.is(resolved.findings[0]!.severity, 'warning');
});

test('two packages: the range picks the one it satisfies; when both satisfy it, ambiguous-connector names both files', () => {
  const installed = packages(
    { name: 'weft-connector-shop', version: '1.0.0', files: { 'connectors/shop.yaml': connector('shop', '1.4.0') } },
    { name: 'weft-connector-shop-two', version: '2.0.0', files: { 'connectors/shop.yaml': connector('shop', '2.1.0') } },
  );
  const picked = resolvePackages(own('i.yaml', instance('a', 'shop@^2')), installed);
  assert.equal(names(picked.resources).slice(1), ['Connector:shop:node_modules/weft-connector-shop-two/connectors/shop.yaml']);
  assert.equal(picked.findings, []);

  const ambiguous = resolvePackages(own('i.yaml', instance('a', 'shop')), installed);
  assert.equal(names(ambiguous.resources), ['Instance:a:i.yaml']);
  assert.equal(reported(ambiguous.findings), ['ambiguous-connector i.yaml /spec/connector']);
  assert.match(ambiguous.findings[0]!.message, /node_modules\/weft-connector-shop\/connectors\/shop\.yaml \(weft-connector-shop@1\.0\.0\) and node_modules\/weft-connector-shop-two\/connectors\/shop\.yaml \(weft-connector-shop-two@2\.0\.0\)/);
  assert.match(ambiguous.findings[0]!.hint!, /shop@1\.4\.0 or shop@2\.1\.0/);
  assert.ok(ambiguous.settled.has('shop'), 'the instance-connector rule must not add unknown-connector');

  const none = resolvePackages(own('i.yaml', instance('a', 'shop@^3')), installed);
  assert.equal(reported(none.findings), ['connector-version i.yaml /spec/connector']);
  assert.match(none.findings[0]!.message, /no installed version of connector 'shop' satisfies '\^3': 1\.4\.0 in .*, 2\.1\.0 in /);

  const invalid = resolvePackages(own('i.yaml', instance('a', 'shop@one')), installed);
  assert.equal(reported(invalid.findings), ['connector-version i.yaml /spec/connector']);
});

test("instances that settle on different packages' connectors of one name are each ambiguous: a project has one connector of a name", () => {
  const installed = packages(
    { name: 'a', version: '1.0.0', files: { 'c.yaml': connector('shop', '1.0.0') } },
    { name: 'b', version: '1.0.0', files: { 'c.yaml': connector('shop', '2.0.0') } },
  );
  const resources = [...own('one.yaml', instance('one', 'shop@^1')), ...own('two.yaml', instance('two', 'shop@^2'))];
  const resolved = resolvePackages(resources, installed);
  assert.equal(reported(resolved.findings), ['ambiguous-connector one.yaml /spec/connector', 'ambiguous-connector two.yaml /spec/connector']);
  assert.match(resolved.findings[0]!.message, /instance 'one' node_modules\/a\/c\.yaml \(a@1\.0\.0\), instance 'two' node_modules\/b\/c\.yaml \(b@1\.0\.0\)/);
  assert.equal(names(resolved.resources).length, 2);
});

test("lookups: a package's is used when a flow reads it; two packages' are ambiguous-lookup at the $lookup call; the project's shadows", () => {
  const one = { name: 'geo', version: '1.0.0', files: { 'lookups/countries.yaml': lookup('countries'), 'lookups/unused.yaml': lookup('unused') } };
  const two = { name: 'geo-two', version: '1.0.0', files: { 'lookups/countries.yaml': lookup('countries') } };
  const flow = own('f.yaml', flowReading('countries'));
  assert.equal(names(resolvePackages(flow, packages(one)).resources), ['Flow:f:f.yaml', 'Lookup:countries:node_modules/geo/lookups/countries.yaml']);
  const ambiguous = resolvePackages(flow, packages(one, two));
  assert.equal(reported(ambiguous.findings), ['ambiguous-lookup f.yaml /spec/steps/0/map']);
  assert.equal(ambiguous.findings[0]!.within, [8, 19]);
  const shadowed = resolvePackages([...flow, ...own('l.yaml', lookup('countries'))], packages(one));
  assert.equal(names(shadowed.resources), ['Flow:f:f.yaml', 'Lookup:countries:l.yaml']);
  assert.equal(reported(shadowed.findings), ['shadows-package l.yaml /metadata/name']);
});

test("findings in package files count when their resource is used or their document could not be read; an unused one's do not", () => {
  const installed = packages({
    name: 'p',
    version: '1.0.0',
    files: {
      'used.yaml': connector('shop', '1.0.0').replace('version: 1.0.0', 'version: 1.0.0\n  colour: red'),
      'unused.yaml': connector('other', '1.0.0').replace('version: 1.0.0', 'version: 1.0.0\n  colour: red'),
      'broken.yaml': 'kind: [\n',
    },
  });
  assert.equal(installed.findings.length >= 3, true);
  const resolved = resolvePackages(own('i.yaml', instance('a', 'shop')), installed);
  assert.equal([...new Set(reported(resolved.findings).map((line) => line.split(' ').slice(0, 2).join(' ')))], ['schema node_modules/p/used.yaml', 'yaml-syntax node_modules/p/broken.yaml']);
});

test.run();
