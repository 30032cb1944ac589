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
  /** The flows the change adds, changes or reaches, each with the tests (kind Test) that run it. */
  tests: FlowTests[];
}

/** A flow a change touches, and the tests of the head that run it. */
export interface FlowTests {
  flow: string;
  change: 'added' | 'changed' | 'reached';
  tests: { name: string; file: string }[];
}

/** A test of the head: its name, file and the flow it runs. */
export interface HeadTest {
  name: string;
  file: string;
  flow: string;
}

/**
 * Compares the head's bundle with the base's. A base that does not validate is compiled as far
 * as it goes: resources in files with errors are left out, and the diff says so.
 */
export async function computeDiff(head: Bundle, base: ValidationResult | undefined, revision: { ref: string; commit: string }, headTests: readonly HeadTest[] = []): Promise<Diff> {
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
    tests: testsOfChangedFlows(plan, headTests),
  };
}

/** The tests of the head (kind Test) as `weft diff` lists them. */
export function headTests(result: ValidationResult): HeadTest[] {
  return result.project.resources.flatMap((resource) => (resource.kind === 'Test' && resource.valid ? [{ name: resource.name, file: resource.file, flow: resource.value.spec.flow }] : []));
}

/**
 * The flows a plan adds or changes, and those its changes reach (through an instance, a
 * connector, a lookup table, or a child flow a flow runs), in name order, each with its tests.
 */
function testsOfChangedFlows(plan: Plan, tests: readonly HeadTest[]): FlowTests[] {
  const flows = new Map<string, FlowTests['change']>();
  for (const action of plan.actions) {
    if (action.kind === 'Flow' && action.action !== 'delete') flows.set(action.name, action.action === 'create' ? 'added' : 'changed');
  }
  for (const action of plan.actions) {
    if (action.action !== 'update') continue;
    for (const reached of action.reaches) if (reached.startsWith('flow.') && !flows.has(reached.slice(5))) flows.set(reached.slice(5), 'reached');
  }
  return [...flows]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([flow, change]) => ({ flow, change, tests: tests.filter((test) => test.flow === flow).map(({ name, file }) => ({ name, file })) }));
}
