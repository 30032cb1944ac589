import { dropped, eachRecord, type StepKind } from './step-kind.js';

/** `filter: <JSONata>`: keeps the records for which the expression is truthy. */
export const filter: StepKind = {
  name: 'filter',
  summary: 'keeps the records for which a JSONata expression is truthy',
  references: () => [],
  expressions: (body, pointer) => (typeof body === 'string' ? [{ pointer, field: 'filter', text: body }] : []),
  templates: () => [],
  prepare(body, context) {
    const expression = context.services.expression(String(body), 'filter', context.limits);
    return {
      process: (records) => eachRecord(records, async (record) => (truthy(await expression.evaluate(record)) ? record : dropped)),
    };
  },
};

/** JSONata's truthiness for a filter: an empty array keeps nothing. */
function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}
