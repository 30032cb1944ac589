import { spawn, type ChildProcess } from 'node:child_process';

export interface LspPosition {
  line: number;
  character: number;
}
export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/** A diagnostic as a language server publishes it (0-based lines). */
export interface LspDiagnostic {
  message: string;
  range: LspRange;
  severity?: number;
  code?: string | number;
  source?: string;
  data?: unknown;
}

/** A published diagnostics list and when it arrived (performance.now()). */
export interface Publication {
  diagnostics: LspDiagnostic[];
  at: number;
}

/**
 * A language server in a child process, spoken to over stdio with JSON-RPC as an editor does:
 * Content-Length framing, requests matched to answers, published diagnostics kept per document,
 * and the server's own requests of the client answered by `answer`.
 */
export class LspClient {
  readonly child: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  readonly published = new Map<string, Publication[]>();
  private readonly waiters: (() => void)[] = [];
  /** What the server wrote to stderr. */
  stderr = '';
  /** Anything on stdout that is not a framed message (a server must write nothing else there). */
  stray = '';
  /** The server's requests of the client, in order. */
  readonly serverRequests: { method: string; params: unknown }[] = [];

  constructor(
    command: string,
    args: readonly string[],
    options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
    private readonly answer: (method: string, params: unknown) => unknown = () => null,
  ) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    this.child.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.on('exit', () => {
      for (const { reject } of this.pending.values()) reject(new Error(`the server exited; stderr: ${this.stderr}`));
      this.pending.clear();
    });
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject }));
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Waits until the diagnostics published for a document satisfy `accept` (the latest list); returns that publication. */
  async waitForDiagnostics(uri: string, accept: (diagnostics: LspDiagnostic[]) => boolean, timeoutMs = 10_000): Promise<Publication> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const latest = this.published.get(uri)?.at(-1);
      if (latest && accept(latest.diagnostics)) return latest;
      if (Date.now() > deadline) throw new Error(`no accepted diagnostics for ${uri} within ${timeoutMs} ms; latest: ${JSON.stringify(latest?.diagnostics)}; stderr: ${this.stderr}`);
      await this.nextMessage(100);
    }
  }

  /** Resolves at the next publication, or after `ms`. */
  nextMessage(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Shuts the server down as an editor does (shutdown, then exit) and waits for the process to end. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await Promise.race([this.request('shutdown', null).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000))]);
    this.notify('exit', null);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    return code;
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
      const header = this.buffer.subarray(0, end).toString();
      const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) {
        this.stray += header;
        this.buffer = this.buffer.subarray(end + 4);
        continue;
      }
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string; code: number } };
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.handle(message);
    }
  }

  private handle(message: { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string; code: number } }): void {
    if (message.method === undefined && message.id !== undefined) {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiting?.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else waiting?.resolve(message.result);
      return;
    }
    if (message.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics } = message.params as { uri: string; diagnostics: LspDiagnostic[] };
      this.published.set(uri, [...(this.published.get(uri) ?? []), { diagnostics, at: performance.now() }]);
      for (const wake of this.waiters.splice(0)) wake();
      return;
    }
    // The server's requests of the client: its settings, registrations, progress.
    if (message.id !== undefined && message.method !== undefined) {
      this.serverRequests.push({ method: message.method, params: message.params });
      this.send({ jsonrpc: '2.0', id: message.id, result: this.answer(message.method, message.params) ?? null });
    }
  }
}
