import type { Rule } from '../context.js';
import type { Resource } from '../../schema/resource.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { flowSteps } from '../../steps/registry.js';

/**
 * `run:` steps name flows that exist, and no flow runs itself, directly or through others: a
 * cycle of runs would never end. A cycle is reported once, at the step of its earliest flow
 * (by name) that starts it, with the whole path.
 */
export const childFlows: Rule = {
  codes: ['unknown-flow', 'flow-cycle'],
  description: 'Flows that run other flows (run:) name flows that exist, and never in a cycle.',
  check(ctx) {
    let known: string[] | undefined;
    const names = () => (known ??= [...ctx.byKind.Flow.keys()]);
    /** Each flow's children, with where each is named: only flows that run others (a cycle starts at one). */
    const edges = new Map<string, { flow: string; pointer: string }[]>();
    for (const flow of ctx.valid('Flow')) {
      // What the flow's steps run depends on the flow alone: kept with it (also in .weft/cache/),
      // so its steps are not walked again while it stays as it is.
      const runs = ctx.keptOf('child-flows:runs', flow, runsOfResource);
      if (runs.length === 0) continue;
      const children: { flow: string; pointer: string }[] = [];
      for (const { step, child } of runs) {
        if (ctx.byKind.Flow.has(child.flow)) children.push(child);
        else if (!ctx.salvagedNames.has(child.flow)) {
          ctx.report(flow, child.pointer, 'unknown-flow', `step '${step}' runs flow '${child.flow}', which is not defined`, {
            hint: didYouMean(child.flow, names()) ?? (names().length <= 8 ? `defined: ${names().map((name) => `'${name}'`).join(', ')}` : undefined),
          });
        }
      }
      edges.set(flow.name, children);
    }
    const reported = new Set<string>();
    for (const start of [...edges.keys()].sort()) {
      // Depth first from each flow, in name order: the first cycle through `start` whose other flows all sort after it.
      const path: string[] = [start];
      // A flow explored once from this start leads back to it or not: never explored again (linear, not exponential).
      const visited = new Set<string>([start]);
      const walk = (at: string): string[] | undefined => {
        for (const child of edges.get(at) ?? []) {
          if (child.flow === start) return [...path, start];
          if (child.flow < start || visited.has(child.flow)) continue;
          visited.add(child.flow);
          path.push(child.flow);
          const found = walk(child.flow);
          path.pop();
          if (found) return found;
        }
        return undefined;
      };
      const cycle = walk(start);
      if (!cycle) continue;
      const key = cycle.slice(0, -1).sort().join('\u0000');
      if (reported.has(key)) continue;
      reported.add(key);
      const flow = ctx.byKind.Flow.get(start)!;
      const first = edges.get(start)!.find((child) => child.flow === cycle[1])!;
      ctx.report(flow, first.pointer, 'flow-cycle', `flows run each other in a cycle: ${cycle.map((name) => `'${name}'`).join(' → ')}`, {
        hint: 'a run would start runs without end; remove one of the run: steps',
      });
    }
  },
};

/** A flow a step runs: the step's id, and the flow named where. */
type FlowRun = { step: string; child: { flow: string; pointer: string } };

/** The flows a flow's steps run, worked out once per flow document (watch mode asks every cycle). */
const runsOfFlow = new WeakMap<object, FlowRun[]>();

function runsOfResource(flow: Resource<'Flow'>): FlowRun[] {
  return runsOf(flow.value);
}

function runsOf(flow: { spec: unknown }): FlowRun[] {
  let runs = runsOfFlow.get(flow);
  if (runs) return runs;
  runs = [];
  for (const { step, kind, body, pointer } of flowSteps(flow.spec)) for (const child of kind.flows?.(body, pointer) ?? []) runs.push({ step: String(step.id), child: { flow: child.flow, pointer: child.pointer } });
  runsOfFlow.set(flow, runs);
  return runs;
}
