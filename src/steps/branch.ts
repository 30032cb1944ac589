import { joined } from './route.js';
import { isObject, type Flowing, type StepKind } from './step-kind.js';

/**
 * `branch: [{ name, steps }]`: every branch gets all the records, one branch after the other;
 * what comes out of their ends goes on, branch by branch.
 */
export const branch: StepKind = {
  name: 'branch',
  summary: 'sends every record down each branch in turn',
  references: () => [],
  expressions: () => [],
  templates: () => [],
  lists(body, pointer) {
    return (Array.isArray(body) ? body : []).flatMap((entry: unknown, index) => (isObject(entry) ? [{ name: String(entry.name ?? index), steps: entry.steps, pointer: `${pointer}/${index}/steps` }] : []));
  },
  prepare(body) {
    const branches = body as unknown[];
    return {
      async route(input, _batch, lists) {
        const outputs: Flowing[] = [];
        for (let list = 0; list < branches.length; list++) outputs.push(await lists.run(list, input));
        return joined(outputs);
      },
    };
  },
};
