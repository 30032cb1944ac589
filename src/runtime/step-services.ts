import jsonata, { type Expression } from 'jsonata';
import type { InstanceClients } from './instance-clients.js';

/** What the runtime gives step executors: instance clients and compiled expressions. */
export interface StepServices {
  clients: InstanceClients;
  /** A JSONata expression compiled once per prepared flow; evaluating it throws an ExpressionError. */
  expression(text: string, field: string): CompiledExpression;
}

export interface CompiledExpression {
  evaluate(record: unknown): Promise<unknown>;
}

/** A JSONata error at run time, with the expression's position and JSONata's own message and code. */
export class ExpressionError extends Error {}

/** The services of one prepared flow. */
export function stepServices(clients: InstanceClients): StepServices {
  const compiled = new Map<string, CompiledExpression>();
  return {
    clients,
    expression(text, field) {
      let expression = compiled.get(text);
      if (!expression) compiled.set(text, (expression = compile(text, field)));
      return expression;
    },
  };
}

function compile(text: string, field: string): CompiledExpression {
  const parsed: Expression = jsonata(text);
  return {
    async evaluate(record) {
      try {
        return await parsed.evaluate(record);
      } catch (error) {
        throw new ExpressionError(describeJsonataError(error, field));
      }
    },
  };
}

/**
 * JSONata throws plain objects ({ code, position, token, message }), not Errors: printed as they
 * are they read '[object Object]'. This says where in the expression and what JSONata said.
 */
export function describeJsonataError(error: unknown, field: string): string {
  if (error instanceof Error && !('code' in error)) return `${field} expression: ${error.message}`;
  const { message, position, token, code } = (error ?? {}) as { message?: unknown; position?: unknown; token?: unknown; code?: unknown };
  const where = typeof position === 'number' ? ` at position ${position}${typeof token === 'string' && token !== '' ? ` (near '${token}')` : ''}` : '';
  const text = typeof message === 'string' && message !== '' ? message : String(error);
  return `${field} expression${where}: ${text}${typeof code === 'string' ? ` [${code}]` : ''}`;
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
