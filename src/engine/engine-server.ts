import type { Log } from '../runtime/log.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { bundleProblem, type Bundle } from '../compile/compile-bundle.js';
import { EngineBusyError, isRevisionSource, StaleStateError, type PlaceholderRef, type RevisionSource } from './engine.js';
import type { LocalEngine } from './local-engine.js';
import { RunServiceError } from './run-service.js';
import { isSecretPath } from './secret-path.js';
import { WebhookRefusal, type FlowRunner } from './flow-runner.js';
import { EngineUi, type UiOptions } from './ui/ui-server.js';
import type { EngineMetrics } from './metrics.js';
import { readLimited } from './read-body.js';
import { isResourceName } from '../schema/resource-name.js';

/** The largest request body accepted: a bundle of many thousands of resources fits. */
const maxBodyBytes = 256 * 1024 * 1024;

/** Webhook bodies buffered at once, across requests, unless the options say otherwise. */
const defaultWebhookBufferBytes = 64 * 1024 * 1024;

export interface EngineServerOptions {
  /** The bearer token every /v1/ request must carry. */
  token: string;
  /** `/metrics` in Prometheus' text format, behind the engine token or `metricsToken`. */
  metrics?: EngineMetrics;
  /** WEFT_METRICS_TOKEN: a bearer token that reads /metrics and nothing else. */
  metricsToken?: string;
  /** The dashboard at /ui/ (signed in with the token, or this read-only one), unless false. */
  ui?: Omit<UiOptions, 'token'> | false;
  /** Runs flows on their triggers: webhooks, manual runs; reloaded after an apply. */
  runner?: FlowRunner;
  /** One line per request (method, path, status, time); never a body or a header. */
  log?: Log;
  /**
   * The most bytes of webhook bodies held at once, across concurrent requests (64 MiB): a
   * request beyond it is answered 503 with Retry-After, before or while its body is read.
   */
  webhookBufferBytes?: number;
}

/** An error answer: the status and a JSON body with a machine-readable `error`. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Bytes held by requests in flight, against one limit for all of them. */
class ByteBudget {
  private used = 0;
  constructor(private readonly limit: number) {}

  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used -= bytes;
  }
}

/** What a handler gets: the request, the route's captures, the engine and its runner. */
interface RouteContext {
  request: IncomingMessage;
  params: string[];
  query: URLSearchParams;
  engine: LocalEngine;
  runner: FlowRunner | undefined;
}

/** A route of the admin API: every one of them requires the bearer token. */
export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Matched against the path after /v1/. */
  pattern: RegExp;
  /** A path that matches, for tests that must cover every route. */
  example: string;
  handle(context: RouteContext): Promise<[status: number, body: unknown]>;
}

/**
 * The admin API as a table of small handlers over the engine and its runner. Tests derive their
 * checks from it (every route refuses a request without the token), so a new route is covered.
 */
export const adminRoutes: readonly AdminRoute[] = [
  { method: 'GET', pattern: /^state$/, example: 'state', handle: async ({ engine }) => [200, await engine.readState()] },
  {
    method: 'POST',
    pattern: /^placeholders\/resolve$/,
    example: 'placeholders/resolve',
    async handle({ request, engine }) {
      const { placeholders } = (await readJson(request)) as { placeholders?: unknown };
      if (!Array.isArray(placeholders) || !placeholders.every(isPlaceholder)) throw new HttpError(400, 'bad-request', 'expected { placeholders: [{ source: env|secret, name, default? }] }');
      return [200, { resolves: await engine.resolves(placeholders) }];
    },
  },
  {
    method: 'POST',
    pattern: /^apply$/,
    example: 'apply',
    async handle({ request, engine, runner }) {
      const body = (await readJson(request)) as { stateRevision?: unknown; bundle?: unknown; user?: unknown; lockTimeoutMs?: unknown; source?: unknown };
      const bundle = checkedBundle(body.bundle);
      if (!Number.isSafeInteger(body.stateRevision) || typeof body.user !== 'string') throw new HttpError(400, 'bad-request', 'expected { stateRevision, bundle, user, lockTimeoutMs?, source? }');
      const source = body.source === undefined ? undefined : checkedSource(body.source);
      const lockTimeoutMs = typeof body.lockTimeoutMs === 'number' && body.lockTimeoutMs >= 0 ? Math.min(body.lockTimeoutMs, 10 * 60_000) : 0;
      try {
        // The engine plans the bundle itself against its own state, and applies only if that
        // state is still the revision the client planned against (checked inside the lock).
        const { revision, summary } = await engine.applyBundle(bundle, body.stateRevision as number, body.user.slice(0, 200), lockTimeoutMs, source);
        // The new revision's triggers take over at once.
        await runner?.reload();
        return [200, { revision: revision ?? null, summary }];
      } catch (error) {
        if (error instanceof StaleStateError) throw new HttpError(409, 'stale-state', error.message, { expected: error.expected, actual: error.actual });
        if (error instanceof EngineBusyError) throw new HttpError(423, 'locked', error.message, { holder: error.holder });
        throw error;
      }
    },
  },
  { method: 'GET', pattern: /^revisions$/, example: 'revisions', handle: async ({ engine }) => [200, { revisions: await engine.revisions() }] },
  {
    method: 'GET',
    pattern: /^revisions\/(\d{1,15})\/bundle$/,
    example: 'revisions/1/bundle',
    async handle({ params, engine }) {
      const bundle = await engine.revisionBundle(Number(params[0]));
      if (!bundle) throw new HttpError(404, 'not-found', `there is no revision ${params[0]}`);
      return [200, bundle];
    },
  },
  {
    method: 'POST',
    pattern: /^flows\/([a-z][a-z0-9-]{0,62})\/runs$/,
    example: 'flows/some-flow/runs',
    async handle({ request, params, runner }) {
      const flows = needRunner(runner);
      const { records } = (request.headers['content-length'] === '0' ? {} : await readJson(request)) as { records?: unknown };
      if (records !== undefined && !Array.isArray(records)) throw new HttpError(400, 'bad-request', 'expected { records?: [...] }');
      const id = await refusals(() => flows.runNow(params[0]!, records as unknown[] | undefined));
      if (!id) throw new HttpError(429, 'busy', `flow '${params[0]}' is at its concurrency limit`);
      return [202, { run: id }];
    },
  },
  {
    method: 'GET',
    pattern: /^runs$/,
    example: 'runs',
    async handle({ query, engine }) {
      const flow = query.get('flow') ?? undefined;
      if (flow !== undefined && !isResourceName(flow)) throw new HttpError(400, 'bad-request', 'flow must be a flow name');
      return [200, { runs: await engine.runs(flow) }];
    },
  },
  {
    method: 'POST',
    pattern: /^runs$/,
    example: 'runs',
    async handle({ request, runner }) {
      // A run of a flow of the bundle sent (weft run's working tree), recorded like any run.
      const flows = needRunner(runner);
      const body = (await readJson(request)) as { flow?: unknown; bundle?: unknown; records?: unknown };
      const bundle = checkedBundle(body.bundle);
      if (typeof body.flow !== 'string' || (body.records !== undefined && !Array.isArray(body.records))) throw new HttpError(400, 'bad-request', 'expected { flow, bundle, records? }');
      const flow = body.flow;
      if (!bundle.resources.some((resource) => resource.kind === 'Flow' && resource.name === flow)) throw new HttpError(404, 'not-found', `the bundle has no flow '${flow}'`);
      const id = await flows.acceptRun({ bundle, revision: null, flow, trigger: 'manual (weft run)', ...(body.records !== undefined && { passes: [{ records: body.records as unknown[] }] }) });
      return [202, { run: id }];
    },
  },
  {
    method: 'GET',
    pattern: /^runs\/([\w-]{1,80})$/,
    example: 'runs/some-run',
    async handle({ params, engine }) {
      const run = await engine.run(params[0]!);
      if (!run) throw new HttpError(404, 'not-found', `there is no run '${params[0]}'`);
      return [200, run];
    },
  },
  {
    method: 'POST',
    pattern: /^runs\/([\w-]{1,80})\/retry$/,
    example: 'runs/some-run/retry',
    async handle({ request, params, runner }) {
      const flows = needRunner(runner);
      const bundle = checkedBundle(((await readJson(request)) as { bundle?: unknown }).bundle);
      const start = await refusals(() => flows.runs.retryStart(params[0]!, bundle, null));
      return [202, { run: await flows.acceptRun(start) }];
    },
  },
  {
    method: 'POST',
    pattern: /^runs\/([\w-]{1,80})\/resume$/,
    example: 'runs/some-run/resume',
    async handle({ request, params, engine, runner }) {
      const flows = needRunner(runner);
      const given = ((request.headers['content-length'] === '0' ? {} : await readJson(request)) as { bundle?: unknown }).bundle;
      const bundle = await refusals(() => engine.resumable(params[0]!, given === undefined ? undefined : checkedBundle(given)));
      const run = (await engine.run(params[0]!))!;
      flows.resumeRun(run.id, run.flow, bundle);
      return [202, { run: run.id }];
    },
  },
  { method: 'GET', pattern: /^paused$/, example: 'paused', handle: async ({ engine }) => [200, { paused: await engine.paused() }] },
  { method: 'GET', pattern: /^secrets$/, example: 'secrets', handle: async ({ engine }) => [200, { paths: await engine.secretPaths() }] },
  {
    method: 'PUT',
    pattern: /^secrets\/(.+)$/,
    example: 'secrets/some/secret',
    async handle({ request, params, engine }) {
      const secretPath = checkedSecretPath(params[0]!);
      const { value } = (await readJson(request)) as { value?: unknown };
      if (typeof value !== 'string' || value === '') throw new HttpError(400, 'bad-request', 'expected { value: "<non-empty string>" }');
      await engine.setSecret(secretPath, value);
      return [200, { stored: secretPath }];
    },
  },
  {
    method: 'DELETE',
    pattern: /^secrets\/(.+)$/,
    example: 'secrets/some/secret',
    async handle({ params, engine }) {
      const secretPath = checkedSecretPath(params[0]!);
      if (!(await engine.removeSecret(secretPath))) throw new HttpError(404, 'not-found', `there is no secret '${secretPath}'`);
      return [200, { removed: true }];
    },
  },
];

/**
 * The engine's HTTP face: `/healthz`, signed webhooks on `/hooks/<path>`, and the admin API under
 * `/v1/` behind a bearer token (compared in constant time; a request without it gets 401 and
 * changes nothing).
 */
export function createEngineServer(engine: LocalEngine, options: EngineServerOptions): Server {
  const expected = digest(options.token);
  const log = options.log ?? (() => {});
  const webhookBuffer = new ByteBudget(options.webhookBufferBytes ?? defaultWebhookBufferBytes);
  const ui = options.ui === false ? undefined : new EngineUi(engine, options.runner, { token: options.token, ...options.ui });
  const server = createServer((request, response) => {
    const started = performance.now();
    const target = request.url ?? '/';
    const pathname = requestPath(target);
    response.on('finish', () => {
      const ms = Math.round(performance.now() - started);
      log(`${request.method} ${pathname ?? '(bad path)'} ${response.statusCode} ${ms}ms`, { method: request.method, path: pathname ?? '(bad path)', status: response.statusCode, ms });
    });
    if (ui && pathname !== undefined && (pathname === '/ui' || pathname.startsWith('/ui/'))) return ui.serve(request, response, pathname, queryOf(target));
    if (pathname === '/metrics' && options.metrics) return void serveMetrics(request, response, options.metrics, expected, options.metricsToken === undefined ? undefined : digest(options.metricsToken));
    (pathname === undefined
      ? Promise.reject(new HttpError(400, 'bad-request', 'the request path is not a plain absolute path'))
      : handle(engine, expected, request, pathname, queryOf(target), options.runner, webhookBuffer)
    ).then(
      ([status, body]) => send(response, status, body),
      (error: unknown) => {
        const known = error instanceof HttpError ? error : undefined;
        if (!known) log(`internal error on ${request.method} ${pathname}: ${(error as Error)?.message ?? String(error)}`, { level: 'error', method: request.method, path: pathname });
        if (known?.status === 401 && !pathname?.startsWith('/hooks/')) response.setHeader('www-authenticate', 'Bearer realm="weft"');
        for (const [name, value] of Object.entries(known?.headers ?? {})) response.setHeader(name, value);
        // A refused request's body is not read to its end: the connection closes after the answer.
        if (known?.status === 401 || !request.complete) response.setHeader('connection', 'close');
        send(response, known?.status ?? 500, { error: known?.error ?? 'internal', message: known?.message ?? 'internal error; see the engine log', ...known?.extra });
      },
    );
  });
  if (ui) {
    // The dashboard's live streams never end on their own: closing the server ends them, so a
    // stopping engine is not held by an open browser tab.
    const close = server.close.bind(server);
    server.close = ((callback?: (error?: Error) => void) => {
      ui.endLiveStreams();
      return close(callback);
    }) as Server['close'];
  }
  return server;
}

/**
 * Prometheus' scrape: GET with the engine token or the metrics token as a bearer token (a
 * scraper gets the one that reads metrics and nothing else).
 */
export function serveMetrics(request: IncomingMessage, response: ServerResponse, metrics: EngineMetrics, engineToken: Buffer | undefined, metricsToken: Buffer | undefined): void {
  const refuse = (status: number, error: string, message: string, headers: Record<string, string> = {}) => {
    request.resume();
    for (const [name, value] of Object.entries({ connection: 'close', ...headers })) response.setHeader(name, value);
    send(response, status, { error, message });
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method-not-allowed', 'use GET');
  if (!(engineToken && authorized(request.headers.authorization, engineToken)) && !(metricsToken && authorized(request.headers.authorization, metricsToken))) {
    return refuse(401, 'unauthorized', 'a bearer token is required (WEFT_METRICS_TOKEN or WEFT_ENGINE_TOKEN)', { 'www-authenticate': 'Bearer realm="weft"' });
  }
  metrics.text().then(
    (text) => {
      response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : text);
    },
    () => refuse(500, 'internal', 'the metrics could not be gathered; see the engine log'),
  );
}

async function handle(
  engine: LocalEngine,
  expected: Buffer,
  request: IncomingMessage,
  pathname: string,
  query: URLSearchParams,
  runner: FlowRunner | undefined,
  webhookBuffer: ByteBudget,
): Promise<[number, unknown]> {
  const method = request.method ?? 'GET';
  if (pathname === '/healthz') {
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method-not-allowed', 'use GET');
    return [200, { status: 'ok' }];
  }
  if (pathname.startsWith('/hooks/') && runner) return webhook(request, pathname, runner, webhookBuffer);
  if (!pathname.startsWith('/v1/')) throw new HttpError(404, 'no-route', `no route ${pathname}`);
  if (!authorized(request.headers.authorization, expected)) {
    // Nothing is read or changed for a request without the right token, not even its body.
    request.resume();
    throw new HttpError(401, 'unauthorized', 'a bearer token is required (Authorization: Bearer <WEFT_ENGINE_TOKEN>)');
  }
  const route = pathname.slice('/v1/'.length);
  const matching = adminRoutes.map((entry) => ({ entry, match: entry.pattern.exec(route) })).filter(({ match }) => match !== null);
  if (matching.length === 0) throw new HttpError(404, 'no-route', `no route ${pathname}`);
  const chosen = matching.find(({ entry }) => entry.method === method);
  if (!chosen) throw new HttpError(405, 'method-not-allowed', `${route} takes ${[...new Set(matching.map(({ entry }) => entry.method))].join(' or ')}`);
  return chosen.entry.handle({ request, params: chosen.match!.slice(1), query, engine, runner });
}

/**
 * Public, but signed when the flow says so: the signature is checked over the raw body. What the
 * headers can refuse (no such path, no well-formed signature, a stale timestamp) is refused
 * before a byte of the body is read; the bodies being read share one budget of memory.
 */
async function webhook(request: IncomingMessage, pathname: string, runner: FlowRunner, budget: ByteBudget): Promise<[number, unknown]> {
  if (request.method !== 'POST') throw new HttpError(405, 'method-not-allowed', 'webhooks take POST');
  const path = pathname.slice('/hooks/'.length);
  const hook = runner.webhook(path);
  if (!hook) throw new HttpError(404, 'not-found', `no flow listens on ${pathname}`);
  await refusals(async () => runner.checkWebhookHeaders(path, request.headers));
  const { body, held } = await readWebhookBody(request, hook.maxBodyBytes, budget);
  try {
    // 202 only once the run and its payload are on disk: a crash after it loses nothing.
    const { run, duplicate } = await refusals(() => runner.acceptWebhook(path, request.headers, body));
    return duplicate ? [200, { duplicate: true, run }] : [202, { run }];
  } finally {
    budget.give(held);
  }
}

/**
 * A webhook's raw body, refused with 413 past `limit` bytes and with 503 when the bodies being
 * read would hold more than the budget (a declared length is taken from it at once). The
 * bytes held are the caller's to give back.
 */
async function readWebhookBody(request: IncomingMessage, limit: number, budget: ByteBudget): Promise<{ body: Buffer; held: number }> {
  const tooLarge = () => new HttpError(413, 'too-large', `the body is over ${limit} bytes`);
  const busy = () => new HttpError(503, 'busy', 'the engine is reading too many webhook bodies at once; retry later', {}, { 'retry-after': '1' });
  const declared = request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length']);
  if (declared !== undefined && declared > limit) throw tooLarge();
  let held = 0;
  if (declared !== undefined) {
    if (!budget.take(declared)) throw busy();
    held = declared;
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onAbort);
      request.off('close', onAbort);
    };
    const fail = (error: HttpError) => {
      stop();
      // Nothing more is read: the answer closes the connection.
      request.pause();
      budget.give(held);
      held = 0;
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return fail(tooLarge());
      if (size > held) {
        if (!budget.take(size - held)) return fail(busy());
        held = size;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve({ body: Buffer.concat(chunks, size), held });
    };
    const onAbort = () => fail(new HttpError(400, 'bad-request', 'the request ended before its body'));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onAbort);
    request.on('close', onAbort);
  });
}

/** A runner's and run service's refusals as HTTP errors. */
async function refusals<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WebhookRefusal) throw new HttpError(error.status, error.status === 401 ? 'unauthorized' : error.status === 404 ? 'not-found' : 'refused', error.message, {}, error.status === 503 ? { 'retry-after': '5' } : {});
    if (error instanceof RunServiceError) throw new HttpError(/there is no run/.test(error.message) ? 404 : 409, /there is no run/.test(error.message) ? 'not-found' : 'refused', error.message);
    throw error;
  }
}

function needRunner(runner: FlowRunner | undefined): FlowRunner {
  if (!runner) throw new HttpError(404, 'no-route', 'this engine runs no flows');
  return runner;
}

function checkedSecretPath(secretPath: string): string {
  if (!isSecretPath(secretPath)) throw new HttpError(400, 'bad-request', 'a secret path is segments of letters, digits, ".", "_" and "-" separated by "/"');
  return secretPath;
}

/**
 * The path of a request target, as given: a target that is not an absolute path, or that has a
 * '.' or '..' segment (plain or percent-encoded), is refused rather than normalised, so a request
 * always reaches the route and the secret it names.
 */
function requestPath(target: string): string | undefined {
  const raw = target.split('?')[0]!;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return undefined;
  if (raw.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) return undefined;
  try {
    return new URL(raw, 'http://engine').pathname === raw ? raw : undefined;
  } catch {
    return undefined;
  }
}

function queryOf(target: string): URLSearchParams {
  const at = target.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : target.slice(at + 1));
}

export function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Compares digests, which have one length, in constant time: the token's length leaks nothing either. */
function authorized(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer (.+)$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), expected);
}

function isPlaceholder(value: unknown): value is PlaceholderRef {
  const candidate = value as Partial<PlaceholderRef> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    (candidate.source === 'env' || candidate.source === 'secret') &&
    typeof candidate.name === 'string' &&
    (candidate.default === undefined || typeof candidate.default === 'string')
  );
}

/** Where an apply says its bundle came from, as `isRevisionSource` accepts it. */
function checkedSource(value: unknown): RevisionSource {
  if (!isRevisionSource(value)) throw new HttpError(400, 'bad-request', 'source must be { commit: a full git commit id, branch: string | null, dirty: boolean, author: string }');
  return { commit: value.commit, branch: value.branch, dirty: value.dirty, author: value.author };
}

/** A bundle whose hashes match its content: a truncated or altered one is refused. */
function checkedBundle(value: unknown): Bundle {
  const problem = bundleProblem(value);
  if (problem) throw new HttpError(400, 'bad-request', `the bundle is refused: ${problem}`);
  return value as Bundle;
}

/** A raw body, refused with 413 past `limit` bytes. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return readLimited(request, limit, () => new HttpError(413, 'too-large', `the body is over ${limit} bytes`));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'unsupported-media-type', 'send application/json');
  const body = await readBody(request, maxBodyBytes);
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch {
    // Not the parser's message: it quotes the body, which may hold a secret's value.
    throw new HttpError(400, 'bad-request', 'the body is not a JSON object');
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  response.end(text);
}
