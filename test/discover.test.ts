import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverFiles } from '../src/discover/discover.js';
import { projectFile, removeProject, writeProject } from './helpers/temp-project.js';

const test = suite('discover');

test('finds .yaml and .yml below the root, sorted, skipping dot-dirs, node_modules and .weft', async () => {
  const root = await writeProject({
    'weft.yaml': projectFile,
    'b/flow.yml': '',
    'a/connector.yaml': '',
    'a/notes.txt': '',
    'a/deep/er/x.YAML': '',
    '.github/workflows/ci.yaml': '',
    '.weft/state.yaml': '',
    'node_modules/pkg/x.yaml': '',
    'fixtures/sample.yaml': '',
  });
  try {
    assert.equal(await discoverFiles(root), ['a/connector.yaml', 'a/deep/er/x.YAML', 'b/flow.yml', 'fixtures/sample.yaml', 'weft.yaml']);
    assert.equal(await discoverFiles(root, ['fixtures/**', '**/*.yml']), ['a/connector.yaml', 'a/deep/er/x.YAML', 'weft.yaml']);
    assert.equal(await discoverFiles(root, ['a']), ['b/flow.yml', 'fixtures/sample.yaml', 'weft.yaml']);
  } finally {
    await removeProject(root);
  }
});

test.run();
