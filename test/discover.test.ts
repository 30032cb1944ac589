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
    // DESIGN.md: *.yaml and *.yml (x.YAML is not one).
    assert.equal(await discoverFiles(root), ['a/connector.yaml', 'b/flow.yml', 'fixtures/sample.yaml', 'weft.yaml']);
    assert.equal(await discoverFiles(root, ['fixtures/**', '**/*.yml']), ['a/connector.yaml', 'weft.yaml']);
    assert.equal(await discoverFiles(root, ['a']), ['b/flow.yml', 'fixtures/sample.yaml', 'weft.yaml']);
  } finally {
    await removeProject(root);
  }
});

test('links are followed only to regular files', async () => {
  const { symlink, mkdir } = await import('node:fs/promises');
  const { execFileSync } = await import('node:child_process');
  const path = await import('node:path');
  const root = await writeProject({ 'weft.yaml': projectFile, 'real.yaml': 'a: 1\n', 'dir/inner.yaml': '' });
  try {
    await symlink(path.join(root, 'real.yaml'), path.join(root, 'link.yaml'));
    await symlink(path.join(root, 'dir'), path.join(root, 'dir-link.yaml'));
    execFileSync('mkfifo', [path.join(root, 'fifo-target')]);
    await symlink(path.join(root, 'fifo-target'), path.join(root, 'pipe.yaml'));
    await mkdir(path.join(root, 'folder.yaml'));
    await symlink('/etc/passwd', path.join(root, 'outside.yaml'));
    assert.equal(await discoverFiles(root), ['dir/inner.yaml', 'link.yaml', 'real.yaml', 'weft.yaml']);
  } finally {
    await removeProject(root);
  }
});

test.run();
