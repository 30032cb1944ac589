import { isObject, type Flowing, type RecordContext, type StepKind } from './step-kind.js';

interface BatchBody {
  size: number;
  key?: string;
}

/**
 * `batch: { size, key? }`: groups records into batches of at most `size` (records of one key
 * together, when a key is given); each batch goes on as one record, the list of its records,
 * so a bulk endpoint's body can be `{{record}}`. `$batch` ({ key, size }) is readable in later
 * expressions. A batch that fails keeps each of its records as a failed record at this step, so
 * a retry batches them again. Batches never span chunks: the run's chunks hold at least `size` records.
 */
export const batch: StepKind = {
  name: 'batch',
  summary: 'groups records into lists of at most N (by a key, if given)',
  references: () => [],
  expressions: (body, pointer) => (isObject(body) && typeof body.key === 'string' ? [{ pointer: `${pointer}/key`, field: 'the batch key', text: body.key }] : []),
  templates: () => [],
  prepare(body, context) {
    const { size, key } = body as BatchBody;
    const expression = key === undefined ? undefined : context.services.expression(key, 'the batch key', context.limits);
    return {
      minChunk: size,
      async route(input, scope, lists) {
        // Groups in the order their first record came.
        const groups = new Map<string, { key: unknown; positions: number[] }>();
        for (let position = 0; position < input.records.length; position++) {
          let value: unknown = null;
          if (expression) {
            try {
              value = (await expression.evaluate(input.records[position], scope.bindings(position))) ?? null;
            } catch (error) {
              lists.fail(input.records[position], input.contexts[position], error as Error, scope.keyOf(position).index);
              continue;
            }
          }
          const id = JSON.stringify(value);
          const group = groups.get(id) ?? { key: value, positions: [] };
          group.positions.push(position);
          groups.set(id, group);
        }
        const out: Flowing = { records: [], contexts: [] };
        for (const { key: value, positions } of groups.values()) {
          for (let at = 0; at < positions.length; at += size) {
            const members = positions.slice(at, at + size);
            const records = members.map((position) => input.records[position]);
            const contexts = members.map((position) => input.contexts[position]);
            const batched: RecordContext = {
              bindings: { batch: { key: value, size: members.length } },
              members: { step: context.path, records, contexts, indices: members.map((position) => scope.keyOf(position).index) },
              // The members' dedupe keys go with the batch: a batch that fails gives them all back.
              claims: contexts.flatMap((member) => member?.claims ?? []),
            };
            out.records.push(records);
            out.contexts.push(batched);
          }
        }
        return out;
      },
    };
  },
};
