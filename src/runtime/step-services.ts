import type { Log } from './log.js';
import jsonata, { type Expression } from 'jsonata';
import { visitJsonataNodes, type JsonataNode } from '../lex/jsonata-nodes.js';
import { MemoryFlowDataStore } from '../engine/stores/memory-flow-data-store.js';
import type { FlowDataStore } from '../engine/stores/stores.js';
import type { InstanceClients } from './instance-clients.js';

/** What the runtime gives step executors: instance clients, compiled expressions, the flow's stored data and the clock. */
export interface StepServices {
  clients: InstanceClients;
  /** Dedupe keys and cache entries, kept between runs. */
  data: FlowDataStore;
  /** The engine's clock (tests set it: TTLs and windows without waiting). */
  now(): Date;
  /** Runs of other flows (a `run:` step). */
  children: ChildRuns;
  /** Writes a line to the engine's log (what a notify step without an instance does). */
  log: Log;
  /** A value with the bundle's secret values replaced by their placeholders (before it is stored). */
  redact(value: unknown): unknown;
  /**
   * A JSONata expression compiled once per prepared flow, each evaluation bounded by the limits;
   * evaluating it throws an ExpressionError.
   */
  expression(text: string, field: string, limits?: Partial<ExpressionLimits>): CompiledExpression;
}

/** How a step starts runs of other flows of the bundle. */
export interface ChildRuns {
  /** Starts a run of `flow` given `records`; with `wait`, resolves when it has ended. */
  start(flow: string, records: unknown[], parent: { run: string; flow: string; keySource: string }, wait: boolean): Promise<{ id: string; status: string; error?: string }>;
}

/** Bounds on one evaluation of an expression (a step's `limits`). */
export interface ExpressionLimits {
  /** Wall-clock time of one evaluation. */
  timeoutMs: number;
  /** Nesting of evaluation (recursion that is not in tail position deepens it). */
  maxDepth: number;
  /** Items of any one sequence, ranges (`[1..n]`) included. */
  maxSequence: number;
}

/** What a step without `limits` gets: far above what a record's transformation needs, far below what stops an engine. */
export const defaultExpressionLimits: ExpressionLimits = { timeoutMs: 2000, maxDepth: 5000, maxSequence: 100_000 };

/** How much the heap may grow while one evaluation runs: the time limit alone lets a fast allocator take gigabytes. */
const maxHeapGrowthBytes = 512 * 1024 * 1024;

/** How long an evaluation may keep the event loop to itself before it lets other work (health checks, webhooks, SIGTERM) run. */
const turnMs = 5;
// 0 until the first evaluation: reading the clock at load would load node:perf_hooks into every `weft validate`.
let turnStarted = 0;
let lastCheck = 0;

/**
 * The name each evaluation is given its deadline under, in JSONata's frames (which is how the
 * hook reaches the evaluation it is called for). With a space in it, no expression can name it:
 * `$name := …` cannot rebind it, nor a parameter shadow it.
 */
const deadlineVariable = 'weft deadline';

interface Deadline {
  at: number;
  timeoutMs: number;
  /** The heap when the evaluation was first checked (only long evaluations are). */
  heapAtStart?: number;
}

/** What JSONata passes the evaluate hook as its environment: the frame, with its variables. */
interface Frame {
  lookup(name: string): unknown;
}

/**
 * JSONata evaluates with async functions whose awaits resolve at once: a long evaluation never
 * gives the event loop back. Called on entry to every node (JSONata's evaluate hook), this
 * stops an evaluation past its deadline or its memory, and yields a macrotask turn once the
 * current one has lasted `turnMs`. Per node it only reads the clock; the rest happens at most
 * once a millisecond, so ordinary records pay next to nothing.
 */
function guard(_node: unknown, _input: unknown, frame: Frame): Promise<void> | undefined {
  const now = performance.now();
  if (now - lastCheck < 1) return undefined;
  lastCheck = now;
  const deadline = frame.lookup(deadlineVariable) as Deadline | undefined;
  if (deadline && now > deadline.at) {
    throw { code: 'D1012', value: deadline.timeoutMs, message: `Evaluation timeout after ${deadline.timeoutMs} milliseconds. Check for infinite loop` };
  }
  if (now - turnStarted < turnMs) return undefined;
  // Reading the heap costs microseconds: once a turn.
  if (deadline) {
    const heap = process.memoryUsage().heapUsed;
    deadline.heapAtStart ??= heap;
    if (heap - deadline.heapAtStart > maxHeapGrowthBytes) {
      throw { code: 'heap-limit', message: `Evaluation stopped: it took over ${maxHeapGrowthBytes / 1048576} MiB of memory` };
    }
  }
  return new Promise((resolve) =>
    setImmediate(() => {
      turnStarted = performance.now();
      resolve();
    }),
  );
}

export interface CompiledExpression {
  /** The expression's value for a record; `bindings` are what else it reads ($error, $parent). */
  evaluate(record: unknown, bindings?: Record<string, unknown>): Promise<unknown>;
}

/** A JSONata error at run time, with the expression's position and JSONata's own message and code. */
export class ExpressionError extends Error {}

/**
 * The services of one prepared flow. `bindings` are what every expression of the flow reads
 * besides the record: `$vars` (the flow's variables) and `$lookup` (its lookup tables).
 */
export function stepServices(clients: InstanceClients, options: { data?: FlowDataStore; now?: () => Date; redact?: (value: unknown) => unknown; log?: Log; children?: ChildRuns; bindings?: Record<string, unknown> } = {}): StepServices {
  const compiled = new Map<string, CompiledExpression>();
  return {
    clients,
    data: options.data ?? new MemoryFlowDataStore(),
    now: options.now ?? (() => new Date()),
    redact: options.redact ?? ((value) => value),
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
    children: options.children ?? {
      start: () => Promise.reject(new Error('this runtime cannot start runs of other flows')),
    },
    expression(text, field, limits = {}) {
      const bounds = { ...defaultExpressionLimits, ...limits };
      const key = `${bounds.timeoutMs}/${bounds.maxDepth}/${bounds.maxSequence}/${field}/${text}`;
      let expression = compiled.get(key);
      if (!expression) compiled.set(key, (expression = compile(text, field, bounds, options.bindings)));
      return expression;
    },
  };
}

/**
 * Parsed expressions by their text and limits, shared by every prepared flow (a `weft test` of a
 * thousand tests prepares a flow a thousand times): what differs between flows ($vars, $lookup)
 * is passed with each evaluation, never assigned to a shared expression. Bounded.
 */
const parsedExpressions = new Map<string, Expression>();

function parse(text: string, limits: ExpressionLimits): Expression {
  const key = `${limits.maxDepth}/${limits.maxSequence}/${text}`;
  let parsed = parsedExpressions.get(key);
  if (parsed) return parsed;
  // The guard costs a microtask per node (JSONata awaits its hook), about half again a simple
  // expression's time (bench/expression-guard.ts), and the sequence limit a check per push: only an expression that can run
  // away pays for them. One without functions of its own, ranges or $eval does work bounded by
  // the record it is given. JSONata's depth limit (D1011) is a comparison per node: always on.
  const guarded = mayRunAway(jsonata(text).ast());
  parsed = jsonata(text, (guarded ? { stack: limits.maxDepth, sequence: limits.maxSequence } : { stack: limits.maxDepth }) as Parameters<typeof jsonata>[1]);
  if (guarded) parsed.assign(Symbol.for('jsonata.__evaluate_entry') as unknown as string, guard);
  if (parsedExpressions.size >= 10_000) parsedExpressions.clear();
  parsedExpressions.set(key, parsed);
  return parsed;
}

function compile(text: string, field: string, limits: ExpressionLimits, bindings: Record<string, unknown> = {}): CompiledExpression {
  const parsed = parse(text, limits);
  const base = { ...bindings };
  return {
    async evaluate(record, perRecord) {
      try {
        const deadline: Deadline = { at: performance.now() + limits.timeoutMs, timeoutMs: limits.timeoutMs };
        return await parsed.evaluate(record, perRecord ? { ...base, ...perRecord, [deadlineVariable]: deadline } : { ...base, [deadlineVariable]: deadline });
      } catch (error) {
        // For a range JSONata reports the size it was asked for, not the limit it went over.
        if ((error as { code?: unknown } | null)?.code === 'D2015') (error as { message?: string }).message = `The maximum sequence length of ${limits.maxSequence} was exceeded.`;
        throw new ExpressionError(describeJsonataError(error, field));
      }
    },
  };
}

/** The limit each of JSONata's guardrail errors reports. */
const limitOf: Record<string, keyof ExpressionLimits> = { D1011: 'maxDepth', D1012: 'timeoutMs', D2015: 'maxSequence' };

/**
 * JSONata throws plain objects ({ code, position, token, message }), not Errors: printed as they
 * are they read '[object Object]'. This says where in the expression and what JSONata said.
 */
export function describeJsonataError(error: unknown, field: string): string {
  if (error instanceof Error && !('code' in error)) return `${field} expression: ${error.message}`;
  const { message, position, token, code } = (error ?? {}) as { message?: unknown; position?: unknown; token?: unknown; code?: unknown };
  const where = typeof position === 'number' ? ` at position ${position}${typeof token === 'string' && token !== '' ? ` (near '${token}')` : ''}` : '';
  const text = typeof message === 'string' && message !== '' ? message : String(error);
  const raise = typeof code === 'string' ? limitOf[code] : undefined;
  const hint = raise ? `; if the expression is meant to go further, raise the step's limits.${raise}` : '';
  return `${field} expression${where}: ${text}${typeof code === 'string' ? ` [${code}]` : ''}${hint}`;
}

/** Runs `each` on every record, `concurrency` at a time; per record, what it returned or the Error it threw. */
export async function settleEach<T>(records: readonly unknown[], concurrency: number, each: (record: unknown, position: number) => Promise<T>): Promise<(T | Error)[]> {
  const outcomes: (T | Error)[] = new Array(records.length);
  let next = 0;
  const worker = async () => {
    while (next < records.length) {
      const position = next++;
      try {
        outcomes[position] = await each(records[position], position);
      } catch (error) {
        outcomes[position] = error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(records.length, concurrency) }, worker));
  return outcomes;
}

/**
 * Whether an expression can do work out of proportion to its input: it defines functions
 * (recursion), applies them partially, builds ranges, or evaluates text as an expression.
 */
export function mayRunAway(tree: unknown): boolean {
  const bounded = visitJsonataNodes(tree, (node) => {
    if (node.type === 'lambda' || node.type === 'partial' || (node.type === 'binary' && node.value === '..')) return false;
    const procedure = node.procedure as JsonataNode | undefined;
    return !(node.type === 'function' && procedure?.type === 'variable' && procedure.value === 'eval');
  });
  return !bounded;
}
