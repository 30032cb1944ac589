import path from 'node:path';
import type { Command } from './cli.js';
import { UsageError } from './cli.js';

export const lspCommand: Command = {
  summary: 'the language server for editors, over stdio: diagnostics as you type, go to definition, references, completion, hover, rename, quick fixes',
  usage: 'lsp [dir] [--stdio]',
  examples: ['weft lsp', 'weft lsp examples/acme --stdio'],
  // --stdio is what editors' clients pass; stdio is the only transport.
  options: { stdio: { type: 'boolean' } },
  async run({ positionals }, io) {
    if (positionals.length > 1) throw new UsageError(`expected at most one project directory, got ${positionals.length}: ${positionals.join(' ')}`);
    if (!io.stdin || io.stdout !== process.stdout) throw new UsageError('weft lsp speaks the Language Server Protocol over its own stdin and stdout');
    const { startLanguageServer } = await import('../lsp/server.js');
    await startLanguageServer({
      ...(positionals[0] !== undefined ? { root: path.resolve(io.cwd, positionals[0]) } : {}),
      env: io.env,
      input: io.stdin,
      output: process.stdout,
    });
    return 0;
  },
};
