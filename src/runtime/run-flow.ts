import { randomUUID } from 'node:crypto';
import type { Bundle } from '../compile/compile-bundle.js';
import type { RecordFailure, RunPass, RunProgress, RunStatus, StepStats } from '../engine/stores/stores.js';
import { flowSteps } from '../steps/registry.js';
import { dropped, type Batch, type PreparedStep, type RunScope } from '../steps/step-kind.js';
import type { AmqpLinks } from './amqp.js';
import type { EngineAddresses } from './egress.js';
import { InstanceClients, resolvePlaceholders, UnresolvedPlaceholderError, type PlaceholderLookup, type RunFields } from './instance-clients.js';
import { bundleRedactor, type SecretRedactor } from './redact-secrets.js';
import { stepServices, type ExpressionLimits } from './step-services.js';

export type { RecordFailure, StepStats };

/** Records go through the steps in chunks of at most this many; progress is committed after each. */
export const defaultChunkSize = 100;

/** One execution of a prepared flow. */
export interface RunInput {
  run: RunFields;
  /** Records to run instead of the flow's first step's source; one pass per starting step. */
  passes?: RunPass[];
  /** The id of the broker message an event-triggered run handles: idempotency keys and published ids derive from it. */
  messageId?: string;
  /** Where a resumed run goes on from (what it had committed). */
  progress?: RunProgress;
  /** Commits progress and the failed records found since the last call; awaited before the next chunk. */
  checkpoint?: (progress: RunProgress, failures: RecordFailure[]) => Promise<void>;
  chunkSize?: number;
}

export interface RunOutcome {
  status: Exclude<RunStatus, 'running' | 'interrupted'>;
  steps: StepStats[];
  /** The failed records of this execution. */
  failures: RecordFailure[];
  /** How many of them a checkpoint has committed already. */
  failuresCheckpointed: number;
  /** Why the run stopped, when it failed. */
  error?: string;
}

/**
 * A flow made ready to run many times (an event trigger runs it once per message): each step
 * prepared by its kind (JSONata compiled, instance clients with OAuth2 tokens and rate limits,
 * broker publishers), kept between runs. `close()` ends the broker connections it opened itself.
 *
 * A run streams records through the steps in chunks (a page is fetched when the one before has
 * gone through every step), so memory holds one page however many records move. A record that
 * fails is kept with its error; with onError 'continue' the run goes on and ends `partial`,
 * with 'stop' it ends `failed` at the first failure.
 */
export class PreparedFlow {
  private readonly steps: { path: string; kind: string; instance?: string; prepared: PreparedStep; source: boolean }[];
  private readonly stopOnError: boolean;
  private readonly clients: InstanceClients;
  /** The resolved secret values of the bundle: no error text or failed record is kept with one. */
  readonly redactor: SecretRedactor;

  constructor(
    readonly flowName: string,
    environment: { bundle: Bundle; resolve: PlaceholderLookup; links?: AmqpLinks; engineAddresses?: EngineAddresses },
  ) {
    const flow = environment.bundle.resources.find((resource) => resource.kind === 'Flow' && resource.name === flowName);
    if (!flow) throw new Error(`the bundle has no flow '${flowName}'`);
    this.redactor = bundleRedactor(environment.bundle, environment.resolve);
    this.clients = new InstanceClients({ ...environment, redactor: this.redactor });
    const services = stepServices(this.clients);
    this.stopOnError = flow.spec.onError === 'stop';
    this.steps = flowSteps(flow.spec).map(({ step, kind, body, path, pointer }) => ({
      path,
      kind: kind.name,
      instance: kind.references(body, pointer)[0]?.instance,
      prepared: preparedOrFailing(() =>
        kind.prepare(resolvedBody(body, kind.expressions(body, pointer).length > 0, environment.resolve), {
          flow: flowName,
          path,
          services,
          limits: step.limits as Partial<ExpressionLimits> | undefined,
        }),
      ),
      source: kind.source === true,
    }));
  }

  async run(input: RunInput): Promise<RunOutcome> {
    const committed = input.progress?.steps.map((entry) => entry.id).join('/');
    if (committed !== undefined && committed !== this.steps.map((step) => step.path).join('/')) {
      // Its counts and record indices (the idempotency keys) belong to other steps.
      return { status: 'failed', steps: input.progress!.steps, failures: [], failuresCheckpointed: 0, error: `the steps of flow '${this.flowName}' changed since the run was interrupted; it cannot go on (start a new run)` };
    }
    const stats: StepStats[] = input.progress?.steps.map((entry) => ({ ...entry })) ?? this.steps.map((step) => ({ id: step.path, kind: step.kind, in: 0, out: 0, failed: 0 }));
    const failures: RecordFailure[] = [];
    let checkpointed = 0;
    const scope: RunScope = { flow: this.flowName, run: input.run, keySource: input.messageId ?? input.run.id };
    const passes: (RunPass | undefined)[] = input.passes ?? [undefined];
    const chunkSize = Math.max(1, input.chunkSize ?? defaultChunkSize);
    try {
      for (let pass = input.progress?.pass ?? 0; pass < passes.length; pass++) {
        const given = passes[pass];
        const first = given?.startAt === undefined ? 0 : this.indexOf(given.startAt);
        const fromSource = first === 0 && this.steps[0]?.source === true;
        let skip = pass === input.progress?.pass ? input.progress.consumed : 0;
        let consumed = 0;
        const lastPass = pass === passes.length - 1;
        const source: Iterable<unknown[]> | AsyncIterable<unknown[]> = fromSource ? this.source(scope) : given && given.records.length > 0 ? [given.records] : [];
        const begin = fromSource ? 1 : first;
        for await (const page of source) {
          for (let at = 0; at < page.length; at += chunkSize) {
            let records = page.slice(at, at + chunkSize);
            if (skip > 0) {
              // Went through every step before the run was interrupted: committed, not done again.
              const done = Math.min(skip, records.length);
              records = records.slice(done);
              skip -= done;
              consumed += done;
              if (records.length === 0) continue;
            }
            if (fromSource) stats[0]!.out += records.length;
            const keys = given?.keys;
            const firstKey = keys ? (position: number) => ({ source: keys.source, index: keys.indices[consumed + position] ?? consumed + position }) : undefined;
            await this.through(records, begin, stats, failures, scope, firstKey);
            consumed += records.length;
            // The last chunk of what the run was given is committed by the run's end instead.
            const finalChunk = !fromSource && lastPass && at + chunkSize >= page.length;
            if (input.checkpoint && !finalChunk) {
              await input.checkpoint({ pass, consumed, steps: stats }, failures.slice(checkpointed));
              checkpointed = failures.length;
            }
          }
        }
      }
    } catch (error) {
      return { status: 'failed', steps: stats, failures, failuresCheckpointed: checkpointed, error: this.redactor.text((error as Error)?.message ?? String(error)) };
    }
    return { status: failures.length > 0 ? 'partial' : 'succeeded', steps: stats, failures, failuresCheckpointed: checkpointed };
  }

  /** The first step's records, its errors named by the step (a receive that cannot start fails the run). */
  private async *source(scope: RunScope): AsyncIterable<unknown[]> {
    const step = this.steps[0]!;
    try {
      yield* step.prepared.pages!(scope);
    } catch (error) {
      throw this.stepError(step, error);
    }
  }

  /** Sends records through the steps from `begin`, counting, keeping failures. */
  private async through(
    records: unknown[],
    begin: number,
    stats: StepStats[],
    failures: RecordFailure[],
    scope: RunScope,
    firstKey: ((position: number) => { source: string; index: number }) | undefined,
  ): Promise<void> {
    for (let index = begin; index < this.steps.length && records.length > 0; index++) {
      const step = this.steps[index]!;
      const stat = stats[index]!;
      const offset = stat.in;
      stat.in += records.length;
      const batch: Batch = {
        scope,
        keyOf: index === begin && firstKey ? firstKey : (position) => ({ source: scope.keySource, index: offset + position }),
      };
      let outcomes: unknown[];
      try {
        outcomes = await step.prepared.process!(records, batch);
      } catch (error) {
        throw this.stepError(step, error);
      }
      const kept: unknown[] = [];
      for (let position = 0; position < records.length; position++) {
        const outcome = outcomes[position];
        if (outcome === dropped) continue;
        if (!(outcome instanceof Error)) {
          kept.push(outcome);
          continue;
        }
        stat.failed++;
        const recordIndex = batch.keyOf(position).index;
        // As plain JSON: what is stored and re-sent (JSONata's results carry extra properties).
        // A record is the user's data, but an API may have echoed a secret into it.
        const message = this.redactor.text(outcome.message);
        failures.push({ step: step.path, index: recordIndex, error: message, record: this.redactor.value(JSON.parse(JSON.stringify(records[position] ?? null))) });
        if (this.stopOnError) throw new Error(`step '${step.path}' failed on record ${recordIndex}: ${message}`);
      }
      stat.out += kept.length;
      records = kept;
    }
  }

  /** An error of a whole step (not of one record): names the step, its kind and its instance. */
  private stepError(step: PreparedFlow['steps'][number], error: unknown): Error {
    const message = this.redactor.text((error as Error)?.message ?? String(error));
    // A placeholder of the step's own (not its instance's) is the step's: no instance named.
    const own = error instanceof UnresolvedPlaceholderError && error.instance === '';
    const instance = step.instance && !own && !message.includes(`instance '${step.instance}'`) ? `instance '${step.instance}': ` : '';
    return new Error(`step '${step.path}' (${step.kind}): ${instance}${message}`);
  }

  private indexOf(path: string): number {
    const index = this.steps.findIndex((step) => step.path === path);
    if (index < 0) throw new Error(`flow '${this.flowName}' has no step '${path}'`);
    return index;
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

/** What a one-off run needs: the bundle, how placeholders resolve, the run's fields and what it is given. */
export type RunEnvironment = { bundle: Bundle; resolve: PlaceholderLookup; links?: AmqpLinks } & Omit<RunInput, 'checkpoint'>;

/** Runs a flow once, unrecorded (the kernel alone: the run service records runs). */
export async function runFlow(flowName: string, environment: RunEnvironment): Promise<RunOutcome> {
  const prepared = new PreparedFlow(flowName, environment);
  try {
    return await prepared.run(environment);
  } finally {
    await prepared.close();
  }
}

/**
 * A step's body with its placeholders resolved (a send's input may read `${env:…}` or a secret,
 * like any field the contract allows them in). An expression is left as it is: JSONata text is
 * not rewritten.
 */
function resolvedBody(body: unknown, isExpression: boolean, resolve: PlaceholderLookup): unknown {
  if (isExpression) return body;
  try {
    return resolvePlaceholders(body, resolve, '');
  } catch (error) {
    if (error instanceof UnresolvedPlaceholderError) throw new UnresolvedPlaceholderError('', error.placeholder);
    throw error;
  }
}

/**
 * A step prepared, or, when a placeholder of its own does not resolve, a step that fails with
 * that error when it runs: the run fails naming the step, as it does for an instance's placeholder.
 */
function preparedOrFailing(prepare: () => PreparedStep): PreparedStep {
  try {
    return prepare();
  } catch (error) {
    if (!(error instanceof UnresolvedPlaceholderError)) throw error;
    return {
      pages: () => {
        throw error;
      },
      process: () => {
        throw error;
      },
    };
  }
}
