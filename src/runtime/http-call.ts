import type { IncomingHttpHeaders } from 'node:http';
import { loadOnDemand } from './load-on-demand.js';
import { EgressRefused, type EgressGuard } from './egress.js';

/** One HTTP request as the runtime sends it (templates already rendered). */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** What answers one attempt of a request in place of the network. */
export type Transport = (request: HttpRequest) => Promise<Omit<HttpResponse, 'attempts'>>;

export interface CallPolicy {
  /** Total deadline of one attempt: connecting, sending and reading the whole body. */
  timeoutMs: number;
  maxResponseBytes: number;
  retry: { maxAttempts: number; initialDelayMs: number; maxDelayMs: number; on: readonly number[] };
  /**
   * Whether a non-idempotent request (POST, PATCH) may be sent again after an answer or a
   * failure that leaves open whether it was processed. A refusal (429, or 503 with a
   * Retry-After) is retried for every method regardless.
   */
  retryUnsafe?: boolean;
  /** Waits for the instance's rate limit before each attempt. */
  acquire?: () => Promise<void>;
  /** Adds credentials to each attempt, after the rate limit's wait (an OAuth2 token current then). */
  authorize?: (request: HttpRequest) => Promise<HttpRequest>;
  /** Which addresses a request may connect to (the project's spec.egress, the engine's own address). */
  egress?: EgressGuard;
  /**
   * Sends one attempt instead of the network (`weft test`: an in-process transport answering
   * from a test's responses; no socket is opened).
   */
  transport?: Transport;
  /**
   * Sees each attempt's request (as sent, credentials included) and its answer, or no answer
   * (the error), with how long the attempt took (`weft run --record`, the engine's metrics).
   */
  observe?: (request: HttpRequest, response: Omit<HttpResponse, 'attempts'> | undefined, attempt: AttemptTiming) => void;
  /** For tests: the source of jitter, the clock and the wait between attempts. */
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  attempts: number;
}

/** A call that failed for good: the last status (if any), and why. */
export class HttpCallError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly attempts: number,
    /** The request and its answer, redacted, for an operator to look at (kept with the failed record). */
    readonly call?: FailedCall,
  ) {
    super(message);
  }
}

/**
 * A failed call as an operator sees it: the request as sent and the answer, with the value of
 * every header that may carry a credential replaced and every known secret redacted.
 */
export interface FailedCall {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: { status: number; headers: Record<string, string>; body: string };
}

/** Headers whose values are credentials or sessions whatever they hold: shown as [redacted]. */
const credentialHeader = /auth|cookie|token|secret|signature|pass(word|wd|phrase)?|session|key|credential|jwt|bearer|cert/i;

/** Headers whose values are URLs: their query strings (signed links, OAuth codes) are redacted like any URL. */
const urlHeader = /^(location|content-location|link|refresh)$/i;

/** The most of a body kept with a failed call. */
const failedBodyChars = 4096;

/**
 * A failed call's record: header values that may be credentials replaced, everything else
 * through `redact` (the instance's known secrets), bodies cut at 4 KB.
 */
export function failedCall(request: HttpRequest, response: { status: number; headers: IncomingHttpHeaders; body: Buffer } | undefined, redact: (text: string) => string): FailedCall {
  const headers = (entries: [string, unknown][]) =>
    Object.fromEntries(
      entries
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => {
          const text = Array.isArray(value) ? value.join(', ') : String(value);
          // An idempotency key names the record's delivery, not a credential: shown, to match it with the API's logs.
          const credential = credentialHeader.test(name) && !/^idempotency-key$/i.test(name);
          return [name.toLowerCase(), credential ? '[redacted]' : redact(urlHeader.test(name) ? redactUrlText(text) : text)];
        }),
    );
  const cut = (text: string) => (text.length > failedBodyChars ? `${text.slice(0, failedBodyChars)}…` : text);
  return {
    // Redacted, then cut: a secret across the cut is still recognised whole.
    request: { method: request.method, url: redact(redactUrl(request.url)), headers: headers(Object.entries(request.headers)), ...(request.body !== undefined && { body: cut(redact(request.body)) }) },
    ...(response && { response: { status: response.status, headers: headers(Object.entries(response.headers)), body: cut(redact(response.body.toString('utf8'))) } }),
  };
}

const idempotent = new Set(['GET', 'PUT', 'DELETE']);

/**
 * Sends a request with the connector's policy: a total deadline per attempt, a cap on the
 * response size, retries with exponential backoff and full jitter on the retry statuses and on
 * network errors (honouring Retry-After, in seconds or as an HTTP date, capped at maxDelayMs),
 * and non-idempotent requests retried only when the endpoint allows it — except a refusal
 * (429, or 503 with a readable Retry-After), which says the request was not processed and is
 * retried for every method. A response with a status that is not retried is returned as it is
 * (the caller decides what a 4xx means).
 */
/** How an attempt went, for an observer: its time, and its error when there was no answer. */
export interface AttemptTiming {
  durationMs: number;
  error?: Error;
  /** The attempt's place among all this process began: attempts answered out of order (sends at once) still say which began first. */
  sequence: number;
}

let attemptsBegun = 0;

export async function httpCall(request: HttpRequest, policy: CallPolicy): Promise<HttpResponse> {
  // Checked before any credential is added: only HTTP(S) is spoken, whatever a URL says.
  if (!isHttpUrl(request.url)) throw new HttpCallError(`${request.method} ${redactUrlText(request.url)}: not an HTTP(S) URL; refused`, undefined, 0);
  const random = policy.random ?? Math.random;
  const now = policy.now ?? Date.now;
  const pause = policy.sleep ?? sleep;
  const mayRetry = idempotent.has(request.method) || policy.retryUnsafe === true;
  const maxAttempts = Math.max(1, policy.retry.maxAttempts);
  // What a non-idempotent request may not repeat: a failure after which it may have been processed.
  const attemptsAllowed = mayRetry ? maxAttempts : 1;
  for (let attempt = 1; ; attempt++) {
    await policy.acquire?.();
    // Outside the try: a token that cannot be had is that error, not a network failure to retry.
    const outgoing = policy.authorize ? await policy.authorize(request) : request;
    let outcome: { response: Omit<HttpResponse, 'attempts'> } | { error: Error; retryable: boolean };
    const began = performance.now();
    const sequence = ++attemptsBegun;
    try {
      const response = policy.transport ? await policy.transport(outgoing) : await attemptOnce(outgoing, policy);
      policy.observe?.(outgoing, response, { durationMs: performance.now() - began, sequence });
      outcome = { response };
    } catch (error) {
      policy.observe?.(outgoing, undefined, { durationMs: performance.now() - began, error: error as Error, sequence });
      // A request undici refuses to send (a header it does not allow) is refused the same way the next time.
      const refusedToSend = (error as { code?: unknown }).code === 'UND_ERR_INVALID_ARG' || (error as { code?: unknown }).code === 'UND_ERR_NOT_SUPPORTED';
      outcome = { error: error as Error, retryable: !(error instanceof ResponseTooLarge || error instanceof EgressRefused || refusedToSend) };
    }
    if ('response' in outcome) {
      const { response } = outcome;
      const wait = retryAfter(response.headers['retry-after'], now);
      const limit = refused(response.status, wait) ? maxAttempts : attemptsAllowed;
      if (!policy.retry.on.includes(response.status) || attempt >= limit) return { ...response, attempts: attempt };
      await pause(delayBefore(attempt, policy, random, wait));
      continue;
    }
    if (!outcome.retryable || attempt >= attemptsAllowed) {
      throw new HttpCallError(`${request.method} ${redactUrl(request.url)} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${outcome.error.message}`, undefined, attempt);
    }
    await pause(delayBefore(attempt, policy, random, undefined));
  }
}

/**
 * Whether an answer says the server refused the request before processing it, so that sending
 * it again cannot do it twice: 429 (RFC 6585: rate limited) and 503 with a Retry-After the
 * server means us to honour. A bare 503 (or one with an unreadable Retry-After) may come from a
 * gateway after the backend did the work, so it stays send-once for a non-idempotent request.
 */
function refused(status: number, retryAfterMs: number | undefined): boolean {
  return status === 429 || (status === 503 && retryAfterMs !== undefined);
}

/** Exponential backoff with full jitter; a Retry-After replaces it; never over maxDelayMs. */
function delayBefore(attempt: number, policy: CallPolicy, random: () => number, retryAfterMs: number | undefined): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.retry.maxDelayMs);
  const ceiling = Math.min(policy.retry.maxDelayMs, policy.retry.initialDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfter(value: string | string[] | undefined, now: () => number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  // RFC 9110 says whole seconds; Shopify sends "2.0", so a decimal is read as seconds too.
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

class ResponseTooLarge extends Error {}

/** Parsed URLs by text: a send step calls one URL for every record. */
const parsedUrls = new Map<string, Target>();

type Target = { https: boolean; origin: string; hostname: string; port: number; path: string };

function target(text: string): Target {
  let parsed = parsedUrls.get(text);
  if (!parsed) {
    const url = new URL(text);
    const https = url.protocol === 'https:';
    // The path as written, not url.pathname: that resolves %2E%2E segments a value was encoded into.
    parsed = { https, origin: url.origin, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port === '' ? (https ? 443 : 80) : Number(url.port), path: rawPath(text) + url.search };
    if (parsedUrls.size > 1000) parsedUrls.clear();
    parsedUrls.set(text, parsed);
  }
  return parsed;
}

/**
 * One attempt, on undici's dispatcher (its own HTTP/1.1 client: about half the CPU per request
 * of node:http, which is most of a send step's cost). Status, headers and body are read through
 * the handler callbacks, so the size cap and the deadline act on the bytes as they come.
 */
function attemptOnce(request: HttpRequest, policy: CallPolicy): Promise<Omit<HttpResponse, 'attempts'>> {
  const url = target(request.url);
  // A literal address is connected to without a lookup: it is checked here. A name is checked
  // on each address the connection's own lookup returns, when it connects.
  const refusal = policy.egress?.hostRefusal(url.hostname, url.port);
  if (refusal !== undefined) return Promise.reject(new EgressRefused(`refused by the egress policy: ${refusal}`));
  return new Promise((resolve, reject) => {
    let settled = false;
    let abort: ((error: Error) => void) | undefined;
    let expired: Error | undefined;
    let status = 0;
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error: Error | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error) reject(error);
      else resolve({ status, headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    };
    // One deadline for the whole attempt, queued and connecting included: a server that
    // trickles its body cannot hold it open.
    const deadline = setTimeout(() => {
      expired = new Error(`no complete response within ${policy.timeoutMs} ms`);
      if (abort) abort(expired);
      else settle(expired);
    }, policy.timeoutMs);
    const tooLarge = (error: ResponseTooLarge) => {
      abort!(error);
      return false;
    };
    dispatcherOf(policy.egress).dispatch(
      // The attempt's own deadline is the only one: undici's header and body timeouts (300 s) are off.
      { origin: url.origin, path: url.path, method: request.method, headers: request.headers, body: request.body, headersTimeout: 0, bodyTimeout: 0 },
      {
        onConnect(given: (error: Error) => void) {
          abort = given;
          if (expired) given(expired);
        },
        onHeaders(statusCode: number, raw: Buffer[]) {
          status = statusCode;
          headers = headersOf(raw);
          const declared = Number(headers['content-length'] ?? 0);
          if (declared > policy.maxResponseBytes) return tooLarge(new ResponseTooLarge(`the response is ${declared} bytes, over the limit of ${policy.maxResponseBytes}`));
          return true;
        },
        onData(chunk: Buffer) {
          size += chunk.length;
          if (size > policy.maxResponseBytes) return tooLarge(new ResponseTooLarge(`the response is over the limit of ${policy.maxResponseBytes} bytes`));
          chunks.push(chunk);
          return true;
        },
        onComplete: () => settle(undefined),
        onError: (error: Error) => settle(error),
        onUpgrade() {},
        onBodySent() {},
      },
    );
  });
}

/**
 * Response headers as node:http gives them: names in lower case; a repeated header of a single
 * value (Retry-After, Content-Length, Location, …) keeps its first value, set-cookie is a list,
 * and the others are joined with ', '.
 */
function headersOf(raw: Buffer[]): IncomingHttpHeaders {
  const headers: Record<string, string | string[]> = {};
  for (let at = 0; at + 1 < raw.length; at += 2) {
    const name = raw[at]!.toString('latin1').toLowerCase();
    const value = raw[at + 1]!.toString('latin1');
    const before = headers[name];
    if (before === undefined) headers[name] = name === 'set-cookie' ? [value] : value;
    else if (Array.isArray(before)) before.push(value);
    else if (!singleValued.has(name)) headers[name] = `${before}, ${value}`;
  }
  return headers;
}

/** The headers whose repeats node:http discards (IncomingMessage's own list). */
const singleValued = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

interface Dispatcher {
  dispatch(options: { origin: string; path: string; method: string; headers: Record<string, string>; body?: string; headersTimeout: number; bodyTimeout: number }, handler: object): boolean;
  close(): Promise<void>;
  destroy(): Promise<void>;
}

type Connector = (options: { hostname: string; protocol: string; port: string }, callback: (error: Error | null, socket: unknown) => void) => void;

/** undici's connection pool and connector, loaded on first use (a validate never makes a request). */
let undici: { Agent: new (options: { connect: Connector }) => Dispatcher; buildConnector: (options: object) => Connector } | undefined;

function loadUndici(): NonNullable<typeof undici> {
  if (!undici) {
    // Only the pool and the connector (undici stays in node_modules): its index loads fetch, WebSocket and caches too.
    undici = { Agent: loadOnDemand('undici/lib/dispatcher/agent.js'), buildConnector: loadOnDemand('undici/lib/core/connect.js') };
  }
  return undici;
}

/** undici's connector gives up connecting after this long; each attempt's own deadline (timeoutMs, at most 600 s) comes first. */
const connectTimeoutMs = 600_000;

/** The pool of requests made with no egress policy. */
let unguarded: Dispatcher | undefined;
/**
 * A pool per egress policy: its connections were made through that policy's lookup (or to a
 * literal address it checked), so a kept-alive connection is never reused past another policy.
 */
const guarded = new WeakMap<EgressGuard, Dispatcher>();

function dispatcherOf(egress: EgressGuard | undefined): Dispatcher {
  const { Agent, buildConnector } = loadUndici();
  // A connection may take as long as an attempt's deadline allows (at most the schema's 10 minutes): that deadline decides.
  if (!egress) return (unguarded ??= new Agent({ connect: buildConnector({ timeout: connectTimeoutMs }) }));
  let dispatcher = guarded.get(egress);
  if (!dispatcher) {
    // The lookup needs the port (the engine's own address is refused by address and port).
    const connectors = new Map<number, Connector>();
    const connect: Connector = (options, callback) => {
      const port = options.port === '' ? (options.protocol === 'https:' ? 443 : 80) : Number(options.port);
      let connector = connectors.get(port);
      if (!connector) connectors.set(port, (connector = buildConnector({ lookup: egress.lookup(port), timeout: connectTimeoutMs })));
      connector(options, callback);
    };
    guarded.set(egress, (dispatcher = new Agent({ connect })));
  }
  return dispatcher;
}

/**
 * Ends the connections kept alive under an egress policy (its flow is done with them), and any
 * still being made: destroyed, not closed, as a close would wait for a connection that a lookup
 * never answers.
 */
export async function closeConnections(egress: EgressGuard): Promise<void> {
  const dispatcher = guarded.get(egress);
  guarded.delete(egress);
  await dispatcher?.destroy();
}

/** Whether a URL's scheme is http or https (the only ones a request is sent to). */
export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** A URL's text for a message, valid or not: without user-info or query (they may hold credentials). */
export function redactUrlText(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1…@').replace(/[?#].*$/s, (rest) => (rest.startsWith('?') ? '?…' : ''));
}

/**
 * The path of a URL's text as written (after the authority, before the query): URL's pathname
 * would resolve the `%2E` and `%2E%2E` segments a template value is encoded into, moving the
 * request to another path.
 */
export function rawPath(url: string): string {
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url)?.[1] ?? '';
  return path.startsWith('/') ? path : `/${path}`;
}

/** A URL with its query changed and its path kept as written (see rawPath); no fragment. */
export function withSearchParams(url: string, change: (params: URLSearchParams) => void): string {
  const parsed = new URL(url);
  change(parsed.searchParams);
  return `${parsed.protocol}//${parsed.host}${rawPath(url)}${parsed.search}`;
}

/** A URL for messages: no user or password, no query (it may carry an API key). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${rawPath(url)}${parsed.search ? '?…' : ''}`;
  } catch {
    return '(an invalid URL)';
  }
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

/** An answer's body for a message: whitespace folded, at most 200 characters. */
export function excerpt(body: Buffer): string {
  const text = body.toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text || '(empty body)';
}
