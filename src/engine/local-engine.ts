import { localStateFile } from '../environments/select-environment.js';
import type { Bundle } from '../compile/compile-bundle.js';
import { isEngineVariable } from '../lex/placeholders.js';
import { computePlan } from '../plan/compute-plan.js';
import type { EngineState, Plan } from '../plan/plan.js';
import { flowSteps } from '../steps/registry.js';
import { StaleStateError, type ApplyOptions, type Engine, type PlaceholderRef, type RunRequest } from './engine.js';
import { EngineAddresses } from '../runtime/egress.js';
import { RunService, RunServiceError } from './run-service.js';
import { openSqliteStores } from './stores/sqlite/sqlite-stores.js';
import type { PausedFlow, Revision, RevisionSource, RunRecord, Stores } from './stores/stores.js';

export type { RunRecord };

export interface LocalEngineOptions {
  /** How long an apply waits for another to finish, unless the apply says otherwise; 0 by default. */
  lockTimeoutMs?: number;
  /** Test-only: pause this long inside the apply transaction, after half the writes (crash and race tests). */
  testDelayMs?: number;
  /** The environment the engine runs in: `${env:}` placeholders resolve from it; WEFT_SECRET_KEY. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ProjectEngineOptions extends LocalEngineOptions {
  /** The project's environment (weft.yaml's spec.environments) whose embedded engine this is; none for a project without environments. */
  environment?: string;
}

/**
 * The engine in this process: its stores — by default a SQLite file inside the project's .weft/
 * directory (the embedded engine); a PostgreSQL database a cluster shares with `onStores` — and
 * a run service over them. `weft engine start` serves it over HTTP.
 */
export class LocalEngine implements Engine {
  readonly description: string;
  readonly stores: Stores;
  readonly env: Readonly<Record<string, string | undefined>>;
  private readonly lockTimeoutMs: number;
  private service: RunService | undefined;
  /** Where this engine listens (`weft engine start` says so): its flows may not call those addresses. */
  readonly addresses = new EngineAddresses();

  constructor(readonly file: string, options: LocalEngineOptions & { description?: string; stores?: Stores } = {}) {
    this.description = options.description ?? 'the local engine';
    this.lockTimeoutMs = options.lockTimeoutMs ?? 0;
    this.env = options.env ?? process.env;
    this.stores = options.stores ?? openSqliteStores(file, this.env, { testDelayMs: options.testDelayMs });
  }

  /** An engine over stores opened elsewhere (PostgreSQL's): `where` names them in messages. */
  static onStores(stores: Stores, where: string, options: LocalEngineOptions & { description?: string } = {}): LocalEngine {
    return new LocalEngine(where, { ...options, stores });
  }

  /**
   * A warning when the state directory existed already with access for other users (its secret
   * key, state and run records are the engine's alone); undefined when it is private.
   */
  permissionWarning(): string | undefined {
    const loose = (this.stores as { database?: { looseDirectory?: { path: string; mode: number } } }).database?.looseDirectory;
    if (!loose) return undefined;
    return `warning: ${loose.path} is open to other users (mode ${loose.mode.toString(8).padStart(4, '0')}); it holds the engine's state and secrets: chmod 700 ${loose.path}`;
  }

  /**
   * The engine of a project: .weft/state.db below its root, or for one of its environments
   * .weft/env/<name>/state.db (each with its own state, secrets and runs).
   */
  static forProject(root: string, options: ProjectEngineOptions = {}): LocalEngine {
    const { environment, ...rest } = options;
    const description = environment === undefined ? undefined : `the local engine of environment '${environment}'`;
    return new LocalEngine(localStateFile(root, environment), { ...rest, description });
  }

  /** The run service over this engine's stores (one per engine; `weft engine start` gives it the shared broker links). */
  runService(options: Partial<Pick<ConstructorParameters<typeof RunService>[0], 'links' | 'log' | 'chunkSize' | 'now' | 'observe' | 'ended'>> = {}): RunService {
    this.service ??= new RunService({ stores: this.stores, env: this.env, engineAddresses: this.addresses, ...options });
    return this.service;
  }

  async readState(): Promise<EngineState> {
    return this.stores.state.read();
  }

  async apply(plan: Plan, bundle: Bundle, user: string, options: ApplyOptions = {}): Promise<Revision | undefined> {
    if (plan.actions.length === 0) return undefined;
    return this.stores.state.apply(plan, bundle, user, { lockTimeoutMs: options.lockTimeoutMs ?? this.lockTimeoutMs, source: options.source });
  }

  /**
   * Plans a bundle against this engine's own state and applies it, only if that state is still
   * the revision the client planned against (checked again inside the lock, after any wait for
   * another apply): what a remote client's apply asks for.
   */
  async applyBundle(bundle: Bundle, expectedRevision: number, user: string, lockTimeoutMs: number, source?: RevisionSource): Promise<{ revision: Revision | undefined; summary: Plan['summary'] }> {
    const plan = computePlan(bundle, await this.stores.state.read());
    if (plan.stateRevision !== expectedRevision) throw new StaleStateError(expectedRevision, plan.stateRevision);
    const revision = plan.actions.length === 0 ? undefined : await this.stores.state.apply(plan, bundle, user, { lockTimeoutMs, source });
    return { revision, summary: plan.summary };
  }

  revisions(): Promise<Revision[]> {
    return this.stores.state.revisions();
  }

  revisionBundle(number: number): Promise<Bundle | undefined> {
    return this.stores.state.revisionBundle(number);
  }

  setSecret(secretPath: string, value: string): Promise<void> {
    return this.stores.secrets.set(secretPath, value);
  }

  secretPaths(): Promise<string[]> {
    return this.stores.secrets.paths();
  }

  removeSecret(secretPath: string): Promise<boolean> {
    return this.stores.secrets.remove(secretPath);
  }

  /** A stored secret's value: for the engine's runs only, never for output. */
  readSecret(secretPath: string): Promise<string | undefined> {
    return this.stores.secrets.read(secretPath);
  }

  /**
   * Whether each placeholder resolves here: an env variable set (or a default), a secret stored.
   * Never their values. An empty value does not resolve: an empty signing secret or token would
   * be accepted by HMAC and HTTP alike and protect nothing.
   */
  async resolves(placeholders: readonly PlaceholderRef[]): Promise<boolean[]> {
    const stored = new Set(await this.stores.secrets.paths());
    return placeholders.map((placeholder) => {
      if (placeholder.source === 'secret') return stored.has(placeholder.name);
      // A project variable resolves at compile time, never in the engine.
      if (placeholder.source !== 'env') return false;
      // The engine's own variables never resolve, not even to a default: a reference to one is refused.
      if (isEngineVariable(placeholder.name)) return false;
      // The value a run would use: the variable when set (even to ''), else the default.
      const value = this.env[placeholder.name] ?? placeholder.default;
      return value !== undefined && value !== '';
    });
  }

  async runFlow(request: RunRequest): Promise<RunRecord> {
    return this.runService().run({
      bundle: request.bundle,
      revision: null,
      flow: request.flow,
      trigger: request.trigger,
      ...(request.records && { passes: [{ records: request.records }] }),
    });
  }

  async retryRun(id: string, bundle: Bundle): Promise<RunRecord> {
    return this.runService().retry(id, bundle, null);
  }

  async resumeRun(id: string, bundle?: Bundle): Promise<RunRecord> {
    const ran = await this.resumable(id, bundle);
    const record = await this.runService().resume(id, ran);
    if (!record) throw new RunServiceError(`run ${id} was taken over by another process`);
    return record;
  }

  /**
   * The bundle an interrupted run goes on with: the one given (a working tree whose flow is the
   * one the run ran), else its revision's. Refuses a run that is not interrupted.
   */
  async resumable(id: string, bundle?: Bundle): Promise<Bundle> {
    const interrupted = (await this.stores.runs.interrupted()).find((entry) => entry.run.id === id);
    if (!interrupted) {
      const run = await this.stores.runs.get(id);
      if (!run) throw new RunServiceError(`there is no run '${id}'; see weft runs`);
      throw new RunServiceError(`run ${id} is ${run.status}, not interrupted; only an interrupted run can be resumed`);
    }
    const { run } = interrupted;
    const ran = run.revision === null ? bundle : await this.stores.state.revisionBundle(run.revision);
    if (!ran) throw new RunServiceError(`run ${id} ran a working tree, which the engine does not keep; resume it from the project with weft runs resume ${id}`);
    const flow = ran.resources.find((resource) => resource.kind === 'Flow' && resource.name === run.flow);
    if (!flow) throw new RunServiceError(`the project has no flow '${run.flow}' any more; run ${id} cannot be resumed`);
    // Refused before the run is claimed, so it stays interrupted: with its steps put back it can
    // still be resumed (its counts and record indices, hence its idempotency keys, are theirs).
    const before = interrupted.progress?.steps.map((step) => step.id);
    const now = flowSteps(flow.spec).map((step) => step.path);
    if (before && before.join('/') !== now.join('/')) {
      throw new RunServiceError(`the steps of flow '${run.flow}' changed since run ${id} was interrupted (${before.join(', ')} → ${now.join(', ')}); restore them to resume it, or start a new run`);
    }
    return ran;
  }

  async runs(flow?: string, limit?: number): Promise<RunRecord[]> {
    // Runs whose process is gone show as interrupted.
    await this.stores.runs.markInterrupted();
    return this.stores.runs.list(flow, limit);
  }

  async run(id: string): Promise<RunRecord | undefined> {
    await this.stores.runs.markInterrupted();
    return this.stores.runs.get(id);
  }

  /** When the flow's window last closed: `{{run.lastSuccessAt}}` of its next run. */
  paused(): Promise<PausedFlow[]> {
    return this.stores.operations.paused();
  }

  lastSuccessAt(flow: string): Promise<string | undefined> {
    return this.stores.flowState.watermark(flow);
  }

  async close(): Promise<void> {
    await this.service?.close();
    await this.stores.close();
  }
}
