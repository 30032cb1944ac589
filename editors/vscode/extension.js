// The weft extension: starts `weft lsp` for the workspace and lets VS Code's language client do
// the rest. Everything weft knows (diagnostics, definitions, completion, rename, quick fixes)
// comes from the server, so this file stays this small.
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { serverCommand } = require('./server-command.js');

/** @type {LanguageClient | undefined} */
let client;

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const { command, args } = serverCommand(folder, vscode.workspace.getConfiguration('weft').get('path', ''));
  const run = { command, args, transport: TransportKind.stdio, options: { cwd: folder } };
  client = new LanguageClient(
    'weft',
    'weft',
    { run, debug: run },
    {
      documentSelector: [{ scheme: 'file', language: 'yaml' }],
      // Files changed outside the editor (git checkout, a formatter) are read again.
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,csv}') },
    },
  );
  context.subscriptions.push(client);
  await client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
