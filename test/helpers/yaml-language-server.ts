import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './run-weft.js';
import { LspClient, type LspDiagnostic } from './lsp-client.js';

export type { LspDiagnostic };

/**
 * A real yaml-language-server (an installed version: `yaml-language-server` or an npm alias such as
 * `yaml-language-server-1-15`) spoken to over stdio with JSON-RPC, as an editor does: the weft
 * schema mapped to the files by `yaml.schemas`, then each file opened and its diagnostics awaited.
 */
export class YamlLanguageServer {
  private readonly client: LspClient;

  private constructor(
    readonly version: string,
    settings: { yaml: unknown },
  ) {
    const bin = path.join(repoRoot, 'node_modules', version, 'bin', 'yaml-language-server');
    const answer = (method: string, params: unknown) =>
      method === 'workspace/configuration' ? ((params as { items: { section?: string }[] }).items ?? []).map((item) => (item.section === 'yaml' ? settings.yaml : item.section ? undefined : settings)) : null;
    this.client = new LspClient(process.execPath, [bin, '--stdio'], {}, answer);
  }

  /** Starts the server with the weft schema (a file) for the given globs. */
  static async start(version: string, schemaFile: string, globs: string[], root: string): Promise<YamlLanguageServer> {
    const settings = { yaml: { validate: true, hover: true, completion: true, schemas: { [pathToFileURL(schemaFile).href]: globs }, schemaStore: { enable: false } } };
    const server = new YamlLanguageServer(version, settings);
    await server.client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'project' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: false } } } },
    });
    server.client.notify('initialized', {});
    server.client.notify('workspace/didChangeConfiguration', { settings });
    return server;
  }

  /** Opens a document and waits for the diagnostics the server publishes for it (after it settles). */
  async diagnostics(file: string, text: string): Promise<LspDiagnostic[]> {
    const uri = pathToFileURL(file).href;
    this.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const deadline = Date.now() + 15_000;
    // The server may publish an empty list first and the schema's findings after loading it.
    let last: LspDiagnostic[] | undefined;
    let quietSince = Date.now();
    for (;;) {
      const current = this.client.published.get(uri)?.at(-1)?.diagnostics;
      if (current !== last) {
        last = current;
        quietSince = Date.now();
      }
      if (last !== undefined && Date.now() - quietSince > 400) return last;
      if (Date.now() > deadline) throw new Error(`${this.version} published no diagnostics for ${file}`);
      await this.client.nextMessage(100);
    }
  }

  /** Completion items at a position of an open document. */
  async completion(file: string, line: number, character: number): Promise<string[]> {
    const result = await this.client.request<{ items?: { label: string }[] } | { label: string }[] | null>('textDocument/completion', { textDocument: { uri: pathToFileURL(file).href }, position: { line, character } });
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    return items.map((item) => item.label);
  }

  async stop(): Promise<void> {
    await this.client.stop();
  }
}
