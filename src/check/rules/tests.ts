import type { Rule } from '../context.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { instanceReferences } from '../references.js';
import { flowSteps } from '../../steps/registry.js';

/**
 * A test names a flow that exists, and instances (and their endpoints) that exist; with
 * spec.testing.warnUntestedFlows, every flow has a test.
 */
export const tests: Rule = {
  codes: ['unknown-flow', 'unknown-instance', 'unknown-endpoint', 'unknown-test-step', 'untested-flow'],
  description: 'Tests name flows, instances, endpoints and steps that exist; flows have tests when the project asks for them.',
  check(ctx) {
    const project = [...ctx.valid('Project')][0];
    if (project?.value.spec?.testing?.warnUntestedFlows === true) {
      const tested = new Set([...ctx.byKind.Test.values()].map((test) => (test.value.spec as { flow?: unknown } | undefined)?.flow));
      for (const flow of ctx.valid('Flow')) {
        if (!tested.has(flow.name)) ctx.report(flow, '/metadata/name', 'untested-flow', `no test runs flow '${flow.name}'`, { hint: 'add a document of kind Test for it (see weft test), or turn spec.testing.warnUntestedFlows off in weft.yaml' });
      }
    }
    // Worked out only when a test needs them (most cycles of watch mode have no test to look at).
    let flowNames: string[] | undefined;
    let instanceNames: string[] | undefined;
    let namedByFlows: Set<string> | undefined;
    const flows = () => (flowNames ??= [...ctx.byKind.Flow.keys()]);
    const instances = () => (instanceNames ??= [...ctx.byKind.Instance.keys()]);
    const isNamedByFlows = (instance: string) => (namedByFlows ??= new Set([...ctx.byKind.Flow.values()].flatMap((flow) => instanceReferences(flow).map((reference) => reference.instance)))).has(instance);
    for (const test of ctx.valid('Test')) {
      const spec = test.value.spec;
      if (!ctx.byKind.Flow.has(spec.flow) && !ctx.salvagedNames.has(spec.flow)) {
        ctx.report(test, '/spec/flow', 'unknown-flow', `test '${test.name}' runs flow '${spec.flow}', which is not defined`, { hint: didYouMean(spec.flow, flows()) });
      }
      const named = [
        ...(spec.responses ?? []).map((response, index) => ({ ...response, pointer: `/spec/responses/${index}` })),
        ...(spec.expect.requests ?? []).map((expected, index) => ({ instance: expected.instance, endpoint: expected.endpoint, pointer: `/spec/expect/requests/${index}` })),
        ...(spec.expect.messages ?? []).map((expected, index) => ({ instance: expected.instance, endpoint: undefined, pointer: `/spec/expect/messages/${index}` })),
      ];
      const flow = ctx.byKind.Flow.get(spec.flow);
      if (flow?.valid) {
        const steps = flowSteps(flow.value.spec);
        const pathsOf = (kind: string | undefined) => steps.filter((step) => kind === undefined || step.kind.name === kind).map((step) => step.path);
        const check = (path: string, kind: 'dedupe' | 'cache' | undefined, pointer: string) => {
          const paths = pathsOf(kind);
          if (paths.includes(path)) return;
          const what = kind === undefined ? 'step' : `${kind} step`;
          ctx.report(test, pointer, 'unknown-test-step', `flow '${spec.flow}' has no ${what} '${path}'`, { hint: didYouMean(path, paths) ?? (paths.length === 0 ? `the flow has no ${what}s` : `its ${what}s: ${paths.join(', ')}`) });
        };
        (spec.expect.failures ?? []).forEach((failure, index) => check(failure.step, undefined, `/spec/expect/failures/${index}/step`));
        for (const [state, at] of [[spec.state, '/spec/state'], [spec.expect.state, '/spec/expect/state']] as const) {
          (state?.dedupe ?? []).forEach((entry, index) => check(entry.step, 'dedupe', `${at}/dedupe/${index}/step`));
          (state?.cache ?? []).forEach((entry, index) => check(entry.step, 'cache', `${at}/cache/${index}/step`));
        }
      }
      const reported = new Set<string>();
      for (const { instance, endpoint, pointer } of named) {
        if (!ctx.byKind.Instance.has(instance)) {
          // Once per test; and not at all when a flow names it too (reported there, where it matters).
          if (!ctx.salvagedNames.has(instance) && !isNamedByFlows(instance) && !reported.has(instance)) {
            ctx.report(test, `${pointer}/instance`, 'unknown-instance', `test '${test.name}' names instance '${instance}', which is not defined`, { hint: didYouMean(instance, instances()) });
          }
          reported.add(instance);
          continue;
        }
        const connector = ctx.connectorOfInstance.get(instance);
        const endpoints = connector?.valid ? Object.keys((connector.value.spec as { endpoints?: Record<string, unknown> }).endpoints ?? {}) : undefined;
        if (endpoint !== undefined && endpoints && !endpoints.includes(endpoint)) {
          ctx.report(test, `${pointer}/endpoint`, 'unknown-endpoint', `instance '${instance}' has no endpoint '${endpoint}'`, { hint: didYouMean(endpoint, endpoints) });
        }
      }
    }
  },
};
