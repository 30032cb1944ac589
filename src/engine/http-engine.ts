import type { Bundle } from '../compile/compile-bundle.js';
import type { EngineState, Plan } from '../plan/plan.js';
import { EngineBusyError, EngineError, EngineUnavailableError, StaleStateError, type ApplyOptions, type Engine, type PlaceholderRef, type Revision, type RunRecord, type RunRequest } from './engine.js';
import type { PausedFlow } from './stores/stores.js';

/** How often a run asked of a remote engine is looked at until it ends. */
const runPollMs = 200;

/** How long one admin API call may take, beyond an apply's wait for the lock. */
const requestTimeoutMs = 5 * 60_000;

/**
 * A remote engine (`weft engine start`) through its admin API, with a bearer token. Plans are
 * made here against the state it reports; the engine re-plans the bundle inside its own lock,
 * so a plan applies only to the revision it was made from.
 */
export class HttpEngine implements Engine {
  readonly description: string;
  private readonly base: URL;

  constructor(url: string, private readonly token: string) {
    let base: URL;
    try {
      base = new URL(url.endsWith('/') ? url : url + '/');
    } catch {
      throw new EngineUnavailableError(`spec.engine.url '${url}' is not a URL`);
    }
    if (base.username || base.password) throw new EngineUnavailableError('spec.engine.url must not hold a user or password: the token is the credential');
    if (base.search || base.hash) throw new EngineUnavailableError('spec.engine.url must not have a query or fragment');
    this.base = base;
    this.description = `the engine at ${base.origin}${base.pathname.replace(/\/$/, '')}`;
  }

  readState(): Promise<EngineState> {
    return this.call('GET', 'v1/state');
  }

  async resolves(placeholders: readonly PlaceholderRef[]): Promise<boolean[]> {
    // Only what identifies a placeholder goes over the wire.
    const body = { placeholders: placeholders.map(({ source, name, default: fallback }) => ({ source, name, ...(fallback !== undefined && { default: fallback }) })) };
    return (await this.call<{ resolves: boolean[] }>('POST', 'v1/placeholders/resolve', body)).resolves;
  }

  async apply(plan: Plan, bundle: Bundle, user: string, options: ApplyOptions = {}): Promise<Revision | undefined> {
    if (plan.actions.length === 0) return undefined;
    const lockTimeoutMs = options.lockTimeoutMs ?? 0;
    const body = { stateRevision: plan.stateRevision, bundle, user, lockTimeoutMs, ...(options.source && { source: options.source }) };
    return (await this.call<{ revision: Revision | null }>('POST', 'v1/apply', body, {}, lockTimeoutMs)).revision ?? undefined;
  }

  async revisions(): Promise<Revision[]> {
    return (await this.call<{ revisions: Revision[] }>('GET', 'v1/revisions')).revisions;
  }

  async revisionBundle(number: number): Promise<Bundle | undefined> {
    return this.call<Bundle>('GET', `v1/revisions/${number}/bundle`, undefined, { notFound: undefined });
  }

  async setSecret(secretPath: string, value: string): Promise<void> {
    await this.call('PUT', `v1/secrets/${secretPath}`, { value });
  }

  async secretPaths(): Promise<string[]> {
    return (await this.call<{ paths: string[] }>('GET', 'v1/secrets')).paths;
  }

  async removeSecret(secretPath: string): Promise<boolean> {
    return (await this.call<{ removed: boolean } | undefined>('DELETE', `v1/secrets/${secretPath}`, undefined, { notFound: undefined })) !== undefined;
  }

  async runFlow(request: RunRequest): Promise<RunRecord> {
    const { run } = await this.call<{ run: string }>('POST', 'v1/runs', { flow: request.flow, bundle: request.bundle, ...(request.records && { records: request.records }) });
    return this.untilEnded(run);
  }

  async retryRun(id: string, bundle: Bundle): Promise<RunRecord> {
    const { run } = await this.call<{ run: string }>('POST', `v1/runs/${encodeURIComponent(id)}/retry`, { bundle });
    return this.untilEnded(run);
  }

  async resumeRun(id: string, bundle?: Bundle): Promise<RunRecord> {
    const { run } = await this.call<{ run: string }>('POST', `v1/runs/${encodeURIComponent(id)}/resume`, bundle ? { bundle } : {});
    return this.untilEnded(run);
  }

  async runs(flow?: string): Promise<RunRecord[]> {
    return (await this.call<{ runs: RunRecord[] }>('GET', flow === undefined ? 'v1/runs' : `v1/runs?flow=${encodeURIComponent(flow)}`)).runs;
  }

  async paused(): Promise<PausedFlow[]> {
    return (await this.call<{ paused: PausedFlow[] } | undefined>('GET', 'v1/paused', undefined, { notFound: undefined }))?.paused ?? [];
  }

  async run(id: string): Promise<RunRecord | undefined> {
    if (!/^[\w-]{1,80}$/.test(id)) return undefined;
    return this.call<RunRecord | undefined>('GET', `v1/runs/${id}`, undefined, { notFound: undefined });
  }

  /** Looks at a run the engine accepted until it has ended. */
  private async untilEnded(id: string): Promise<RunRecord> {
    for (;;) {
      const run = await this.run(id);
      // Queued: a worker of the cluster takes it up.
      if (run && run.status !== 'running' && run.status !== 'queued') return run;
      await new Promise((resolve) => setTimeout(resolve, runPollMs));
    }
  }

  close(): void {}

  private async call<T>(method: string, route: string, body?: unknown, options: { notFound?: undefined } = {}, waitMs = 0): Promise<T> {
    const url = new URL(route, this.base);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(requestTimeoutMs + waitMs),
      });
      text = await response.text();
    } catch (error) {
      throw new EngineUnavailableError(unreachable(this.description, method, route, error, requestTimeoutMs + waitMs));
    }
    let answer: { error?: string; message?: string; expected?: number; actual?: number; holder?: string } & Record<string, unknown>;
    try {
      answer = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new EngineUnavailableError(`${this.description} answered ${method} /${route} with ${response.status} and a body that is not JSON; is it a weft engine?`);
    }
    if (response.ok) return answer as T;
    if (response.status === 404 && 'notFound' in options && answer.error === 'not-found') return options.notFound as T;
    if (response.status === 401) throw new EngineUnavailableError(`${this.description} refused the token (401); set the engine's token (spec.engine.token in weft.yaml, or WEFT_ENGINE_TOKEN)`);
    if (answer.error === 'stale-state') throw new StaleStateError(Number(answer.expected), Number(answer.actual));
    if (answer.error === 'locked') throw new EngineBusyError(typeof answer.holder === 'string' ? answer.holder : undefined);
    // The engine's refusal of a run (no such run, nothing to retry, not interrupted): its words.
    if ((answer.error === 'refused' || answer.error === 'not-found') && route.startsWith('v1/runs')) throw new EngineError(String(answer.message ?? response.statusText));
    throw new EngineUnavailableError(`${this.description} answered ${method} /${route} with ${response.status}: ${answer.message ?? response.statusText}`);
  }
}

/** Says what went wrong with a call that got no answer; an apply is all or nothing either way. */
function unreachable(description: string, method: string, route: string, error: unknown, timeoutMs: number): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (cause?.message === 'bad port' ? 'a port that fetch refuses to use' : (error as Error).name);
  const outcome = route === 'v1/apply' ? '; the apply happened whole or not at all: run weft plan to see which' : '';
  if ((error as Error).name === 'TimeoutError') return `${description} did not answer ${method} /${route} within ${Math.round(timeoutMs / 1000)} s${outcome}`;
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'a port that fetch refuses to use'].includes(code)) return `cannot reach ${description}: ${code}`;
  // Only a code: fetch's own messages can quote the URL.
  return `lost the connection to ${description} during ${method} /${route} (${code})${outcome}`;
}
