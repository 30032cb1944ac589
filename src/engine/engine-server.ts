import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { bundleProblem, type Bundle } from '../compile/compile-bundle.js';
import { computePlan } from '../plan/compute-plan.js';
import { EngineBusyError, StaleStateError, type PlaceholderRef } from './engine.js';
import type { LocalEngine } from './local-engine.js';
import { isSecretPath } from './secret-path.js';
import { WebhookRefusal, type FlowRunner } from './flow-runner.js';

/** The largest request body accepted: a bundle of many thousands of resources fits. */
const maxBodyBytes = 256 * 1024 * 1024;

export interface EngineServerOptions {
  /** The bearer token every /v1/ request must carry. */
  token: string;
  /** Runs flows on their triggers: webhooks, manual runs; reloaded after an apply. */
  runner?: FlowRunner;
  /** One line per request (method, path, status, time); never a body or a header. */
  log?: (line: string) => void;
}

/** An error answer: the status and a JSON body with a machine-readable `error`. */
class HttpError extends Error {
  constructor(readonly status: number, readonly error: string, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

/**
 * The engine's HTTP face: `/healthz`, and the admin API under `/v1/` behind a bearer token
 * (compared in constant time; a request without it gets 401 and changes nothing).
 */
export function createEngineServer(engine: LocalEngine, options: EngineServerOptions): Server {
  const expected = digest(options.token);
  const log = options.log ?? (() => {});
  return createServer((request, response) => {
    const started = performance.now();
    const pathname = requestPath(request.url ?? '/');
    response.on('finish', () => log(`${request.method} ${pathname ?? '(bad path)'} ${response.statusCode} ${Math.round(performance.now() - started)}ms`));
    (pathname === undefined
      ? Promise.reject(new HttpError(400, 'bad-request', 'the request path is not a plain absolute path'))
      : handle(engine, expected, request, response, pathname, options.runner)
    ).catch((error: unknown) => {
      const known = error instanceof HttpError ? error : undefined;
      if (!known) log(`internal error on ${request.method} ${pathname}: ${(error as Error)?.message ?? String(error)}`);
      send(response, known?.status ?? 500, { error: known?.error ?? 'internal', message: known?.message ?? 'internal error; see the engine log', ...known?.extra });
    });
  });
}

async function handle(engine: LocalEngine, expected: Buffer, request: IncomingMessage, response: ServerResponse, pathname: string, runner: FlowRunner | undefined): Promise<void> {
  const method = request.method ?? 'GET';
  if (pathname === '/healthz') {
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method-not-allowed', 'use GET');
    return send(response, 200, { status: 'ok' });
  }
  if (pathname.startsWith('/hooks/') && runner) {
    // Public, but signed when the flow says so: the signature is checked over the raw body.
    if (method !== 'POST') throw new HttpError(405, 'method-not-allowed', 'webhooks take POST');
    const path = pathname.slice('/hooks/'.length);
    const hook = runner.webhook(path);
    if (!hook) {
      request.resume();
      throw new HttpError(404, 'not-found', `no flow listens on ${pathname}`);
    }
    const body = await readBody(request, hook.maxBodyBytes);
    try {
      return send(response, 202, { run: runner.acceptWebhook(path, request.headers, body) });
    } catch (error) {
      if (error instanceof WebhookRefusal) throw new HttpError(error.status, error.status === 401 ? 'unauthorized' : 'refused', error.message);
      throw error;
    }
  }
  if (!pathname.startsWith('/v1/')) throw new HttpError(404, 'no-route', `no route ${pathname}`);
  if (!authorized(request.headers.authorization, expected)) {
    // Nothing is read or changed for a request without the right token, not even its body.
    response.setHeader('www-authenticate', 'Bearer realm="weft"');
    response.setHeader('connection', 'close');
    request.resume();
    throw new HttpError(401, 'unauthorized', 'a bearer token is required (Authorization: Bearer <WEFT_ENGINE_TOKEN>)');
  }
  const route = pathname.slice('/v1/'.length);
  const only = (...methods: string[]) => {
    if (!methods.includes(method)) throw new HttpError(405, 'method-not-allowed', `${route} takes ${methods.join(' or ')}`);
  };

  if (route === 'state') {
    only('GET');
    return send(response, 200, engine.readState());
  }
  if (route === 'placeholders/resolve') {
    only('POST');
    const { placeholders } = (await readJson(request)) as { placeholders?: unknown };
    if (!Array.isArray(placeholders) || !placeholders.every(isPlaceholder)) throw new HttpError(400, 'bad-request', 'expected { placeholders: [{ source: env|secret, name, default? }] }');
    return send(response, 200, { resolves: engine.resolves(placeholders) });
  }
  if (route === 'apply') {
    only('POST');
    const body = (await readJson(request)) as { stateRevision?: unknown; bundle?: unknown; user?: unknown; lockTimeoutMs?: unknown };
    const bundle = checkedBundle(body.bundle);
    if (!Number.isSafeInteger(body.stateRevision) || typeof body.user !== 'string') throw new HttpError(400, 'bad-request', 'expected { stateRevision, bundle, user, lockTimeoutMs? }');
    const lockTimeoutMs = typeof body.lockTimeoutMs === 'number' && body.lockTimeoutMs >= 0 ? Math.min(body.lockTimeoutMs, 10 * 60_000) : 0;
    // The engine plans the bundle itself against its own state, and applies only if that state is
    // still the revision the client planned against (checked again inside the lock). While another
    // process holds the lock it retries on a timer, so the server keeps answering meanwhile.
    const deadline = Date.now() + lockTimeoutMs;
    for (;;) {
      const plan = computePlan(bundle, engine.readState());
      try {
        if (plan.stateRevision !== body.stateRevision) throw new StaleStateError(body.stateRevision as number, plan.stateRevision);
        const revision = engine.apply(plan, bundle, body.user.slice(0, 200), { lockTimeoutMs: 0 }) ?? null;
        // The new revision's triggers take over at once.
        runner?.reload();
        return send(response, 200, { revision, summary: plan.summary });
      } catch (error) {
        if (error instanceof EngineBusyError && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(100, Math.max(1, deadline - Date.now()))));
          continue;
        }
        if (error instanceof StaleStateError) throw new HttpError(409, 'stale-state', error.message, { expected: error.expected, actual: error.actual });
        if (error instanceof EngineBusyError) throw new HttpError(423, 'locked', error.message, { holder: error.holder });
        throw error;
      }
    }
  }
  if (route === 'revisions') {
    only('GET');
    return send(response, 200, { revisions: engine.revisions() });
  }
  const revision = /^revisions\/(\d{1,15})\/bundle$/.exec(route);
  if (revision) {
    only('GET');
    const bundle = engine.revisionBundle(Number(revision[1]));
    if (!bundle) throw new HttpError(404, 'not-found', `there is no revision ${revision[1]}`);
    return send(response, 200, bundle);
  }
  const flowRun = /^flows\/([a-z][a-z0-9-]{0,62})\/runs$/.exec(route);
  if (flowRun) {
    only('POST');
    if (!runner) throw new HttpError(404, 'no-route', 'this engine runs no flows');
    const { records } = (request.headers['content-length'] === '0' ? {} : await readJson(request)) as { records?: unknown };
    if (records !== undefined && !Array.isArray(records)) throw new HttpError(400, 'bad-request', 'expected { records?: [...] }');
    try {
      const id = runner.runNow(flowRun[1]!, records as unknown[] | undefined);
      if (!id) throw new HttpError(429, 'busy', `flow '${flowRun[1]}' is at its concurrency limit`);
      return send(response, 202, { run: id });
    } catch (error) {
      if (error instanceof WebhookRefusal) throw new HttpError(error.status, 'not-found', error.message);
      throw error;
    }
  }
  if (route === 'runs') {
    only('GET');
    return send(response, 200, { runs: engine.runs() });
  }
  const oneRun = /^runs\/([\w-]{1,80})$/.exec(route);
  if (oneRun) {
    only('GET');
    const run = engine.run(oneRun[1]!);
    if (!run) throw new HttpError(404, 'not-found', `there is no run '${oneRun[1]}'`);
    return send(response, 200, run);
  }
  if (route === 'secrets') {
    only('GET');
    return send(response, 200, { paths: engine.secretPaths() });
  }
  if (route.startsWith('secrets/')) {
    const secretPath = route.slice('secrets/'.length);
    if (!isSecretPath(secretPath)) throw new HttpError(400, 'bad-request', 'a secret path is segments of letters, digits, ".", "_" and "-" separated by "/"');
    only('PUT', 'DELETE');
    if (method === 'DELETE') {
      if (!engine.removeSecret(secretPath)) throw new HttpError(404, 'not-found', `there is no secret '${secretPath}'`);
      return send(response, 200, { removed: true });
    }
    const { value } = (await readJson(request)) as { value?: unknown };
    if (typeof value !== 'string' || value === '') throw new HttpError(400, 'bad-request', 'expected { value: "<non-empty string>" }');
    engine.setSecret(secretPath, value);
    return send(response, 200, { stored: secretPath });
  }
  throw new HttpError(404, 'no-route', `no route ${pathname}`);
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

function digest(token: string): Buffer {
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

/** A bundle whose hashes match its content: a truncated or altered one is refused. */
function checkedBundle(value: unknown): Bundle {
  const problem = bundleProblem(value);
  if (problem) throw new HttpError(400, 'bad-request', `the bundle is refused: ${problem}`);
  return value as Bundle;
}

/** A raw body, refused with 413 past `limit` bytes. */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(request.headers['content-length'] ?? 0) > limit) {
    request.resume();
    throw new HttpError(413, 'too-large', `the body is over ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'too-large', `the body is over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
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
