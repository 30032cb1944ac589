import type { Log } from '../runtime/log.js';
import type { Bundle } from '../compile/compile-bundle.js';
import { isEngineVariable, placeholdersIn, type Placeholder } from '../lex/placeholders.js';
import { AmqpLinks } from '../runtime/amqp.js';
import type { EngineAddresses } from '../runtime/egress.js';
import type { InstanceObserver, PlaceholderLookup } from '../runtime/instance-clients.js';
import { newRunId, PreparedFlow, type RunOutcome } from '../runtime/run-flow.js';
import { flowSteps } from '../steps/registry.js';
import { EngineError } from './engine.js';
import { RunTakenOverError, unfinishedStatuses, type AcceptedRun, type RecordFailure, type RunPass, type RunRecord, type Stores, type UnfinishedRun } from './stores/stores.js';

export interface RunServiceOptions {
  stores: Pick<Stores, 'runs' | 'flowState' | 'secrets' | 'flowData'>;
  /** The engine's environment: `${env:}` placeholders. */
  env: Readonly<Record<string, string | undefined>>;
  /** Broker connections to share (the engine's); otherwise the service opens its own, closed by close(). */
  links?: AmqpLinks;
  log?: Log;
  /** Records per chunk between checkpoints. */
  chunkSize?: number;
  /** Where the engine listens: flows may not call it. */
  engineAddresses?: EngineAddresses;
  /** The clock of cache TTLs and dedupe windows (tests move it instead of waiting). */
  now?: () => Date;
  /** Sees the HTTP requests and answers of the flows it prepares (`weft run --record`), given their bundle and how its placeholders resolve. */
  observe?: (bundle: Bundle, resolve: PlaceholderLookup) => InstanceObserver;
  /** Told of each run that ended, once it is recorded (the engine's metrics). */
  ended?: (run: RunRecord) => void;
}

/** A run to start: a flow of a bundle, what triggered it, and what it is given. */
export interface RunStart {
  bundle: Bundle;
  /** The applied revision, or null for a run of the working tree. */
  revision: number | null;
  flow: string;
  trigger: string;
  passes?: RunPass[];
  retryOf?: string;
  /** A child flow's run: the run that started it, and what its keys derive from. */
  parent?: string;
  keySource?: string;
}

/** A run accepted: its id, and its record once it has ended. */
export interface AcceptedHandle {
  id: string;
  done: Promise<RunRecord>;
}

/**
 * A run's life, in one place for every trigger (weft run, runs retry and resume, watch --run,
 * schedules, webhooks, manual runs over the admin API, event messages): its id and watermark,
 * recorded when accepted, executed with progress committed chunk by chunk, ended with its
 * failed records and — when every record of its window was delivered or kept — the flow's new
 * watermark. A run interrupted by a crash goes on from what it had committed, with the same
 * run id, so its sends repeat the same idempotency keys.
 */
export class RunService {
  private readonly links: AmqpLinks;
  private readonly ownLinks: boolean;
  private readonly prepared = new Map<string, PreparedFlow>();
  private readonly lookups = new Map<string, PlaceholderLookup>();
  private secretsVersion: string | undefined;

  constructor(private readonly options: RunServiceOptions) {
    this.ownLinks = options.links === undefined;
    this.links = options.links ?? new AmqpLinks(options.log);
  }

  /**
   * Records a run (durably, before anything else happens: a webhook is answered after this) and
   * starts it. `done` never rejects: a run that cannot run ends `failed`, with the reason.
   */
  async accept(start: RunStart): Promise<AcceptedHandle> {
    const admitted = await this.admit(start);
    return { id: admitted.id, done: admitted.execute() };
  }

  /**
   * Records a run durably without starting it (a webhook beyond its flow's concurrency waits
   * for a slot); `execute()` starts it (`id`: one decided by the caller). A run admitted and never executed because the engine
   * stopped is interrupted, and resumed at the next start.
   */
  async admit(start: RunStart, id?: string): Promise<{ id: string; execute: () => Promise<RunRecord> }> {
    const accepted = await this.accepted(start, id);
    await this.options.stores.runs.accept(accepted);
    return { id: accepted.id, execute: () => this.execute(accepted, start.bundle) };
  }

  /** A run to record: its id (a new one unless given), start, and the watermark its receive starts from (none for a retry). */
  private async accepted(start: RunStart, id?: string): Promise<AcceptedRun> {
    const started = new Date();
    return {
      id: id ?? newRunId(started),
      flow: start.flow,
      revision: start.revision,
      bundleSha256: start.bundle.sha256,
      trigger: start.trigger,
      startedAt: started.toISOString(),
      since: start.retryOf === undefined ? await this.options.stores.flowState.watermark(start.flow) : undefined,
      ...(start.retryOf !== undefined && { retryOf: start.retryOf }),
      ...(start.passes && { passes: start.passes }),
      ...(start.parent !== undefined && { parent: start.parent }),
      ...(start.keySource !== undefined && { keySource: start.keySource }),
    };
  }

  /** Accepts a run and waits for its end. */
  async run(start: RunStart): Promise<RunRecord> {
    return (await this.accept(start)).done;
  }

  /**
   * Re-sends the records a run failed, each from the step where it failed onwards: a new run,
   * recorded as a retry of the old one (it does not move the watermark). Each record's
   * idempotency key derives from the run it failed in.
   */
  async retryStart(id: string, bundle: Bundle, revision: number | null, trigger = `retry of ${id}`): Promise<RunStart> {
    const previous = await this.options.stores.runs.get(id);
    if (!previous) throw new RunServiceError(`there is no run '${id}'; see weft runs`);
    const failures = previous.failures ?? [];
    if (failures.length === 0) throw new RunServiceError(`run ${id} has no failed records to retry`);
    if (unfinishedStatuses.includes(previous.status)) throw new RunServiceError(`run ${id} has not ended (${previous.status}); resume it with weft runs resume ${id}`);
    // One pass per step that had failures, in the flow's order: its records start there.
    const order = new Map(flowSteps(bundle.resources.find((resource) => resource.kind === 'Flow' && resource.name === previous.flow)?.spec).map((step, index) => [step.path, index]));
    const byStep = new Map<string, RecordFailure[]>();
    for (const failure of failures) byStep.set(failure.step, [...(byStep.get(failure.step) ?? []), failure]);
    const passes: RunPass[] = [...byStep]
      .sort(([a], [b]) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
      // Keyed as they were in the failed run: by what its keys derived from (a child run's parent records, or its id).
      .map(([step, entries]) => ({ startAt: step, records: entries.map((entry) => entry.record), keys: { source: previous.keySource ?? id, indices: entries.map((entry) => entry.index) } }));
    return { bundle, revision, flow: previous.flow, trigger, passes, retryOf: id };
  }

  /** Retries a run's failed records (see retryStart) and waits for the retry's end. */
  async retry(id: string, bundle: Bundle, revision: number | null): Promise<RunRecord> {
    return this.run(await this.retryStart(id, bundle, revision));
  }

  /**
   * Goes on with an interrupted run, from what it had committed, with the bundle it ran. Returns
   * undefined when another process took it over first.
   */
  async resume(id: string, bundle: Bundle): Promise<RunRecord | undefined> {
    const unfinished = await this.options.stores.runs.claim(id);
    if (!unfinished) return undefined;
    return this.continue(unfinished, bundle);
  }

  /**
   * Executes a run this process has claimed (queued: from the start; interrupted: from what it
   * had committed), with the bundle it runs.
   */
  async continue(unfinished: UnfinishedRun, bundle: Bundle): Promise<RunRecord> {
    const { run } = unfinished;
    const accepted: AcceptedRun = {
      id: run.id,
      flow: run.flow,
      revision: run.revision,
      bundleSha256: run.bundleSha256,
      trigger: run.trigger,
      startedAt: run.startedAt,
      ...(run.since !== undefined && { since: run.since }),
      ...(run.retryOf !== undefined && { retryOf: run.retryOf }),
      ...(unfinished.passes && { passes: unfinished.passes }),
      ...(run.parent !== undefined && { parent: run.parent }),
      ...(unfinished.keySource !== undefined && { keySource: unfinished.keySource }),
    };
    if ((run.attempts ?? 1) > 1) this.options.log?.(`run ${run.id} of ${run.flow} (${run.trigger}) was interrupted; resuming${unfinished.progress ? ` after ${unfinished.progress.consumed} record(s)` : ' from the start'}`);
    return this.execute(accepted, bundle, unfinished);
  }

  /**
   * Records a run as queued (a cluster's API process: a worker claims and executes it), with the
   * watermark its receive will start from. `id`: a run id decided by the caller (a schedule's
   * tick, the same in every process); DuplicateRunError when it is recorded already.
   */
  async enqueue(start: RunStart, id?: string): Promise<string> {
    const accepted = await this.accepted(start, id);
    await this.options.stores.runs.accept(accepted, { queued: true });
    return accepted.id;
  }

  /** A run's record once it has ended: resumed here if it was interrupted, waited for if another process runs it. */
  private async ended(id: string, bundle: Bundle): Promise<RunRecord> {
    for (;;) {
      await this.options.stores.runs.markInterrupted();
      const run = await this.options.stores.runs.get(id);
      if (!run) throw new RunServiceError(`there is no run '${id}'`);
      if (!unfinishedStatuses.includes(run.status)) return run;
      if (run.status === 'interrupted' || run.status === 'queued') {
        const resumed = await this.resume(id, bundle);
        if (resumed) return resumed;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Runs interrupted by a crash (their owner process is gone), oldest first. */
  interrupted(): Promise<UnfinishedRun[]> {
    return this.options.stores.runs.interrupted();
  }

  /**
   * Runs one broker message through a prepared flow: the run's record, not yet stored (the
   * event consumer commits successful ones in batches with the message's receipt).
   */
  async runMessage(prepared: PreparedFlow, message: { messageId: string; record: unknown; trigger: string; revision: number | null; bundleSha256: string }): Promise<RunRecord> {
    const started = new Date();
    const id = newRunId(started);
    const outcome = await prepared
      .run({ run: { id, startedAt: started.toISOString() }, passes: [{ records: [message.record] }], messageId: message.messageId })
      .catch((error: Error) => failedOutcome(error));
    const record = this.record({ id, flow: prepared.flowName, revision: message.revision, bundleSha256: message.bundleSha256, trigger: message.trigger, startedAt: started.toISOString() }, outcome);
    this.options.ended?.(record);
    return record;
  }

  /** A flow of a bundle, prepared once per bundle and secrets (a secret stored since makes a new one). */
  async prepare(bundle: Bundle, flow: string, revision: number | null = null): Promise<PreparedFlow> {
    const version = await this.options.stores.secrets.version();
    if (version !== this.secretsVersion) {
      this.secretsVersion = version;
      this.lookups.clear();
      this.prepared.clear();
    }
    const key = `${bundle.sha256}\u0000${flow}\u0000${revision}`;
    let prepared = this.prepared.get(key);
    if (!prepared) {
      if (this.prepared.size > 200) this.prepared.clear();
      const resolve = await this.placeholderLookup(bundle);
      prepared = new PreparedFlow(flow, {
        bundle,
        resolve,
        ...(this.options.observe && { observe: this.options.observe(bundle, resolve) }),
        links: this.links,
        engineAddresses: this.options.engineAddresses,
        data: this.options.stores.flowData,
        now: this.options.now,
        log: this.options.log,
        children: {
          // A child run is recorded like any run, linked to its parent; its keys derive from the parent's records.
          start: async (child, records, parent, wait) => {
            // A parent run going on after a crash finds the child its chunk started before: that child, not a second one.
            const existing = await this.options.stores.runs.child(parent.run, parent.keySource);
            if (existing) {
              const ended = wait ? await this.ended(existing.id, bundle) : existing;
              return { id: ended.id, status: ended.status, ...(ended.error !== undefined && { error: ended.error }) };
            }
            const handle = await this.accept({ bundle, revision, flow: child, trigger: `run by flow ${parent.flow} (run ${parent.run})`, passes: [{ records }], parent: parent.run, keySource: parent.keySource });
            if (!wait) return { id: handle.id, status: 'running' };
            const record = await handle.done;
            return { id: record.id, status: record.status, ...(record.error !== undefined && { error: record.error }) };
          },
        },
      });
      this.prepared.set(key, prepared);
    }
    return prepared;
  }

  /**
   * How the bundle's placeholders resolve here, worked out before the run (the secret store is
   * asynchronous; rendering a request is not): every placeholder of its instances and connectors.
   */
  async placeholderLookup(bundle: Bundle): Promise<PlaceholderLookup> {
    let lookup = this.lookups.get(bundle.sha256);
    if (lookup) return lookup;
    const values = new Map<string, string | undefined>();
    for (const resource of bundle.resources) {
      for (const placeholder of placeholdersIn(resource.spec)) {
        const key = `${placeholder.source}:${placeholder.name}`;
        if (!values.has(key)) values.set(key, await this.resolve(placeholder));
      }
    }
    lookup = (placeholder) => values.get(`${placeholder.source}:${placeholder.name}`);
    this.lookups.set(bundle.sha256, lookup);
    return lookup;
  }

  /** A placeholder's value in this engine (never for output); a default is the caller's to apply. */
  async resolve(placeholder: Pick<Placeholder, 'source' | 'name'>): Promise<string | undefined> {
    if (placeholder.source === 'secret') return this.options.stores.secrets.read(placeholder.name);
    // A project variable resolves when the project compiles; one in a bundle (not compiled by
    // weft) must not read the engine's environment under another name.
    if (placeholder.source !== 'env') return undefined;
    return isEngineVariable(placeholder.name) ? undefined : this.options.env[placeholder.name];
  }

  async close(): Promise<void> {
    this.prepared.clear();
    if (this.ownLinks) await this.links.close();
  }

  private async execute(accepted: AcceptedRun, bundle: Bundle, unfinished?: UnfinishedRun): Promise<RunRecord> {
    const runs = this.options.stores.runs;
    let outcome: RunOutcome;
    try {
      const prepared = await this.prepare(bundle, accepted.flow, accepted.revision);
      outcome = await prepared.run({
        run: { id: accepted.id, startedAt: accepted.startedAt, lastSuccessAt: accepted.since },
        passes: accepted.passes,
        messageId: accepted.keySource,
        progress: unfinished?.progress,
        checkpoint: (progress, failures) => runs.checkpoint(accepted.id, progress, failures),
        chunkSize: this.options.chunkSize,
      });
    } catch (error) {
      outcome = failedOutcome(error as Error);
    }
    const record = { ...this.record(accepted, outcome, unfinished?.run.failures), ...(unfinished?.run.attempts !== undefined && { attempts: unfinished.run.attempts }) };
    // The window is done when every record in it was delivered or is kept as a failed record
    // (stored in the same transaction): the next run starts after it. A retry re-sends old
    // records; it says nothing about the window.
    const watermark = outcome.status !== 'failed' && accepted.retryOf === undefined ? accepted.startedAt : undefined;
    try {
      await runs.finish(record, outcome.failures.slice(outcome.failuresCheckpointed), watermark);
    } catch (error) {
      if (error instanceof RunTakenOverError) {
        // Another process goes on with it from its last checkpoint: this process's end is not the run's.
        this.options.log?.(`run ${accepted.id} of ${accepted.flow} stopped here: ${error.message}`);
        return record;
      }
      // Still `running` on record: after a restart it is interrupted and resumed (same keys).
      this.options.log?.(`run ${accepted.id} of ${accepted.flow} ended ${record.status} but could not be recorded: ${(error as Error).message}`);
    }
    this.options.ended?.(record);
    return record;
  }

  private record(accepted: Omit<AcceptedRun, 'passes'>, outcome: RunOutcome, earlier: RecordFailure[] = []): RunRecord {
    return {
      id: accepted.id,
      flow: accepted.flow,
      revision: accepted.revision,
      bundleSha256: accepted.bundleSha256,
      trigger: accepted.trigger,
      status: outcome.status,
      startedAt: accepted.startedAt,
      finishedAt: new Date().toISOString(),
      steps: outcome.steps,
      ...(outcome.error !== undefined && { error: outcome.error }),
      failures: [...earlier, ...outcome.failures],
      ...(accepted.since !== undefined && { since: accepted.since }),
      ...(accepted.retryOf !== undefined && { retryOf: accepted.retryOf }),
      ...(accepted.parent !== undefined && { parent: accepted.parent }),
      ...(accepted.keySource !== undefined && { keySource: accepted.keySource }),
    };
  }
}

/** A run the service refuses (no such run, nothing to retry): the CLI's to report. */
export class RunServiceError extends EngineError {}

function failedOutcome(error: Error): RunOutcome {
  return { status: 'failed', steps: [], failures: [], failuresCheckpointed: 0, error: error?.message ?? String(error) };
}
