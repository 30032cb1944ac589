import type { Finding } from '../diagnostics/diagnostic.js';
import type { AnyResource } from '../schema/resource.js';
import { CheckContext, type RuleMemo } from './context.js';
import { rules } from './rules.js';

/** Runs every semantic rule over the project's resources. */
export function checkResources(
  resources: readonly AnyResource[],
  options: { salvagedNames?: ReadonlySet<string>; lostDocuments?: boolean; memo?: RuleMemo; missingPackages?: readonly string[]; environment?: string } = {},
): { context: CheckContext; findings: Finding[] } {
  const context = new CheckContext(resources, options.salvagedNames, options.lostDocuments, options.memo, options.missingPackages, options.environment);
  for (const rule of rules) context.run(rule);
  context.finish();
  return { context, findings: context.findings };
}
