// How the extension starts `weft lsp`: kept apart from extension.js (which needs VS Code) so
// that it can be tested on its own.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/**
 * The command that starts the language server for a workspace folder: the configured one, else
 * the project's own weft (node_modules/.bin/weft in the folder or a folder above it, as npx
 * would find it), else `weft` on the PATH.
 * @param {string | undefined} folder the workspace folder's path
 * @param {string} configured the `weft.path` setting ('' when unset)
 * @returns {{ command: string, args: string[] }}
 */
function serverCommand(folder, configured) {
  const args = ['lsp', '--stdio'];
  if (configured && configured.trim() !== '') return { command: configured.trim(), args };
  const bin = process.platform === 'win32' ? 'weft.cmd' : 'weft';
  for (let directory = folder; directory; ) {
    const candidate = path.join(directory, 'node_modules', '.bin', bin);
    if (fs.existsSync(candidate)) return { command: candidate, args };
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return { command: bin, args };
}

module.exports = { serverCommand };
