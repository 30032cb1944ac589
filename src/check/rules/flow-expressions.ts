import jsonata from 'jsonata';
import type { Rule } from '../context.js';

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
  description: 'JSONata expressions in filter and map steps parse.',
  check(ctx) {
    for (const flow of ctx.valid('Flow')) {
      flow.value.spec.steps.forEach((step, index) => {
        for (const kind of ['filter', 'map'] as const) {
          const expression = (step as Record<string, unknown>)[kind];
          if (typeof expression !== 'string') continue;
          const error = parseError(expression);
          if (!error) continue;
          const { message, position, token } = error;
          ctx.report(flow, `/spec/steps/${index}/${kind}`, 'bad-expression', `${kind} of step '${step.id}' is not valid JSONata: ${lowerFirst(message ?? String(error))}`, {
            within: position === undefined ? undefined : tokenSpan(expression, position, token),
          });
        }
      });
    }
  },
};
