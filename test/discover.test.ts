import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverFiles } from '../src/discover/discover.js';
import { projectFile, removeProject, writeProject } from './helpers/temp-project.js';
import { expectExit, expectNoStackTrace, makeTemporaryDirectory, removeTemporaryDirectory, runWeft } from './helpers/run-weft.js';

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

const connectorFile = 'apiVersion: weft/v1\nkind: Connector\nmetadata:\n  name: shop\nspec:\n  version: 1.0.0\n  http:\n    baseUrl: https://shop.example.com\n';
/** What a checkout's .git/config may hold in CI: a token that must never reach the job's log. */
const gitCredential = 'ghs_FAKEfakeFAKEfakeFAKEfakeFAKEfake0000';
const engineKey = 'weft-secret-key-d41d8cd98f00b204e9800998ecf8427e';
const sshKey = 'FAKE-OPENSSH-PRIVATE-KEY-BODY';

test('weft validate: links into dot-directories, to dot-files or into node_modules are reported, never read; ordinary links still work', async () => {
  const { symlink } = await import('node:fs/promises');
  const path = await import('node:path');
  const root = await writeProject({
    'weft.yaml': projectFile,
    '.git/config': `[core]\n\tbare = false\n[remote "origin"]\n\turl = https://x-access-token:${gitCredential}@github.com/acme/integrations\n`,
    '.weft/secret.key': `${engineKey}\n`,
    '.env': `API_KEY=${engineKey}\n`,
    'node_modules/pkg/config.yaml': `token: ${engineKey}\n`,
    // Not *.yaml, so only the link to it is discovered.
    'shared/shop.connector': connectorFile,
  });
  // Outside the project, as ~/.ssh is.
  const home = await makeTemporaryDirectory('weft-home-');
  try {
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(path.join(home, '.ssh'));
    await writeFile(path.join(home, '.ssh', 'id_ed25519'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${sshKey}\n`);
    await symlink('.git/config', path.join(root, 'gitconfig.yaml'));
    await symlink('.weft/secret.key', path.join(root, 'key.yaml'));
    await symlink('.env', path.join(root, 'env.yaml'));
    await symlink('node_modules/pkg/config.yaml', path.join(root, 'package.yaml'));
    await symlink(path.join(home, '.ssh', 'id_ed25519'), path.join(root, 'ssh.yaml'));
    await symlink('shared/shop.connector', path.join(root, 'shop.yaml'));

    const pretty = await runWeft(['validate', root]);
    const json = await runWeft(['validate', root, '--format', 'json']);
    for (const result of [pretty, json]) {
      // Warnings only: the links are not read, and the linked connector is (it is merely unused).
      expectExit(result, 0);
      expectNoStackTrace(result);
      for (const secret of [gitCredential, engineKey, sshKey, 'x-access-token', 'OPENSSH']) {
        assert.not.ok(result.stdout.includes(secret) || result.stderr.includes(secret), `'${secret}' printed:\n${result.stdout}\n${result.stderr}`);
      }
    }
    assert.match(pretty.stdout, "'key.yaml' links to a file in a hidden directory; not read");
    assert.match(pretty.stdout, "'gitconfig.yaml' links to a file in a hidden directory; not read");
    const diagnostics = (JSON.parse(json.stdout) as { diagnostics: { code: string; severity: string; file: string; message: string }[] }).diagnostics;
    assert.equal(
      diagnostics.map(({ code, severity, file, message }) => ({ code, severity, file, message })),
      [
        { code: 'hidden-link', severity: 'warning', file: 'env.yaml', message: "'env.yaml' links to a hidden file; not read" },
        { code: 'hidden-link', severity: 'warning', file: 'gitconfig.yaml', message: "'gitconfig.yaml' links to a file in a hidden directory; not read" },
        { code: 'hidden-link', severity: 'warning', file: 'key.yaml', message: "'key.yaml' links to a file in a hidden directory; not read" },
        { code: 'hidden-link', severity: 'warning', file: 'package.yaml', message: "'package.yaml' links to a file in node_modules; not read" },
        { code: 'unused-connector', severity: 'warning', file: 'shop.yaml', message: diagnostics.find((d) => d.code === 'unused-connector')?.message ?? '' },
        { code: 'hidden-link', severity: 'warning', file: 'ssh.yaml', message: "'ssh.yaml' links to a file in a hidden directory; not read" },
      ],
    );
  } finally {
    await removeProject(root);
    await removeTemporaryDirectory(home);
  }
});

test.run();
