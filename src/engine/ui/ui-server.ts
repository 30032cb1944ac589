import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Bundle, BundleResource } from '../../compile/compile-bundle.js';
import { flowSteps } from '../../steps/registry.js';
import type { FlowRunner } from '../flow-runner.js';
import { WebhookRefusal } from '../flow-runner.js';
import type { LocalEngine } from '../local-engine.js';
import { readLimited } from '../read-body.js';
import { RunServiceError } from '../run-service.js';
import { triggerKinds, type RunQuery, type RunRecord, type RunStatus, type TriggerKind } from '../stores/stores.js';
import { sameSecret, sessionCookie, UiSessions, type UiRole, type UiSession, type UiSessionOptions } from './ui-sessions.js';
import { clientAddress, SignInLimiter, type SignInLimits } from './sign-in-limiter.js';
import { resourceNamePattern } from '../../schema/resource-name.js';

export interface UiOptions {
  /** The engine token: signs in as admin. */
  token: string;
  /** WEFT_UI_READ_TOKEN: signs in read-only (looks, never changes). */
  readToken?: string;
  sessions?: UiSessionOptions;
  /** Live connections (server-sent events) at once; beyond it 503. */
  maxLiveConnections?: number;
  /** How often a live connection looks for runs that changed. */
  livePollMs?: number;
  /** Failed sign-ins taken before sign-ins are refused for a while (see `SignInLimiter`). */
  signIns?: SignInLimits;
}

/** A refusal of a dashboard request: its status and message (JSON, like the admin API's). */
class UiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Every answer of the dashboard: nothing is framed, sniffed, cached or sent elsewhere; scripts,
 * styles and requests come from the engine alone (no inline script, no CDN).
 */
const securityHeaders: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

const assetTypes: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };
const runStatuses: readonly RunStatus[] = ['queued', 'running', 'succeeded', 'partial', 'failed', 'interrupted', 'dead'];
const flowName = resourceNamePattern;
const runId = /^[\w-]{1,80}$/;
const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/** The dashboard's static files, read once from the package's ui/ folder (built in: no network). */
export class UiAssets {
  private readonly files = new Map<string, { type: string; body: Buffer; gzip: Buffer }>();

  constructor(directory = findAssets()) {
    for (const name of ['index.html', 'app.js', 'app.css', 'favicon.svg']) {
      const body = readFileSync(path.join(directory, name));
      this.files.set(name, { type: assetTypes[path.extname(name)]!, body, gzip: gzipSync(body, { level: 9 }) });
    }
  }

  get(name: string) {
    return this.files.get(name);
  }

  /** Bytes of every asset gzipped (what a browser downloads). */
  get compressedBytes(): number {
    return [...this.files.values()].reduce((total, file) => total + file.gzip.length, 0);
  }
}

/** The ui/ folder beside the package's dist/ (the built binary) or src/ (run from source). */
function findAssets(): string {
  let directory = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++) {
    if (existsSync(path.join(directory, 'ui', 'index.html'))) return path.join(directory, 'ui');
    directory = path.dirname(directory);
  }
  throw new Error("the dashboard's files (ui/index.html) are not in this installation of weft");
}

/**
 * The dashboard at /ui/: static files, and a JSON API under /ui/api/ for them, behind a session
 * cookie got by signing in with the engine token (admin) or WEFT_UI_READ_TOKEN (read-only).
 * Every change needs the session's CSRF token in X-CSRF-Token and a JSON body; a request from
 * another origin is refused. What it shows is what the stores hold: run records and failed
 * records are redacted when they are recorded, like every other output.
 */
export class EngineUi {
  private readonly sessions: UiSessions;
  private readonly signIns: SignInLimiter;
  private readonly assets: UiAssets;
  private liveStreams = 0;
  private closing = false;
  /** The live streams open now, ended when the server closes. */
  private readonly streams = new Set<ServerResponse>();

  constructor(
    private readonly engine: LocalEngine,
    private readonly runner: FlowRunner | undefined,
    private readonly options: UiOptions,
  ) {
    this.sessions = new UiSessions(engine.stores.operations, options.sessions);
    this.signIns = new SignInLimiter(options.signIns);
    this.assets = new UiAssets();
  }

  /** Live streams open now. */
  get liveStreamCount(): number {
    return this.liveStreams;
  }

  /** Ends every live stream, and refuses new ones (the server is closing). */
  endLiveStreams(): void {
    this.closing = true;
    for (const stream of this.streams) stream.end();
  }

  /** Answers a request under /ui (the caller checked the prefix). */
  serve(request: IncomingMessage, response: ServerResponse, pathname: string, query: URLSearchParams): void {
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
    this.route(request, response, pathname, query).catch((error: unknown) => {
      const known = error instanceof UiError ? error : error instanceof WebhookRefusal ? new UiError(error.status, 'refused', error.message) : error instanceof RunServiceError ? new UiError(/there is no run/.test(error.message) ? 404 : 409, 'refused', error.message) : undefined;
      if (response.headersSent) return response.destroy();
      if (!request.complete) response.setHeader('connection', 'close');
      json(response, known?.status ?? 500, { error: known?.error ?? 'internal', message: known?.message ?? 'internal error; see the engine log' });
    });
  }

  private async route(request: IncomingMessage, response: ServerResponse, pathname: string, query: URLSearchParams): Promise<void> {
    const method = request.method ?? 'GET';
    if (pathname === '/ui') return redirect(response, '/ui/');
    if (!pathname.startsWith('/ui/api/')) {
      if (method !== 'GET' && method !== 'HEAD') throw new UiError(405, 'method-not-allowed', 'use GET');
      const name = pathname === '/ui/' ? 'index.html' : pathname.slice('/ui/'.length);
      const asset = this.assets.get(name);
      if (!asset) throw new UiError(404, 'not-found', `no file ${pathname}`);
      const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
      response.writeHead(200, { 'content-type': asset.type, vary: 'accept-encoding', ...(gzip && { 'content-encoding': 'gzip' }) });
      return void response.end(method === 'HEAD' ? undefined : gzip ? asset.gzip : asset.body);
    }
    const route = pathname.slice('/ui/api/'.length);
    const changes = method !== 'GET' && method !== 'HEAD';
    if (changes) checkOrigin(request);
    if (route === 'session') return this.session(request, response, method);
    const session = await this.sessions.find(request.headers.cookie);
    if (!session) {
      request.resume();
      throw new UiError(401, 'unauthorized', 'sign in first');
    }
    if (changes) {
      if (!sameSecret(String(request.headers['x-csrf-token'] ?? ''), session.csrf)) {
        request.resume();
        throw new UiError(403, 'csrf', 'the request does not carry this session\'s CSRF token');
      }
      if (session.role !== 'admin') {
        request.resume();
        throw new UiError(403, 'read-only', 'this session is read-only: sign in with the engine token to change anything');
      }
    }
    let match: RegExpExecArray | null;
    if (method === 'GET' && route === 'overview') return json(response, 200, await this.overview());
    if (method === 'GET' && route === 'runs') return json(response, 200, await this.runs(query));
    if (method === 'GET' && route === 'revisions') return json(response, 200, await this.revisions());
    if (method === 'GET' && route === 'audit') return json(response, 200, { audit: await this.engine.stores.operations.auditLog(100) });
    if (method === 'GET' && route === 'live') return this.liveEvents(request, response);
    if ((match = /^runs\/([\w-]{1,80})$/.exec(route)) && method === 'GET') return json(response, 200, await this.run(match[1]!));
    if ((match = /^revisions\/(\d{1,9})\/changes$/.exec(route)) && method === 'GET') return json(response, 200, await this.changes(Number(match[1])));
    if ((match = /^flows\/([a-z][a-z0-9-]{0,62})$/.exec(route)) && method === 'GET') return json(response, 200, await this.flow(match[1]!));
    if ((match = /^runs\/([\w-]{1,80})\/retry$/.exec(route)) && method === 'POST') return json(response, 202, await this.retry(request, session, match[1]!));
    if ((match = /^flows\/([a-z][a-z0-9-]{0,62})\/run$/.exec(route)) && method === 'POST') return json(response, 202, await this.runFlow(request, session, match[1]!));
    if ((match = /^flows\/([a-z][a-z0-9-]{0,62})\/(pause|resume)$/.exec(route)) && method === 'POST') {
      await readBody(request, 1024);
      const changed = await this.needRunner().setPaused(match[1]!, match[2] === 'pause', actor(session));
      return json(response, 200, { flow: match[1], paused: match[2] === 'pause', changed });
    }
    request.resume();
    throw new UiError(404, 'no-route', `no route ${method} ${pathname}`);
  }

  /** Sign-in (POST, the token for a cookie), the session's role and CSRF token (GET), sign-out (DELETE). */
  private async session(request: IncomingMessage, response: ServerResponse, method: string): Promise<void> {
    if (method === 'GET') {
      const session = await this.sessions.find(request.headers.cookie);
      if (!session) throw new UiError(401, 'unauthorized', 'sign in first');
      return json(response, 200, { role: session.role, csrf: session.csrf });
    }
    if (method === 'DELETE') {
      const session = await this.sessions.find(request.headers.cookie);
      if (session) {
        if (!sameSecret(String(request.headers['x-csrf-token'] ?? ''), session.csrf)) throw new UiError(403, 'csrf', "the request does not carry this session's CSRF token");
        await this.sessions.end(session);
      }
      response.setHeader('set-cookie', `${sessionCookie}=; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=0`);
      return json(response, 200, { signedOut: true });
    }
    if (method !== 'POST') throw new UiError(405, 'method-not-allowed', 'session takes GET, POST or DELETE');
    // Guessing is slow: a few failures per client, and a hundred overall, within ten minutes; then
    // 429 without the token being looked at, however many connections the guesses come over.
    const client = clientAddress(request.socket.remoteAddress);
    const wait = this.signIns.begin(client);
    if (wait !== undefined) {
      response.setHeader('retry-after', String(wait));
      throw new UiError(429, 'too-many-sign-ins', `too many failed sign-ins; try again in ${wait} s`);
    }
    let token: unknown;
    try {
      ({ token } = (await readBody(request, 4096)) as { token?: unknown });
    } catch (error) {
      this.signIns.abandoned(client);
      throw error;
    }
    if (typeof token !== 'string') {
      this.signIns.abandoned(client);
      throw new UiError(400, 'bad-request', 'expected { token }');
    }
    const role: UiRole | undefined = sameSecret(token, this.options.token) ? 'admin' : sameSecret(token, this.options.readToken) ? 'read' : undefined;
    if (!role) {
      this.signIns.failed(client);
      // A wrong token costs a moment too.
      await new Promise((resolve) => setTimeout(resolve, 250));
      throw new UiError(401, 'unauthorized', 'that token does not open this engine');
    }
    this.signIns.succeeded(client);
    const session = await this.sessions.create(role);
    // Secure when the browser reached the engine over TLS (itself, or a proxy in front that says so).
    const secure = (request.socket as { encrypted?: boolean }).encrypted === true || String(request.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim() === 'https';
    response.setHeader('set-cookie', `${sessionCookie}=${session.id}; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=${this.sessions.cookieSeconds}${secure ? '; Secure' : ''}`);
    return json(response, 200, { role, csrf: session.csrf });
  }

  private needRunner(): FlowRunner {
    if (!this.runner) throw new UiError(404, 'no-route', 'this engine runs no flows');
    return this.runner;
  }

  /** The live revision's bundle and number (none before the first apply). */
  private async live(): Promise<{ bundle: Bundle | undefined; revision: number }> {
    const revision = await this.engine.stores.state.revision();
    return { revision, bundle: revision > 0 ? await this.engine.stores.state.revisionBundle(revision) : undefined };
  }

  private async overview() {
    const { bundle, revision } = await this.live();
    const days = lastDays(7);
    const [daily, backlogs] = await Promise.all([this.engine.stores.runs.daily(`${days[0]}T00:00:00.000Z`), this.runner?.eventBacklogs() ?? new Map<string, number>()]);
    const flows = await Promise.all(
      flowsOf(bundle).map(async (flow) => {
        const last = (await this.engine.stores.runs.search({ flow: flow.name, limit: 1 }))[0];
        const mine = daily.filter((entry) => entry.flow === flow.name);
        const ended = mine.filter((entry) => entry.status !== 'running' && entry.status !== 'queued');
        const total = ended.reduce((sum, entry) => sum + Number(entry.runs), 0);
        const succeeded = ended.filter((entry) => entry.status === 'succeeded').reduce((sum, entry) => sum + Number(entry.runs), 0);
        const event = (flow.spec.trigger as { event?: unknown } | undefined)?.event !== undefined;
        return {
          ...flowSummary(flow, this.runner),
          // An event flow's queue: messages waiting (as the broker counts them, when it answers) and dead-lettered here.
          ...(event && { events: { waiting: backlogs.get(flow.name) ?? null, deadLettered: this.runner?.deadLettered(flow.name) ?? 0 } }),
          lastRun: last && summary(last),
          successRate: total === 0 ? null : succeeded / total,
          days: days.map((day) => {
            const of = mine.filter((entry) => entry.day === day);
            return {
              day,
              runs: of.reduce((sum, entry) => sum + Number(entry.runs), 0),
              failed: of.filter((entry) => entry.status === 'failed' || entry.status === 'partial' || entry.status === 'dead').reduce((sum, entry) => sum + Number(entry.runs), 0),
              records: of.reduce((sum, entry) => sum + Number(entry.records), 0),
            };
          }),
        };
      }),
    );
    return { revision, flows };
  }

  private async runs(query: URLSearchParams) {
    const parsed: RunQuery = { limit: Math.min(Math.max(Math.trunc(Number(query.get('limit') ?? 50)) || 50, 1), 200) };
    const flow = query.get('flow') || undefined;
    if (flow !== undefined) parsed.flow = checked(flow, flowName.test(flow), 'flow must be a flow name');
    const status = query.get('status') || undefined;
    if (status !== undefined) parsed.status = checked(status as RunStatus, runStatuses.includes(status as RunStatus), `status must be one of ${runStatuses.join(', ')}`);
    const trigger = query.get('trigger') || undefined;
    if (trigger !== undefined) parsed.trigger = checked(trigger as TriggerKind, triggerKinds.includes(trigger as TriggerKind), `trigger must be one of ${triggerKinds.join(', ')}`);
    for (const bound of ['from', 'to'] as const) {
      const value = query.get(bound) || undefined;
      if (value !== undefined) parsed[bound] = new Date(checked(value, isoTime.test(value) && !Number.isNaN(Date.parse(value)), `${bound} must be a UTC time (2026-12-06T10:00:00Z)`)).toISOString();
    }
    const before = query.get('before') || undefined;
    if (before !== undefined) {
      const [startedAt, id] = before.split('|');
      checked(before, isoTime.test(startedAt ?? '') && runId.test(id ?? ''), 'before must be <startedAt>|<run id> of the last run of a page');
      parsed.before = { startedAt: startedAt!, id: id! };
    }
    const found = await this.engine.stores.runs.search({ ...parsed, limit: parsed.limit + 1 });
    const page = found.slice(0, parsed.limit);
    const last = page.at(-1);
    return { runs: page.map(summary), ...(found.length > parsed.limit && last && { next: `${last.startedAt}|${last.id}` }) };
  }

  private async run(id: string) {
    await this.engine.stores.runs.markInterrupted();
    const run = await this.engine.stores.runs.get(id);
    if (!run) throw new UiError(404, 'not-found', `there is no run '${id}'`);
    const flow = flowsOf(await this.engine.stores.state.revisionBundle(run.revision ?? 0)).find((resource) => resource.name === run.flow);
    const order = new Map(flowSteps(flow?.spec).map((step, index) => [step.path, index]));
    return {
      ...summary(run),
      since: run.since,
      retryOf: run.retryOf,
      parent: run.parent,
      bundleSha256: run.bundleSha256,
      steps: [...run.steps].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)),
      failures: run.failures ?? [],
    };
  }

  private async flow(name: string) {
    const { bundle } = await this.live();
    const flow = flowsOf(bundle).find((resource) => resource.name === name);
    if (!flow) throw new UiError(404, 'not-found', `the applied revision has no flow '${name}'`);
    const steps = flowSteps(flow.spec).map((step) => ({ path: step.path, kind: step.kind.name, depth: step.path.split('/').length === 1 ? 0 : Math.floor(step.path.split('/').length / 2) }));
    const runs = await this.engine.stores.runs.search({ flow: name, limit: 20 });
    return { ...flowSummary(flow, this.runner), steps, runs: runs.map(summary), audit: await this.engine.stores.operations.auditLog(20, name) };
  }

  private async revisions() {
    const revisions = await this.engine.stores.state.revisions();
    const live = revisions.at(-1)?.number ?? 0;
    return { live, revisions: [...revisions].reverse() };
  }

  /** What a revision changed against the one before it: resources added, changed and removed, by kind and name. */
  private async changes(number: number) {
    const [after, before] = await Promise.all([this.engine.stores.state.revisionBundle(number), number > 1 ? this.engine.stores.state.revisionBundle(number - 1) : undefined]);
    if (!after) throw new UiError(404, 'not-found', `there is no revision ${number}`);
    const key = (resource: BundleResource) => `${resource.kind}/${resource.name}`;
    const old = new Map((before?.resources ?? []).map((resource) => [key(resource), resource.sha256]));
    const now = new Map(after.resources.map((resource) => [key(resource), resource.sha256]));
    const sorted = (keys: string[]) => keys.sort().map((entry) => ({ kind: entry.slice(0, entry.indexOf('/')), name: entry.slice(entry.indexOf('/') + 1) }));
    return {
      revision: number,
      added: sorted([...now.keys()].filter((entry) => !old.has(entry))),
      changed: sorted([...now.keys()].filter((entry) => old.has(entry) && old.get(entry) !== now.get(entry))),
      removed: sorted([...old.keys()].filter((entry) => !now.has(entry))),
    };
  }

  private async retry(request: IncomingMessage, session: UiSession, id: string) {
    await readBody(request, 1024);
    const runner = this.needRunner();
    const { bundle, revision } = await this.live();
    if (!bundle) throw new UiError(409, 'refused', 'nothing is applied: a retry runs with the live revision');
    const start = await runner.runs.retryStart(id, bundle, revision, `retry of ${id} (${actor(session)})`);
    const run = await runner.acceptRun(start);
    await this.engine.stores.operations.audit({ at: new Date().toISOString(), actor: actor(session), action: 'retry', flow: start.flow, run });
    return { run };
  }

  private async runFlow(request: IncomingMessage, session: UiSession, flow: string) {
    const { record } = (await readBody(request, 1024 * 1024)) as { record?: unknown };
    const run = await this.needRunner().runNow(flow, record === undefined ? undefined : [record]);
    if (!run) throw new UiError(429, 'busy', `flow '${flow}' is at its concurrency limit`);
    await this.engine.stores.operations.audit({ at: new Date().toISOString(), actor: actor(session), action: 'run', flow, run });
    return { run };
  }

  /**
   * Server-sent events: the runs under way and the newest runs, sent when they change (looked at
   * every `livePollMs`); at most `maxLiveConnections` at once. The session is checked at each
   * look: a session that ended closes its stream.
   */
  private liveEvents(request: IncomingMessage, response: ServerResponse): void {
    // A client gone while its session was looked up: its close has fired already; nothing is counted.
    if (response.destroyed || request.socket.destroyed) return;
    if (this.closing || this.liveStreams >= (this.options.maxLiveConnections ?? 20)) {
      response.setHeader('retry-after', '10');
      throw new UiError(503, 'busy', this.closing ? 'the engine is stopping' : 'too many live views are open; try again later');
    }
    this.liveStreams++;
    this.streams.add(response);
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    response.write('retry: 3000\n\n');
    let last = '';
    let closed = false;
    const look = async () => {
      if (closed) return;
      // Looked at without counting as use: an open tab does not keep its session from going idle.
      if (!(await this.sessions.find(request.headers.cookie, { touch: false }))) return void response.end('event: signed-out\ndata: {}\n\n');
      const [running, recent] = await Promise.all([this.engine.stores.runs.search({ status: 'running', limit: 50 }), this.engine.stores.runs.search({ limit: 20 })]);
      const data = JSON.stringify({ running: running.map(summary), recent: recent.map(summary) });
      // A client that does not read is not buffered for: past 1 MiB unread its stream ends.
      if (response.writableLength > 1024 * 1024) return void response.destroy();
      if (data !== last && !closed) {
        last = data;
        response.write(`event: runs\ndata: ${data}\n\n`);
      }
      timer = setTimeout(() => void look().catch(() => response.end()), this.options.livePollMs ?? 1000);
    };
    let timer = setTimeout(() => void look().catch(() => response.end()), 0);
    response.on('close', () => {
      closed = true;
      clearTimeout(timer);
      this.liveStreams--;
      this.streams.delete(response);
    });
  }
}

/** Who did it, for the audit log: the session's role (its token is never written). */
function actor(session: UiSession): string {
  return session.role === 'admin' ? 'dashboard (engine token)' : 'dashboard (read token)';
}

function checked<T>(value: T, ok: boolean, message: string): T {
  if (!ok) throw new UiError(400, 'bad-request', message);
  return value;
}

function flowsOf(bundle: Bundle | undefined): BundleResource[] {
  return (bundle?.resources ?? []).filter((resource) => resource.kind === 'Flow').sort((a, b) => a.name.localeCompare(b.name));
}

/** A flow as the lists show it: its trigger in words, whether the YAML enables it and whether an operator paused it. */
function flowSummary(flow: BundleResource, runner: FlowRunner | undefined) {
  const trigger = (flow.spec.trigger ?? {}) as { schedule?: { cron: string }; webhook?: { path: string }; event?: { queue?: string; instance?: string } };
  const described = trigger.schedule ? `schedule ${trigger.schedule.cron}` : trigger.webhook ? `webhook /hooks/${trigger.webhook.path}` : trigger.event ? `event ${trigger.event.queue ?? trigger.event.instance ?? ''}`.trim() : 'manual';
  const paused = runner?.paused(flow.name);
  return { name: flow.name, trigger: described, manual: !trigger.schedule && !trigger.webhook && !trigger.event, enabled: flow.spec.enabled !== false, ...(paused && { paused: { by: paused.by, at: paused.at } }) };
}

/** A run in a list: no failed records (the run view loads them). */
function summary(run: RunRecord) {
  const steps = run.steps;
  return {
    id: run.id,
    flow: run.flow,
    revision: run.revision,
    trigger: run.trigger,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null,
    // In: what the first step took (a receive: what it fetched); out: what the last put out.
    records: { in: (steps[0]?.kind === 'receive' ? steps[0]?.out : steps[0]?.in) ?? 0, out: steps.at(-1)?.out ?? 0, failed: steps.reduce((sum, step) => sum + step.failed, 0) },
    ...(run.error !== undefined && { error: run.error }),
    ...(run.attempts !== undefined && run.attempts > 1 && { attempts: run.attempts }),
  };
}

/** The last `count` UTC days, oldest first (YYYY-MM-DD). */
function lastDays(count: number): string[] {
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  return Array.from({ length: count }, (_, index) => new Date(today - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10));
}

/**
 * A change must come from the dashboard's own page: a browser sends Origin with it, and one
 * naming another site (or `null`) is refused. Without Origin (a script, not a browser) the
 * CSRF token still decides.
 */
function checkOrigin(request: IncomingMessage): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const host = request.headers.host;
  if (!host || (origin !== `http://${host}` && origin !== `https://${host}`)) {
    request.resume();
    throw new UiError(403, 'cross-origin', 'changes are taken from the dashboard\'s own origin only');
  }
}

/** A JSON body of at most `limit` bytes, sent as application/json (a form post from another page cannot be). */
async function readBody(request: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(String(request.headers['content-type'] ?? ''))) {
    request.resume();
    throw new UiError(415, 'unsupported-media-type', 'send the body as application/json');
  }
  const text = (await readLimited(request, limit, () => new UiError(413, 'too-large', `the body is over ${limit} bytes`))).toString('utf8');
  if (text.trim() === '') return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new UiError(400, 'bad-request', 'the body is not a JSON object');
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(308, { location });
  response.end();
}
