import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, removeTemporaryDirectory, repoRoot, weftBinary, weftEnvironment } from './helpers/run-weft.js';
import { LspClient } from './helpers/lsp-client.js';

/**
 * editors/vscode: the extension's manifest is one vsce packages (the fields it requires, the
 * files it names), its code parses, and the command it starts the server with is found as
 * documented and really is a working `weft lsp`.
 */
const test = suite('vscode-extension');

const extension = path.join(repoRoot, 'editors', 'vscode');
const { serverCommand } = createRequire(import.meta.url)(path.join(extension, 'server-command.js')) as {
  serverCommand(folder: string | undefined, configured: string): { command: string; args: string[] };
};

test('the manifest has what vsce requires and names files that exist', async () => {
  const manifest = JSON.parse(await readFile(path.join(extension, 'package.json'), 'utf8'));
  assert.match(manifest.name, /^[a-z0-9][a-z0-9-]*$/);
  assert.type(manifest.publisher, 'string');
  assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
  assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
  assert.ok(existsSync(path.join(extension, manifest.main)), `main ${manifest.main} is missing`);
  assert.ok(existsSync(path.join(extension, 'README.md')));
  // Pinned, as every dependency of the project.
  for (const [name, version] of Object.entries(manifest.dependencies as Record<string, string>)) assert.match(version, /^\d+\.\d+\.\d+$/, `${name} ${version}`);
  // Activated in a folder holding a weft project (weft.yaml or weft.yml, at any depth).
  assert.ok(manifest.activationEvents.includes('workspaceContains:**/weft.yaml'));
  assert.ok(manifest.activationEvents.includes('workspaceContains:**/weft.yml'));
  assert.is(manifest.contributes.configuration.properties['weft.path'].type, 'string');
  // Every module extension.js loads is VS Code's, a declared dependency, or its own file.
  const source = await readFile(path.join(extension, 'extension.js'), 'utf8');
  for (const [, required] of source.matchAll(/require\('([^']+)'\)/g)) {
    if (required === 'vscode' || required!.startsWith('node:')) continue;
    if (required!.startsWith('./')) assert.ok(existsSync(path.join(extension, required!)), required);
    else assert.ok(Object.keys(manifest.dependencies).includes(required!.split('/')[0]!), `${required} is not a dependency`);
  }
  for (const file of ['extension.js', 'server-command.js']) {
    const checked = spawnSync(process.execPath, ['--check', path.join(extension, file)], { encoding: 'utf8' });
    assert.is(checked.status, 0, checked.stderr);
  }
});

test('the server command: the weft.path setting, else the project’s own weft, else weft on the PATH', async () => {
  const root = await copyFixture(path.join(repoRoot, 'examples', 'acme'), 'weft-vscode-');
  try {
    assert.equal(serverCommand(root, '/opt/weft/bin/weft '), { command: '/opt/weft/bin/weft', args: ['lsp', '--stdio'] });
    assert.equal(serverCommand(root, ''), { command: 'weft', args: ['lsp', '--stdio'] });
    assert.equal(serverCommand(undefined, ''), { command: 'weft', args: ['lsp', '--stdio'] });
    // As npm installs it: node_modules/.bin/weft, a link to the package's bin; found from a folder below too.
    await mkdir(path.join(root, 'node_modules', '.bin'), { recursive: true });
    await symlink(weftBinary, path.join(root, 'node_modules', '.bin', 'weft'));
    const found = serverCommand(path.join(root, 'flows'), '');
    assert.is(found.command, path.join(root, 'node_modules', '.bin', 'weft'));

    // What it finds starts a language server that answers as VS Code's client expects.
    const client = new LspClient(found.command, found.args, { cwd: root, env: weftEnvironment() });
    const folder = pathToFileURL(root).href;
    const initialized = await client.request<{ capabilities: Record<string, unknown>; serverInfo: { name: string } }>('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'acme' }], capabilities: {} });
    assert.is(initialized.serverInfo.name, 'weft');
    for (const capability of ['definitionProvider', 'referencesProvider', 'hoverProvider', 'renameProvider', 'completionProvider', 'codeActionProvider']) assert.ok(initialized.capabilities[capability], capability);
    client.notify('initialized', {});
    assert.is(await client.stop(), 0);
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test.run();
