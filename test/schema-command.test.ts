import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expectExit, makeTemporaryDirectory, removeTemporaryDirectory, repoRoot, runWeft } from './helpers/run-weft.js';
import { YamlLanguageServer } from './helpers/yaml-language-server.js';

/**
 * `weft schema`: the editor schema, checked through the language server editors run —
 * yaml-language-server itself, over stdio, in a version from before 1.23 (1.15: it could not
 * resolve schemas embedded under $defs by their own $id, and every file got one error at line 1)
 * and a current one. The example validates with no problem; a broken file gets its problems on
 * the right lines; completion works under `trigger:`.
 */
const test = suite('schema-command');

const versions = ['yaml-language-server-1-15', 'yaml-language-server'];
let directory: string;
let schemaFile: string;

test.before(async () => {
  directory = await makeTemporaryDirectory('weft-editor-schema-');
  const schema = await runWeft(['schema']);
  expectExit(schema, 0);
  schemaFile = path.join(directory, 'weft.schema.json');
  await writeFile(schemaFile, schema.stdout);
});
test.after(async () => {
  await removeTemporaryDirectory(directory);
});

test('the editor schema is one self-contained document: plain JSON pointers, no embedded $id, no reference to another file', async () => {
  const schema = JSON.parse(await readFile(schemaFile, 'utf8')) as Record<string, unknown>;
  const refs: string[] = [];
  const ids: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') refs.push(value);
      if (key === '$id') ids.push(String(value));
      walk(value);
    }
  };
  walk(schema);
  assert.equal(ids, []);
  assert.ok(refs.length > 50);
  const resolve = (pointer: string) => pointer.slice(2).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~')).reduce<unknown>((node, token) => (node as Record<string, unknown> | undefined)?.[token], schema);
  for (const ref of refs) {
    assert.ok(ref.startsWith('#/'), ref);
    assert.ok(resolve(ref) !== undefined, `${ref} resolves to nothing`);
  }
});

for (const version of versions) {
  test(`${version}: every file of the example validates with no problem`, async () => {
    const example = path.join(repoRoot, 'examples', 'acme');
    const server = await YamlLanguageServer.start(version, schemaFile, ['*.yaml', '**/*.yaml', '*.yml', '**/*.yml'], example);
    try {
      const files: string[] = [];
      for (const folder of ['', 'connectors', 'instances', 'flows']) {
        for (const name of await readdir(path.join(example, folder))) if (name.endsWith('.yaml')) files.push(path.join(example, folder, name));
      }
      assert.ok(files.length >= 10, files.join(', '));
      for (const file of files) {
        const problems = await server.diagnostics(file, await readFile(file, 'utf8'));
        assert.equal(problems.map((problem) => `${problem.range.start.line + 1}: ${problem.message}`), [], `${version} on ${path.relative(example, file)}`);
      }
    } finally {
      await server.stop();
    }
  });

  test(`${version}: a broken file gets its problems on their lines; completion under trigger: offers its kinds`, async () => {
    const server = await YamlLanguageServer.start(version, schemaFile, ['*.yaml'], directory);
    try {
      const broken = path.join(directory, 'broken.yaml');
      const text = `apiVersion: weft/v1
kind: Flow
metadata:
  name: sync-orders
spec:
  trigger:
    schedule: { cron: "0 * * * *" }
  concurrency: many
  steps:
    - id: fetch
      recieve: { instance: shop-uk, endpoint: listOrders }
`;
      const problems = await server.diagnostics(broken, text);
      const lines = new Set(problems.map((problem) => problem.range.start.line + 1));
      assert.ok(lines.has(8), `concurrency: many (line 8) in ${JSON.stringify(problems)}`);
      assert.ok(lines.has(11) || lines.has(10), `recieve (line 11) in ${JSON.stringify(problems)}`);
      assert.not.ok(lines.has(1), `nothing at line 1: ${JSON.stringify(problems)}`);
      const partial = path.join(directory, 'partial.yaml');
      await server.diagnostics(partial, 'apiVersion: weft/v1\nkind: Flow\nmetadata:\n  name: x\nspec:\n  trigger:\n    \n  steps: []\n');
      const offered = await server.completion(partial, 6, 4);
      for (const kind of ['schedule', 'webhook', 'event', 'manual']) assert.ok(offered.includes(kind), `${kind} offered under trigger: ${offered.join(', ')}`);
    } finally {
      await server.stop();
    }
  });
}

test.run();
