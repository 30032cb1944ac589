import jsonata from 'jsonata';
import type { Rule } from '../context.js';

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
          try {
            jsonata(expression);
          } catch (error) {
            const { message, position } = error as { message?: string; position?: number };
            ctx.report(flow, `/spec/steps/${index}/${kind}`, 'bad-expression', `${kind} of step '${step.id}' is not valid JSONata: ${message ?? String(error)}${position !== undefined ? ` (at character ${position})` : ''}`);
          }
        }
      });
    }
  },
};
