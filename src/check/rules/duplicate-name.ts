import type { Rule } from '../context.js';

/** Two resources of one kind may not share a name. */
export const duplicateName: Rule = {
  codes: ['duplicate-name'],
  description: 'Names are unique per kind.',
  check(ctx) {
    const first = new Map<string, { file: string }>();
    for (const resource of ctx.resources) {
      const key = `${resource.kind}\u0000${resource.name}`;
      const original = first.get(key);
      if (!original) {
        first.set(key, resource);
        continue;
      }
      ctx.report(resource, '/metadata/name', 'duplicate-name', `${resource.kind.toLowerCase()} '${resource.name}' is already defined in ${original.file}`);
    }
  },
};
