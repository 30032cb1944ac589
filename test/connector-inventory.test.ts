import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connectorInventory } from '../src/packages/connector-inventory.js';
import { loadProject } from '../src/pipeline/load-project.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/** What `weft connectors list` and `outdated` print: connectors by origin, instances' ranges, packages' ranges. */
const test = suite('connector-inventory');

const connector = (name: string, version: string) => `apiVersion: weft/v1\nkind: Connector\nmetadata: { name: ${name} }\nspec:\n  version: ${version}\n  http: { baseUrl: "https://example.com" }\n  endpoints: { list: { path: /x } }\n`;
const instance = (name: string, reference: string) => `apiVersion: weft/v1\nkind: Instance\nmetadata: { name: ${name} }\nspec:\n  connector: "${reference}"\n`;
const pkg = (name: string, version: string) => JSON.stringify({ name, version });

let root: string;
test.after.each(async () => {
  if (root) await removeProject(root);
});

test('every connector with where it comes from and who uses it; each instance and each package against what is installed', async () => {
  root = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: p }\n',
    'package.json': JSON.stringify({
      name: 'p',
      dependencies: { 'weft-connector-shop': '^1.0.0', 'weft-connector-erp': '^3.0.0', alias: 'npm:weft-connector-wms@^1.0.0', local: 'file:../local', 'weft-connector-gone': '^1.0.0' },
    }),
    'connectors/api.yaml': connector('api', '2.0.0'),
    'connectors/wms.yaml': connector('wms', '1.0.0'),
    'node_modules/weft-connector-shop/package.json': pkg('weft-connector-shop', '1.1.0'),
    'node_modules/weft-connector-shop/connectors/shop.yaml': connector('shop', '1.4.0'),
    'node_modules/weft-connector-shop/connectors/shop-admin.yaml': connector('shop-admin', '1.0.0'),
    'node_modules/weft-connector-erp/package.json': pkg('weft-connector-erp', '2.5.0'),
    'node_modules/weft-connector-erp/connectors/erp.yaml': connector('erp', '2.0.0'),
    'node_modules/weft-connector-erp/connectors/shop.yaml': connector('shop', '1.6.0'),
    'node_modules/alias/package.json': pkg('weft-connector-wms', '1.2.0'),
    'node_modules/alias/connectors/wms.yaml': connector('wms', '1.9.0'),
    'node_modules/local/package.json': pkg('weft-connector-local', '0.0.1'),
    'instances.yaml': [
      instance('uses-api', 'api@^2'),
      instance('old-api', 'api@^1'),
      instance('uses-shop', 'shop@~1.4.0'),
      instance('any-shop', 'shop'),
      instance('uses-erp', 'erp@^2'),
      instance('uses-wms', 'wms'),
      instance('nothing', 'nowhere@^1'),
    ].join('---\n'),
  });
  const inventory = connectorInventory(await loadProject(root, {}));
  assert.equal(
    inventory.connectors.map((entry) => [entry.name, entry.version, entry.package?.name ?? 'project', entry.status, entry.usedBy.join(',')]),
    [
      ['api', '2.0.0', 'project', 'used', 'old-api,uses-api'],
      ['erp', '2.0.0', 'weft-connector-erp', 'used', 'uses-erp'],
      ['shop', '1.6.0', 'weft-connector-erp', 'unused', ''],
      ['shop', '1.4.0', 'weft-connector-shop', 'used', 'uses-shop'],
      ['shop-admin', '1.0.0', 'weft-connector-shop', 'unused', ''],
      ['wms', '1.0.0', 'project', 'used', 'uses-wms'],
      ['wms', '1.9.0', 'weft-connector-wms', 'shadowed', ''],
    ],
  );
  assert.equal(
    inventory.instances.map((entry) => [entry.instance, entry.range, entry.resolved?.version ?? null, entry.resolved?.package?.name ?? entry.resolved?.file ?? null, entry.latest, entry.status]),
    [
      ['any-shop', null, null, null, '1.6.0', 'ambiguous'],
      ['nothing', '^1', null, null, null, 'missing'],
      ['old-api', '^1', '2.0.0', 'connectors/api.yaml', '2.0.0', 'unsatisfied'],
      ['uses-api', '^2', '2.0.0', 'connectors/api.yaml', '2.0.0', 'ok'],
      ['uses-erp', '^2', '2.0.0', 'weft-connector-erp', '2.0.0', 'ok'],
      ['uses-shop', '~1.4.0', '1.4.0', 'weft-connector-shop', '1.6.0', 'ok'],
      ['uses-wms', null, '1.0.0', 'connectors/wms.yaml', '1.9.0', 'ok'],
    ],
  );
  assert.equal(
    inventory.packages.map((entry) => [entry.dependency, entry.name, entry.wanted, entry.installed, entry.connectors.join(','), entry.status]),
    [
      ['alias', 'weft-connector-wms', 'npm:weft-connector-wms@^1.0.0', '1.2.0', 'wms@1.9.0', 'ok'],
      ['local', 'weft-connector-local', 'file:../local', '0.0.1', '', 'unchecked'],
      ['weft-connector-erp', 'weft-connector-erp', '^3.0.0', '2.5.0', 'erp@2.0.0,shop@1.6.0', 'unsatisfied'],
      ['weft-connector-gone', 'weft-connector-gone', '^1.0.0', null, '', 'missing'],
      ['weft-connector-shop', 'weft-connector-shop', '^1.0.0', '1.1.0', 'shop-admin@1.0.0,shop@1.4.0', 'ok'],
    ],
  );
  assert.is(inventory.ok, false);
  assert.is(inventory.packageErrors, 0);
});

test('a project whose ranges and packages are all satisfied is ok; one without packages lists its own connectors', async () => {
  root = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: p }\n',
    'connectors/api.yaml': connector('api', '2.0.0'),
    'instances.yaml': instance('uses-api', 'api@^2'),
  });
  const inventory = connectorInventory(await loadProject(root, {}));
  assert.is(inventory.ok, true);
  assert.equal(inventory.packages, []);
  assert.equal(inventory.connectors, [{ name: 'api', version: '2.0.0', file: 'connectors/api.yaml', package: null, status: 'used', usedBy: ['uses-api'] }]);
});

test.run();
