import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CompletionItemKind,
  DidChangeWatchedFilesNotification,
  DiagnosticSeverity,
  MarkupKind,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { findProjectFile } from '../pipeline/load-project.js';
import type { ValidationResult } from '../pipeline/validate-project.js';
import { IncrementalProject } from '../watch/incremental-project.js';
import { projectFileCache } from '../cache/file-cache.js';
import { version } from '../cli/version.js';
import { offsetAt, rangeOf } from './positions.js';
import { completionsAt, hoverFor, quickFixes, renameEdits, renameTarget, RenameError, type Edit } from './features.js';
import { definitionOf, occurrencesOf, symbolAt } from './symbols.js';

export interface LanguageServerOptions {
  /** The project directory; by default the client's workspace folder (or the nearest project above an opened file). */
  root?: string;
  env: Readonly<Record<string, string | undefined>>;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/**
 * `weft lsp`: the language server. It keeps the project as `weft watch` does (an incremental
 * project, each file re-read only when it changes) and reads the editor's open buffers instead of
 * the files on disk, so every diagnostic — cross-file ones included — follows what is typed.
 * Resolves when the client has shut the server down and exited.
 */
export function startLanguageServer(options: LanguageServerOptions): Promise<void> {
  const connection = createConnection(options.input, options.output);
  const documents = new TextDocuments(TextDocument);
  const server = new ProjectSession(connection, options);

  let watchFilesDynamically = false;
  connection.onInitialize((params) => {
    watchFilesDynamically = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    server.workspace = options.root ?? (folder ? fileURLToPath(folder) : (params.rootPath ?? undefined));
    return {
      serverInfo: { name: 'weft', version },
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        definitionProvider: true,
        referencesProvider: true,
        hoverProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: [':', ' ', '.', '{', "'", '"'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
    };
  });
  connection.onInitialized(() => {
    // Clients that can be asked to (Neovim, Helix…) watch the project's files for changes made
    // outside the editor; VS Code's client is told so by the extension.
    if (watchFilesDynamically) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml,csv}' }, { globPattern: '**/package.json' }, { globPattern: '**/node_modules/.package-lock.json' }] });
    void server.start();
  });

  documents.onDidChangeContent(({ document }) => server.edited(document.uri, document.getText()));
  documents.onDidClose(({ document }) => server.edited(document.uri, undefined));
  connection.onDidChangeWatchedFiles(({ changes }) => server.changedOnDisk(changes.map((change) => change.uri)));

  connection.onDefinition(async ({ textDocument, position }) => {
    const at = await server.at(textDocument.uri, position);
    const symbol = at && symbolAt(at.result, at.file, at.offset);
    const place = symbol && definitionOf(at.result, symbol);
    return place ? server.location(at.result, place) : null;
  });
  connection.onReferences(async ({ textDocument, position, context }) => {
    const at = await server.at(textDocument.uri, position);
    const symbol = at && symbolAt(at.result, at.file, at.offset);
    if (!symbol) return [];
    const places = occurrencesOf(at.result, symbol);
    const definition = definitionOf(at.result, symbol);
    const kept = context.includeDeclaration || !definition ? places : places.filter((place) => !(place.file === definition.file && place.span[0] <= definition.span[0] && place.span[1] >= definition.span[0]));
    return kept.map((place) => server.location(at.result, place));
  });
  connection.onHover(async ({ textDocument, position }) => {
    const at = await server.at(textDocument.uri, position);
    const symbol = at && symbolAt(at.result, at.file, at.offset);
    const markdown = symbol && hoverFor(at.result, symbol);
    return markdown ? { contents: { kind: MarkupKind.Markdown, value: markdown } } : null;
  });
  connection.onCompletion(async ({ textDocument, position }) => {
    const at = await server.at(textDocument.uri, position);
    if (!at) return [];
    const text = at.result.project.sources.get(at.file)!;
    const kinds = { resource: CompletionItemKind.Reference, endpoint: CompletionItemKind.Method, input: CompletionItemKind.Property, field: CompletionItemKind.Field } as const;
    return completionsAt(at.result, at.file, at.offset).map((completion) => ({
      label: completion.label,
      kind: kinds[completion.kind],
      ...(completion.detail ? { detail: completion.detail } : {}),
      ...(completion.documentation ? { documentation: { kind: MarkupKind.Markdown, value: completion.documentation } } : {}),
      textEdit: { range: rangeOf(text, completion.replace), newText: completion.kind === 'input' ? `${completion.label}: ` : completion.label },
    }));
  });
  connection.onPrepareRename(async ({ textDocument, position }) => {
    const at = await server.at(textDocument.uri, position);
    const target = at && renameTarget(at.result, at.file, at.offset);
    if (!target) return null;
    const text = at.result.project.sources.get(target.place.file)!;
    return { range: rangeOf(text, target.place.span), placeholder: target.symbol.name };
  });
  connection.onRenameRequest(async ({ textDocument, position, newName }) => {
    const at = await server.at(textDocument.uri, position);
    if (!at) return null;
    try {
      return server.workspaceEdit(at.result, renameEdits(at.result, at.file, at.offset, newName));
    } catch (error) {
      if (error instanceof RenameError) throw new ResponseError(-32803, error.message);
      throw error;
    }
  });
  connection.onCodeAction(async ({ textDocument, context }) => {
    const at = await server.at(textDocument.uri, { line: 0, character: 0 });
    if (!at) return [];
    const text = at.result.project.sources.get(at.file)!;
    return context.diagnostics.flatMap((diagnostic) =>
      quickFixes(at.file, text, {
        ...(typeof diagnostic.code === 'string' ? { code: diagnostic.code } : {}),
        message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
        ...(typeof (diagnostic.data as { hint?: unknown } | undefined)?.hint === 'string' ? { hint: (diagnostic.data as { hint: string }).hint } : {}),
        span: [offsetAt(text, diagnostic.range.start), offsetAt(text, diagnostic.range.end)],
      }).map((fix) => ({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        ...(fix.preferred ? { isPreferred: true } : {}),
        edit: server.workspaceEdit(at.result, fix.edits),
      })),
    );
  });

  documents.listen(connection);
  connection.listen();
  return new Promise((resolve) => connection.onExit(() => resolve()));
}

/** The project the server keeps, its validation after each change, and the diagnostics it published. */
class ProjectSession {
  workspace: string | undefined;
  private project: IncrementalProject | undefined;
  private root: string | undefined;
  private latest: ValidationResult | undefined;
  /** Paths changed since the last validation (buffers or files on disk). */
  private pending = new Set<string>();
  private cycle: Promise<void> | undefined;
  private again = false;
  private started = false;
  /** While start() looks for the project: edits that arrive meanwhile wait for it. */
  private starting = false;
  /** What was last published for each file with diagnostics: sent again only when it changes, cleared when there are none. */
  private published = new Map<string, string>();
  /** Buffers seen before the project was found: applied when it is. */
  private readonly early = new Map<string, string | undefined>();
  /** Settles once the first look for the project (and its first validation) is done: requests wait for it. */
  private readonly ready: Promise<void>;
  private markReady!: () => void;
  /** Looks for the project above opened files, while there is none: requests wait for them too. */
  private finding: Promise<void> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly options: LanguageServerOptions,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  async start(): Promise<void> {
    this.started = true;
    this.starting = true;
    if (this.workspace) await this.open(this.workspace);
    for (const uri of this.early.keys()) if (!this.project) await this.findProjectAbove(uri);
    this.starting = false;
    this.applyEarly();
    this.schedule();
    await this.settled();
    this.markReady();
  }

  /** An open document's text changed (or it closed: undefined). */
  edited(uri: string, text: string | undefined): void {
    if (!this.project) {
      this.early.set(uri, text);
      // While start() looks for the project it applies these itself when done.
      if (this.started && !this.starting) {
        const finding = this.findProjectAbove(uri).then(() => (this.applyEarly(), this.schedule()));
        this.finding = Promise.all([this.finding, finding]).then(() => undefined);
      }
      return;
    }
    const relative = this.relative(uri);
    if (relative === undefined) return;
    this.project.setBuffer(relative, text);
    this.pending.add(relative);
    this.schedule();
  }

  changedOnDisk(uris: string[]): void {
    for (const uri of uris) {
      const relative = this.relative(uri);
      if (relative !== undefined) this.pending.add(relative);
    }
    this.schedule();
  }

  /** The latest validation (after the changes made so far) and an LSP position as an offset in a file. */
  async at(uri: string, position: { line: number; character: number }): Promise<{ result: ValidationResult; file: string; offset: number } | undefined> {
    await this.ready;
    await this.finding;
    await this.settled();
    const file = this.relative(uri);
    const result = this.latest;
    const text = file === undefined ? undefined : result?.project.sources.get(file);
    if (!result || file === undefined || text === undefined) return undefined;
    return { result, file, offset: offsetAt(text, position) };
  }

  location(result: ValidationResult, place: { file: string; span: [number, number] }) {
    const text = result.project.sources.get(place.file) ?? '';
    return { uri: this.uri(place.file), range: rangeOf(text, place.span) };
  }

  workspaceEdit(result: ValidationResult, edits: Edit[]): WorkspaceEdit {
    const changes: Record<string, { range: ReturnType<typeof rangeOf>; newText: string }[]> = {};
    for (const edit of edits) {
      const text = result.project.sources.get(edit.file) ?? '';
      (changes[this.uri(edit.file)] ??= []).push({ range: rangeOf(text, edit.span), newText: edit.text });
    }
    return { changes };
  }

  private async open(directory: string): Promise<boolean> {
    const found = await findProjectFile(directory).then(
      () => true,
      () => false,
    );
    if (!found) return false;
    // Found already by another look (the project is chosen once; edits were kept for it).
    if (this.project) return true;
    this.root = directory;
    // Opened from what `weft validate` (or the last session) left in .weft/cache/.
    this.project = new IncrementalProject(directory, this.options.env, undefined, projectFileCache(directory, this.options.env));
    return true;
  }

  /** With no project at the workspace's root: the nearest folder above an opened file that has one. */
  private async findProjectAbove(uri: string): Promise<void> {
    if (this.project || !uri.startsWith('file:')) return;
    let directory = path.dirname(fileURLToPath(uri));
    for (;;) {
      if (await this.open(directory)) return;
      const parent = path.dirname(directory);
      if (parent === directory) return;
      directory = parent;
    }
  }

  private applyEarly(): void {
    if (!this.project) return;
    for (const [uri, text] of this.early) {
      const relative = this.relative(uri);
      if (relative !== undefined) this.project.setBuffer(relative, text);
    }
    this.early.clear();
  }

  private schedule(): void {
    if (!this.project || !this.started) return;
    if (this.cycle) {
      this.again = true;
      return;
    }
    this.cycle = this.validate().finally(() => {
      this.cycle = undefined;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    });
  }

  /** Resolves when no validation is running or due: answers then reflect every change sent before the request. */
  private async settled(): Promise<void> {
    while (this.cycle) await this.cycle;
  }

  private async validate(): Promise<void> {
    const project = this.project!;
    // Let the edits of one burst (a paste, a rename applied to many files) arrive first.
    await new Promise((resolve) => setImmediate(resolve));
    const changed = [...this.pending];
    this.pending.clear();
    try {
      if (!this.latest) await project.rediscover();
      else await project.update(changed);
      this.latest = project.validateEveryEnvironment();
      this.publish(this.latest.diagnostics);
    } catch (error) {
      this.connection.console.error(`weft: ${(error as Error).message}`);
    }
  }

  private publish(diagnostics: readonly Diagnostic[]): void {
    const byFile = new Map<string, LspDiagnostic[]>();
    for (const diagnostic of diagnostics) {
      const list = byFile.get(diagnostic.file) ?? [];
      list.push(toLsp(diagnostic));
      byFile.set(diagnostic.file, list);
    }
    // An edit changes the diagnostics of a few files: a project with a warning in 600 files
    // would otherwise send 600 notifications per keystroke.
    for (const file of this.published.keys()) if (!byFile.has(file)) void this.connection.sendDiagnostics({ uri: this.uri(file), diagnostics: [] });
    const published = new Map<string, string>();
    for (const [file, list] of byFile) {
      const text = JSON.stringify(list);
      published.set(file, text);
      if (this.published.get(file) !== text) void this.connection.sendDiagnostics({ uri: this.uri(file), diagnostics: list });
    }
    this.published = published;
  }

  private relative(uri: string): string | undefined {
    if (!this.project || !uri.startsWith('file:')) return undefined;
    return this.project.relative(fileURLToPath(uri));
  }

  private uri(file: string): string {
    return pathToFileURL(path.join(this.root!, ...file.split('/'))).href;
  }
}

function toLsp(diagnostic: Diagnostic): LspDiagnostic {
  return {
    // Lines and columns are 1-based, the end column inclusive; LSP's are 0-based with the end exclusive.
    range: { start: { line: diagnostic.line - 1, character: diagnostic.column - 1 }, end: { line: diagnostic.endLine - 1, character: diagnostic.endColumn } },
    severity: diagnostic.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: diagnostic.code,
    source: 'weft',
    message: diagnostic.hint ? `${diagnostic.message}\n${diagnostic.hint}` : diagnostic.message,
    data: { ...(diagnostic.hint ? { hint: diagnostic.hint } : {}), ...(diagnostic.pointer !== undefined ? { pointer: diagnostic.pointer } : {}) },
  };
}
