import type { Rule } from '../context.js';
import { flowSteps } from '../../steps/registry.js';

/**
 * A step that yields the run's records (receive) starts a flow: later, it would have records
 * flowing into it that it has no use for, and the engine could not run it.
 */
export const stepOrder: Rule = {
  codes: ['misplaced-source'],
  description: 'Steps that fetch records (receive) come first.',
  check(ctx) {
    // Each flow on its own: replayed while the flow is unchanged.
    ctx.sweep('step-order', ctx.valid('Flow'), (flow) => {
      for (const { step, kind, index, pointer, nested, path } of flowSteps(flow.value.spec)) {
        if ((index === 0 && !nested) || kind.source !== true) continue;
        const where = nested ? `is inside step '${path.split('/')[0]}'` : `is step ${index + 1}`;
        ctx.report(flow, pointer, 'misplaced-source', `step '${String(step.id)}' (${kind.name}) ${where} of flow '${flow.name}': a ${kind.name} fetches the run's records, so it can only be the first step`, {
          atKey: true,
          hint: 'move it to the start of the flow, or split the flow in two',
        });
      }
    });
  },
};
