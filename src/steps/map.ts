import { dropped, eachRecord, type StepKind } from './step-kind.js';

/** `map: <JSONata>`: each record becomes the expression's value (none when it yields nothing). */
export const map: StepKind = {
  name: 'map',
  summary: 'turns each record into the value of a JSONata expression',
  references: () => [],
  expressions: (body, pointer) => (typeof body === 'string' ? [{ pointer, field: 'map', text: body }] : []),
  templates: () => [],
  prepare(body, context) {
    const expression = context.services.expression(String(body), 'map', context.limits);
    return {
      process: (records, batch) =>
        eachRecord(records, async (record, position) => {
          const result = await expression.evaluate(record, batch.bindings(position));
          return result === undefined ? dropped : result;
        }),
    };
  },
};
