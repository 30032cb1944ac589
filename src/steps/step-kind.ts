import type { TemplateRoot } from '../lex/templates.js';
import type { StepServices, ExpressionLimits } from '../runtime/step-services.js';
import { isObject } from '../lex/is-object.js';
export { isObject };

/**
 * What a step kind declares: one module per kind (receive.ts, send.ts, …) and nothing else
 * knows its fields. The checker, plan, diff, graph and runtime ask the registry.
 */
export interface StepKind {
  /** The step's key in YAML (`send:`), and its kind in run records. */
  readonly name: string;
  /** One line for docs and the graph. */
  readonly summary: string;
  /** A source yields the run's records (a flow starting with one ignores records it is given). */
  readonly source?: boolean;
  /** The instances it references and how: what the checker, plan reach and graph read. */
  references(body: unknown, pointer: string): StepReference[];
  /** The flows it runs (`run:`), and where each is named: what the checker, plan reach and graph read. */
  flows?(body: unknown, pointer: string): { flow: string; pointer: string }[];
  /** Its JSONata expressions, checked at compile time. */
  expressions(body: unknown, pointer: string): StepExpression[];
  /** Its template fields, with the roots they may read. */
  templates(body: unknown, at: readonly string[]): StepTemplates[];
  /** For a kind that holds steps of its own (route, branch, try): its step lists, in order. */
  lists?(body: unknown, pointer: string): StepList[];
  /** Its executor for one prepared flow. */
  prepare(body: unknown, context: StepContext): PreparedStep;
}

/** A list of steps inside a step: its name (a path segment: 'uk', 'otherwise', 'catch') and where it is. */
export interface StepList {
  name: string;
  steps: unknown;
  /** Pointer of the list (the array). */
  pointer: string;
}

export interface StepReference {
  instance: string;
  /** Pointer of the `instance` value. */
  pointer: string;
  /** The connector type the instance must have. */
  connectorType: 'http' | 'event';
  /** How a message says it: 'sends to', 'receives from'. */
  verb: string;
  /** For a step that calls an HTTP endpoint: its name and the step's `input`, checked against the endpoint. */
  endpoint?: { name: string; input?: Record<string, unknown>; pointer: string };
}

export interface StepExpression {
  /** Pointer of the expression's value. */
  pointer: string;
  /** The field's name, for messages ('filter', 'map'). */
  field: string;
  text: string;
}

export interface StepTemplates {
  at: string[];
  value: unknown;
  roots: TemplateRoot[];
}

/** What a step is prepared with: where it is, and the runtime's services (instance clients, expressions). */
export interface StepContext {
  flow: string;
  /** The step's path ('push', or 'route/push' inside another step). */
  path: string;
  services: StepServices;
  /** The step's `limits` on its expressions (the defaults where it says nothing). */
  limits?: Partial<ExpressionLimits>;
}

/** What JSONata expressions read besides the record: `$vars`, `$lookup(...)`, and per record `$error`, `$parent`, `$batch`. */
export type Bindings = Record<string, unknown>;

/**
 * What travels with a record besides its value: what its expressions may read (`$error` in a
 * catch, `$parent` after a split), the records a batch holds, the dedupe keys it claimed.
 */
export interface RecordContext {
  bindings?: Bindings;
  /** A batch: its records, with their contexts, and the batch step's path (failures are kept per record, there). */
  members?: { step: string; records: unknown[]; contexts: (RecordContext | undefined)[]; indices: number[] };
  /** Dedupe keys this record claimed: given back when it fails, so a later run tries it again. */
  claims?: { pool: string; key: string; claim: string }[];
}

/** Records on their way through a list of steps, each with its context. */
export interface Flowing {
  records: unknown[];
  contexts: (RecordContext | undefined)[];
}

/** What a step that routes records (route, branch, try, split, batch) gets to do it with. */
export interface ListRunner {
  /** Runs records through one of the step's lists (by its place in `lists()`); what comes out of its end. */
  run(list: number, input: Flowing, options?: { catch?: (failure: CaughtFailure) => void }): Promise<Flowing>;
  /** Keeps a record as failed at this step (or sends it to the enclosing catch). */
  fail(record: unknown, context: RecordContext | undefined, error: Error, index: number): void;
  /** Dedupe keys this step recorded: given back if the chunk does not finish. */
  claimed(pool: string, keys: readonly { key: string; claim: string }[]): void;
}

/** A record that failed inside a try: what the catch steps get. */
export interface CaughtFailure {
  record: unknown;
  context: RecordContext | undefined;
  error: { step: string; message: string; status?: number };
}

/** The run a batch belongs to: what templates read as `run`, and what keys derive from. */
export interface RunScope {
  flow: string;
  run: { id: string; startedAt: string; lastSuccessAt?: string };
  /** What idempotency keys and published message ids derive from: the message a run handles, or the run. */
  keySource: string;
}

/** A batch of records at one step. */
export interface Batch {
  scope: RunScope;
  /** A record's idempotency key source and index (its place among the records the step received). */
  keyOf(position: number): { source: string; index: number };
  /** What a record's expressions read besides the record ($error, $parent, …). */
  bindings(position: number): Bindings | undefined;
}

/** How a run ended, as a notify step posts it (JSON: what the endpoint's body templates read as `record`). */
export interface RunSummary {
  flow: string;
  run: string;
  status: 'succeeded' | 'partial' | 'failed';
  /** Records the run started with, that came out of its last step, and that failed. */
  records: { in: number; out: number; failed: number };
  /** The first few failed records' steps and errors. */
  failures: { step: string; error: string }[];
  /** Why the run failed, when it did. */
  error?: string;
  /** One sentence saying all of it, for a chat message or a log line. */
  message: string;
}

/** A record filtered out (not an output, not a failure). */
export const dropped: unique symbol = Symbol('dropped');

/** Per record: the record it becomes, `dropped`, or the Error it failed with. */
export type RecordOutcome = unknown;

export interface PreparedStep {
  /** A source's records, page by page. */
  pages?(scope: RunScope): AsyncIterable<unknown[]>;
  /** Each record's outcome, in order. */
  process?(records: readonly unknown[], batch: Batch): Promise<RecordOutcome[]>;
  /** A step that does more than one outcome per record (route, try, split, batch): what goes on. */
  route?(input: Flowing, batch: Batch, lists: ListRunner): Promise<Flowing>;
  /** Called once when the run ends (notify), with its summary. */
  end?(summary: RunSummary, scope: RunScope): Promise<void>;
  /** The fewest records a chunk must hold for the step (a batch's size: batches never span chunks). */
  minChunk?: number;
}


/** The reference of a step that calls an HTTP endpoint (`receive:`, `send:`): its instance, endpoint and input. */
export function endpointReferences(body: unknown, pointer: string, verb: string): StepReference[] {
  if (!isObject(body) || typeof body.instance !== 'string') return [];
  const endpoint = typeof body.endpoint === 'string' ? { name: body.endpoint, input: isObject(body.input) ? body.input : undefined, pointer } : undefined;
  return [{ instance: body.instance, pointer: `${pointer}/instance`, connectorType: 'http', verb, ...(endpoint && { endpoint }) }];
}

/** Each record's outcome from an expression, one record after another; what it throws becomes that record's Error. */
export async function eachRecord(records: readonly unknown[], outcome: (record: unknown, position: number) => Promise<unknown>): Promise<unknown[]> {
  const outcomes: unknown[] = new Array(records.length);
  for (let position = 0; position < records.length; position++) {
    try {
      outcomes[position] = await outcome(records[position], position);
    } catch (error) {
      outcomes[position] = error instanceof Error ? error : new Error(String(error));
    }
  }
  return outcomes;
}
