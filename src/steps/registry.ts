import { filter } from './filter.js';
import { map } from './map.js';
import { publish } from './publish.js';
import { receive } from './receive.js';
import { send } from './send.js';
import { isObject, type StepKind } from './step-kind.js';

/** Every step kind, by its key in YAML. Adding a kind: its module, its schema part, its fixtures, and a line here. */
export const stepKinds: ReadonlyMap<string, StepKind> = new Map([receive, filter, map, send, publish].map((kind) => [kind.name, kind]));

/** A step's kind and body (`{ id, send: {...} }` → send, {...}); undefined for a step of no known kind. */
export function kindOfStep(step: unknown): { kind: StepKind; body: unknown } | undefined {
  if (!isObject(step)) return undefined;
  for (const key of Object.keys(step)) {
    const kind = stepKinds.get(key);
    if (kind) return { kind, body: step[key] };
  }
  return undefined;
}

/** A flow's steps with their kinds, paths and pointers (steps of unknown kind left out). */
export function flowSteps(spec: unknown): { step: Record<string, unknown>; kind: StepKind; body: unknown; path: string; pointer: string; index: number }[] {
  const steps = isObject(spec) && Array.isArray(spec.steps) ? spec.steps : [];
  const found: ReturnType<typeof flowSteps> = [];
  steps.forEach((step: unknown, index: number) => {
    const known = kindOfStep(step);
    if (!known) return;
    const record = step as Record<string, unknown>;
    found.push({ step: record, ...known, path: String(record.id ?? index), pointer: `/spec/steps/${index}/${known.kind.name}`, index });
  });
  return found;
}
