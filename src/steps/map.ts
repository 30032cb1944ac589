import { dropped, type StepKind } from './step-kind.js';

/** `map: <JSONata>`: each record becomes the expression's value (none when it yields nothing). */
export const map: StepKind = {
  name: 'map',
  summary: 'turns each record into the value of a JSONata expression',
  references: () => [],
  expressions: (body, pointer) => (typeof body === 'string' ? [{ pointer, field: 'map', text: body }] : []),
  templates: () => [],
  prepare(body, context) {
    const expression = context.services.expression(String(body), 'map');
    return {
      async process(records) {
        const outcomes: unknown[] = new Array(records.length);
        for (let position = 0; position < records.length; position++) {
          try {
            const result = await expression.evaluate(records[position]);
            outcomes[position] = result === undefined ? dropped : result;
          } catch (error) {
            outcomes[position] = error instanceof Error ? error : new Error(String(error));
          }
        }
        return outcomes;
      },
    };
  },
};
