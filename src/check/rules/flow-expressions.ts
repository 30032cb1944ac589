import jsonata from 'jsonata';
import type { Rule } from '../context.js';
import { flowSteps } from '../../steps/registry.js';

interface JsonataError {
  message?: string;
  /** Offset just after the offending token. */
  position?: number;
  token?: string;
}

/** Parse errors by expression: projects repeat the same expressions across many flows. */
const parsed = new Map<string, JsonataError | null>();

/** Where in the expression the error is: the offending token, or the last character at its end. */
function tokenSpan(expression: string, position: number, token: string | undefined): [number, number] {
  const end = Math.min(position, expression.trimEnd().length);
  const length = token && token !== '(end)' && end - token.length >= 0 ? token.length : 1;
  return [Math.max(0, end - length), Math.max(1, end)];
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function parseError(expression: string): JsonataError | null {
  let error = parsed.get(expression);
  if (error === undefined) {
    try {
      jsonata(expression);
      error = null;
    } catch (caught) {
      error = caught as JsonataError;
    }
    parsed.set(expression, error);
  }
  return error;
}

/** filter and map steps hold JSONata that parses. */
export const flowExpressions: Rule = {
  codes: ['bad-expression'],
  description: 'JSONata expressions of steps (filter, map, and any kind that declares them) parse.',
  check(ctx) {
    for (const flow of ctx.valid('Flow')) {
      for (const { step, kind, body, pointer } of flowSteps(flow.value.spec)) {
        for (const expression of kind.expressions(body, pointer)) {
          const error = parseError(expression.text);
          if (!error) continue;
          const { message, position, token } = error;
          ctx.report(flow, expression.pointer, 'bad-expression', `${expression.field} of step '${String(step.id)}' is not valid JSONata: ${lowerFirst(message ?? String(error))}`, {
            within: position === undefined ? undefined : tokenSpan(expression.text, position, token),
          });
        }
      }
    }
  },
};
