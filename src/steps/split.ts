import { isObject, type Flowing, type StepKind } from './step-kind.js';

interface SplitBody {
  items: string;
  parent?: string;
}

/**
 * `split: { items, parent? }`: each record becomes the records of its `items` (a JSONata
 * expression, usually an array field such as `lines`). The record they came from stays readable
 * as `$parent` in later expressions, and is copied into the field `parent` of each when given.
 */
export const split: StepKind = {
  name: 'split',
  summary: 'turns each record into the items of an array it holds',
  references: () => [],
  expressions: (body, pointer) => (isObject(body) && typeof body.items === 'string' ? [{ pointer: `${pointer}/items`, field: 'the split items', text: body.items }] : []),
  templates: () => [],
  prepare(body, context) {
    const { items, parent } = body as SplitBody;
    const expression = context.services.expression(items, 'the split items', context.limits);
    return {
      async route(input, batch, lists) {
        const out: Flowing = { records: [], contexts: [] };
        for (let position = 0; position < input.records.length; position++) {
          const record = input.records[position];
          const given = input.contexts[position];
          let value: unknown;
          try {
            value = await expression.evaluate(record, batch.bindings(position));
          } catch (error) {
            lists.fail(record, given, error as Error, batch.keyOf(position).index);
            continue;
          }
          if (value === undefined) continue;
          const items = Array.isArray(value) ? value : [value];
          // Checked before any item goes on: a record fails whole, or all its items go on.
          if (parent !== undefined && !items.every(isObject)) {
            lists.fail(record, given, new Error(`cannot copy the record into '${parent}' of an item that is not an object`), batch.keyOf(position).index);
            continue;
          }
          // An item is not the batch it may have come from: its failure is its own (no members).
          const context = { bindings: { ...given?.bindings, parent: record }, ...(given?.claims && { claims: given.claims }) };
          for (const item of items) {
            out.records.push(parent === undefined ? item : { ...(item as Record<string, unknown>), [parent]: record });
            out.contexts.push(context);
          }
        }
        return out;
      },
    };
  },
};
