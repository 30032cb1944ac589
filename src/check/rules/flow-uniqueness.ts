import type { Rule } from '../context.js';
import type { Resource } from '../../schema/resource.js';
import { flowSteps } from '../../steps/registry.js';

/** Step ids are unique within a flow; webhook paths across flows. */
export const flowUniqueness: Rule = {
  codes: ['duplicate-step-id', 'duplicate-webhook-path'],
  description: 'Step ids and webhook paths are unique.',
  check(ctx) {
    const flows = ctx.valid('Flow');
    // Step ids are the flow's own business: replayed while the flow is unchanged.
    ctx.sweep('flow-uniqueness', flows, (flow) => {
      const ids = new Set<string>();
      // Across every level: a step inside a route is named in runs and retries by its id too.
      for (const { step, pointer } of flowSteps(flow.value.spec)) {
        const id = String(step.id);
        if (ids.has(id)) ctx.report(flow, `${pointer.slice(0, pointer.lastIndexOf('/'))}/id`, 'duplicate-step-id', `flow '${flow.name}' already has a step '${id}'`);
        ids.add(id);
      }
    });
    const webhookPaths = new Map<string, string>();
    for (const flow of flows) {
      // Kept with the flow (also in .weft/cache/): a flow read from the cache is not read for it.
      const path = ctx.keptOf('flow-uniqueness:webhook', flow, webhookPath);
      if (path === null) continue;
      const owner = webhookPaths.get(path);
      if (owner) ctx.report(flow, '/spec/trigger/webhook/path', 'duplicate-webhook-path', `webhook path '${path}' is already used by flow '${owner}'`);
      else webhookPaths.set(path, flow.name);
    }
  },
};

function webhookPath(flow: Resource<'Flow'>): string | null {
  return flow.value.spec.trigger.webhook?.path ?? null;
}
