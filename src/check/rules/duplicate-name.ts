import type { Rule } from '../context.js';

/** Two resources of one kind may not share a name. */
export const duplicateName: Rule = {
  codes: ['duplicate-name'],
  description: 'Names are unique per kind.',
  check(ctx) {
    // Found as the context lists the resources by kind and name.
    for (const [resource, first] of ctx.duplicates) {
      ctx.report(resource, '/metadata/name', 'duplicate-name', `${resource.kind.toLowerCase()} '${resource.name}' is already defined in ${first.file}`);
    }
  },
};
