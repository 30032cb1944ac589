import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, type LspPosition, type LspRange } from './lsp-client.js';
import { weftBinary, weftEnvironment } from './run-weft.js';

export interface TextEdit {
  range: LspRange;
  newText: string;
}

/** `weft lsp` in a child process, with the editor's side: open buffers, edits, and requests by file and text. */
export class WeftLsp {
  readonly client: LspClient;
  private readonly versions = new Map<string, number>();
  /** The text the editor holds for each open file. */
  readonly buffers = new Map<string, string>();

  private constructor(
    readonly root: string,
    args: readonly string[],
    env: Record<string, string | undefined>,
  ) {
    this.client = new LspClient(process.execPath, [weftBinary, 'lsp', ...args], { cwd: root, env: weftEnvironment(env) });
  }

  /** Starts the server with `root` as the workspace folder (or `workspace`, when the project is below it). */
  static async start(root: string, options: { args?: string[]; workspace?: string; env?: Record<string, string | undefined>; capabilities?: unknown } = {}): Promise<WeftLsp> {
    const server = new WeftLsp(root, options.args ?? ['--stdio'], options.env ?? {});
    const folder = pathToFileURL(options.workspace ?? root).href;
    await server.client.request('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'project' }], capabilities: options.capabilities ?? {} });
    server.client.notify('initialized', {});
    return server;
  }

  uri(file: string): string {
    return pathToFileURL(path.join(this.root, file)).href;
  }

  /** Opens a file as the editor does, with its text on disk unless given. */
  async open(file: string, text?: string): Promise<string> {
    const content = text ?? (await readFile(path.join(this.root, file), 'utf8'));
    this.versions.set(file, 1);
    this.buffers.set(file, content);
    this.client.notify('textDocument/didOpen', { textDocument: { uri: this.uri(file), languageId: 'yaml', version: 1, text: content } });
    return content;
  }

  /** Replaces the first occurrence of `from` in an open buffer (unsaved), as an incremental change. */
  change(file: string, from: string, to: string): void {
    const text = this.buffers.get(file)!;
    const at = text.indexOf(from);
    if (at === -1) throw new Error(`'${from}' is not in ${file}`);
    const version = this.versions.get(file)! + 1;
    this.versions.set(file, version);
    this.buffers.set(file, text.slice(0, at) + to + text.slice(at + from.length));
    this.client.notify('textDocument/didChange', {
      textDocument: { uri: this.uri(file), version },
      contentChanges: [{ range: { start: positionOf(text, at), end: positionOf(text, at + from.length) }, text: to }],
    });
  }

  close(file: string): void {
    this.buffers.delete(file);
    this.client.notify('textDocument/didClose', { textDocument: { uri: this.uri(file) } });
  }

  /** The position of the `nth` occurrence of `needle` in a file's text (open buffer or disk), plus `offset` characters. */
  async position(file: string, needle: string, offset = 0, nth = 0): Promise<LspPosition> {
    const text = this.buffers.get(file) ?? (await readFile(path.join(this.root, file), 'utf8'));
    let at = -1;
    for (let index = 0; index <= nth; index++) {
      at = text.indexOf(needle, at + 1);
      if (at === -1) throw new Error(`'${needle}' (${nth + 1}) is not in ${file}`);
    }
    return positionOf(text, at + offset);
  }

  request<T>(method: string, file: string, position: LspPosition, extra: Record<string, unknown> = {}): Promise<T> {
    return this.client.request<T>(method, { textDocument: { uri: this.uri(file) }, position, ...extra });
  }

  stop(): Promise<number | null> {
    return this.client.stop();
  }
}

export function positionOf(text: string, offset: number): LspPosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The text a range covers. */
export function textAt(text: string, range: LspRange): string {
  return text.slice(offsetOf(text, range.start), offsetOf(text, range.end));
}

export function offsetOf(text: string, position: LspPosition): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let line = 0; line < position.line; line++) offset += lines[line]!.length + 1;
  return offset + position.character;
}

/** Applies LSP text edits to a text (from the last to the first, as editors do). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offsetOf(result, edit.range.start)) + edit.newText + result.slice(offsetOf(result, edit.range.end));
  return result;
}
