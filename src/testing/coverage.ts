import type { Bundle } from '../compile/compile-bundle.js';
import { stepTree, type FlowStep } from '../steps/registry.js';
import type { TestResult } from './run-tests.js';

/** How much of a flow the tests exercised: its steps, and the lists of its routes, branches and tries. */
export interface FlowCoverage {
  flow: string;
  tests: number;
  steps: { total: number; exercised: number; missed: string[] };
  /** Step lists (a route's routes and otherwise, a branch's branches, a try's steps and catch), by path ('by-market/domestic'). */
  lists: { total: number; exercised: number; missed: string[] };
}

/**
 * Per flow of the bundles (the environments tests ran in; a flow as the first bundle has it), in
 * name order: which steps and lists any test sent records into.
 */
export function coverageOf(bundles: readonly Bundle[], results: readonly TestResult[]): FlowCoverage[] {
  const flows = new Map<string, Bundle['resources'][number]>();
  for (const bundle of bundles) for (const resource of bundle.resources) if (resource.kind === 'Flow' && !flows.has(resource.name)) flows.set(resource.name, resource);
  return [...flows.values()]
    .map((flow) => {
      const ofFlow = results.filter((result) => result.flow === flow.name);
      const exercised = new Set(ofFlow.flatMap((result) => result.exercised));
      const steps: string[] = [];
      const lists: { path: string; first?: string }[] = [];
      const walk = (tree: FlowStep[]) => {
        for (const step of tree) {
          steps.push(step.path);
          for (const list of step.lists) {
            lists.push({ path: `${step.path}/${list.name}`, first: list.steps[0]?.path });
            walk(list.steps);
          }
        }
      };
      walk(stepTree(flow.spec));
      const missedSteps = steps.filter((path) => !exercised.has(path));
      const missedLists = lists.filter((list) => list.first === undefined || !exercised.has(list.first)).map((list) => list.path);
      return {
        flow: flow.name,
        tests: ofFlow.length,
        steps: { total: steps.length, exercised: steps.length - missedSteps.length, missed: missedSteps },
        lists: { total: lists.length, exercised: lists.length - missedLists.length, missed: missedLists },
      };
    })
    .sort((a, b) => (a.flow < b.flow ? -1 : a.flow > b.flow ? 1 : 0));
}
