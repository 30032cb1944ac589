import { batch } from './batch.js';
import { branch } from './branch.js';
import { cache } from './cache.js';
import { dedupe } from './dedupe.js';
import { enrich } from './enrich.js';
import { filter } from './filter.js';
import { map } from './map.js';
import { notify } from './notify.js';
import { publish } from './publish.js';
import { receive } from './receive.js';
import { route } from './route.js';
import { runStep } from './run-flow-step.js';
import { send } from './send.js';
import { split } from './split.js';
import { tryStep } from './try.js';
import { isObject, type StepKind } from './step-kind.js';

/** Every step kind, by its key in YAML. Adding a kind: its module, its schema part, its fixtures, and a line here. */
export const stepKinds: ReadonlyMap<string, StepKind> = new Map([receive, filter, map, send, publish, route, branch, tryStep, dedupe, cache, split, batch, notify, runStep, enrich].map((kind) => [kind.name, kind]));

/** A step's kind and body (`{ id, send: {...} }` → send, {...}); undefined for a step of no known kind. */
export function kindOfStep(step: unknown): { kind: StepKind; body: unknown } | undefined {
  if (!isObject(step)) return undefined;
  for (const key of Object.keys(step)) {
    const kind = stepKinds.get(key);
    if (kind) return { kind, body: step[key] };
  }
  return undefined;
}

/** One step of a flow, where it is, and (for route, branch, try) the steps it holds. */
export interface FlowStep {
  step: Record<string, unknown>;
  kind: StepKind;
  body: unknown;
  /** Its path: its id, or the ids and list names from the outermost step down ('by-region/uk/push'). */
  path: string;
  /** Pointer of the kind's body (`/spec/steps/2/send`). */
  pointer: string;
  /** Its place in its list. */
  index: number;
  /** Whether it is inside another step's list. */
  nested: boolean;
  lists: { name: string; steps: FlowStep[] }[];
}

/** A flow's steps as a tree: each step with the lists of steps it holds (steps of unknown kind left out). */
export function stepTree(spec: unknown): FlowStep[] {
  return stepList(isObject(spec) ? spec.steps : undefined, '/spec/steps', '', false);
}

function stepList(steps: unknown, pointer: string, prefix: string, nested: boolean): FlowStep[] {
  if (!Array.isArray(steps)) return [];
  const found: FlowStep[] = [];
  steps.forEach((step: unknown, index: number) => {
    const known = kindOfStep(step);
    if (!known) return;
    const record = step as Record<string, unknown>;
    const path = `${prefix}${String(record.id ?? index)}`;
    const at = `${pointer}/${index}/${known.kind.name}`;
    const lists = (known.kind.lists?.(known.body, at) ?? []).map((list) => ({ name: list.name, steps: stepList(list.steps, list.pointer, `${path}/${list.name}/`, true) }));
    found.push({ step: record, ...known, path, pointer: at, index, nested, lists });
  });
  return found;
}

/** flowSteps of each flow spec seen: the checks walk every flow's steps many times a validation (and watch every cycle). */
const stepsOfSpec = new WeakMap<object, readonly FlowStep[]>();

/**
 * Every step of a flow, nested ones included, each before the steps it holds (steps of unknown
 * kind left out). Worked out once per spec object (specs are never changed in place): read it,
 * never change it.
 */
export function flowSteps(spec: unknown): readonly FlowStep[] {
  if (!isObject(spec)) return collectSteps(spec);
  let steps = stepsOfSpec.get(spec);
  if (!steps) stepsOfSpec.set(spec, (steps = collectSteps(spec)));
  return steps;
}

function collectSteps(spec: unknown): FlowStep[] {
  const all: FlowStep[] = [];
  const visit = (steps: FlowStep[]) => {
    for (const step of steps) {
      all.push(step);
      for (const list of step.lists) visit(list.steps);
    }
  };
  visit(stepTree(spec));
  return all;
}
