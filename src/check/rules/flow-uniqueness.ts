import type { Rule } from '../context.js';

/** Step ids are unique within a flow; webhook paths across flows. */
export const flowUniqueness: Rule = {
  codes: ['duplicate-step-id', 'duplicate-webhook-path'],
  description: 'Step ids and webhook paths are unique.',
  check(ctx) {
    const webhookPaths = new Map<string, string>();
    for (const flow of ctx.valid('Flow')) {
      const ids = new Set<string>();
      flow.value.spec.steps.forEach((step, index) => {
        if (ids.has(step.id)) ctx.report(flow, `/spec/steps/${index}/id`, 'duplicate-step-id', `flow '${flow.name}' already has a step '${step.id}'`);
        ids.add(step.id);
      });
      const path = flow.value.spec.trigger.webhook?.path;
      if (path === undefined) continue;
      const owner = webhookPaths.get(path);
      if (owner) ctx.report(flow, '/spec/trigger/webhook/path', 'duplicate-webhook-path', `webhook path '${path}' is already used by flow '${owner}'`);
      else webhookPaths.set(path, flow.name);
    }
  },
};
