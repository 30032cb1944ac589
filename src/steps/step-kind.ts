import type { TemplateRoot } from '../lex/templates.js';
import type { StepServices, ExpressionLimits } from '../runtime/step-services.js';

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
  /** Its JSONata expressions, checked at compile time. */
  expressions(body: unknown, pointer: string): StepExpression[];
  /** Its template fields, with the roots they may read. */
  templates(body: unknown, at: readonly string[]): StepTemplates[];
  /** Its executor for one prepared flow. */
  prepare(body: unknown, context: StepContext): PreparedStep;
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
}

/** The step kind's body in a step (`step.send`), defensively: the step may have failed its schema. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The reference of a step that calls an HTTP endpoint (`receive:`, `send:`): its instance, endpoint and input. */
export function endpointReferences(body: unknown, pointer: string, verb: string): StepReference[] {
  if (!isObject(body) || typeof body.instance !== 'string') return [];
  const endpoint = typeof body.endpoint === 'string' ? { name: body.endpoint, input: isObject(body.input) ? body.input : undefined, pointer } : undefined;
  return [{ instance: body.instance, pointer: `${pointer}/instance`, connectorType: 'http', verb, ...(endpoint && { endpoint }) }];
}

/** Each record's outcome from an expression, one record after another; what it throws becomes that record's Error. */
export async function eachRecord(records: readonly unknown[], outcome: (record: unknown) => Promise<unknown>): Promise<unknown[]> {
  const outcomes: unknown[] = new Array(records.length);
  for (let position = 0; position < records.length; position++) {
    try {
      outcomes[position] = await outcome(records[position]);
    } catch (error) {
      outcomes[position] = error instanceof Error ? error : new Error(String(error));
    }
  }
  return outcomes;
}
