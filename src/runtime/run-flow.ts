import { HttpCallError, type FailedCall } from './http-call.js';
import type { Log } from './log.js';
import { randomUUID } from 'node:crypto';
import type { Bundle } from '../compile/compile-bundle.js';
import type { RecordFailure, RunPass, RunProgress, RunStatus, StepStats } from '../engine/stores/stores.js';
import type { FlowDataStore } from '../engine/stores/stores.js';
import { scanTemplates } from '../lex/templates.js';
import { stepTree, type FlowStep } from '../steps/registry.js';
import { dropped, type Batch, type CaughtFailure, type Flowing, type ListRunner, type PreparedStep, type RecordContext, type RunScope, type RunSummary } from '../steps/step-kind.js';
import type { AmqpLinks, MessagePublisher } from './amqp.js';
import type { EngineAddresses } from './egress.js';
import { InstanceClients, resolvePlaceholders, UnresolvedPlaceholderError, type InstanceObserver, type InstanceTransport, type PlaceholderLookup, type RunFields } from './instance-clients.js';
import { lookupFunction } from './lookup-tables.js';
import { bundleRedactor, secretValuesRedactor, type SecretRedactor } from './redact-secrets.js';
import { pointerSegments } from '../parse/pointer.js';
import { lookup } from './render.js';
import { stepServices, type ChildRuns, type ExpressionLimits, type StepServices } from './step-services.js';

export type { RecordFailure, StepStats };

/** Records go through the steps in chunks of at most this many; progress is committed after each. */
export const defaultChunkSize = 100;

/** What a flow is prepared in: the bundle, how placeholders resolve, and the engine's services. */
export interface FlowEnvironment {
  bundle: Bundle;
  resolve: PlaceholderLookup;
  links?: AmqpLinks;
  engineAddresses?: EngineAddresses;
  /** Dedupe keys and cache entries (the engine's store); in memory, for this flow only, without one. */
  data?: FlowDataStore;
  /** The clock of TTLs and dedupe windows. */
  now?: () => Date;
  /** The engine's log (a notify step without an instance writes to it). */
  log?: Log;
  /** How `run:` steps start child runs (the run service records them); in this process, unrecorded, without. */
  children?: ChildRuns;
  /** Answers HTTP requests in place of the network (`weft test`). */
  transport?: InstanceTransport;
  /** Takes published messages in place of the broker (`weft test`), by instance. */
  broker?: (instance: string) => MessagePublisher;
  /** Sees every HTTP request and answer (`weft run --record`). */
  observe?: InstanceObserver;
}

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
  status: Exclude<RunStatus, 'queued' | 'running' | 'interrupted' | 'dead'>;
  steps: StepStats[];
  /** The failed records of this execution. */
  failures: RecordFailure[];
  /** How many of them a checkpoint has committed already. */
  failuresCheckpointed: number;
  /** Why the run stopped, when it failed. */
  error?: string;
}

/** A step prepared for runs: where it is, what it does, and the lists of steps it holds. */
interface PreparedNode {
  path: string;
  kind: string;
  instance?: string;
  prepared: PreparedStep;
  source: boolean;
  /** Its place in the run's step statistics (the flow's steps, depth first). */
  stat: number;
  lists: PreparedNode[][];
}

/** A record that failed at a step, on its way to the run's failed records or to a catch. */
interface StepFailure {
  node: PreparedNode;
  index: number;
  record: unknown;
  context: RecordContext | undefined;
  error: Error;
}

/** Where failures go: the run's failed records, or the catch of the try they are in. */
type FailureSink = (failure: StepFailure) => void;

/** What one execution keeps as it goes. */
interface RunState {
  scope: RunScope;
  stats: StepStats[];
  failures: RecordFailure[];
  /** Dedupe claims of records that failed, given back at the next checkpoint. */
  released: Map<string, { key: string; claim: string }[]>;
  /**
   * Every dedupe claim made in the chunk under way: a chunk that does not finish (a step's error,
   * onError: stop) gives them all back, since which of its records were delivered is not known.
   */
  claimed: Map<string, { key: string; claim: string }[]>;
}

/** Ends a run whose flow says `onError: stop`: passes through the steps that hold others unchanged. */
class StopRun extends Error {}

/** An error of a whole step, already naming it: the steps holding it pass it on as it is. */
class StepError extends Error {}

/**
 * A flow made ready to run many times (an event trigger runs it once per message): each step
 * prepared by its kind (JSONata compiled, instance clients with OAuth2 tokens and rate limits,
 * broker publishers), kept between runs. `close()` ends the broker connections it opened itself.
 *
 * A run streams records through the steps in chunks (a page is fetched when the one before has
 * gone through every step), so memory holds one page however many records move. Steps that hold
 * lists of steps (route, branch, try) send each chunk's records down their lists and pass on
 * what comes out of them. A record that fails is kept with its error (or, inside a try, goes to
 * its catch steps); with onError 'continue' the run goes on and ends `partial`, with 'stop' it
 * ends `failed` at the first failure.
 */
export class PreparedFlow {
  private readonly tree: PreparedNode[];
  /** Every step, depth first: the order of a run's step statistics. */
  private readonly steps: PreparedNode[] = [];
  private readonly stopOnError: boolean;
  private readonly clients: InstanceClients;
  private readonly services: StepServices;
  /** Chunks hold at least this many records (a batch step's size: a batch never spans chunks). */
  private readonly minChunk: number;
  /** The resolved secret values of the bundle: no error text or failed record is kept with one. */
  readonly redactor: SecretRedactor;

  constructor(
    readonly flowName: string,
    environment: FlowEnvironment,
  ) {
    const flow = environment.bundle.resources.find((resource) => resource.kind === 'Flow' && resource.name === flowName);
    if (!flow) throw new Error(`the bundle has no flow '${flowName}'`);
    this.redactor = bundleRedactor(environment.bundle, environment.resolve);
    this.clients = new InstanceClients({ ...environment, redactor: this.redactor });
    const variables = flowVariables(flow.spec, environment.resolve);
    const secrets = secretValuesRedactor(environment.bundle, environment.resolve);
    const services = (this.services = stepServices(this.clients, {
      data: environment.data,
      now: environment.now,
      redact: (value) => secrets.value(value),
      log: environment.log,
      children: environment.children ?? inProcessChildren(environment),
      bindings: { vars: variables, lookup: lookupFunction(environment.bundle) },
    }));
    this.stopOnError = flow.spec.onError === 'stop';
    const prepare = (steps: FlowStep[]): PreparedNode[] =>
      steps.map(({ step, kind, body, path, pointer, lists }) => {
        const node: PreparedNode = {
          path,
          kind: kind.name,
          instance: kind.references(body, pointer)[0]?.instance,
          prepared: preparedOrFailing(() =>
            kind.prepare(kind.lists ? body : resolvedBody(body, kind.expressions(body, pointer).map((expression) => expression.pointer.slice(pointer.length)), environment.resolve, variables), {
              flow: flowName,
              path,
              services,
              limits: step.limits as Partial<ExpressionLimits> | undefined,
            }),
          ),
          source: kind.source === true,
          stat: this.steps.length,
          lists: [],
        };
        this.steps.push(node);
        node.lists = lists.map((list) => prepare(list.steps));
        return node;
      });
    this.tree = prepare(stepTree(flow.spec));
    this.minChunk = Math.max(1, ...this.steps.map((node) => node.prepared.minChunk ?? 1));
  }

  async run(input: RunInput): Promise<RunOutcome> {
    const committed = input.progress?.steps.map((entry) => entry.id).join('/');
    if (committed !== undefined && committed !== this.steps.map((step) => step.path).join('/')) {
      // Its counts and record indices (the idempotency keys) belong to other steps.
      return { status: 'failed', steps: input.progress!.steps, failures: [], failuresCheckpointed: 0, error: `the steps of flow '${this.flowName}' changed since the run was interrupted; it cannot go on (start a new run)` };
    }
    const state: RunState = {
      scope: { flow: this.flowName, run: input.run, keySource: input.messageId ?? input.run.id },
      stats: input.progress?.steps.map((entry) => ({ ...entry })) ?? this.steps.map((step) => ({ id: step.path, kind: step.kind, in: 0, out: 0, failed: 0 })),
      failures: [],
      released: new Map(),
      claimed: new Map(),
    };
    const { stats, failures } = state;
    const sink = this.failureSink(state);
    let checkpointed = 0;
    const passes: (RunPass | undefined)[] = input.passes ?? [undefined];
    const chunkSize = Math.max(this.minChunk, input.chunkSize ?? defaultChunkSize);
    try {
      for (let pass = input.progress?.pass ?? 0; pass < passes.length; pass++) {
        const given = passes[pass];
        const start = given?.startAt === undefined ? [{ nodes: this.tree, index: 0 }] : this.locate(given.startAt);
        const fromSource = start.length === 1 && start[0]!.index === 0 && this.tree[0]?.source === true;
        let skip = pass === input.progress?.pass ? input.progress.consumed : 0;
        let consumed = 0;
        const lastPass = pass === passes.length - 1;
        const source: Iterable<unknown[]> | AsyncIterable<unknown[]> = fromSource ? this.source(state.scope) : given && given.records.length > 0 ? [given.records] : [];
        if (fromSource) start[0]!.index = 1;
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
            const base = consumed;
            const firstKey = keys ? (position: number) => ({ source: keys.source, index: keys.indices[base + position] ?? base + position }) : undefined;
            // From the step it starts at to the end of its list, then on after each step holding that list.
            let flowing: Flowing = { records, contexts: new Array(records.length) };
            for (let level = start.length - 1; level >= 0; level--) {
              const { nodes, index } = start[level]!;
              const innermost = level === start.length - 1;
              flowing = await this.runList(nodes, innermost ? index : index + 1, flowing, state, sink, innermost ? firstKey : undefined);
            }
            consumed += records.length;
            state.claimed.clear();
            await this.giveBack(state);
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
      for (const [pool, keys] of state.claimed) state.released.set(pool, [...(state.released.get(pool) ?? []), ...keys]);
      state.claimed.clear();
      await this.giveBack(state).catch(() => undefined);
      return this.ended(state, { status: 'failed', steps: stats, failures, failuresCheckpointed: checkpointed, error: this.redactor.text((error as Error)?.message ?? String(error)) });
    }
    return this.ended(state, { status: failures.length > 0 ? 'partial' : 'succeeded', steps: stats, failures, failuresCheckpointed: checkpointed });
  }

  /** Tells the steps that wait for the run's end (notify) how it ended. A notify that fails is logged; the run's outcome stands. */
  private async ended(state: RunState, outcome: RunOutcome): Promise<RunOutcome> {
    const waiting = this.steps.filter((node) => node.prepared.end);
    if (waiting.length === 0) return outcome;
    const first = this.tree[0];
    const last = this.tree.at(-1);
    const records = {
      in: first ? (first.source ? state.stats[first.stat]!.out : state.stats[first.stat]!.in) : 0,
      out: last ? state.stats[last.stat]!.out : 0,
      failed: outcome.failures.length,
    };
    const failures = outcome.failures.slice(0, 5).map((failure) => ({ step: failure.step, error: failure.error }));
    const firstFailure = failures[0] ? ` (first: step '${failures[0].step}': ${failures[0].error})` : '';
    const summary: RunSummary = {
      flow: this.flowName,
      run: state.scope.run.id,
      status: outcome.status,
      records,
      failures,
      ...(outcome.error !== undefined && { error: outcome.error }),
      message: `flow '${this.flowName}' run ${state.scope.run.id} ended ${outcome.status}: ${records.in} record(s) in, ${records.out} out, ${records.failed} failed${outcome.error !== undefined ? `: ${outcome.error}` : firstFailure}`,
    };
    for (const node of waiting) {
      try {
        await node.prepared.end!(summary, state.scope);
      } catch (error) {
        this.services.log(`step '${node.path}' (${node.kind}) of flow '${this.flowName}' could not tell how run ${state.scope.run.id} ended: ${this.redactor.text((error as Error)?.message ?? String(error))}`, { level: 'warn', run: state.scope.run.id, flow: this.flowName, step: node.path });
      }
    }
    return outcome;
  }

  /** The first step's records, its errors named by the step (a receive that cannot start fails the run). */
  private async *source(scope: RunScope): AsyncIterable<unknown[]> {
    const step = this.tree[0]!;
    try {
      yield* step.prepared.pages!(scope);
    } catch (error) {
      throw this.stepError(step, error);
    }
  }

  /** Sends records through a list of steps from `begin`, counting; what comes out of its end. */
  private async runList(
    nodes: readonly PreparedNode[],
    begin: number,
    input: Flowing,
    state: RunState,
    sink: FailureSink,
    firstKey?: (position: number) => { source: string; index: number },
  ): Promise<Flowing> {
    let flowing = input;
    for (let index = begin; index < nodes.length && flowing.records.length > 0; index++) {
      const node = nodes[index]!;
      const stat = state.stats[node.stat]!;
      const offset = stat.in;
      stat.in += flowing.records.length;
      const { records, contexts } = flowing;
      const batch: Batch = {
        scope: state.scope,
        keyOf: index === begin && firstKey ? firstKey : (position) => ({ source: state.scope.keySource, index: offset + position }),
        bindings: (position) => contexts[position]?.bindings,
      };
      const fail = (record: unknown, context: RecordContext | undefined, error: Error, recordIndex: number) => {
        stat.failed++;
        sink({ node, index: recordIndex, record, context, error });
      };
      try {
        if (node.prepared.route) {
          const lists: ListRunner = {
            run: (list, given, options) => this.runList(node.lists[list] ?? [], 0, given, state, options?.catch ? this.catchSink(options.catch) : sink),
            fail,
            claimed: (pool, keys) => state.claimed.set(pool, [...(state.claimed.get(pool) ?? []), ...keys]),
          };
          flowing = await node.prepared.route(flowing, batch, lists);
        } else {
          const outcomes = await node.prepared.process!(records, batch);
          const kept: Flowing = { records: [], contexts: [] };
          for (let position = 0; position < records.length; position++) {
            const outcome = outcomes[position];
            if (outcome === dropped) continue;
            if (outcome instanceof Error) fail(records[position], contexts[position], outcome, batch.keyOf(position).index);
            else {
              kept.records.push(outcome);
              kept.contexts.push(contexts[position]);
            }
          }
          flowing = kept;
        }
      } catch (error) {
        if (error instanceof StopRun || error instanceof StepError) throw error;
        throw this.stepError(node, error);
      }
      stat.out += flowing.records.length;
    }
    return flowing;
  }

  /**
   * The run's failed records: each kept with its error (a batch's records each, at the batch
   * step, so a retry batches them again); the dedupe keys they claimed are given back.
   */
  private failureSink(state: RunState): FailureSink {
    return ({ node, index, record, context, error }) => {
      // A record is the user's data, but an API may have echoed a secret into it.
      const message = this.redactor.text(error.message);
      // The call that failed, as sent and answered (credentials out; redacted once more here).
      const call = error instanceof HttpCallError && error.call ? (this.redactor.value(error.call) as FailedCall) : undefined;
      const members = context?.members;
      const kept = members
        ? members.records.map((member, position) => ({ step: members.step, index: members.indices[position]!, error: `step '${node.path}' failed on the batch: ${message}`, record: member, context: members.contexts[position] }))
        : [{ step: node.path, index, error: message, record, context }];
      for (const failure of kept) {
        // As plain JSON: what is stored and re-sent (JSONata's results carry extra properties).
        state.failures.push({ step: failure.step, index: failure.index, error: failure.error, record: this.redactor.value(JSON.parse(JSON.stringify(failure.record ?? null))), ...(call && { call }) });
        for (const claim of failure.context?.claims ?? []) {
          const pool = state.released.get(claim.pool) ?? [];
          pool.push({ key: claim.key, claim: claim.claim });
          state.released.set(claim.pool, pool);
        }
      }
      if (this.stopOnError) throw new StopRun(`step '${node.path}' failed on record ${index}: ${message}`);
    };
  }

  /** Failures inside a try: to its catch, with what they failed with as `$error`. */
  private catchSink(caught: (failure: CaughtFailure) => void): FailureSink {
    return ({ node, record, context, error }) => {
      const status = (error as { status?: unknown }).status;
      caught({ record, context, error: { step: node.path, message: this.redactor.text(error.message), ...(typeof status === 'number' && { status }) } });
    };
  }

  /** Gives back the dedupe keys of records that failed. */
  private async giveBack(state: RunState): Promise<void> {
    for (const [pool, keys] of state.released) await this.services.data.release(pool, keys);
    state.released.clear();
  }

  /** An error of a whole step (not of one record): names the step, its kind and its instance. */
  private stepError(step: PreparedNode, error: unknown): Error {
    const message = this.redactor.text((error as Error)?.message ?? String(error));
    // A placeholder of the step's own (not its instance's) is the step's: no instance named.
    const own = error instanceof UnresolvedPlaceholderError && error.instance === '';
    const instance = step.instance && !own && !message.includes(`instance '${step.instance}'`) ? `instance '${step.instance}': ` : '';
    return new StepError(`step '${step.path}' (${step.kind}): ${instance}${message}`);
  }

  /** The lists leading to a step, outermost first: each list with the index of the step (or of the step holding the next list) in it. */
  private locate(path: string): { nodes: PreparedNode[]; index: number }[] {
    const find = (nodes: PreparedNode[]): { nodes: PreparedNode[]; index: number }[] | undefined => {
      for (let index = 0; index < nodes.length; index++) {
        const node = nodes[index]!;
        if (node.path === path) return [{ nodes, index }];
        for (const list of node.lists) {
          const inner = find(list);
          if (inner) return [{ nodes, index }, ...inner];
        }
      }
      return undefined;
    };
    const found = find(this.tree);
    if (!found) throw new Error(`flow '${this.flowName}' has no step '${path}'`);
    return found;
  }

  /** Ends the broker connections this flow opened (not those of a shared registry). */
  close(): Promise<void> {
    return this.clients.close();
  }
}

/** A run's id: time-ordered and unique (its start, then randomness). */
export function newRunId(started: Date, suffix?: string): string {
  // randomUUID draws from a cached pool: an event consumer makes an id per message.
  const iso = started.toISOString(); // 2026-11-28T18:30:00.123Z → 20261128T183000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z-${suffix ?? randomUUID().slice(0, 8)}`;
}

/** Child runs of the kernel alone: run in this process, unrecorded, each in its own prepared flow. */
function inProcessChildren(environment: FlowEnvironment): ChildRuns {
  return {
    async start(flow, records, parent, wait) {
      const child = new PreparedFlow(flow, environment);
      const started = new Date();
      const id = newRunId(started);
      const running = child.run({ run: { id, startedAt: started.toISOString() }, passes: [{ records }], messageId: parent.keySource }).finally(() => child.close());
      if (!wait) {
        running.catch(() => undefined);
        return { id, status: 'running' };
      }
      const outcome = await running;
      return { id, status: outcome.status, ...(outcome.error !== undefined && { error: outcome.error }) };
    },
  };
}

/** What a one-off run needs: the bundle, how placeholders resolve, the run's fields and what it is given. */
export type RunEnvironment = FlowEnvironment & Omit<RunInput, 'checkpoint'>;

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
 * like any field the contract allows them in) and its `{{vars.x}}` templates replaced by the
 * flow's variables. An expression is left as it is: JSONata text is not rewritten.
 */
function resolvedBody(body: unknown, expressions: readonly string[], resolve: PlaceholderLookup, variables: Record<string, unknown>): unknown {
  // The expressions (pointers within the body; '' for a body that is one) are put back as they were.
  if (expressions.includes('')) return body;
  const texts = expressions.map((pointer) => [pointer, valueAt(body, pointer)] as const);
  const without = structuredClone(body);
  for (const [pointer] of texts) setAt(without, pointer, '');
  let resolved: unknown;
  try {
    resolved = bindVariables(resolvePlaceholders(without, resolve, ''), variables);
  } catch (error) {
    if (error instanceof UnresolvedPlaceholderError) throw new UnresolvedPlaceholderError('', error.placeholder);
    throw error;
  }
  for (const [pointer, text] of texts) setAt(resolved, pointer, text);
  return resolved;
}

function valueAt(value: unknown, pointer: string): unknown {
  return lookup({ record: value }, 'record', pointerSegments(pointer));
}

function setAt(value: unknown, pointer: string, text: unknown): void {
  const keys = pointerSegments(pointer);
  const last = keys.pop()!;
  const parent = lookup({ record: value }, 'record', keys);
  if (parent !== null && typeof parent === 'object') (parent as Record<string, unknown>)[last] = text;
}

/** A flow's `spec.variables`, placeholders resolved: `$vars` in its expressions, `{{vars.x}}` in its templates. */
function flowVariables(spec: Record<string, unknown>, resolve: PlaceholderLookup): Record<string, unknown> {
  const variables = spec.variables;
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) return {};
  // A variable that does not resolve reads as missing; the check reports it before any run.
  const resolved: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(variables)) {
    try {
      resolved[name] = resolvePlaceholders(value, resolve, '');
    } catch (error) {
      if (!(error instanceof UnresolvedPlaceholderError)) throw error;
    }
  }
  return resolved;
}

/** `{{vars.x}}` in a value, replaced by the variable (a string that is only the template takes the variable's type). */
export function bindVariables(value: unknown, variables: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return value;
    const scans = scanTemplates(value).filter((scan) => scan.kind === 'reference' && scan.root === 'vars');
    if (scans.length === 0) return value;
    const valueOf = (path: string[]) => lookup({ record: variables }, 'record', path);
    if (scans.length === 1 && scans[0]!.text === value && scans[0]!.kind === 'reference') return valueOf(scans[0]!.path);
    let text = value;
    for (const scan of scans) {
      if (scan.kind !== 'reference') continue;
      const found = valueOf(scan.path);
      text = text.split(scan.text).join(found === undefined || found === null ? '' : typeof found === 'string' ? found : JSON.stringify(found));
    }
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => bindVariables(item, variables));
  if (value !== null && typeof value === 'object') {
    const bound: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) Object.defineProperty(bound, key, { value: bindVariables(child, variables), enumerable: true, writable: true, configurable: true });
    return bound;
  }
  return value;
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
