import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './run-weft.js';

/** A diagnostic as yaml-language-server publishes it (0-based lines). */
export interface LspDiagnostic {
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
}

/**
 * A real yaml-language-server (an installed version: `yaml-language-server` or an npm alias such as
 * `yaml-language-server-1-15`) spoken to over stdio with JSON-RPC, as an editor does: the weft
 * schema mapped to the files by `yaml.schemas`, then each file opened and its diagnostics awaited.
 */
export class YamlLanguageServer {
  private readonly child: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();
  private readonly published = new Map<string, LspDiagnostic[][]>();
  private readonly waiters: (() => void)[] = [];

  private constructor(
    readonly version: string,
    private readonly settings: unknown,
  ) {
    const bin = path.join(repoRoot, 'node_modules', version, 'bin', 'yaml-language-server');
    this.child = spawn(process.execPath, [bin, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr!.resume();
  }

  /** Starts the server with the weft schema (a file) for the given globs. */
  static async start(version: string, schemaFile: string, globs: string[], root: string): Promise<YamlLanguageServer> {
    const settings = { yaml: { validate: true, hover: true, completion: true, schemas: { [pathToFileURL(schemaFile).href]: globs }, schemaStore: { enable: false } } };
    const server = new YamlLanguageServer(version, settings);
    await server.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'project' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: false } } } },
    });
    server.notify('initialized', {});
    server.notify('workspace/didChangeConfiguration', { settings });
    return server;
  }

  /** Opens a document and waits for the diagnostics the server publishes for it (after it settles). */
  async diagnostics(file: string, text: string): Promise<LspDiagnostic[]> {
    const uri = pathToFileURL(file).href;
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const deadline = Date.now() + 15_000;
    // The server may publish an empty list first and the schema's findings after loading it.
    let last: LspDiagnostic[] | undefined;
    let quietSince = Date.now();
    for (;;) {
      const lists = this.published.get(uri) ?? [];
      const current = lists.at(-1);
      if (current !== last) {
        last = current;
        quietSince = Date.now();
      }
      if (last !== undefined && Date.now() - quietSince > 400) return last;
      if (Date.now() > deadline) throw new Error(`${this.version} published no diagnostics for ${file}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Completion items at a position of an open document. */
  async completion(file: string, line: number, character: number): Promise<string[]> {
    const result = (await this.request('textDocument/completion', { textDocument: { uri: pathToFileURL(file).href }, position: { line, character } })) as { items?: { label: string }[] } | { label: string }[] | null;
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    return items.map((item) => item.label);
  }

  async stop(): Promise<void> {
    await Promise.race([this.request('shutdown', null), new Promise((resolve) => setTimeout(resolve, 2000))]);
    this.notify('exit', null);
    this.child.kill();
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return new Promise((resolve) => this.pending.set(id, resolve));
  }

  private notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  private send(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin!.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as { id?: number; method?: string; params?: unknown; result?: unknown };
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.handle(message);
    }
  }

  private handle(message: { id?: number; method?: string; params?: unknown; result?: unknown }): void {
    if (message.method === undefined && message.id !== undefined) {
      this.pending.get(message.id)?.(message.result);
      this.pending.delete(message.id);
      return;
    }
    if (message.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics } = message.params as { uri: string; diagnostics: LspDiagnostic[] };
      this.published.set(uri, [...(this.published.get(uri) ?? []), diagnostics]);
      for (const wake of this.waiters.splice(0)) wake();
      return;
    }
    // The server's requests of the client: its settings, registrations, progress.
    if (message.id !== undefined && message.method !== undefined) {
      const result = message.method === 'workspace/configuration' ? ((message.params as { items: { section?: string }[] }).items ?? []).map((item) => (item.section === 'yaml' ? (this.settings as { yaml: unknown }).yaml : item.section ? undefined : this.settings)) : null;
      this.send({ jsonrpc: '2.0', id: message.id, result });
    }
  }
}
