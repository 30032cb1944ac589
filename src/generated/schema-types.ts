/* Generated from schemas/ by scripts/gen.mjs (npm run gen). Do not edit. */

/**
 * Any weft resource document, chosen by its kind.
 */
export type WeftDocument = Project | Connector | Instance | Flow | Lookup | Test;
/**
 * The resource's name, unique per kind.
 */
export type ResourceName = string;
/**
 * A resource name: lowercase letters, digits and '-', starting with a letter, at most 63 characters.
 */
export type ResourceName1 = string;
/**
 * Bearer token for the engine's admin API, as a placeholder such as ${env:WEFT_ENGINE_TOKEN}.
 */
export type Placeholder = string;
/**
 * The value when the environment gives none. Without a default, every environment that uses the variable must give a value.
 */
export type VariableValue = string | number | boolean;
/**
 * A variable's value: a string, a number or a boolean, of the variable's declared type.
 */
export type VariableValue1 = string | number | boolean;
/**
 * The folder of the environment's overlay files, relative to the project root (default environments/<name>/). Its files are not read as resources of the project.
 */
export type ProjectFolder = string;
/**
 * The environment commands use without --env. Default: the only environment, when there is one; with several, commands need --env.
 */
export type ResourceName2 = string;
/**
 * What the connector talks to and what an instance must supply.
 */
export type ConnectorSpec = {
  version: SemVer;
  /**
   * 'http' for REST APIs, 'event' for message brokers.
   */
  type?: "http" | "event";
  http?: HttpConfig;
  event?: EventConfig;
  settings?: JsonSchemaObject;
  /**
   * The secret fields an instance supplies, by name.
   */
  credentials?: {
    [k: string]: CredentialDeclaration;
  };
  /**
   * Named authentication methods; an instance picks one (default: the first).
   */
  auth?: {
    [k: string]: AuthMethod;
  };
  /**
   * Named operations of the API, used by flow steps.
   */
  endpoints?: {
    [k: string]: Endpoint;
  };
};
/**
 * The connector's semantic version; instances may pin a range of it.
 */
export type SemVer = string;
/**
 * One way to authenticate; templates may use {{credentials.x}} and {{settings.x}}.
 */
export type AuthMethod = NoAuth | BasicAuth | BearerAuth | ApiKeyAuth | OAuth2Auth;
/**
 * How to follow pages of results.
 */
export type Pagination = NoPagination | PagePagination | OffsetPagination | CursorPagination | LinkHeaderPagination;
/**
 * Exactly one placeholder resolved by the engine at run time: ${secret:path/segments} or ${env:NAME}.
 */
export type Placeholder1 = string;
/**
 * Exactly one of schedule, webhook, event or manual.
 */
export type Trigger = {
  [k: string]: unknown;
} & {
  schedule?: ScheduleTrigger;
  webhook?: WebhookTrigger;
  event?: EventTrigger;
  manual?: ManualTrigger;
};
/**
 * Exactly one placeholder resolved by the engine at run time: ${secret:path/segments} or ${env:NAME}.
 */
export type Placeholder2 = string;
/**
 * An event instance.
 */
export type ResourceName3 = string;
/**
 * One step: exactly one of receive, filter, map, send, publish, route, branch, try, dedupe, cache, split, batch, notify, run or enrich.
 */
export type Step = {
  [k: string]: unknown;
} & {
  /**
   * The step's id, unique within the flow.
   */
  id: string;
  /**
   * What the step is for, for people reading the flow.
   */
  description?: string;
  receive?: EndpointCall;
  /**
   * A JSONata expression per record; a truthy result keeps the record.
   */
  filter?: string;
  /**
   * A JSONata expression per record; its result replaces the record.
   */
  map?: string;
  send?: EndpointCall1;
  publish?: Publish;
  route?: Route;
  branch?: Branch;
  try?: Try;
  dedupe?: Dedupe;
  cache?: Cache;
  split?: Split;
  batch?: Batch;
  notify?: Notify;
  run?: RunFlow;
  enrich?: Enrich;
  limits?: ExpressionLimits;
};
/**
 * The instance to call.
 */
export type ResourceName4 = string;
/**
 * An event instance.
 */
export type ResourceName5 = string;
/**
 * Steps in order; records flow through them.
 *
 * @minItems 1
 */
export type Steps1 = Step[];
/**
 * Steps for the records no route's condition took.
 *
 * @minItems 1
 */
export type Steps2 = Step[];
/**
 * Send every record down each branch, one branch after the other; the records coming out of their ends go on to the next step.
 *
 * @minItems 1
 */
export type Branch = BranchCase[];
/**
 * Steps in order; records flow through them.
 *
 * @minItems 1
 */
export type Steps3 = Step[];
/**
 * An http instance to post to.
 */
export type ResourceName6 = string;
/**
 * The flow to run (its own trigger is not used).
 */
export type ResourceName7 = string;
/**
 * The instance to call.
 */
export type ResourceName8 = string;
/**
 * Steps in order; records flow through them.
 *
 * @minItems 1
 */
export type Steps = Step[];
/**
 * The table: inline entries, or a CSV file next to the YAML file.
 */
export type LookupSpec = {
  [k: string]: unknown;
} & {
  /**
   * What the table maps, for people reading it.
   */
  description?: string;
  /**
   * The table's rows; left values are unique (so are right values, for a table read in reverse).
   */
  entries?: LookupEntry[];
  /**
   * A CSV file, relative to this YAML file: a header row naming the columns, then one row per entry.
   */
  file?: string;
  columns?: LookupColumns;
  /**
   * A value the table does not hold: 'fail' the record, or give 'default'.
   */
  missing?: "fail" | "default";
  /**
   * What a missing value gives, with missing: default.
   */
  default?: string | number | null;
};
/**
 * The flow to run.
 */
export type ResourceName9 = string;
/**
 * The instance called.
 */
export type ResourceName10 = string;
/**
 * The instance called.
 */
export type ResourceName11 = string;
/**
 * The event instance published to.
 */
export type ResourceName12 = string;

/**
 * The project file, weft.yaml at the project's root.
 */
export interface Project {
  /**
   * The weft file format version. Always 'weft/v1'.
   */
  apiVersion: "weft/v1";
  /**
   * Always 'Project'.
   */
  kind: "Project";
  metadata: Metadata;
  spec?: ProjectSpec;
}
/**
 * Identity of a resource.
 */
export interface Metadata {
  name: ResourceName;
  /**
   * Free text shown in plans and graphs.
   */
  description?: string;
  /**
   * String labels for grouping and filtering (for example team: ecommerce).
   */
  labels?: {
    [k: string]: string;
  };
  /**
   * Names this resource had before: plan and apply treat it as a rename, keeping its identity and history.
   */
  previousNames?: ResourceName1[];
}
/**
 * Project-wide settings.
 */
export interface ProjectSpec {
  /**
   * Globs, relative to the project root, of YAML files that are not weft resources (for example fixtures/**).
   */
  exclude?: string[];
  egress?: EgressPolicy;
  testing?: TestingSettings;
  engine?: EngineTarget;
  /**
   * Project variables, by name: non-secret values that ${var:name} placeholders take at compile time, per environment.
   */
  variables?: {
    [k: string]: VariableDeclaration;
  };
  /**
   * The environments the project deploys to, by name (for example staging, production); each has its own engine and variable values. Commands take --env <name>.
   */
  environments?: {
    [k: string]: Environment;
  };
  defaultEnvironment?: ResourceName2;
}
/**
 * Where the engine's HTTP requests may go, checked on the address each connection is made to. Link-local addresses and cloud metadata addresses are refused unless allowed here by address; the engine's own listen address is always refused.
 */
export interface EgressPolicy {
  /**
   * When given, the only destinations: host names (api.example.com), every subdomain of one (*.example.com), IP addresses and CIDR ranges (10.0.0.0/8).
   */
  allow?: string[];
  /**
   * Destinations refused, in the same forms; a deny wins over an allow.
   */
  deny?: string[];
}
/**
 * What weft validate says about the project's tests (documents of kind Test, run by weft test).
 */
export interface TestingSettings {
  /**
   * Warn (untested-flow) for every flow that no test runs.
   */
  warnUntestedFlows?: boolean;
}
/**
 * The engine that plan and apply reconcile into, for a project without environments. Default: the embedded local engine in .weft/.
 */
export interface EngineTarget {
  /**
   * Base URL of a remote engine started with 'weft engine start'.
   */
  url: string;
  token?: Placeholder;
}
/**
 * A variable's type, and the value it takes where an environment gives none.
 */
export interface VariableDeclaration {
  /**
   * The type every value of the variable must have.
   */
  type: "string" | "number" | "integer" | "boolean";
  default?: VariableValue;
  /**
   * What the variable is for.
   */
  description?: string;
}
/**
 * One environment: the engine it reconciles into and the values of the project's variables there.
 */
export interface Environment {
  /**
   * What the environment is for.
   */
  description?: string;
  engine?: EngineTarget1;
  /**
   * The values of the project's variables in this environment, by name.
   */
  values?: {
    [k: string]: VariableValue1;
  };
  overlay?: ProjectFolder;
}
/**
 * The environment's remote engine. Default: an embedded local engine of its own, in .weft/env/<name>/.
 */
export interface EngineTarget1 {
  /**
   * Base URL of a remote engine started with 'weft engine start'.
   */
  url: string;
  token?: Placeholder;
}
/**
 * A generic integration of one third-party system, written once and used by many instances.
 */
export interface Connector {
  /**
   * The weft file format version. Always 'weft/v1'.
   */
  apiVersion: "weft/v1";
  /**
   * Always 'Connector'.
   */
  kind: "Connector";
  metadata: Metadata;
  spec: ConnectorSpec;
}
/**
 * How to reach the HTTP API.
 */
export interface HttpConfig {
  /**
   * Base URL of every endpoint; may use {{settings.x}} templates.
   */
  baseUrl: string;
  headers?: StringMap;
  /**
   * Total deadline of one request, in milliseconds.
   */
  timeoutMs?: number;
  /**
   * Largest response body accepted, in bytes.
   */
  maxResponseBytes?: number;
  retry?: RetryPolicy;
  rateLimit?: RateLimit;
}
/**
 * Headers sent with every request.
 */
export interface StringMap {
  [k: string]: string;
}
/**
 * Retries with exponential backoff and jitter, honouring Retry-After.
 */
export interface RetryPolicy {
  /**
   * Attempts in all, the first included.
   */
  maxAttempts?: number;
  /**
   * Delay before the first retry; doubles each attempt.
   */
  initialDelayMs?: number;
  /**
   * Largest delay between attempts, Retry-After included.
   */
  maxDelayMs?: number;
  /**
   * HTTP statuses that are retried (network errors always are).
   */
  on?: number[];
}
/**
 * A token bucket shared by all requests of one instance.
 */
export interface RateLimit {
  /**
   * Sustained request rate.
   */
  requestsPerSecond: number;
  /**
   * Requests allowed at once before the rate applies.
   */
  burst?: number;
}
/**
 * The message broker this event connector talks to.
 */
export interface EventConfig {
  /**
   * The broker's protocol; 'rabbitmq' is AMQP 0-9-1.
   */
  broker: "rabbitmq";
}
/**
 * A JSON Schema (type object) for an instance's settings.
 */
export interface JsonSchemaObject {
  /**
   * Always 'object'.
   */
  type?: "object";
  [k: string]: unknown;
}
/**
 * One secret field an instance supplies.
 */
export interface CredentialDeclaration {
  /**
   * What the credential is, shown to whoever configures an instance.
   */
  description?: string;
  /**
   * Whether every instance must supply it.
   */
  required?: boolean;
}
export interface NoAuth {
  /**
   * No authentication.
   */
  type?: "none";
}
export interface BasicAuth {
  /**
   * HTTP Basic authentication.
   */
  type?: "basic";
  /**
   * User name (template).
   */
  username: string;
  /**
   * Password (template, usually {{credentials.x}}).
   */
  password: string;
}
export interface BearerAuth {
  /**
   * Authorization: Bearer <token>.
   */
  type?: "bearer";
  /**
   * The token (template, usually {{credentials.x}}).
   */
  token: string;
}
export interface ApiKeyAuth {
  /**
   * An API key in a header or query parameter.
   */
  type?: "apiKey";
  /**
   * Where the key goes.
   */
  in?: "header" | "query";
  /**
   * Header or query parameter name.
   */
  name: string;
  /**
   * The key (template, usually {{credentials.x}}).
   */
  value: string;
}
export interface OAuth2Auth {
  /**
   * OAuth 2.0; tokens are cached and refreshed before expiry.
   */
  type?: "oauth2";
  /**
   * The grant used to obtain tokens.
   */
  grant: "client_credentials" | "refresh_token";
  /**
   * The token endpoint (template).
   */
  tokenUrl: string;
  /**
   * Client id (template).
   */
  clientId: string;
  /**
   * Client secret (template, usually {{credentials.x}}).
   */
  clientSecret?: string;
  /**
   * Refresh token for the refresh_token grant (template).
   */
  refreshToken?: string;
  /**
   * Scopes requested.
   */
  scopes?: string[];
}
/**
 * One operation of the API.
 */
export interface Endpoint {
  /**
   * What the endpoint does, for people reading the connector.
   */
  description?: string;
  /**
   * HTTP method.
   */
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /**
   * Path below baseUrl; templates are URL-encoded. An {{input.x}} in the path makes that input required.
   */
  path: string;
  headers?: StringMap1;
  query?: ScalarMap;
  /**
   * Request body; a string that is exactly one template keeps the value's type ({{record}} sends the record).
   */
  body?: {
    [k: string]: unknown;
  };
  inputs?: JsonSchemaMap;
  /**
   * Inputs a step must supply (inputs used in 'path' are required anyway).
   */
  requiredInputs?: string[];
  pagination?: Pagination;
  /**
   * Dot path to the array of records in the response body; absent: the body itself.
   */
  records?: string;
  /**
   * Whether a non-idempotent method (POST, PATCH) may be retried after a failure that may have left it processed (500, 502, 504, a 503 without Retry-After, a network error). A 429, or a 503 with Retry-After, is retried for every method.
   */
  idempotent?: boolean;
  /**
   * Header that carries the idempotency key of a send in an event-triggered run (derived from the message id, the step and the record), so a sink that honours it applies a redelivered message once.
   */
  idempotencyKeyHeader?: string;
}
/**
 * Headers for this endpoint (templates allowed).
 */
export interface StringMap1 {
  [k: string]: string;
}
/**
 * Query parameters; one that renders empty is left out.
 */
export interface ScalarMap {
  [k: string]: string | number | boolean;
}
/**
 * JSON Schema properties of a step's 'input' for this endpoint.
 */
export interface JsonSchemaMap {
  /**
   * A JSON Schema (2020-12) for one property.
   */
  [k: string]: {
    [k: string]: unknown;
  };
}
export interface NoPagination {
  /**
   * One request, one page.
   */
  type?: "none";
}
export interface PagePagination {
  /**
   * Numbered pages.
   */
  type?: "page";
  /**
   * Query parameter of the page number.
   */
  param?: string;
  /**
   * Query parameter of the page size.
   */
  sizeParam?: string;
  /**
   * Page size requested.
   */
  size?: number;
  /**
   * Number of the first page.
   */
  start?: number;
}
export interface OffsetPagination {
  /**
   * Offset and limit.
   */
  type?: "offset";
  /**
   * Query parameter of the offset.
   */
  param?: string;
  /**
   * Query parameter of the limit.
   */
  limitParam?: string;
  /**
   * Records per request.
   */
  limit?: number;
}
export interface CursorPagination {
  /**
   * A cursor from the response body.
   */
  type?: "cursor";
  /**
   * Query parameter the cursor is sent in.
   */
  param: string;
  /**
   * Dot path to the next cursor in the response body; empty or absent ends.
   */
  cursorPath: string;
}
export interface LinkHeaderPagination {
  /**
   * RFC 8288 Link header with rel="next".
   */
  type?: "link-header";
  /**
   * Other origins (scheme://host[:port]) a next link may point to. By default a next link must have the request's origin. A page on another origin is fetched without the instance's credentials.
   */
  allowedOrigins?: string[];
}
/**
 * One configured use of a connector: its settings and its credentials.
 */
export interface Instance {
  /**
   * The weft file format version. Always 'weft/v1'.
   */
  apiVersion: "weft/v1";
  /**
   * Always 'Instance'.
   */
  kind: "Instance";
  metadata: Metadata;
  spec: InstanceSpec;
}
/**
 * The instance's connector, settings and credentials.
 */
export interface InstanceSpec {
  /**
   * The connector's name, optionally with a semver range: shopify or shopify@^1.2.
   */
  connector: string;
  /**
   * One of the connector's auth methods. Default: the connector's first.
   */
  auth?: string;
  /**
   * Settings, validated against the connector's settings schema.
   */
  settings?: {};
  /**
   * Credentials by name, each exactly one placeholder (${secret:...} or ${env:...}); never a literal.
   */
  credentials?: {
    [k: string]: Placeholder1;
  };
}
/**
 * A process flow: a trigger and the steps records flow through.
 */
export interface Flow {
  /**
   * The weft file format version. Always 'weft/v1'.
   */
  apiVersion: "weft/v1";
  /**
   * Always 'Flow'.
   */
  kind: "Flow";
  metadata: Metadata;
  spec: FlowSpec;
}
/**
 * When the flow runs and what it does.
 */
export interface FlowSpec {
  /**
   * A disabled flow is deployed but never triggered.
   */
  enabled?: boolean;
  /**
   * At most this many runs of the flow at once.
   */
  concurrency?: number;
  /**
   * What a run does when a record fails: 'continue' with the rest (the run is partial) or 'stop'.
   */
  onError?: "continue" | "stop";
  /**
   * The flow's variables, by name, with their values: read as $vars.name in JSONata and {{vars.name}} in templates. An environment's overlay may patch them.
   */
  variables?: {
    [k: string]: unknown;
  };
  trigger: Trigger;
  steps: Steps;
}
/**
 * Run on a cron schedule.
 */
export interface ScheduleTrigger {
  /**
   * A cron expression (5 or 6 fields).
   */
  cron: string;
  /**
   * IANA time zone of the schedule.
   */
  timezone?: string;
}
/**
 * Run on POST /hooks/<path>; the body is the first record.
 */
export interface WebhookTrigger {
  /**
   * Path below /hooks/, unique across flows.
   */
  path: string;
  hmac?: WebhookHmac;
  /**
   * Largest body accepted.
   */
  maxBodyBytes?: number;
  /**
   * Anyone may start a run: without hmac, say so here (else weft validate warns 'unsigned-webhook').
   */
  public?: boolean;
}
/**
 * Verify an HMAC signature of the raw body.
 */
export interface WebhookHmac {
  /**
   * Header carrying the signature.
   */
  header: string;
  secret: Placeholder2;
  /**
   * HMAC hash.
   */
  algorithm?: "sha256" | "sha1" | "sha512";
  /**
   * Encoding of the signature in the header.
   */
  encoding?: "hex" | "base64";
  /**
   * Text before the signature in the header, such as 'sha256='.
   */
  prefix?: string;
  /**
   * What the signature covers: '{body}' (the raw body, the default), or a template over '{timestamp}' (the timestamp header's value) and '{body}', such as '{timestamp}.{body}' (Stripe) or 'v0:{timestamp}:{body}' (Slack).
   */
  signedPayload?: string;
  /**
   * Header carrying the time the request was sent (Unix seconds or ISO 8601); a request outside toleranceSeconds of the engine's clock is refused with 401.
   */
  timestampHeader?: string;
  /**
   * How far the timestamp header may be from the engine's clock.
   */
  toleranceSeconds?: number;
  /**
   * Header carrying the sender's delivery id (X-Shopify-Webhook-Id, X-GitHub-Delivery): a delivery seen within replayWindowSeconds is answered 200 { duplicate: true, run } without a new run.
   */
  deliveryIdHeader?: string;
  /**
   * How long a delivery id is remembered.
   */
  replayWindowSeconds?: number;
}
/**
 * Run for each message from a queue of an event instance.
 */
export interface EventTrigger {
  instance: ResourceName3;
  /**
   * Queue to consume (it must exist, with a dead-letter exchange). AMQP names: letters, digits, '-', '_', '.', ':'.
   */
  queue: string;
  /**
   * Runs of one message before it is rejected to the queue's dead-letter exchange.
   */
  maxAttempts?: number;
}
/**
 * Run only when asked (weft run, the admin API).
 */
export interface ManualTrigger {}
/**
 * Fetch records from an endpoint of an http instance (pages are streamed).
 */
export interface EndpointCall {
  instance: ResourceName4;
  /**
   * One of its connector's endpoints.
   */
  endpoint: string;
  input?: ScalarMap1;
  /**
   * Requests in flight at once (send).
   */
  concurrency?: number;
}
/**
 * Values of the endpoint's inputs; templates may use {{run.x}} (and {{record.x}} in send).
 */
export interface ScalarMap1 {
  [k: string]: string | number | boolean;
}
/**
 * Send each record to an endpoint of an http instance.
 */
export interface EndpointCall1 {
  instance: ResourceName4;
  /**
   * One of its connector's endpoints.
   */
  endpoint: string;
  input?: ScalarMap1;
  /**
   * Requests in flight at once (send).
   */
  concurrency?: number;
}
/**
 * Publish each record as a message through an event instance.
 */
export interface Publish {
  instance: ResourceName5;
  /**
   * Exchange to publish to ('' is the default exchange). AMQP names: letters, digits, '-', '_', '.', ':'.
   */
  exchange: string;
  /**
   * Routing key, at most 255 bytes (templates may use {{record.x}}).
   */
  routingKey: string;
}
/**
 * Send each record down every route whose condition holds, or down 'otherwise' when none does (a record no route takes, without otherwise, goes no further). Routes run side by side, independently; the records coming out of their ends go on to the next step.
 */
export interface Route {
  /**
   * The routes, each with a name, a condition and its steps.
   *
   * @minItems 1
   */
  routes: RouteCase[];
  otherwise?: Steps2;
}
export interface RouteCase {
  /**
   * A name, unique among its siblings: it is part of the path of the steps inside (by-region/uk/push).
   */
  name: string;
  /**
   * A JSONata condition per record; truthy sends the record down this route.
   */
  when: string;
  steps: Steps1;
}
export interface BranchCase {
  /**
   * A name, unique among its siblings: it is part of the path of the steps inside (by-region/uk/push).
   */
  name: string;
  steps: Steps1;
}
/**
 * Records that fail inside 'steps' (a send refused, an expression that throws) go to the 'catch' steps instead of the run's failed records, with $error ({ step, message, status }) to read. What comes out of both goes on; a record that fails in 'catch' is a failed record.
 */
export interface Try {
  steps: Steps1;
  catch: Steps3;
}
/**
 * Drop records whose key was seen within the window, and remember the keys of the records passed on (kept in the engine's store across runs and restarts). Two runs at once never both pass a key; a record that fails later gives its key back.
 */
export interface Dedupe {
  /**
   * A JSONata expression per record: its key (a non-empty string or a number).
   */
  key: string;
  /**
   * 'filter' drops records seen before, 'track' remembers keys and drops nothing, 'filter-and-track' does both.
   */
  mode?: "filter" | "track" | "filter-and-track";
  /**
   * How long a key is remembered.
   */
  window?: string;
  /**
   * A named pool of keys shared by every flow naming it; without one, the keys are this step's own.
   */
  pool?: string;
}
/**
 * Store records (or a value) under a key, or read stored values into records: entries kept in the engine's store per run, flow or project until their TTL.
 */
export interface Cache {
  put?: CachePut;
  get?: CacheGet;
}
/**
 * Store each record (or the value of 'value') under its key; records go on unchanged.
 */
export interface CachePut {
  /**
   * A JSONata expression per record: the entry's key (a non-empty string or a number).
   */
  key: string;
  /**
   * A JSONata expression per record: what to store (the record when absent).
   */
  value?: string;
  /**
   * The cache's name, within its scope.
   */
  name?: string;
  /**
   * Whose entries: this run's, this flow's, or the whole project's.
   */
  scope?: "run" | "flow" | "project";
  /**
   * How long an entry is kept.
   */
  ttl?: string;
  /**
   * Entries the cache may hold (not expired); a put beyond it fails its records, saying the cache is full.
   */
  maxEntries?: number;
}
/**
 * Read the entry of each record's key into a field of the record.
 */
export interface CacheGet {
  /**
   * A JSONata expression per record: the key to read.
   */
  key: string;
  /**
   * The record's field the value goes into.
   */
  into: string;
  /**
   * The cache's name, within its scope.
   */
  name?: string;
  /**
   * Whose entries: this run's, this flow's, or the whole project's.
   */
  scope?: "run" | "flow" | "project";
  /**
   * A record whose key has no entry: 'keep' it as it is, 'drop' it, or 'fail' it.
   */
  missing?: "keep" | "drop" | "fail";
}
/**
 * Turn each record into the items of an array it holds (each item a record); the record they came from is readable as $parent in later expressions.
 */
export interface Split {
  /**
   * A JSONata expression per record: its items (an array field such as 'lines'; a single value is one item, nothing is none).
   */
  items: string;
  /**
   * A field of each item to copy the whole record into.
   */
  parent?: string;
}
/**
 * Group records into batches of at most 'size' (records of one key together, with 'key'); each batch goes on as one record, the list of its records, so a bulk endpoint's body can be {{record}}. $batch ({ key, size }) is readable in later expressions. A batch that fails keeps each of its records as a failed record at this step. Batches never span the run's chunks (which hold at least 'size' records), so records a filter left few of make smaller batches.
 */
export interface Batch {
  /**
   * Records per batch at most.
   */
  size: number;
  /**
   * A JSONata expression per record: records with the same key are batched together.
   */
  key?: string;
}
/**
 * When the run ends with a status 'on' names, post the run's summary as the record of an instance's endpoint (a chat webhook, say): { flow, run, status, records: { in, out, failed }, failures (the first five: step, error), error, message (one sentence) }. Without an instance, the message goes to the engine's log. Records pass through unchanged; a notification that cannot be posted is logged and does not change the run's status.
 */
export interface Notify {
  /**
   * The run endings to notify: failure (the run failed), partial (records failed), success, always.
   *
   * @minItems 1
   */
  on?: ("failure" | "partial" | "success" | "always")[];
  instance?: ResourceName6;
  /**
   * Its endpoint; its body templates read the summary as {{record.message}}, {{record.status}}, ….
   */
  endpoint?: string;
  input?: ScalarMap2;
}
/**
 * Values of the endpoint's inputs (templates may use {{run.x}}, {{record.x}}, {{vars.x}}).
 */
export interface ScalarMap2 {
  [k: string]: string | number | boolean;
}
/**
 * Pass the records to another flow as its input: a child run per chunk of records, recorded and linked to this run. With wait (the default) the step waits for the child run: one that fails fails these records; otherwise they go on unchanged.
 */
export interface RunFlow {
  flow: ResourceName7;
  /**
   * Wait for the child run's end before the records go on.
   */
  wait?: boolean;
}
/**
 * Call an endpoint of an http instance for each record and put its JSON answer (or what 'select' makes of it) into a field of the record. Requests that are the same within a run share one call; secret values an API echoes are replaced by their placeholders.
 */
export interface Enrich {
  instance: ResourceName8;
  /**
   * One of its connector's endpoints (a GET, usually).
   */
  endpoint: string;
  input?: ScalarMap3;
  /**
   * The record's field the answer goes into.
   */
  into: string;
  /**
   * A JSONata expression over the answer ($record is the record): what goes into the field.
   */
  select?: string;
  /**
   * A 404: 'fail' the record, 'keep' it as it is, or 'drop' it.
   */
  missing?: "fail" | "keep" | "drop";
  /**
   * Calls in flight at once.
   */
  concurrency?: number;
}
/**
 * Values of the endpoint's inputs; templates may use {{record.x}}, {{run.x}} and {{vars.x}}.
 */
export interface ScalarMap3 {
  [k: string]: string | number | boolean;
}
/**
 * Bounds on each evaluation of the step's JSONata expression (filter, map), for one record: a record that exceeds one fails with an error naming it. Without them: depth 5000; and for an expression that can run away (one that defines functions, applies them partially, builds ranges or calls $eval) 2000 ms and sequences of 100,000 items, and an evaluation that grows the engine's heap by over 512 MiB is stopped whatever the limits.
 */
export interface ExpressionLimits {
  /**
   * Time one evaluation may take, in milliseconds (default 2000).
   */
  timeoutMs?: number;
  /**
   * How deeply evaluation may nest (default 5000); recursion that is not in tail position deepens it by a few levels a call.
   */
  maxDepth?: number;
  /**
   * Items in any one sequence, ranges such as [1..n] included (default 100000).
   */
  maxSequence?: number;
}
/**
 * A cross-reference table of left and right values (country codes, status names, account numbers), read in JSONata as $lookup('name', value) and $lookup('name', value, 'reverse').
 */
export interface Lookup {
  /**
   * The weft file format version. Always 'weft/v1'.
   */
  apiVersion: "weft/v1";
  /**
   * Always 'Lookup'.
   */
  kind: "Lookup";
  metadata: Metadata;
  spec: LookupSpec;
}
export interface LookupEntry {
  /**
   * The value looked up.
   */
  left: string | number;
  /**
   * The value it maps to.
   */
  right: string | number;
}
/**
 * Which CSV columns hold the left and right values (by header name).
 */
export interface LookupColumns {
  /**
   * The header of the left column.
   */
  left?: string;
  /**
   * The header of the right column.
   */
  right?: string;
}
/**
 * A unit test of a flow, run by weft test through the real runtime with no network and no secrets: records in, the answers of each instance's endpoints given, the requests the flow sends and the records it fails expected.
 */
export interface Test {
  /**
   * The weft file format version. Always 'weft/v1'.
   */
  apiVersion: "weft/v1";
  /**
   * Always 'Test'.
   */
  kind: "Test";
  metadata: Metadata;
  spec: TestSpec;
}
/**
 * The flow under test, what it is given, what its endpoints answer, and what is expected.
 */
export interface TestSpec {
  flow: ResourceName9;
  /**
   * The run's clock: its start (ISO 8601), what cache TTLs and dedupe windows are measured from.
   */
  now?: string;
  given?: TestInput;
  state?: TestState;
  /**
   * What the endpoints answer. A request takes the first response that matches it; a request no response matches fails the test, naming it.
   */
  responses?: TestResponse[];
  expect: TestExpectation;
}
/**
 * What the run is given instead of its first step's source: exactly one of records inline, a file of records, a webhook's body or a broker message. Without it, a flow that starts with a receive fetches its records from the responses.
 */
export interface TestInput {
  /**
   * The records, inline.
   */
  records?: unknown[];
  /**
   * The records in a file next to the test: a JSON array, or NDJSON (one JSON value a line).
   */
  file?: string;
  /**
   * A webhook's JSON body: the run's one record, as the engine gives it.
   */
  webhook?: {} | unknown[];
  message?: TestMessage;
}
/**
 * A broker message: its JSON body is the run's one record, and its id what idempotency keys and published ids derive from.
 */
export interface TestMessage {
  /**
   * The message id.
   */
  id?: string;
  /**
   * The message's JSON body.
   */
  body: {
    [k: string]: unknown;
  };
}
/**
 * Dedupe keys already seen and cache entries already stored when the run starts (as a run before it would have left them).
 */
export interface TestState {
  /**
   * Keys of dedupe steps' pools (a named pool, or the step's own).
   */
  dedupe?: TestDedupeKeys[];
  /**
   * Entries of cache steps' caches (by the step's name and scope).
   */
  cache?: TestCacheEntries[];
}
export interface TestDedupeKeys {
  /**
   * The path of a dedupe step of the flow ('skip-seen', 'by-market/domestic/skip-seen').
   */
  step: string;
  /**
   * The keys, as the step's key expression gives them (text, or numbers).
   */
  keys: (string | number)[];
}
export interface TestCacheEntries {
  /**
   * The path of a cache step of the flow (a put or a get of the cache meant).
   */
  step: string;
  /**
   * The entries: each key's JSON value.
   */
  entries: {};
}
export interface TestResponse {
  instance: ResourceName10;
  /**
   * Only requests of this endpoint (any of the instance's, when absent).
   */
  endpoint?: string;
  request?: TestRequestMatch;
  /**
   * The answer's status.
   */
  status?: number;
  /**
   * The answer's headers.
   */
  headers?: {
    [k: string]: string;
  };
  /**
   * The answer's body: JSON (a string is sent as it is).
   */
  body?: {
    [k: string]: unknown;
  };
}
/**
 * Only requests like this: each field given must match.
 */
export interface TestRequestMatch {
  /**
   * The HTTP method.
   */
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /**
   * The URL's path, exactly.
   */
  path?: string;
  /**
   * Query parameters the URL must have, with these values.
   */
  query?: {
    [k: string]: string;
  };
  /**
   * A JSON body the request's must contain (fields not given are not compared).
   */
  body?: {
    [k: string]: unknown;
  };
}
/**
 * What the run must do.
 */
export interface TestExpectation {
  /**
   * How the run ends.
   */
  status?: "succeeded" | "partial" | "failed";
  /**
   * The requests sent to endpoints, by instance (and endpoint): their JSON bodies in order.
   */
  requests?: TestExpectedRequests[];
  /**
   * The records the run fails, in order: their step path and a pattern of their error (a regular expression).
   */
  failures?: TestExpectedFailure[];
  /**
   * The messages publish steps put on a broker, by instance (and exchange, routing key): their JSON bodies in order. Published messages are kept in the test, never sent.
   */
  messages?: TestExpectedMessages[];
  state?: TestState1;
}
export interface TestExpectedRequests {
  instance: ResourceName11;
  /**
   * Only requests of this endpoint.
   */
  endpoint?: string;
  /**
   * 'exact': each body equals the expected one; 'partial': each body holds at least the expected fields.
   */
  match?: "exact" | "partial";
  /**
   * The bodies, in the order they were sent (as many as were sent).
   */
  bodies: unknown[];
}
export interface TestExpectedFailure {
  /**
   * The step path ('push', 'by-market/domestic/uk-subsidiary').
   */
  step: string;
  /**
   * A regular expression the error must match.
   */
  message?: string;
}
export interface TestExpectedMessages {
  instance: ResourceName12;
  /**
   * Only messages to this exchange.
   */
  exchange?: string;
  /**
   * Only messages with this routing key.
   */
  routingKey?: string;
  /**
   * 'exact': each body equals the expected one; 'partial': each body holds at least the expected fields.
   */
  match?: "exact" | "partial";
  /**
   * The bodies, in the order they were published (as many as were published).
   */
  bodies: unknown[];
}
/**
 * Dedupe keys and cache entries after the run: each step listed holds exactly these (those not listed are not compared).
 */
export interface TestState1 {
  /**
   * Keys of dedupe steps' pools (a named pool, or the step's own).
   */
  dedupe?: TestDedupeKeys[];
  /**
   * Entries of cache steps' caches (by the step's name and scope).
   */
  cache?: TestCacheEntries[];
}
