import type { PlanAction } from '../../plan/plan.js';

/** Order of writes: connectors, then instances, then lookups and flows; deletes the other way round. */
const kindOrder = { Connector: 0, Instance: 1, Lookup: 2, Flow: 3 } as const;

/** The order an apply writes (1) or deletes (-1) in, by kind and then name: every store applies alike. */
export function byKind(direction: 1 | -1) {
  return (a: PlanAction, b: PlanAction) => direction * (kindOrder[a.kind] - kindOrder[b.kind]) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
