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
      process: (records, batch) => eachRecord(records, async (record, position) => (truthy(await expression.evaluate(record, batch.bindings(position))) ? record : dropped)),
    };
  },
};

/** JSONata's truthiness for a filter: an empty array keeps nothing. */
export function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}
