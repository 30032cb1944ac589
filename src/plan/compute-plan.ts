import type { Bundle, BundleResource } from '../compile/compile-bundle.js';
import { diffFields, type IdentifiedArrays } from './diff-fields.js';
import { lookupCalls } from '../lex/lookup-calls.js';
import { flowSteps } from '../steps/registry.js';
import { planFormatVersion, type DeployedResource, type EngineState, type Plan, type PlanAction } from './plan.js';

const kindOrder = { Connector: 0, Instance: 1, Lookup: 2, Flow: 3 } as const;

/**
 * Arrays compared item by item: a flow's steps by their ids (and the lists inside a step, such
 * as a route's routes, by their names), so an edited step shows as itself.
 */
const identifiedArrays: Record<BundleResource['kind'], IdentifiedArrays> = {
  Connector: {},
  Instance: {},
  Lookup: {},
  Flow: (path) => (path.startsWith('spec.steps') ? ['id', 'name'] : []),
};

/**
 * What applying a bundle to an engine's state would do: create what is new, update what differs
 * (field by field; a resource listing a deployed name in `metadata.previousNames` is renamed, not
 * deleted and created), delete what the bundle no longer has. Resources whose hashes match are
 * unchanged. Connector and instance changes list the instances and flows they reach.
 */
export function computePlan(bundle: Bundle, state: EngineState): Plan {
  const deployed = new Map(state.resources.map((resource) => [key(resource.kind, resource.name), resource]));
  const claimed = new Set<string>();
  const actions: PlanAction[] = [];

  for (const resource of bundle.resources) {
    let previous = deployed.get(key(resource.kind, resource.name));
    let previousName: string | undefined;
    if (!previous) {
      for (const name of (resource.metadata.previousNames as string[] | undefined) ?? []) {
        const candidate = deployed.get(key(resource.kind, name));
        if (candidate && !bundle.resources.some((other) => other.kind === resource.kind && other.name === name)) {
          previous = candidate;
          previousName = name;
          break;
        }
      }
    }
    const base = { address: address(resource.kind, resource.name), kind: resource.kind, name: resource.name };
    if (!previous) {
      actions.push({ ...base, action: 'create', after: deployedForm(resource) });
      continue;
    }
    claimed.add(key(previous.kind, previous.name));
    if (previous.sha256 === resource.sha256 && previousName === undefined) continue;
    const changes = diffFields({ metadata: previous.metadata, spec: previous.spec }, { metadata: resource.metadata, spec: resource.spec }, identifiedArrays[resource.kind]);
    actions.push({ ...base, action: 'update', ...(previousName ? { previousName } : {}), changes, reasons: [], reaches: [], after: deployedForm(resource) });
  }
  for (const resource of state.resources) {
    if (claimed.has(key(resource.kind, resource.name))) continue;
    // Its fields read now: a store may read them only when asked (while it is open).
    const before: DeployedResource = { kind: resource.kind, name: resource.name, sha256: resource.sha256, metadata: resource.metadata, spec: resource.spec };
    actions.push({ address: address(resource.kind, resource.name), kind: resource.kind, name: resource.name, action: 'delete', before });
  }

  explainReach(bundle, state, actions);
  actions.sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    formatVersion: planFormatVersion,
    stateRevision: state.revision,
    bundleSha256: bundle.sha256,
    actions,
    summary: {
      add: actions.filter((action) => action.action === 'create').length,
      change: actions.filter((action) => action.action === 'update').length,
      destroy: actions.filter((action) => action.action === 'delete').length,
    },
  };
}

/**
 * For every updated connector, the instances using it and the flows using those; for an
 * updated lookup table, the flows reading it; for an updated flow, the flows that run it; and
 * with every flow reached, the flows that run it (run: steps), up the chain. An instance
 * updated only because its connector changed says so.
 */
function explainReach(bundle: Bundle, state: EngineState, actions: PlanAction[]): void {
  // Only updates reach anything: a plan of creates (a first apply) or of none has nothing to explain.
  if (!actions.some((action) => action.action === 'update')) return;
  const instancesOf = new Map<string, string[]>();
  const flowsOf = new Map<string, string[]>();
  const flowsOfLookup = new Map<string, string[]>();
  const parentsOf = new Map<string, string[]>();
  for (const resource of bundle.resources) {
    if (resource.kind === 'Instance') push(instancesOf, String(resource.spec.connector), resource.name);
    if (resource.kind === 'Flow') for (const instance of instancesUsedBy(resource)) push(flowsOf, instance, resource.name);
    if (resource.kind === 'Flow') for (const lookup of lookupsUsedBy(resource)) push(flowsOfLookup, lookup, resource.name);
    if (resource.kind === 'Flow') for (const child of flowsRunBy(resource)) push(parentsOf, child, resource.name);
  }
  // A flow is reached too through the flows it runs: what reaches a child reaches its parents.
  const withParents = (flows: readonly string[]): string[] => {
    const reached = new Set(flows);
    const pending = [...flows];
    while (pending.length > 0) for (const parent of parentsOf.get(pending.pop()!) ?? []) if (!reached.has(parent)) reached.add(parent), pending.push(parent);
    return [...reached];
  };
  const previousVersion = new Map(state.resources.filter((r) => r.kind === 'Connector').map((r) => [r.name, String(r.spec.version)]));
  for (const action of actions) {
    if (action.action !== 'update') continue;
    if (action.kind === 'Connector') {
      const instances = instancesOf.get(action.name) ?? [];
      const flows = withParents([...new Set(instances.flatMap((name) => flowsOf.get(name) ?? []))]);
      action.reaches = [...instances.sort().map((name) => address('Instance', name)), ...flows.sort().map((flow) => address('Flow', flow))];
    } else if (action.kind === 'Lookup') {
      action.reaches = withParents(flowsOfLookup.get(action.name) ?? []).map((flow) => address('Flow', flow)).sort();
    } else if (action.kind === 'Flow') {
      action.reaches = withParents([action.name]).filter((flow) => flow !== action.name).map((flow) => address('Flow', flow)).sort();
    } else if (action.kind === 'Instance') {
      action.reaches = withParents(flowsOf.get(action.name) ?? []).map((flow) => address('Flow', flow)).sort();
      if (action.changes.every((change) => change.path === 'spec.connectorVersion') || action.changes.length === 0) {
        const connector = String(action.after.spec.connector);
        const version = String(bundle.resources.find((r) => r.kind === 'Connector' && r.name === connector)?.spec.version ?? '');
        const before = previousVersion.get(connector);
        action.reasons.push(`updated through connector ${connector}${before && before !== version ? ` ${before} → ${version}` : ''}`);
      }
    }
  }
}

/** Flows a flow runs (its `run:` steps). */
export function flowsRunBy(flow: Pick<BundleResource, 'spec'>): string[] {
  const names = new Set<string>();
  for (const { kind, body, pointer } of flowSteps(flow.spec)) for (const child of kind.flows?.(body, pointer) ?? []) names.add(child.flow);
  return [...names];
}

/** Lookup tables a flow's expressions name. */
export function lookupsUsedBy(flow: Pick<BundleResource, 'spec'>): string[] {
  const names = new Set<string>();
  for (const { kind, body, pointer } of flowSteps(flow.spec)) for (const expression of kind.expressions(body, pointer)) for (const call of lookupCalls(expression.text)) names.add(call.name);
  return [...names];
}

/** Instances a flow references (its trigger and its steps). */
export function instancesUsedBy(flow: Pick<BundleResource, 'spec'>): string[] {
  const names = new Set<string>();
  const trigger = flow.spec.trigger as { event?: { instance?: string } } | undefined;
  if (trigger?.event?.instance) names.add(trigger.event.instance);
  for (const { kind, body, pointer } of flowSteps(flow.spec)) for (const reference of kind.references(body, pointer)) names.add(reference.instance);
  return [...names];
}

function deployedForm(resource: BundleResource): DeployedResource {
  return { kind: resource.kind, name: resource.name, metadata: resource.metadata, spec: resource.spec, sha256: resource.sha256 };
}

function key(kind: string, name: string): string {
  return `${kind}\u0000${name}`;
}

export function address(kind: string, name: string): string {
  return `${kind.toLowerCase()}.${name}`;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
