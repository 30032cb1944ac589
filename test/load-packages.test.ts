import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { loadPackages } from '../src/packages/load-packages.js';
import { removeProject, writeProject } from './helpers/temp-project.js';

/** Which installed packages a project's connectors may come from, and which of their files are read. */
const test = suite('load-packages');

const connector = (name: string, version = '1.0.0') => `apiVersion: weft/v1\nkind: Connector\nmetadata: { name: ${name} }\nspec:\n  version: ${version}\n  http: { baseUrl: "https://example.com" }\n  endpoints: { list: { path: /x } }\n`;
const lookup = (name: string) => `apiVersion: weft/v1\nkind: Lookup\nmetadata: { name: ${name} }\nspec:\n  entries: [{ left: a, right: b }]\n`;
const manifest = (dependencies: Record<string, string>, devDependencies: Record<string, string> = {}) => JSON.stringify({ name: 'app', private: true, dependencies, devDependencies });
const pkg = (name: string, version = '1.0.0', extra: object = {}) => JSON.stringify({ name, version, ...extra });

let roots: string[] = [];
async function project(files: Record<string, string>): Promise<string> {
  const root = await writeProject(files);
  roots.push(root);
  return root;
}
test.after.each(async () => {
  await Promise.all(roots.map(removeProject));
  roots = [];
});

test('without a package.json at or above the root there are no packages', async () => {
  // The temporary directory's ancestors hold no package.json (the OS temp folder).
  const root = await project({ 'weft.yaml': '', 'node_modules/weft-connector-shop/package.json': pkg('weft-connector-shop'), 'node_modules/weft-connector-shop/connectors/shop.yaml': connector('shop') });
  const loaded = await loadPackages(root);
  assert.is(loaded.manifest, undefined);
  assert.equal(loaded.packages, []);
  assert.equal(loaded.resources, []);
});

test('a weft-connector-* dependency supplies its connectors/ and lookups/ YAML; nothing else of it or of node_modules is read', async () => {
  const root = await project({
    'package.json': manifest({ 'weft-connector-shop': '^1.2.0', leftpad: '^1.0.0' }, { 'weft-connector-tools': '*' }),
    'node_modules/weft-connector-shop/package.json': pkg('weft-connector-shop', '1.2.3'),
    'node_modules/weft-connector-shop/connectors/shop.yaml': connector('shop', '1.4.0'),
    'node_modules/weft-connector-shop/connectors/nested/admin.yml': connector('shop-admin'),
    'node_modules/weft-connector-shop/connectors/notes.txt': 'not yaml',
    'node_modules/weft-connector-shop/lookups/countries.yaml': lookup('countries'),
    'node_modules/weft-connector-shop/examples/flow.yaml': 'apiVersion: weft/v1\nkind: Flow\n',
    'node_modules/weft-connector-shop/connectors/.hidden/secret.yaml': connector('hidden'),
    'node_modules/weft-connector-shop/connectors/node_modules/dep/x.yaml': connector('dependency'),
    'node_modules/weft-connector-tools/package.json': pkg('weft-connector-tools', '0.1.0'),
    'node_modules/weft-connector-tools/connectors/tool.yaml': connector('tool'),
    // Installed but not a dependency of the project, or a dependency that is no connector package.
    'node_modules/weft-connector-stray/package.json': pkg('weft-connector-stray'),
    'node_modules/weft-connector-stray/connectors/stray.yaml': connector('stray'),
    'node_modules/leftpad/package.json': pkg('leftpad'),
    'node_modules/leftpad/connectors/pad.yaml': connector('pad'),
  });
  const loaded = await loadPackages(root);
  assert.is(loaded.manifest, 'package.json');
  assert.equal(loaded.findings, []);
  assert.equal(
    loaded.packages.map(({ name, version, dependency, range, directory, files }) => ({ name, version, dependency, range, directory, files })),
    [
      {
        name: 'weft-connector-shop',
        version: '1.2.3',
        dependency: 'weft-connector-shop',
        range: '^1.2.0',
        directory: 'node_modules/weft-connector-shop',
        files: ['node_modules/weft-connector-shop/connectors/nested/admin.yml', 'node_modules/weft-connector-shop/connectors/shop.yaml', 'node_modules/weft-connector-shop/lookups/countries.yaml'],
      },
      { name: 'weft-connector-tools', version: '0.1.0', dependency: 'weft-connector-tools', range: '*', directory: 'node_modules/weft-connector-tools', files: ['node_modules/weft-connector-tools/connectors/tool.yaml'] },
    ],
  );
  assert.equal(
    loaded.resources.map((resource) => [resource.kind, resource.name, resource.file, resource.package?.name]),
    [
      ['Connector', 'shop-admin', 'node_modules/weft-connector-shop/connectors/nested/admin.yml', 'weft-connector-shop'],
      ['Connector', 'shop', 'node_modules/weft-connector-shop/connectors/shop.yaml', 'weft-connector-shop'],
      ['Lookup', 'countries', 'node_modules/weft-connector-shop/lookups/countries.yaml', 'weft-connector-shop'],
      ['Connector', 'tool', 'node_modules/weft-connector-tools/connectors/tool.yaml', 'weft-connector-tools'],
    ],
  );
  assert.ok(loaded.sources.has('node_modules/weft-connector-shop/connectors/shop.yaml'));
});

test("any package with a 'weft' field is one, its files as the field lists them; a scoped or aliased name works", async () => {
  const root = await project({
    'package.json': manifest({ 'acme-erp': '^2.0.0', '@acme/weft-connector-wms': '^1.0.0', shop: 'npm:weft-connector-shop@^1.0.0' }),
    'node_modules/acme-erp/package.json': pkg('acme-erp', '2.1.0', { weft: { files: ['weft/*.yaml'] } }),
    'node_modules/acme-erp/weft/erp.yaml': connector('erp'),
    'node_modules/acme-erp/connectors/ignored.yaml': connector('ignored'),
    'node_modules/@acme/weft-connector-wms/package.json': pkg('@acme/weft-connector-wms'),
    'node_modules/@acme/weft-connector-wms/connectors/wms.yaml': connector('wms'),
    'node_modules/shop/package.json': pkg('weft-connector-shop', '1.0.1'),
    'node_modules/shop/connectors/shop.yaml': connector('shop'),
  });
  const loaded = await loadPackages(root);
  assert.equal(loaded.findings, []);
  assert.equal(
    loaded.packages.map((entry) => [entry.dependency, entry.name, entry.version, entry.files]),
    [
      ['@acme/weft-connector-wms', '@acme/weft-connector-wms', '1.0.0', ['node_modules/@acme/weft-connector-wms/connectors/wms.yaml']],
      ['acme-erp', 'acme-erp', '2.1.0', ['node_modules/acme-erp/weft/erp.yaml']],
      ['shop', 'weft-connector-shop', '1.0.1', ['node_modules/shop/connectors/shop.yaml']],
    ],
  );
});

test('in a monorepo the nearest package.json and the node_modules above the project count, as Node resolves them', async () => {
  const root = await project({
    'package.json': manifest({ 'weft-connector-shop': '^1.0.0' }),
    'node_modules/weft-connector-shop/package.json': pkg('weft-connector-shop'),
    'node_modules/weft-connector-shop/connectors/shop.yaml': connector('shop'),
    'integrations/weft.yaml': '',
  });
  const loaded = await loadPackages(path.join(root, 'integrations'));
  assert.is(loaded.manifest, '../package.json');
  assert.equal(loaded.packages[0]?.files, ['../node_modules/weft-connector-shop/connectors/shop.yaml']);
  assert.is(loaded.resources[0]?.file, '../node_modules/weft-connector-shop/connectors/shop.yaml');
});

test('a connector package listed but not installed is missing (so an unknown connector can say to run npm install)', async () => {
  const root = await project({ 'package.json': manifest({ 'weft-connector-shop': '^1.0.0', 'not-a-connector': '^1.0.0' }) });
  const loaded = await loadPackages(root);
  assert.equal(loaded.missing, [{ dependency: 'weft-connector-shop', range: '^1.0.0' }]);
  assert.equal(loaded.packages, []);
});

test('patterns that lead outside the package, are absolute, hidden or in node_modules are refused at their place in package.json', async () => {
  const files = ['connectors/*.yaml', '../../weft.yaml', 'connectors/../../../x.yaml', '/etc/*.yaml', 'C:/x.yaml', '~/x.yaml', '.ssh/*.yaml', '{..,x}/*.yaml', 'node_modules/**/*.yaml', '!connectors/a.yaml', '', 3];
  const root = await project({
    'package.json': manifest({ evil: '1.0.0' }),
    'secret.yaml': connector('stolen'),
    'node_modules/evil/package.json': pkg('evil', '1.0.0', { weft: { files } }),
    'node_modules/evil/connectors/ok.yaml': connector('ok'),
  });
  const loaded = await loadPackages(root);
  assert.equal(
    loaded.findings.map((finding) => [finding.code, finding.file, finding.pointer]),
    files.slice(1).map((_, index) => ['bad-package', 'node_modules/evil/package.json', `/weft/files/${index + 1}`]),
  );
  assert.match(loaded.findings[0]!.message, /'\.\.\/\.\.\/weft\.yaml' leads outside the package/);
  assert.equal(loaded.resources.map((resource) => resource.name), ['ok']);
  assert.ok(loaded.sources.has('node_modules/evil/package.json'), 'the findings point into package.json, so its text is kept');
});

test('a pattern too long for the matcher (it throws past 65,536 characters) or nested deep enough to take it minutes is bad-package, quickly', async () => {
  const files = ['connectors/*.yaml', 'a'.repeat(70_000) + '/*.yaml', '{'.repeat(4900) + 'a' + '}'.repeat(4900) + '/*.yaml', '{a,{b,{c,{d,{e,{f,{g,{h,{i,{j,{k,{l,{m,{n,{o,{p,{q}}}}}}}}}}}}}}}}}/*.yaml'];
  const root = await project({
    'package.json': manifest({ evil: '1.0.0' }),
    'node_modules/evil/package.json': pkg('evil', '1.0.0', { weft: { files } }),
    'node_modules/evil/connectors/ok.yaml': connector('ok'),
  });
  const started = performance.now();
  const loaded = await loadPackages(root);
  assert.ok(performance.now() - started < 2_000, `${Math.round(performance.now() - started)} ms`);
  assert.equal(
    loaded.findings.map((finding) => [finding.code, finding.pointer]),
    [['bad-package', '/weft/files/1'], ['bad-package', '/weft/files/2'], ['bad-package', '/weft/files/3']],
  );
  assert.match(loaded.findings[0]!.message, /a file pattern of 70007 characters is longer than the 256 weft takes/);
  assert.equal(loaded.resources.map((resource) => resource.name), ['ok']);
});

test('a package.json above the project that is a link to a FIFO or to a huge file is not read (no hang, no memory filled)', async () => {
  const { execFileSync } = await import('node:child_process');
  const { truncate, writeFile } = await import('node:fs/promises');
  for (const target of ['fifo', 'huge']) {
    const root = await project({ 'app/weft.yaml': '' });
    const behind = path.join(root, `behind-${target}`);
    if (target === 'fifo') execFileSync('mkfifo', [behind]);
    else {
      await writeFile(behind, '');
      await truncate(behind, 64 * 1024 * 1024);
    }
    await symlink(behind, path.join(root, 'package.json'));
    const started = performance.now();
    const loaded = await loadPackages(path.join(root, 'app'));
    assert.ok(performance.now() - started < 2_000, `${target}: ${Math.round(performance.now() - started)} ms`);
    assert.equal(loaded.packages, [], target);
  }
});

test("a 'weft' field that is not an object, or files that are not a list, is bad-package; a broken package.json of a connector package too", async () => {
  const root = await project({
    'package.json': manifest({ a: '1.0.0', b: '1.0.0', 'weft-connector-c': '1.0.0', unrelated: '1.0.0' }),
    'node_modules/a/package.json': pkg('a', '1.0.0', { weft: 'connectors' }),
    'node_modules/b/package.json': pkg('b', '1.0.0', { weft: { files: 'connectors/*.yaml' } }),
    'node_modules/weft-connector-c/package.json': '{ "name": ',
    // Not a connector package by name: its broken package.json is npm's business, not weft's.
    'node_modules/unrelated/package.json': '{',
  });
  const loaded = await loadPackages(root);
  assert.equal(
    loaded.findings.map((finding) => [finding.code, finding.file, finding.pointer]),
    [
      ['bad-package', 'node_modules/a/package.json', '/weft'],
      ['bad-package', 'node_modules/b/package.json', '/weft/files'],
      ['bad-package', 'node_modules/weft-connector-c/package.json', undefined],
    ],
  );
  assert.match(loaded.findings[2]!.message, /is not valid JSON/);
});

test('links in a package are reported and never followed, to a file or a folder, inside or outside it', async () => {
  const root = await project({
    'package.json': manifest({ 'weft-connector-shop': '1.0.0' }),
    'outside/secret.yaml': connector('stolen'),
    'outside/more/other.yaml': connector('stolen-too'),
    'node_modules/weft-connector-shop/package.json': pkg('weft-connector-shop'),
    'node_modules/weft-connector-shop/connectors/shop.yaml': connector('shop'),
  });
  const connectors = path.join(root, 'node_modules/weft-connector-shop/connectors');
  await symlink(path.join(root, 'outside/secret.yaml'), path.join(connectors, 'stolen.yaml'));
  await symlink(path.join(root, 'outside/more'), path.join(connectors, 'more'));
  await symlink(path.join(connectors, 'shop.yaml'), path.join(connectors, 'again.yaml'));
  const loaded = await loadPackages(root);
  assert.equal(loaded.resources.map((resource) => resource.name), ['shop']);
  assert.equal(loaded.findings.map((finding) => [finding.code, finding.file]), [
    ['bad-package', 'node_modules/weft-connector-shop/package.json'],
    ['bad-package', 'node_modules/weft-connector-shop/package.json'],
    ['bad-package', 'node_modules/weft-connector-shop/package.json'],
  ]);
  const messages = loaded.findings.map((finding) => finding.message).sort();
  assert.match(messages.join('\n'), /connectors\/again\.yaml is a link/);
  assert.match(messages.join('\n'), /connectors\/more is a link/);
  assert.match(messages.join('\n'), /connectors\/stolen\.yaml is a link/);
});

test("a link on the way to a pattern's folder is not passed through ('a' of 'a/b/*.yaml'); a file over 2 MB is not read", async () => {
  const root = await project({
    'package.json': manifest({ 'weft-connector-shop': '1.0.0' }),
    'outside/b/stolen.yaml': connector('stolen'),
    'node_modules/weft-connector-shop/package.json': pkg('weft-connector-shop', '1.0.0', { weft: { files: ['a/b/*.yaml', 'connectors/*.yaml'] } }),
    'node_modules/weft-connector-shop/connectors/shop.yaml': connector('shop'),
    'node_modules/weft-connector-shop/connectors/huge.yaml': connector('huge') + `# ${'x'.repeat(2 * 1048576)}\n`,
  });
  await symlink(path.join(root, 'outside'), path.join(root, 'node_modules/weft-connector-shop/a'));
  const loaded = await loadPackages(root);
  assert.equal(loaded.resources.map((resource) => resource.name), ['shop']);
  assert.equal(loaded.findings.map((finding) => finding.message.replace(/\d{7,}/, 'N')).sort(), [
    "connector package 'weft-connector-shop': node_modules/weft-connector-shop/a is a link; weft reads the files of a package itself and follows no link out of it",
    "connector package 'weft-connector-shop': node_modules/weft-connector-shop/connectors/huge.yaml is N bytes; a package's files may hold 2 MB each",
  ]);
});

test("a package.json's name or version that npm would not take is not printed as it is", async () => {
  const root = await project({
    'package.json': manifest({ 'weft-connector-shop': '1.0.0' }),
    'node_modules/weft-connector-shop/package.json': pkg('\u001b]0;pwned\u0007', '1.0.0\u001b[31m'),
    'node_modules/weft-connector-shop/connectors/shop.yaml': connector('shop'),
  });
  const loaded = await loadPackages(root);
  assert.equal(loaded.resources[0]?.package, { name: 'weft-connector-shop', version: '', directory: 'node_modules/weft-connector-shop' });
});

test("a package's folder may itself be a link (npm link, a workspace); its files are still read from inside it", async () => {
  const root = await project({
    'package.json': manifest({ 'weft-connector-shop': 'file:../shop' }),
    'shop-source/package.json': pkg('weft-connector-shop', '0.0.1'),
    'shop-source/connectors/shop.yaml': connector('shop'),
  });
  await mkdir(path.join(root, 'node_modules'));
  await symlink(path.join(root, 'shop-source'), path.join(root, 'node_modules', 'weft-connector-shop'));
  const loaded = await loadPackages(root);
  assert.equal(loaded.findings, []);
  assert.equal(loaded.resources.map((resource) => resource.file), ['node_modules/weft-connector-shop/connectors/shop.yaml']);
});

test("a package's documents of other kinds are bad-package; a broken YAML file is its own finding, in node_modules", async () => {
  const root = await project({
    'package.json': manifest({ 'weft-connector-shop': '1.0.0' }),
    'node_modules/weft-connector-shop/package.json': pkg('weft-connector-shop'),
    'node_modules/weft-connector-shop/connectors/shop.yaml': connector('shop') + '---\napiVersion: weft/v1\nkind: Instance\nmetadata: { name: sneaky }\nspec: { connector: shop }\n',
    'node_modules/weft-connector-shop/connectors/broken.yaml': 'apiVersion: weft/v1\nkind: Connector\nmetadata: { name: [broken\n',
  });
  const loaded = await loadPackages(root);
  assert.equal(loaded.resources.map((resource) => resource.name), ['shop']);
  assert.equal(
    [...new Set(loaded.findings.map((finding) => `${finding.code} ${finding.file} ${finding.pointer ?? ''}`))],
    ['yaml-syntax node_modules/weft-connector-shop/connectors/broken.yaml ', 'bad-package node_modules/weft-connector-shop/connectors/shop.yaml /kind'],
  );
});

test("a package lookup's CSV file is read from inside its package only", async () => {
  const csvLookup = (name: string, file: string) => `apiVersion: weft/v1\nkind: Lookup\nmetadata: { name: ${name} }\nspec: { file: ${file} }\n`;
  const root = await project({
    'package.json': manifest({ 'weft-connector-geo': '1.0.0' }),
    'private.csv': 'left,right\nkey,value\n',
    'node_modules/weft-connector-geo/package.json': pkg('weft-connector-geo'),
    'node_modules/weft-connector-geo/lookups/countries.yaml': csvLookup('countries', 'countries.csv'),
    'node_modules/weft-connector-geo/lookups/countries.csv': 'left,right\nGB,United Kingdom\n',
    'node_modules/weft-connector-geo/lookups/steal.yaml': csvLookup('steal', '../../../private.csv'),
  });
  const loaded = await loadPackages(root);
  const countries = loaded.resources.find((resource) => resource.name === 'countries')!;
  assert.equal((countries.value.spec as { entries?: unknown }).entries, [{ left: 'GB', right: 'United Kingdom' }]);
  const steal = loaded.resources.find((resource) => resource.name === 'steal')!;
  assert.is((steal.value.spec as { entries?: unknown }).entries, undefined);
  assert.equal(loaded.findings.map((finding) => [finding.code, finding.file, finding.message]), [
    ['bad-lookup-file', 'node_modules/weft-connector-geo/lookups/steal.yaml', "lookup 'steal' reads '../../../private.csv', which is outside its package"],
  ]);
});

test('a package.json that is a link or a folder in a connector package is not read', async () => {
  const root = await project({
    'package.json': manifest({ 'weft-connector-shop': '1.0.0' }),
    'elsewhere.json': pkg('weft-connector-shop', '1.0.0', { weft: { files: ['**/*.yaml'] } }),
    'node_modules/weft-connector-shop/connectors/shop.yaml': connector('shop'),
  });
  await symlink(path.join(root, 'elsewhere.json'), path.join(root, 'node_modules/weft-connector-shop/package.json'));
  const loaded = await loadPackages(root);
  assert.equal(loaded.resources, []);
  assert.equal(loaded.findings.map((finding) => [finding.code, finding.file]), [['bad-package', 'node_modules/weft-connector-shop/package.json']]);
  assert.match(loaded.findings[0]!.message, /is a link/);
});

test.run();
