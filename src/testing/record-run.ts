import { isDeepStrictEqual } from 'node:util';
import { stringify } from 'yaml';
import type { Bundle } from '../compile/compile-bundle.js';
import type { RunRecord } from '../engine/stores/stores.js';
import type { HttpRequest, HttpResponse } from '../runtime/http-call.js';
import { tokenEndpoint, type InstanceObserver, type PlaceholderLookup } from '../runtime/instance-clients.js';
import { placeholderValues, SecretRedactor } from '../runtime/redact-secrets.js';
import { fakeValue, parseBody } from './run-tests.js';

/** One request of a recorded run and its answer, its secrets already replaced. */
interface RecordedCall {
  instance: string;
  endpoint: string;
  method: HttpRequest['method'];
  url: URL;
  requestBody: unknown;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** When its attempt began, among the run's (see `AttemptTiming`). */
  sequence: number;
}

/** The answer headers a replay needs (pagination, waits, how to read the body); no other is kept. */
const keptHeaders = ['content-type', 'link', 'retry-after'];

/** Field and parameter names whose values are credentials whatever they look like (`password`, `access_token`, `apiKey`, `x-api-key`; not `token_type`). */
function secretName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[-. ]/g, '_');
  return /(^|_)(pass|password|passwd|secret|token|api_?key|authorization|auth|cookie|session|session_id|sid|signature|private_key|credentials?|bearer)$/.test(words);
}

/**
 * Strings that look like credentials: JWTs, the prefixes of well-known API keys, and long
 * tokens mixing upper case, lower case and digits (an opaque cursor looks the same: replaced
 * consistently, a replay still pages through it).
 */
const secretShapes: { pattern: RegExp; check?: (text: string) => boolean }[] = [
  { pattern: /\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g },
  { pattern: /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}/g },
  { pattern: /\b(?:gh[pousr]_|github_pat_|xox[abposr]-|shp(?:at|ss|ca|pa)_|AKIA)[A-Za-z0-9_-]{8,}/g },
  // An id of digits, a word, a hex hash do not mix the three.
  { pattern: /[A-Za-z0-9+_-]{32,}={0,2}/g, check: (text) => /[a-z]/.test(text) && /[A-Z]/.test(text) && /\d/.test(text) },
];

/**
 * Records what a real run's flows asked and were answered (`weft run <flow> --record <dir>`), to
 * write it as a test to edit. Nothing secret is kept, even in memory: every value a placeholder
 * of the bundle resolved to becomes the fake value `weft test` resolves that placeholder to (so
 * the test replays); Authorization, cookies and every header a replay does not need are dropped;
 * values of secret-named fields and parameters, and strings shaped like credentials, are replaced
 * by `redacted-N`, the same string by the same mark everywhere (a cursor still pages).
 */
export class RunRecorder {
  private readonly calls: RecordedCall[] = [];
  private known = new SecretRedactor();

  /** What the run service sees each request through (`RunServiceOptions.observe`). */
  readonly observe = (bundle: Bundle, resolve: PlaceholderLookup): InstanceObserver => {
    for (const { placeholder, value } of placeholderValues(bundle, resolve)) this.known.add(value, fakeValue(placeholder));
    // An attempt without an answer (a network error) is not a call a test can replay.
    return (instance, endpoint, request, response, attempt) => void (response && this.calls.push(this.captured(instance, endpoint, request, response, attempt.sequence)));
  };

  private captured(instance: string, endpoint: string, request: HttpRequest, response: Omit<HttpResponse, 'attempts'>, sequence: number): RecordedCall {
    const known = this.known;
    const headers: Record<string, string> = {};
    for (const name of keptHeaders) {
      const value = response.headers[name];
      if (value !== undefined) headers[name] = known.text(Array.isArray(value) ? value.join(', ') : value);
    }
    return {
      instance,
      endpoint,
      method: request.method,
      url: new URL(known.text(request.url)),
      requestBody: known.value(parseBody(request.body)),
      status: response.status,
      headers,
      body: known.value(parseBody(response.body.length === 0 ? undefined : response.body.toString('utf8'))),
      sequence,
    };
  }

  /** How many requests were recorded. */
  get size(): number {
    return this.calls.length;
  }

  /**
   * The recorded run as a Test document: the flow, its clock, the records it was given, the
   * answers of every endpoint (one per distinct request; a request answered differently each
   * time, told apart by its body), and what it did: how it ended, the bodies it sent, the steps
   * whose records failed.
   */
  testDocument(options: { name: string; flow: string; run: RunRecord; records?: unknown[]; command: string }): string {
    // In the order the requests were made, not answered: sends made at once are answered in any
    // order, and the test replays them (and compares what was sent) in the order they are made;
    // the marks are numbered in that order too.
    const made = this.calls.toSorted((a, b) => a.sequence - b.sequence);
    const marks = new Marks();
    for (const call of made) marks.collect(call);
    if (options.records) marks.collectValue(options.records);
    const calls = made.map((call) => marks.applyCall(call));
    const responses: Record<string, unknown>[] = [];
    const groups = new Map<string, RecordedCall[]>();
    for (const call of calls) {
      const key = JSON.stringify([call.instance, call.endpoint, call.method, call.url.pathname, [...call.url.searchParams]]);
      groups.set(key, [...(groups.get(key) ?? []), call]);
    }
    for (const group of groups.values()) {
      // A retried request ends with its last answer; requests of one kind answered alike share one.
      const answers = new Map<string, RecordedCall>();
      const alike = group.every((call) => isDeepStrictEqual(answerOf(call), answerOf(group[group.length - 1]!)));
      for (const call of alike ? [group[group.length - 1]!] : group) answers.set(JSON.stringify(call.requestBody ?? null), call);
      for (const call of answers.values()) responses.push(responseOf(call, !alike));
    }
    // A response matches requests having at least its query: of one path's, the most particular come first.
    const byPath = new Map<string, Record<string, unknown>[]>();
    for (const response of responses) {
      const key = JSON.stringify([response.instance, response.endpoint ?? null, (response.request as { path: string }).path]);
      byPath.set(key, [...(byPath.get(key) ?? []), response]);
    }
    const ordered = [...byPath.values()].flatMap((group) => group.sort((a, b) => queryCount(b) - queryCount(a)));
    const sent = new Map<string, unknown[]>();
    for (const call of calls) {
      if (call.endpoint === tokenEndpoint) continue;
      const key = JSON.stringify([call.instance, call.endpoint]);
      sent.set(key, [...(sent.get(key) ?? []), call.requestBody ?? null]);
    }
    // What the flow asked for with a body (sends), not what it fetched.
    const requests = [...sent]
      .map(([key, bodies]) => ({ key: JSON.parse(key) as [string, string], bodies }))
      .filter(({ bodies }) => bodies.some((body) => body !== null))
      .map(({ key: [instance, endpoint], bodies }) => ({ instance, endpoint, bodies }));
    const { run } = options;
    const document = {
      apiVersion: 'weft/v1',
      kind: 'Test',
      metadata: { name: options.name, description: `recorded from run ${run.id}` },
      spec: {
        flow: options.flow,
        now: run.startedAt,
        ...(options.records && { given: { records: marks.applyValue(options.records) } }),
        responses: ordered,
        expect: {
          status: run.status === 'succeeded' || run.status === 'partial' || run.status === 'failed' ? run.status : 'failed',
          ...(requests.length > 0 && { requests }),
          failures: (run.failures ?? []).map((failure) => ({ step: failure.step })),
        },
      },
    };
    return [
      `# Recorded by ${options.command} at ${run.startedAt}.`,
      '# Credentials are the fake values weft test gives placeholders; values that looked secret are',
      '# redacted-N (the same value, the same mark). Trim the responses to what the test is about, and',
      '# give each expected failure a message pattern, before committing it.',
      stringify(document, { lineWidth: 0, aliasDuplicateObjects: false }),
    ].join('\n');
  }
}

function queryCount(response: Record<string, unknown>): number {
  return Object.keys((response.request as { query?: object }).query ?? {}).length;
}

function answerOf(call: RecordedCall): unknown {
  return [call.status, call.headers, call.body];
}

/** A recorded call as a test's response: matched by method, path and query (and body, when calls like it were answered differently). */
function responseOf(call: RecordedCall, byBody: boolean): Record<string, unknown> {
  const query = Object.fromEntries(call.url.searchParams);
  return {
    instance: call.instance,
    // A token request is the auth's: matched by its path, not by an endpoint of the connector.
    ...(call.endpoint !== tokenEndpoint && { endpoint: call.endpoint }),
    request: { method: call.method, path: call.url.pathname, ...(Object.keys(query).length > 0 && { query }), ...(byBody && call.requestBody !== undefined && { body: call.requestBody }) },
    status: call.status,
    ...(Object.keys(call.headers).length > 0 && { headers: call.headers }),
    ...(call.body !== undefined && { body: call.body }),
  };
}

/** The secret-looking strings of a recording, each with its mark (`redacted-1`, …, in the order found). */
class Marks {
  private readonly marks = new Map<string, string>();
  private pattern: RegExp | undefined;

  private mark(value: string): void {
    if (value.length < 6 || /^redacted-\d+$/.test(value) || value.startsWith('fake-')) return;
    if (!this.marks.has(value)) this.marks.set(value, `redacted-${this.marks.size + 1}`);
    this.pattern = undefined;
  }

  /** Finds what to mark: values of secret-named fields and parameters, strings shaped like credentials. */
  collect(call: RecordedCall): void {
    this.collectUrl(call.url);
    // A Link header's URLs, as URLs: a cursor in one is marked as it is in the request for it.
    for (const value of Object.values(call.headers)) {
      for (const [, target] of value.matchAll(/<([^>]*)>/g)) if (URL.canParse(target!)) this.collectUrl(new URL(target!));
      this.collectString(value.replace(/<[^>]*>/g, ''), false);
    }
    this.collectValue(call.requestBody);
    this.collectValue(call.body);
  }

  private collectUrl(url: URL): void {
    for (const [name, value] of url.searchParams) this.collectString(value, secretName(name));
    for (const segment of url.pathname.split('/')) this.collectString(decodeURIComponent(segment), false);
  }

  collectValue(value: unknown, named = false): void {
    if (typeof value === 'string') this.collectString(value, named);
    else if (Array.isArray(value)) for (const item of value) this.collectValue(item, named);
    else if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) this.collectValue(child, named || secretName(key));
  }

  private collectString(value: string, named: boolean): void {
    if (named) this.mark(value);
    for (const { pattern, check } of secretShapes) for (const [match] of value.matchAll(pattern)) if (!check || check(match)) this.mark(match);
  }

  private replace(text: string): string {
    if (this.marks.size === 0) return text;
    this.pattern ??= new RegExp([...this.marks.keys()].sort((a, b) => b.length - a.length).map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    return text.replace(this.pattern, (value) => this.marks.get(value)!);
  }

  applyValue(value: unknown): unknown {
    if (typeof value === 'string') return this.replace(value);
    if (Array.isArray(value)) return value.map((item) => this.applyValue(item));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [this.replace(key), this.applyValue(child)]));
    return value;
  }

  applyCall(call: RecordedCall): RecordedCall {
    const url = new URL(call.url.origin + this.replace(decodeURIComponent(call.url.pathname)));
    for (const [name, value] of call.url.searchParams) url.searchParams.append(name, this.replace(value));
    return {
      ...call,
      url,
      requestBody: this.applyValue(call.requestBody),
      headers: Object.fromEntries(Object.entries(call.headers).map(([name, value]) => [name, this.replace(value)])),
      body: this.applyValue(call.body),
    };
  }
}
