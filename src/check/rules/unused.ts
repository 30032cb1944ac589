import type { Rule } from '../context.js';

/** Warns about instances no flow uses and connectors no instance uses. */
export const unused: Rule = {
  codes: ['unused-instance', 'unused-connector'],
  description: 'Every instance and connector is used.',
  check(ctx) {
    // A document that could not be read may be what uses them: say nothing rather than guess.
    if (ctx.lostDocuments) return;
    for (const instance of ctx.instances.values()) {
      if (!ctx.usedInstances.has(instance.name)) {
        ctx.report(instance, '/metadata/name', 'unused-instance', `instance '${instance.name}' is not used by any flow`);
      }
    }
    for (const connector of ctx.connectors.values()) {
      if (!ctx.usedConnectors.has(connector.name)) {
        ctx.report(connector, '/metadata/name', 'unused-connector', `connector '${connector.name}' is not used by any instance`);
      }
    }
  },
};
