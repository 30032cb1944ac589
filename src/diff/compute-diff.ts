import type { Bundle } from '../compile/compile-bundle.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ValidationResult } from '../pipeline/validate-project.js';
import { computePlan } from '../plan/compute-plan.js';
import type { Plan } from '../plan/plan.js';

/** What a change does to a project: the base's bundle against the head's, as a plan. */
export interface Diff {
  base: {
    ref: string;
    commit: string;
    /** The base had no project there: everything is added. */
    missing: boolean;
    errorCount: number;
    /** Files of the base with errors: their resources are left out of the comparison. */
    filesWithErrors: string[];
  };
  /** create = added, update = changed (or renamed), delete = removed; reaches as in a plan. */
  plan: Plan;
  /** Both bundles, for the graph of the changed part. */
  baseBundle: Bundle;
  headBundle: Bundle;
}

/**
 * Compares the head's bundle with the base's. A base that does not validate is compiled as far
 * as it goes: resources in files with errors are left out, and the diff says so.
 */
export async function computeDiff(head: Bundle, base: ValidationResult | undefined, revision: { ref: string; commit: string }): Promise<Diff> {
  const errors = base ? base.diagnostics.filter((diagnostic: Diagnostic) => diagnostic.severity === 'error') : [];
  const filesWithErrors = [...new Set(errors.map((diagnostic) => diagnostic.file))].sort();
  let baseBundle: Bundle = { apiVersion: 'weft/v1', kind: 'Bundle', project: head.project, resources: [], sha256: '' };
  if (base) {
    const { compileBundle } = await import('../compile/compile-bundle.js');
    const broken = new Set(filesWithErrors);
    const usable = base.project.resources.filter((resource) => !broken.has(resource.file));
    const project = usable.find((resource) => resource.kind === 'Project');
    baseBundle = compileBundle(project?.name ?? head.project, usable, base.context, { lenient: errors.length > 0 });
  }
  const plan = computePlan(head, { revision: 0, resources: baseBundle.resources });
  return {
    base: { ref: revision.ref, commit: revision.commit, missing: base === undefined, errorCount: errors.length, filesWithErrors },
    plan,
    baseBundle,
    headBundle: head,
  };
}
