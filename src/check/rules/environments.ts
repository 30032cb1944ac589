import type { Rule } from '../context.js';
import { suggestEnvironment } from '../../environments/select-environment.js';
import { isObject } from '../references.js';

/** The default environment is a declared one; with environments, each names its own engine. */
export const environments: Rule = {
  codes: ['unknown-environment', 'ambiguous-engine'],
  description: 'spec.defaultEnvironment names a declared environment, and spec.engine is not set beside environments.',
  check(ctx) {
    const project = [...ctx.byKind.Project.values()][0];
    const spec = (project?.value as { spec?: Record<string, unknown> } | undefined)?.spec;
    if (!project || !isObject(spec)) return;
    const declared = isObject(spec.environments) ? Object.keys(spec.environments) : [];
    const preferred = spec.defaultEnvironment;
    if (typeof preferred === 'string' && !declared.includes(preferred)) {
      const match = suggestEnvironment(preferred, declared);
      ctx.report(project, '/spec/defaultEnvironment', 'unknown-environment', `the default environment '${preferred}' is not declared in spec.environments`, {
        hint: match ? `did you mean '${match}'?` : (declared.length === 0 ? `declare it: spec.environments.${preferred}` : `declared: ${declared.join(', ')}`),
      });
    }
    if (declared.length > 0 && spec.engine !== undefined) {
      ctx.report(project, '/spec/engine', 'ambiguous-engine', 'spec.engine is set, but the project declares environments, and each has an engine of its own', {
        atKey: true,
        hint: `move it into the environment that uses it: spec.environments.<name>.engine`,
      });
    }
  },
};
