import type { Finding } from '../diagnostics/diagnostic.js';
import type { AnyResource } from '../schema/resource.js';
import { CheckContext, type RuleMemo } from './context.js';
import { rules } from './rules.js';
import { runSteps, type Steps } from '../pipeline/steps.js';

type CheckOptions = { salvagedNames?: ReadonlySet<string>; lostDocuments?: boolean; memo?: RuleMemo; missingPackages?: readonly string[]; environment?: string };

/** Runs every semantic rule over the project's resources. */
export function checkResources(resources: readonly AnyResource[], options: CheckOptions = {}): { context: CheckContext; findings: Finding[] } {
  return runSteps(checkSteps(resources, options));
}

/** `checkResources`, a rule at a time (see `runStepsYielding`). */
export function* checkSteps(resources: readonly AnyResource[], options: CheckOptions = {}): Steps<{ context: CheckContext; findings: Finding[] }> {
  const context = new CheckContext(resources, options.salvagedNames, options.lostDocuments, options.memo, options.missingPackages, options.environment);
  for (const rule of rules) {
    context.run(rule);
    yield;
  }
  context.finish();
  return { context, findings: context.findings };
}
