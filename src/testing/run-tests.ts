import { isDeepStrictEqual } from 'node:util';
import type { Bundle } from '../compile/compile-bundle.js';
import { MemoryFlowDataStore } from '../engine/stores/memory-flow-data-store.js';
import type { Test } from '../generated/schema-types.js';
import type { HttpRequest, HttpResponse } from '../runtime/http-call.js';
import { tokenEndpoint } from '../runtime/instance-clients.js';
import { runFlow, type RunOutcome } from '../runtime/run-flow.js';
import { cacheNamespace } from '../steps/cache.js';
import { dedupePool } from '../steps/dedupe.js';
import { flowSteps } from '../steps/registry.js';
import { isObject } from '../steps/step-kind.js';

/** One test as the runner takes it: its document, and where it is (for messages). */
export interface TestCase {
  name: string;
  file: string;
  line: number;
  /** Its document's index in its file (where `--update` writes). */
  document?: number;
  spec: Test['spec'];
  /** The records of `given.file`, read by the caller (or why they could not be). */
  fileRecords?: unknown[] | Error;
  /** The environment it runs in, when not the one asked for (a test only another environment's overlay adds). */
  environment?: string;
}

/** A message a publish step published, as a test sees it (kept, never sent). */
export interface PublishedMessage {
  instance: string;
  exchange: string;
  routingKey: string;
  messageId: string;
  body: unknown;
}

/** A request the flow sent, as a test sees it. */
export interface SentRequest {
  instance: string;
  endpoint: string;
  method: string;
  url: string;
  body: unknown;
}

export interface TestResult {
  name: string;
  file: string;
  line: number;
  document?: number;
  flow: string;
  environment?: string;
  passed: boolean;
  /** What differs from the expectation, one readable line each (none when it passed). */
  problems: string[];
  durationMs: number;
  /** The paths of the steps records went into (or came out of, for a source). */
  exercised: string[];
  /** What the test expects, and what the run did by its entries (for `--update`; none when the flow could not run). */
  expect: Test['spec']['expect'];
  actual?: Observed;
}

/**
 * What a run did, by the entries of its test's expectation: the bodies each `requests` and
 * `messages` entry selects, the keys or entries of each `state` step (a string when the flow has
 * no such step), the failed records and how the run ended.
 */
export interface Observed {
  status: RunOutcome['status'];
  error?: string;
  requests: unknown[][];
  messages: unknown[][];
  failures: { step: string; error: string }[];
  state: { dedupe: ({ keys: string[] } | { problem: string })[]; cache: ({ entries: Record<string, unknown> } | { problem: string })[] };
}

/**
 * What every placeholder resolves to in a test: a fixed fake value that says what it stands for,
 * so no secret or environment value is ever read (and output shows which placeholder it was).
 */
export function fakeValue(placeholder: { source: string; name: string }): string {
  return `fake-${placeholder.source}-${placeholder.name}`;
}

/**
 * Runs a test through the real runtime (the kernel, every step kind, the instance clients with
 * their auth, pagination and retries) with an in-process transport answering from the test's
 * responses: no socket is opened, no secret read, the clock fixed. Deterministic: the run's id,
 * clock and answers depend only on the test.
 */
export async function runTest(bundle: Bundle, test: TestCase): Promise<TestResult> {
  const started = performance.now();
  const { spec } = test;
  const sent: SentRequest[] = [];
  const unmatched: string[] = [];
  const now = new Date(spec.now ?? '2026-01-01T00:00:00Z');
  const transport = async (instance: string, endpoint: string, request: HttpRequest): Promise<Omit<HttpResponse, 'attempts'>> => {
    const body = parseBody(request.body);
    sent.push({ instance, endpoint, method: request.method, url: request.url, body });
    const response = (spec.responses ?? []).find((candidate) => matches(candidate, instance, endpoint, request, body));
    if (!response) {
      unmatched.push(`${request.method} ${request.url} (instance '${instance}', endpoint '${endpoint}')`);
      return { status: 599, headers: {}, body: Buffer.from(`weft test: no response of the test matches ${request.method} ${request.url}`) };
    }
    const text = response.body === undefined ? '' : typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    if (response.body !== undefined && typeof response.body !== 'string' && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    return { status: response.status ?? 200, headers, body: Buffer.from(text) };
  };
  const published: PublishedMessage[] = [];
  const broker = (instance: string) => ({
    async publish(exchange: string, routingKey: string, content: Buffer, options: { messageId: string }) {
      published.push({ instance, exchange, routingKey, messageId: options.messageId, body: parseBody(content.toString('utf8')) });
    },
  });
  const identity = { name: test.name, file: test.file, line: test.line, document: test.document, flow: spec.flow, expect: spec.expect, ...(test.environment !== undefined && { environment: test.environment }) };
  const failed = (problems: string[]): TestResult => ({ ...identity, passed: false, problems, durationMs: performance.now() - started, exercised: [] });
  if (test.fileRecords instanceof Error) return failed([`given.file: ${test.fileRecords.message}`]);
  const runId = `test-${test.name}`;
  const data = new MemoryFlowDataStore();
  const stores = stateStores(bundle, spec.flow, runId);
  const seeded = await seedState(data, stores, spec.state, now);
  if (seeded.length > 0) return failed(seeded);
  const given = spec.given;
  const records = given?.records ?? test.fileRecords ?? (given?.webhook !== undefined ? [given.webhook] : given?.message !== undefined ? [given.message.body] : undefined);
  let outcome: RunOutcome;
  try {
    outcome = await runFlow(spec.flow, {
      bundle,
      resolve: fakeValue,
      run: { id: runId, startedAt: now.toISOString() },
      ...(records !== undefined && { passes: [{ records }] }),
      ...(given?.message !== undefined && { messageId: given.message.id ?? 'test-message' }),
      data,
      now: () => now,
      transport,
      broker,
      log: () => undefined,
    });
  } catch (error) {
    return failed([`the flow could not run: ${(error as Error).message}`]);
  }
  const actual = observe(spec.expect, outcome, sent, published, {
    dedupe: (step) => {
      const pool = storeOf(stores, 'dedupe', step);
      return typeof pool === 'string' ? { keys: data.dedupeKeys(pool, now) } : pool;
    },
    cache: (step) => {
      const namespace = storeOf(stores, 'cache', step);
      return typeof namespace === 'string' ? { entries: Object.fromEntries([...data.cacheEntries(namespace, now)].map(([key, value]) => [key, JSON.parse(value) as unknown])) } : namespace;
    },
  });
  const problems = [...unmatched.map((call) => `no response of the test matches ${call}`), ...compare(spec.expect, actual)];
  const exercised = outcome.steps.filter((step) => step.in > 0 || step.out > 0).map((step) => step.id);
  return { ...identity, passed: problems.length === 0, problems, durationMs: performance.now() - started, exercised, actual };
}

/** Runs tests, `jobs` at a time; results in the tests' order whatever order they finish in. */
export async function runTests(bundle: Bundle, tests: readonly TestCase[], jobs = 8): Promise<TestResult[]> {
  const results: TestResult[] = new Array(tests.length);
  let next = 0;
  const worker = async () => {
    while (next < tests.length) {
      const index = next++;
      results[index] = await runTest(bundle, tests[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, tests.length)) }, worker));
  return results;
}

/** The records of a JSON array file, or of an NDJSON file (one JSON value a line; blank lines skipped). */
export function recordsOfFile(text: string, file: string): unknown[] | Error {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown[];
    } catch (error) {
      return new Error(`${file} is not a JSON array: ${(error as Error).message}`);
    }
  }
  const records: unknown[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    if (lines[index]!.trim() === '') continue;
    try {
      records.push(JSON.parse(lines[index]!));
    } catch (error) {
      return new Error(`${file} line ${index + 1} is not JSON: ${(error as Error).message}`);
    }
  }
  return records;
}

/** A body as JSON when it is JSON, else as its text; nothing for none. */
export function parseBody(body: string | undefined): unknown {
  if (body === undefined || body === '') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

type TestResponse = NonNullable<Test['spec']['responses']>[number];

function matches(response: TestResponse, instance: string, endpoint: string, request: HttpRequest, body: unknown): boolean {
  if (response.instance !== instance) return false;
  if (response.endpoint !== undefined && response.endpoint !== endpoint) return false;
  const wanted = response.request;
  if (!wanted) return true;
  const url = new URL(request.url);
  if (wanted.method !== undefined && wanted.method !== request.method) return false;
  if (wanted.path !== undefined && wanted.path !== url.pathname) return false;
  for (const [name, value] of Object.entries(wanted.query ?? {})) if (url.searchParams.get(name) !== value) return false;
  return wanted.body === undefined || contains(body, wanted.body);
}

/** Whether `actual` holds everything `expected` does (objects by their fields, recursively; arrays and scalars whole). */
function contains(actual: unknown, expected: unknown): boolean {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([key, value]) => Object.prototype.hasOwnProperty.call(actual, key) && contains((actual as Record<string, unknown>)[key], value));
  }
  return isDeepStrictEqual(actual, expected);
}

/** What the run did, as each entry of the expectation selects it. */
function observe(
  expect: Test['spec']['expect'],
  outcome: RunOutcome,
  sent: readonly SentRequest[],
  published: readonly PublishedMessage[],
  held: { [kind in keyof Observed['state']]: (step: string) => Observed['state'][kind][number] },
): Observed {
  return {
    status: outcome.status,
    ...(outcome.error !== undefined && { error: outcome.error }),
    // Token requests are the auth's, not the flow's: compared only when asked for by name.
    requests: (expect.requests ?? []).map((expected) =>
      sent.filter((request) => request.instance === expected.instance && (expected.endpoint === undefined ? request.endpoint !== tokenEndpoint : request.endpoint === expected.endpoint)).map((request) => request.body),
    ),
    messages: (expect.messages ?? []).map((expected) =>
      published
        .filter((message) => message.instance === expected.instance && (expected.exchange === undefined || message.exchange === expected.exchange) && (expected.routingKey === undefined || message.routingKey === expected.routingKey))
        .map((message) => message.body),
    ),
    failures: outcome.failures.map(({ step, error }) => ({ step, error })),
    state: {
      dedupe: (expect.state?.dedupe ?? []).map((entry) => held.dedupe(entry.step)),
      cache: (expect.state?.cache ?? []).map((entry) => held.cache(entry.step)),
    },
  };
}

/** The expectation against what the run did: one readable line per difference. */
function compare(expect: Test['spec']['expect'], actual: Observed): string[] {
  const problems: string[] = [];
  if (expect.status !== undefined && expect.status !== actual.status) {
    problems.push(`the run ended ${actual.status}, not ${expect.status}${actual.error ? `: ${actual.error}` : ''}`);
  }
  (expect.requests ?? []).forEach((expected, index) => {
    const what = `requests to ${expected.instance}${expected.endpoint ? ` ${expected.endpoint}` : ''}`;
    problems.push(...compareBodies(what, 'sent', actual.requests[index]!, expected.bodies, expected.match === 'partial'));
  });
  (expect.messages ?? []).forEach((expected, index) => {
    const what = `messages to ${expected.instance}${expected.exchange !== undefined ? ` exchange '${expected.exchange}'` : ''}${expected.routingKey !== undefined ? ` routing key '${expected.routingKey}'` : ''}`;
    problems.push(...compareBodies(what, 'published', actual.messages[index]!, expected.bodies, expected.match === 'partial'));
  });
  if (expect.failures !== undefined) {
    const failures = actual.failures;
    if (failures.length !== expect.failures.length) problems.push(`${failures.length} record(s) failed, ${expect.failures.length} expected${failures.length > 0 ? ` (${failures.map((failure) => `step '${failure.step}': ${failure.error}`).join('; ')})` : ''}`);
    expect.failures.forEach((expected, index) => {
      const failure = failures[index];
      if (!failure) return;
      if (failure.step !== expected.step) problems.push(`failed record #${index + 1}: at step '${failure.step}', not '${expected.step}'`);
      if (expected.message !== undefined && !safeRegExp(expected.message).test(failure.error)) problems.push(`failed record #${index + 1}: its error does not match /${expected.message}/: ${failure.error}`);
    });
  }
  (expect.state?.dedupe ?? []).forEach((wanted, index) => {
    const found = actual.state.dedupe[index]!;
    if ('problem' in found) return problems.push(found.problem);
    const held = found.keys;
    const keys = new Set(wanted.keys.map(keyOf));
    const missing = [...keys].filter((key) => !held.includes(key));
    const extra = held.filter((key) => !keys.has(key));
    if (missing.length > 0) problems.push(`dedupe step '${wanted.step}' does not hold key(s) ${missing.map((key) => JSON.stringify(key)).join(', ')}`);
    if (extra.length > 0) problems.push(`dedupe step '${wanted.step}' holds key(s) not expected: ${extra.map((key) => JSON.stringify(key)).join(', ')}`);
  });
  (expect.state?.cache ?? []).forEach((wanted, index) => {
    const found = actual.state.cache[index]!;
    if ('problem' in found) return problems.push(found.problem);
    for (const difference of differences(found.entries, wanted.entries, '', false)) problems.push(`cache of step '${wanted.step}': ${difference.replace(/^the body/, 'the entries')}`);
  });
  return problems;
}

/** Bodies against the expected ones, in order: how many, then each one's differing fields. */
function compareBodies(what: string, verb: string, bodies: readonly unknown[], expected: readonly unknown[], partial: boolean): string[] {
  const problems: string[] = [];
  if (bodies.length !== expected.length) problems.push(`${what}: ${bodies.length} ${verb}, ${expected.length} expected`);
  expected.forEach((body, index) => {
    if (index >= bodies.length) return;
    for (const difference of differences(bodies[index], body, '', partial)) problems.push(`${what}, #${index + 1}: ${difference}`);
  });
  return problems;
}

type TestState = NonNullable<Test['spec']['state']>;

/** Where the flow's dedupe and cache steps keep their keys and entries, by step path. */
interface StateStores {
  dedupe: Map<string, string>;
  cache: Map<string, string>;
}

function stateStores(bundle: Bundle, flowName: string, runId: string): StateStores {
  const flow = bundle.resources.find((resource) => resource.kind === 'Flow' && resource.name === flowName);
  const stores: StateStores = { dedupe: new Map(), cache: new Map() };
  for (const { kind, body, path } of flowSteps(flow?.spec)) {
    if (!isObject(body)) continue;
    if (kind.name === 'dedupe') stores.dedupe.set(path, dedupePool(typeof body.pool === 'string' ? body.pool : undefined, flowName, path));
    const part = kind.name === 'cache' ? (body.put ?? body.get) : undefined;
    if (isObject(part)) stores.cache.set(path, cacheNamespace(part as { name?: string; scope?: 'run' | 'flow' | 'project' }, flowName, runId));
  }
  return stores;
}

/** Where a step of a test's state keeps its data; a problem when the flow has no such step. */
function storeOf(stores: StateStores, kind: 'dedupe' | 'cache', step: string): string | { problem: string } {
  const found = stores[kind].get(step);
  if (found !== undefined) return found;
  const known = [...stores[kind].keys()];
  return { problem: `state: the flow has no ${kind} step '${step}'${known.length > 0 ? ` (its ${kind} steps: ${known.join(', ')})` : ''}` };
}

/** A dedupe key as the store keeps it: text as it is, a number as JSON (as the step's keys). */
const keyOf = (key: string | number) => (typeof key === 'number' ? JSON.stringify(key) : key);

/** Puts the test's given state in the store, as if a run before had left it. */
async function seedState(data: MemoryFlowDataStore, stores: StateStores, state: TestState | undefined, now: Date): Promise<string[]> {
  const problems: string[] = [];
  const forever = new Date(now.getTime() + 100 * 365 * 86_400_000);
  for (const given of state?.dedupe ?? []) {
    const pool = storeOf(stores, 'dedupe', given.step);
    if (typeof pool !== 'string') problems.push(pool.problem);
    else await data.dedupe(pool, given.keys.map((key) => ({ key: keyOf(key), claim: '(given by the test)' })), { now, expiresAt: forever, track: true });
  }
  for (const given of state?.cache ?? []) {
    const namespace = storeOf(stores, 'cache', given.step);
    if (typeof namespace !== 'string') problems.push(namespace.problem);
    else await data.cachePut(namespace, Object.entries(given.entries).map(([key, value]) => ({ key, value: JSON.stringify(value ?? null) })), { now, expiresAt: forever, maxEntries: Number.MAX_SAFE_INTEGER });
  }
  return problems;
}

/** A pattern as the test wrote it; one that is not a valid regular expression matches as plain text. */
export function safeRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch {
    return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
}

/** The fields where `actual` differs from `expected`, each as `path: expected X, got Y` (with `partial`, only the fields expected). */
export function differences(actual: unknown, expected: unknown, path: string, partial: boolean): string[] {
  const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected) && actual !== null && typeof actual === 'object' && !Array.isArray(actual)) {
    const keys = partial ? Object.keys(expected) : [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    return keys.flatMap((key) => differences((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`, partial));
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    return expected.flatMap((item, index) => differences(actual[index], item, `${path}[${index}]`, partial));
  }
  return isDeepStrictEqual(actual, expected) ? [] : [`${path === '' ? 'the body' : path.slice(1)}: expected ${show(expected)}, got ${show(actual)}`];
}
