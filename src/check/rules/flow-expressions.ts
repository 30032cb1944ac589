import jsonata from 'jsonata';
import type { Rule } from '../context.js';

/** Parse errors by expression: projects repeat the same expressions across many flows. */
const parsed = new Map<string, { message?: string; position?: number } | null>();

function parseError(expression: string): { message?: string; position?: number } | null {
  let error = parsed.get(expression);
  if (error === undefined) {
    try {
      jsonata(expression);
      error = null;
    } catch (caught) {
      error = caught as { message?: string; position?: number };
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
          const { message, position } = error;
          ctx.report(flow, `/spec/steps/${index}/${kind}`, 'bad-expression', `${kind} of step '${step.id}' is not valid JSONata: ${message ?? String(error)}${position !== undefined ? ` (at character ${position})` : ''}`);
        }
      });
    }
  },
};
