import { randomUUID } from 'node:crypto';
import jsonata, { type Expression } from 'jsonata';
import { AmqpLinks, derivedMessageId, type AmqpPublisher } from './amqp.js';
import type { RunRecord } from '../engine/local-engine.js';
import type { Bundle, BundleResource } from '../compile/compile-bundle.js';
import { scanPlaceholders, type Placeholder } from '../lex/placeholders.js';
import { buildRequest, type AuthMethod, type HttpConnectorSpec } from './endpoint-request.js';
import { HttpCallError, httpCall, redactUrl, type CallPolicy, type HttpRequest, type HttpResponse } from './http-call.js';
import { OAuth2TokenClient } from './oauth2.js';
import { pages, type Pagination } from './paginate.js';
import { render, renderValue } from './render.js';
import { TokenBucket } from './token-bucket.js';

/** What the engine gives a run: the deployed bundle and how placeholders resolve (never logged). */
export interface RunEnvironment {
  bundle: Bundle;
  /** The value of a `${secret:}` or `${env:}` placeholder, or undefined when it does not resolve. */
  resolve(placeholder: Placeholder): string | undefined;
  run: { id: string; startedAt: string; lastSuccessAt?: string };
  /** Records for a flow whose first step is not a receive (a webhook's body, `weft run --input`). */
  records?: unknown[];
  /** Start at this step with `records` (a retry of the records that failed there). */
  startAt?: string;
  /** Broker connections to share (the engine's); without it a run opens its own and closes them. */
  links?: AmqpLinks;
}

export interface StepStats {
  id: string;
  kind: 'receive' | 'filter' | 'map' | 'send' | 'publish';
  in: number;
  out: number;
  failed: number;
}

/** A record that failed a step: kept, with its error, to look at and to retry. */
export interface RecordFailure {
  step: string;
  /** Its position among the records the step received (0-based, across pages). */
  index: number;
  error: string;
  record: unknown;
}

export interface RunOutcome {
  status: 'succeeded' | 'partial' | 'failed';
  steps: StepStats[];
  failures: RecordFailure[];
  /** Why the run stopped, when it failed. */
  error?: string;
}

type Step = { id: string; receive?: Call; filter?: string; map?: string; send?: Call; publish?: PublishCall };
type PublishCall = { instance: string; exchange: string; routingKey: string };
type RunScope = { flow: string; run: RunEnvironment['run']; messageId?: string };
type Call = { instance: string; endpoint: string; input?: Record<string, unknown>; concurrency?: number };

/**
 * Runs a flow once: records stream page by page through its steps (a page is fetched when the
 * one before has gone through every step), so memory holds one page however many records move.
 * JSONata expressions are compiled once per run; `send` makes one request per record, with the
 * step's concurrency. A record that fails is kept with its error; with onError 'continue' the run
 * goes on and ends `partial`, with 'stop' it ends `failed` at the first failure.
 */
export async function runFlow(flowName: string, environment: RunEnvironment): Promise<RunOutcome> {
  const prepared = new PreparedFlow(flowName, environment);
  try {
    return await prepared.run(environment);
  } finally {
    await prepared.close();
  }
}

/** One run of a prepared flow: its id and times, its records, where it starts, the message it handles. */
export type RunInput = Pick<RunEnvironment, 'run' | 'records' | 'startAt'> & {
  /** The id of the broker message an event-triggered run handles: idempotency keys and published ids derive from it. */
  messageId?: string;
};

/**
 * A flow made ready to run many times (an event trigger runs it once per message): JSONata
 * compiled, instance clients (OAuth2 tokens, rate limits) and broker connections kept between
 * runs. `close()` ends the broker connections it opened itself.
 */
export class PreparedFlow {
  private readonly spec: { steps: Step[]; onError?: 'continue' | 'stop' };
  private readonly compiled: (Expression | undefined)[];
  private readonly clients: InstanceClients;

  constructor(
    readonly flowName: string,
    environment: Pick<RunEnvironment, 'bundle' | 'resolve' | 'links'>,
  ) {
    const flow = environment.bundle.resources.find((resource) => resource.kind === 'Flow' && resource.name === flowName);
    if (!flow) throw new Error(`the bundle has no flow '${flowName}'`);
    this.spec = flow.spec as PreparedFlow['spec'];
    this.compiled = this.spec.steps.map((step) => (step.filter ? jsonata(step.filter) : step.map ? jsonata(step.map) : undefined));
    this.clients = new InstanceClients(environment);
  }

  async run(input: RunInput): Promise<RunOutcome> {
    const spec = this.spec;
    const steps: StepStats[] = spec.steps.map((step) => ({ id: step.id, kind: kindOf(step), in: 0, out: 0, failed: 0 }));
    const failures: RecordFailure[] = [];
    const stopOnError = spec.onError === 'stop';
    const runScope: RunScope = { flow: this.flowName, run: input.run, messageId: input.messageId };
    const startAt = input.startAt === undefined ? 0 : spec.steps.findIndex((step) => step.id === input.startAt);
    if (startAt < 0) throw new Error(`flow '${this.flowName}' has no step '${input.startAt}'`);
    const receives = startAt === 0 && spec.steps[0]?.receive !== undefined;
    const first = receives ? 1 : startAt;
    try {
      // Records given (a webhook's body, a message) are one batch: no iterator to wait on.
      const source: Iterable<unknown[]> | AsyncIterable<unknown[]> = receives ? this.clients.receive(spec.steps[0]!.receive!, runScope) : input.records?.length ? [input.records] : [];
      for await (let records of source) {
        if (receives) steps[0]!.out += records.length;
        for (let index = first; index < spec.steps.length && records.length > 0; index++) {
          const step = spec.steps[index]!;
          const stats = steps[index]!;
          const offset = stats.in;
          stats.in += records.length;
          const kept: unknown[] = [];
          const fail = (position: number, record: unknown, error: unknown) => {
            stats.failed++;
            // As plain JSON: what is stored and re-sent (JSONata's results carry extra properties).
            failures.push({ step: step.id, index: offset + position, error: messageOf(error), record: JSON.parse(JSON.stringify(record ?? null)) });
            if (stopOnError) throw new StopRun(`step '${step.id}' failed on record ${offset + position}: ${messageOf(error)}`);
          };
          if (step.filter || step.map) {
            const expression = this.compiled[index]!;
            for (const [position, record] of records.entries()) {
              try {
                const result = await expression.evaluate(record);
                if (step.filter ? truthy(result) : result !== undefined) kept.push(step.filter ? record : result);
              } catch (error) {
                fail(position, record, error);
              }
            }
          } else {
            const outcomes = step.send
              ? await this.clients.sendAll(step.send, step.id, records, offset, runScope)
              : await this.clients.publishAll(step.publish!, step.id, records, offset, runScope);
            outcomes.forEach((outcome, position) => {
              if (outcome === true) kept.push(records[position]);
              else fail(position, records[position], outcome);
            });
          }
          stats.out += kept.length;
          records = kept;
        }
      }
    } catch (error) {
      return { status: 'failed', steps, failures, error: messageOf(error) };
    }
    return { status: failures.length > 0 ? 'partial' : 'succeeded', steps, failures };
  }

  /** Ends the broker connections this flow opened (not those of a shared registry). */
  close(): Promise<void> {
    return this.clients.close();
  }
}

/** A run's id: time-ordered and unique (its start, then randomness). */
export function newRunId(started: Date): string {
  // randomUUID draws from a cached pool: an event consumer makes an id per message.
  const iso = started.toISOString(); // 2026-11-28T18:30:00.123Z → 20261128T183000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z-${randomUUID().slice(0, 8)}`;
}

/** What the engine records of a finished run. */
export function runRecord(parts: { id: string; flow: string; revision: number | null; bundleSha256: string; trigger: string; started: Date; outcome: RunOutcome }): RunRecord {
  const { outcome } = parts;
  return {
    id: parts.id,
    flow: parts.flow,
    revision: parts.revision,
    bundleSha256: parts.bundleSha256,
    trigger: parts.trigger,
    status: outcome.status,
    startedAt: parts.started.toISOString(),
    finishedAt: new Date().toISOString(),
    steps: outcome.steps,
    ...(outcome.error !== undefined && { error: outcome.error }),
    failures: outcome.failures,
  };
}

class StopRun extends Error {}

function kindOf(step: Step): StepStats['kind'] {
  return step.receive ? 'receive' : step.filter ? 'filter' : step.map ? 'map' : step.send ? 'send' : 'publish';
}

function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

function messageOf(error: unknown): string {
  if (error instanceof HttpCallError || error instanceof Error) return error.message;
  return String(error);
}

/** Runs `each` on every record, `concurrency` at a time; per record, true or the error it threw. */
async function settleEach(records: unknown[], concurrency: number, each: (record: unknown, position: number) => Promise<void>): Promise<(true | Error)[]> {
  const outcomes: (true | Error)[] = new Array(records.length);
  let next = 0;
  const worker = async () => {
    while (next < records.length) {
      const position = next++;
      try {
        await each(records[position], position);
        outcomes[position] = true;
      } catch (error) {
        outcomes[position] = error as Error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(records.length, concurrency) }, worker));
  return outcomes;
}

/** The input of a call that gives none (templates read nothing from it). */
const noInput = Object.freeze({});


/** Per instance: its connector, resolved settings and credentials, auth, rate limit and policy. */
class InstanceClients {
  private readonly clients = new Map<string, InstanceClient>();
  private readonly publishers = new Map<string, AmqpPublisher>();
  private readonly links: AmqpLinks;
  private readonly ownLinks: boolean;

  constructor(private readonly environment: Pick<RunEnvironment, 'bundle' | 'resolve' | 'links'>) {
    this.ownLinks = environment.links === undefined;
    this.links = environment.links ?? new AmqpLinks();
  }

  async close(): Promise<void> {
    if (this.ownLinks) await this.links.close();
  }

  /**
   * Publishes each record as a persistent JSON message (confirmed, mandatory); true or the error,
   * per record. Message ids derive from the message the run handles (or the run) and the record's
   * place, so a run of a redelivered message publishes the same ids.
   */
  async publishAll(call: PublishCall, stepId: string, records: unknown[], offset: number, scope: RunScope): Promise<(true | Error)[]> {
    let publisher = this.publishers.get(call.instance);
    if (!publisher) {
      const url = this.brokerUrl(call.instance);
      this.publishers.set(call.instance, (publisher = this.links.publisher(url)));
    }
    const source = scope.messageId ?? scope.run.id;
    return settleEach(records, 64, async (record, position) => {
      const routingKey = render(call.routingKey, { record, run: scope.run });
      if (Buffer.byteLength(routingKey) > 255) throw new Error(`the routing key is ${Buffer.byteLength(routingKey)} bytes; AMQP allows 255`);
      await publisher.publish(call.exchange, routingKey, Buffer.from(JSON.stringify(record ?? null)), { messageId: derivedMessageId(scope.flow, source, stepId, offset + position) });
    });
  }

  private brokerUrl(name: string): string {
    return brokerUrlOf(this.environment.bundle, name, this.environment.resolve);
  }

  get(name: string): InstanceClient {
    let client = this.clients.get(name);
    if (!client) this.clients.set(name, (client = this.create(name)));
    return client;
  }

  receive(call: Call, scope: RunScope): AsyncIterable<unknown[]> {
    const client = this.get(call.instance);
    const endpoint = client.connector.endpoints[call.endpoint] as { pagination?: Pagination; records?: string } | undefined;
    if (!endpoint) throw new Error(`instance '${call.instance}' has no endpoint '${call.endpoint}'`);
    const input = renderValue(call.input ?? {}, scope);
    const client_ = client;
    return (async function* () {
      const request = client_.request(call.endpoint, { input, run: scope.run });
      yield* pages(request, endpoint.pagination ?? { type: 'none' }, endpoint.records, client_.policy(call.endpoint), (page, policy) => client_.call(page, policy));
    })();
  }

  /** Sends each record (one request each, `concurrency` at a time); true or the error, per record. */
  async sendAll(call: Call, stepId: string, records: unknown[], offset: number, scope: RunScope): Promise<(true | Error)[]> {
    const client = this.get(call.instance);
    // A run that handles a broker message sends an idempotency key per record: a redelivered
    // message makes the same requests with the same keys.
    const keyHeader = scope.messageId === undefined ? undefined : client.idempotencyKeyHeader(call.endpoint);
    const policy = client.policy(call.endpoint);
    return settleEach(records, call.concurrency ?? 4, async (record, position) => {
      const input = call.input === undefined ? noInput : renderValue(call.input, { ...scope, record });
      const request = client.request(call.endpoint, { input, record, run: scope.run });
      if (keyHeader) request.headers[keyHeader] = derivedMessageId(scope.flow, scope.messageId!, stepId, offset + position);
      const response = await client.call(request, policy);
      if (response.status < 200 || response.status > 299) {
        throw new HttpCallError(`${request.method} ${redactUrl(request.url)} answered ${response.status}: ${excerpt(response.body)}`, response.status, response.attempts);
      }
    });
  }

  private create(name: string): InstanceClient {
    const instance = this.environment.bundle.resources.find((resource) => resource.kind === 'Instance' && resource.name === name);
    if (!instance) throw new Error(`the bundle has no instance '${name}'`);
    const connector = this.environment.bundle.resources.find((resource) => resource.kind === 'Connector' && resource.name === String(instance.spec.connector));
    if (!connector) throw new Error(`instance '${name}': its connector is not in the bundle`);
    return new InstanceClient(instance, connector, (text) => resolvePlaceholders(text, this.environment.resolve, name));
  }
}

/** An event instance's broker URL, its placeholders resolved by the engine (never logged). */
export function brokerUrlOf(bundle: Bundle, name: string, resolve: RunEnvironment['resolve']): string {
  const instance = bundle.resources.find((resource) => resource.kind === 'Instance' && resource.name === name);
  if (!instance) throw new Error(`the bundle has no instance '${name}'`);
  const credentials = resolvePlaceholders(instance.spec.credentials ?? {}, resolve, name) as { url?: unknown };
  if (typeof credentials.url !== 'string' || credentials.url === '') throw new Error(`instance '${name}': credentials.url (the broker's AMQP URL) is not set`);
  return credentials.url;
}

/** Replaces the placeholders of an instance's value with what the engine resolves them to. */
function resolvePlaceholders(value: unknown, resolve: RunEnvironment['resolve'], instance: string): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    let resolved = value;
    for (const scan of scanPlaceholders(value)) {
      if (scan.kind !== 'placeholder') continue;
      const replacement = resolve(scan.placeholder) ?? scan.placeholder.default;
      if (replacement === undefined) throw new Error(`instance '${instance}': ${scan.placeholder.text} does not resolve in the engine`);
      resolved = resolved.replace(scan.placeholder.text, replacement);
    }
    return resolved;
  }
  if (Array.isArray(value)) return value.map((item) => resolvePlaceholders(item, resolve, instance));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, resolvePlaceholders(child, resolve, instance)]));
  return value;
}

class InstanceClient {
  readonly connector: HttpConnectorSpec & { http: HttpConnectorSpec['http'] & { timeoutMs?: number; maxResponseBytes?: number; retry?: CallPolicy['retry']; rateLimit?: { requestsPerSecond: number; burst?: number } } };
  private readonly settings: unknown;
  private readonly credentials: unknown;
  private readonly authName: string | undefined;
  private readonly bucket: TokenBucket | undefined;
  private oauth: OAuth2TokenClient | undefined;

  constructor(instance: BundleResource, connector: BundleResource, resolve: (value: unknown) => unknown) {
    this.connector = connector.spec as unknown as InstanceClient['connector'];
    this.settings = instance.spec.settings ?? {};
    this.credentials = resolve(instance.spec.credentials ?? {});
    this.authName = typeof instance.spec.auth === 'string' ? instance.spec.auth : undefined;
    const rate = this.connector.http.rateLimit;
    this.bucket = rate ? new TokenBucket(rate.requestsPerSecond, rate.burst) : undefined;
  }

  policy(endpointName: string): CallPolicy {
    const http = this.connector.http;
    const endpoint = this.connector.endpoints[endpointName] as { idempotent?: boolean } | undefined;
    return {
      timeoutMs: http.timeoutMs ?? 30_000,
      maxResponseBytes: http.maxResponseBytes ?? 10 * 1024 * 1024,
      retry: http.retry ?? { maxAttempts: 3, initialDelayMs: 500, maxDelayMs: 30_000, on: [429, 500, 502, 503, 504] },
      retryUnsafe: endpoint?.idempotent === true,
      acquire: this.bucket ? () => this.bucket!.acquire() : undefined,
    };
  }

  /** The header an endpoint's idempotency key goes in (lower case). */
  idempotencyKeyHeader(endpointName: string): string {
    const endpoint = this.connector.endpoints[endpointName] as { idempotencyKeyHeader?: string } | undefined;
    return (endpoint?.idempotencyKeyHeader ?? 'Idempotency-Key').toLowerCase();
  }

  /** The endpoint's request for this scope, with the instance's auth (an OAuth2 token is added by `call`). */
  request(endpointName: string, scope: { input?: unknown; record?: unknown; run?: unknown }): HttpRequest {
    const method = this.oauthMethod();
    const full = { settings: this.settings, credentials: this.credentials, ...scope };
    if (!method) return buildRequest(this.connector, endpointName, full, this.authName);
    this.oauth ??= new OAuth2TokenClient(
      {
        grant: method.grant as 'client_credentials' | 'refresh_token',
        tokenUrl: render(String(method.tokenUrl), full),
        clientId: render(String(method.clientId), full),
        clientSecret: method.clientSecret === undefined ? undefined : render(String(method.clientSecret), full),
        refreshToken: method.refreshToken === undefined ? undefined : render(String(method.refreshToken), full),
        scopes: method.scopes as string[] | undefined,
      },
      this.policy(endpointName),
    );
    return buildRequest(this.connector, endpointName, full);
  }

  /**
   * Makes a request. With OAuth2 it carries the current access token, fetched as needed; a 401
   * (the token expired or was revoked early) drops that token and the request is made once more
   * with a new one: a 401 means the API did nothing, so even a POST may be repeated.
   */
  async call(request: HttpRequest, policy: CallPolicy): Promise<HttpResponse> {
    const oauth = this.oauth;
    if (!oauth) return httpCall(request, policy);
    // The token is taken for each attempt after the rate limit's wait: a queued request or a
    // retry after a 503 never goes out with a token that expired while it waited.
    let used = '';
    const authorized: CallPolicy = { ...policy, authorize: async (outgoing) => withBearer(outgoing, (used = await oauth.token())) };
    const response = await httpCall(request, authorized);
    if (response.status !== 401) return response;
    oauth.invalidate(used);
    return httpCall(request, authorized);
  }

  private oauthMethod(): Extract<AuthMethod, { type: 'oauth2' }> | undefined {
    const method = this.authName ? (this.connector.auth?.[this.authName] as AuthMethod | undefined) : undefined;
    return method?.type === 'oauth2' ? method : undefined;
  }
}

function withBearer(request: HttpRequest, token: string): HttpRequest {
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}

function excerpt(body: Buffer): string {
  const text = body.toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text || '(empty body)';
}
