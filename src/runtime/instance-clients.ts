import type { Bundle, BundleResource } from '../compile/compile-bundle.js';
import { isEngineVariable, substitutePlaceholders, type Placeholder } from '../lex/placeholders.js';
import { AmqpLinks, type MessagePublisher } from './amqp.js';
import { EgressGuard, type EgressSpec, type EngineAddresses } from './egress.js';
import { buildRequest, type AuthMethod, type HttpConnectorSpec } from './endpoint-request.js';
import { closeConnections, excerpt, failedCall, HttpCallError, httpCall, redactUrl, type AttemptTiming, type FailedCall, type CallPolicy, type HttpRequest, type HttpResponse, type Transport } from './http-call.js';

/** What a transport is told a request of an OAuth2 token endpoint is for (no connector endpoint has this name). */
export const tokenEndpoint = '(oauth2 token)';

/** Answers a request of an instance's endpoint in place of the network. */
export type InstanceTransport = (instance: string, endpoint: string, request: HttpRequest) => Promise<Omit<HttpResponse, 'attempts'>>;

/** The parts of a call policy that replace or watch the network. */
type CallHooks = Pick<CallPolicy, 'transport' | 'sleep' | 'observe'>;

/** Sees each attempt of a request of an instance's endpoint, and its answer. */
export type InstanceObserver = (instance: string, endpoint: string, request: HttpRequest, response: Omit<HttpResponse, 'attempts'> | undefined, attempt: AttemptTiming) => void;
import { OAuth2TokenClient } from './oauth2.js';
import { pages, type CredentialNames, type Pagination } from './paginate.js';
import { render, renderValue } from './render.js';
import { SecretRedactor } from './redact-secrets.js';
import { TokenBucket } from './token-bucket.js';

/** How placeholders resolve for a run: a stored secret or the engine's environment; undefined when neither has it. */
export type PlaceholderLookup = (placeholder: Placeholder) => string | undefined;

/** A placeholder of an instance that the engine cannot resolve: says which, and how to fix it. */
export class UnresolvedPlaceholderError extends Error {
  constructor(
    readonly instance: string,
    /** The placeholder; with instance '' it is a step's own, and the step's error names the step. */
    readonly placeholder: Placeholder,
  ) {
    super(
      `${instance === '' ? '' : `instance '${instance}': `}${placeholder.text} does not resolve in the engine; ${
        placeholder.source === 'secret'
          ? `store it with: weft secret set ${placeholder.name}`
          : placeholder.source === 'var'
            ? 'project variables resolve when weft compiles the project, so a compiled bundle holds none'
            : isEngineVariable(placeholder.name)
            ? `${placeholder.name} is the engine's own variable, never given to flows`
            : `set ${placeholder.name} in the engine's environment`
      }`,
    );
  }
}

/**
 * Replaces the placeholders in every string of a value with what the engine resolves them to,
 * inside longer strings too, and `$${` with a literal `${`.
 */
export function resolvePlaceholders(value: unknown, resolve: PlaceholderLookup, instance: string): unknown {
  if (typeof value === 'string') {
    if (!value.includes('$')) return value;
    const result = substitutePlaceholders(value, resolve);
    if ('unresolved' in result) throw new UnresolvedPlaceholderError(instance, result.unresolved);
    return result.text;
  }
  if (Array.isArray(value)) return value.map((item) => resolvePlaceholders(item, resolve, instance));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, resolvePlaceholders(child, resolve, instance)]));
  return value;
}

/** An endpoint call of a step: `receive:` and `send:`. */
export interface EndpointCall {
  instance: string;
  endpoint: string;
  input?: Record<string, unknown>;
  concurrency?: number;
}

/** What templates read as `run`. */
export type RunFields = { id: string; startedAt: string; lastSuccessAt?: string };

/**
 * The instances of a prepared flow: per instance its connector, resolved settings and
 * credentials, auth (OAuth2 tokens), rate limit and call policy; and broker publishers.
 * Made on first use and kept between runs of the flow.
 */
export class InstanceClients {
  private readonly clients = new Map<string, InstanceClient>();
  private readonly publishers = new Map<string, MessagePublisher>();
  private readonly links: AmqpLinks;
  private readonly ownLinks: boolean;

  private readonly redactor: SecretRedactor;

  constructor(
    private readonly environment: {
      bundle: Bundle;
      resolve: PlaceholderLookup;
      links?: AmqpLinks;
      redactor?: SecretRedactor;
      engineAddresses?: EngineAddresses;
      /** Answers requests in place of the network (`weft test`), by instance and endpoint; with no wait between attempts. */
      transport?: InstanceTransport;
      /** Sees every request and answer (`weft run --record`). */
      observe?: InstanceObserver;
      /** Takes published messages in place of the broker (`weft test`), by instance. */
      broker?: (instance: string) => MessagePublisher;
    },
  ) {
    this.redactor = environment.redactor ?? new SecretRedactor();
    this.ownLinks = environment.links === undefined;
    this.links = environment.links ?? new AmqpLinks();
  }

  /** Ends the HTTP connections these clients keep alive, and the broker connections they opened (not those of a shared registry). */
  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
    if (this.ownLinks) await this.links.close();
  }

  get(name: string): InstanceClient {
    let client = this.clients.get(name);
    if (!client) this.clients.set(name, (client = this.create(name)));
    return client;
  }

  /** The publisher of an event instance's broker. */
  publisher(instance: string): MessagePublisher {
    let publisher = this.publishers.get(instance);
    const { broker } = this.environment;
    if (!publisher) this.publishers.set(instance, (publisher = broker ? broker(instance) : this.links.publisher(brokerUrlOf(this.environment.bundle, instance, this.environment.resolve))));
    return publisher;
  }

  /** An endpoint's records, page by page. */
  receive(call: EndpointCall, run: RunFields): AsyncIterable<unknown[]> {
    const client = this.get(call.instance);
    const endpoint = client.connector.endpoints[call.endpoint] as { pagination?: Pagination; records?: string } | undefined;
    if (!endpoint) throw new Error(`instance '${call.instance}' has no endpoint '${call.endpoint}'`);
    const input = renderValue(call.input ?? {}, { run });
    const request = client.request(call.endpoint, { input, run });
    return pages(request, endpoint.pagination ?? { type: 'none' }, endpoint.records, client.policy(call.endpoint), (page, policy) => client.call(page, policy), client.credentialNames);
  }

  private create(name: string): InstanceClient {
    const instance = this.environment.bundle.resources.find((resource) => resource.kind === 'Instance' && resource.name === name);
    if (!instance) throw new Error(`the bundle has no instance '${name}'`);
    const connector = this.environment.bundle.resources.find((resource) => resource.kind === 'Connector' && resource.name === String(instance.spec.connector));
    if (!connector) throw new Error(`instance '${name}': its connector is not in the bundle`);
    const egress = new EgressGuard(instance.spec.egress as EgressSpec | undefined, this.environment.engineAddresses);
    const { transport, observe } = this.environment;
    const hooks =
      transport || observe
        ? (endpoint: string): CallHooks => ({
            ...(transport && { transport: (request: HttpRequest) => transport(name, endpoint, request), sleep: async () => undefined }),
            ...(observe && { observe: (request: HttpRequest, response: Omit<HttpResponse, 'attempts'> | undefined, attempt: AttemptTiming) => observe(name, endpoint, request, response, attempt) }),
          })
        : undefined;
    return new InstanceClient(instance, connector, (value) => resolvePlaceholders(value, this.environment.resolve, name), this.redactor, egress, hooks);
  }
}

/** An event instance's broker URL, its placeholders resolved by the engine (never logged). */
export function brokerUrlOf(bundle: Bundle, name: string, resolve: PlaceholderLookup): string {
  const instance = bundle.resources.find((resource) => resource.kind === 'Instance' && resource.name === name);
  if (!instance) throw new Error(`the bundle has no instance '${name}'`);
  const credentials = resolvePlaceholders(instance.spec.credentials ?? {}, resolve, name) as { url?: unknown };
  if (typeof credentials.url !== 'string' || credentials.url === '') throw new Error(`instance '${name}': credentials.url (the broker's AMQP URL) is not set`);
  return credentials.url;
}

type ConnectorRuntime = HttpConnectorSpec & {
  http: HttpConnectorSpec['http'] & { timeoutMs?: number; maxResponseBytes?: number; retry?: CallPolicy['retry']; rateLimit?: { requestsPerSecond: number; burst?: number } };
};

export class InstanceClient {
  readonly connector: ConnectorRuntime;
  private readonly settings: unknown;
  private readonly credentials: unknown;
  private readonly authName: string | undefined;
  private readonly bucket: TokenBucket | undefined;
  private oauth: OAuth2TokenClient | undefined;
  /** The headers and query parameters that carry the instance's credentials (kept from another origin). */
  readonly credentialNames: CredentialNames;
  /** Per endpoint a send step calls: its idempotency key header and call policy, worked out once. */
  private readonly sends = new Map<string, { keyHeader: string; policy: CallPolicy }>();

  constructor(
    instance: BundleResource,
    connector: BundleResource,
    resolve: (value: unknown) => unknown,
    private readonly redactor = new SecretRedactor(),
    private readonly egress = new EgressGuard(instance.spec.egress as EgressSpec | undefined, undefined),
    /** What an endpoint's requests go through besides the network: a transport in its place, an observer. */
    private readonly hooksOf?: (endpoint: string) => CallHooks,
  ) {
    // Placeholders resolve wherever the contract allows them: the instance's settings (inside
    // longer strings too) and credentials, and the connector's HTTP block, endpoints and auth methods.
    const spec = connector.spec as unknown as ConnectorRuntime;
    this.connector = {
      ...spec,
      http: resolve(spec.http) as ConnectorRuntime['http'],
      endpoints: resolve(spec.endpoints) as ConnectorRuntime['endpoints'],
      ...(spec.auth && { auth: resolve(spec.auth) as ConnectorRuntime['auth'] }),
    };
    this.settings = resolve(instance.spec.settings ?? {});
    this.credentials = resolve(instance.spec.credentials ?? {});
    this.authName = typeof instance.spec.auth === 'string' ? instance.spec.auth : undefined;
    this.credentialNames = credentialNamesOf(spec, this.authName);
    const rate = this.connector.http.rateLimit;
    this.bucket = rate ? new TokenBucket(rate.requestsPerSecond, rate.burst) : undefined;
  }

  /** Ends the connections kept alive for this instance. */
  close(): Promise<void> {
    return closeConnections(this.egress);
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
      egress: this.egress,
      ...this.hooksOf?.(endpointName),
    };
  }

  /** The header an endpoint's idempotency key goes in (lower case). */
  idempotencyKeyHeader(endpointName: string): string {
    const endpoint = this.connector.endpoints[endpointName] as { idempotencyKeyHeader?: string } | undefined;
    return (endpoint?.idempotencyKeyHeader ?? 'Idempotency-Key').toLowerCase();
  }

  /**
   * Sends one record to an endpoint, with its idempotency key; throws an HttpCallError naming the
   * status and an excerpt of the answer when the API does not answer 2xx.
   */
  async send(call: EndpointCall, record: unknown, run: RunFields, idempotencyKey: string): Promise<void> {
    let prepared = this.sends.get(call.endpoint);
    if (!prepared) this.sends.set(call.endpoint, (prepared = { keyHeader: this.idempotencyKeyHeader(call.endpoint), policy: this.policy(call.endpoint) }));
    const input = call.input === undefined ? noInput : renderValue(call.input, { run, record });
    const request = this.request(call.endpoint, { input, record, run });
    request.headers[prepared.keyHeader] = idempotencyKey;
    const response = await this.call(request, prepared.policy);
    if (response.status < 200 || response.status > 299) {
      throw new HttpCallError(this.redactor.text(`${request.method} ${redactUrl(request.url)} answered ${response.status}: ${excerpt(response.body)}`), response.status, response.attempts, this.failedCall(request, response));
    }
  }

  /** A failed call as kept with its record: redacted (see failedCall). */
  private failedCall(request: HttpRequest, response: HttpResponse): FailedCall {
    return failedCall(request, response, (text) => this.redactor.text(text));
  }

  /**
   * Calls an endpoint for one record and reads its JSON answer (the caller redacts what it keeps);
   * undefined for a 404. Throws an HttpCallError for any other answer outside 2xx. The key tells
   * equal requests apart: method, URL, headers and body.
   */
  async fetch(call: EndpointCall, record: unknown, run: RunFields): Promise<{ key: string; answer: () => Promise<unknown> }> {
    const input = call.input === undefined ? noInput : renderValue(call.input, { run, record });
    const request = this.request(call.endpoint, { input, record, run });
    // What the request is, without its credentials: calls for equal requests share one answer.
    const body = request.body === undefined ? '' : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    const key = `${request.method} ${request.url}\u0000${JSON.stringify(Object.entries(request.headers).sort())}\u0000${body}`;
    return {
      key,
      answer: async () => {
        const response = await this.call(request, this.policy(call.endpoint));
        if (response.status === 404) return undefined;
        if (response.status < 200 || response.status > 299) {
          throw new HttpCallError(this.redactor.text(`${request.method} ${redactUrl(request.url)} answered ${response.status}: ${excerpt(response.body)}`), response.status, response.attempts, this.failedCall(request, response));
        }
        const text = response.body.toString('utf8');
        if (text.trim() === '') return null;
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new HttpCallError(this.redactor.text(`${request.method} ${redactUrl(request.url)} answered ${response.status} with a body that is not JSON: ${excerpt(response.body)}`), response.status, response.attempts, this.failedCall(request, response));
        }
      },
    };
  }

  /** The endpoint's request for this scope, with the instance's auth (an OAuth2 token is added by `call`). */
  request(endpointName: string, scope: { input?: unknown; record?: unknown; run?: unknown }): HttpRequest {
    const method = this.oauthMethod();
    // `{{records}}`: a batch's records (the record is their list), or the one record as a list of one.
    const records = scope.record === undefined ? undefined : Array.isArray(scope.record) ? scope.record : [scope.record];
    const full = { settings: this.settings, credentials: this.credentials, ...scope, records };
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
      // Its requests are the token endpoint's, not the endpoint that first needed a token.
      { ...this.policy(endpointName), ...this.hooksOf?.(tokenEndpoint) },
    );
    return buildRequest(this.connector, endpointName, full);
  }

  /**
   * Makes a request. With OAuth2 it carries the current access token, fetched as needed; a 401
   * (the token expired or was revoked early) drops that token and the request is made once more
   * with a new one: a 401 means the API did nothing, so even a POST may be repeated.
   */
  async call(request: HttpRequest, policy: CallPolicy): Promise<HttpResponse> {
    return this.redactRefusal(await this.callAuthorized(request, policy));
  }

  /**
   * An answer outside 2xx ends up in an error text (an excerpt of its body): an API that echoes
   * the request would put the credentials there, so they go before it is cut to an excerpt.
   */
  private redactRefusal(response: HttpResponse): HttpResponse {
    if (response.status >= 200 && response.status <= 299) return response;
    return { ...response, body: Buffer.from(this.redactor.text(response.body.toString('utf8'))) };
  }

  private async callAuthorized(request: HttpRequest, policy: CallPolicy): Promise<HttpResponse> {
    const oauth = this.oauth;
    if (!oauth) return httpCall(request, policy);
    // The token is taken for each attempt after the rate limit's wait: a queued request or a
    // retry after a 503 never goes out with a token that expired while it waited.
    let used = '';
    const authorized: CallPolicy = {
      ...policy,
      authorize: async (outgoing) => {
        used = await oauth.token();
        this.redactor.add(used);
        return withBearer(outgoing, used);
      },
    };
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

/**
 * Where a connector puts credentials besides Authorization: an apiKey method's header or query
 * parameter, and connector and endpoint headers (and endpoint query parameters) whose template
 * reads credentials or a placeholder.
 */
function credentialNamesOf(spec: ConnectorRuntime, authName: string | undefined): CredentialNames {
  const secretive = (template: unknown) => /\{\{\s*credentials|\$\{/.test(typeof template === 'string' ? template : JSON.stringify(template) ?? '');
  const namesOf = (fields: Record<string, unknown> | undefined) => Object.entries(fields ?? {}).filter(([, template]) => secretive(template)).map(([name]) => name);
  const endpoints = Object.values(spec.endpoints ?? {}) as { headers?: Record<string, unknown>; query?: Record<string, unknown> }[];
  // The connector's headers and every endpoint's own headers and query parameters that carry a credential.
  const headers = [...namesOf(spec.http.headers), ...endpoints.flatMap((endpoint) => namesOf(endpoint.headers))].map((name) => name.toLowerCase());
  const query: string[] = endpoints.flatMap((endpoint) => namesOf(endpoint.query));
  const method = authName ? (spec.auth?.[authName] as AuthMethod | undefined) : undefined;
  if (method?.type === 'apiKey') (method.in === 'query' ? query : headers).push(method.in === 'query' ? method.name : method.name.toLowerCase());
  return { headers, query };
}

function withBearer(request: HttpRequest, token: string): HttpRequest {
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}

/** The input of a call that gives none (templates read nothing from it). */
const noInput = Object.freeze({});

