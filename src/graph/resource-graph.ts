import type { BundleResource } from '../compile/compile-bundle.js';
import { address, flowsRunBy, instancesUsedBy, lookupsUsedBy } from '../plan/compute-plan.js';
import { flowSteps } from '../steps/registry.js';

export type GraphKind = BundleResource['kind'];

/** One resource in the picture, with what a reader wants next to its name. */
export interface GraphNode {
  /** 'connector.shopify': unique, and what --focus and the plan call it. */
  address: string;
  kind: GraphKind;
  name: string;
  /** '1.4.0 · http' for a connector; the trigger for a flow; '' for an instance. */
  detail: string;
  /** A style class: the diff marks added, changed, removed and reached resources. */
  mark?: 'added' | 'changed' | 'removed' | 'reached' | 'context';
}

/**
 * Connectors → instances → flows: an edge from what is used to what uses it, labelled with what
 * a flow does with an instance ('receive, send', 'consume') or another flow ('run').
 */
export interface ResourceGraph {
  nodes: GraphNode[];
  edges: [from: string, to: string, label?: string][];
}

type GraphResource = Pick<BundleResource, 'kind' | 'name' | 'spec'>;

const kindOrder: Record<GraphKind, number> = { Connector: 0, Instance: 1, Lookup: 2, Flow: 3 };

/** The graph of a set of compiled resources, sorted by kind then name. */
export function buildGraph(resources: readonly GraphResource[]): ResourceGraph {
  const sorted = [...resources].sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const present = new Set(sorted.map((resource) => address(resource.kind, resource.name)));
  const nodes = sorted.map((resource) => ({ address: address(resource.kind, resource.name), kind: resource.kind, name: resource.name, detail: detailOf(resource) }));
  const edges: [string, string, string?][] = [];
  for (const resource of sorted) {
    const target = address(resource.kind, resource.name);
    const uses = resource.kind === 'Flow' ? instanceUses(resource) : new Map<string, string>();
    const sources: [string, string?][] =
      resource.kind === 'Instance'
        ? [[address('Connector', String(resource.spec.connector))]]
        : resource.kind === 'Flow'
          ? [...instancesUsedBy(resource).sort().map((name): [string, string?] => [address('Instance', name), uses.get(name)]), ...lookupsUsedBy(resource).sort().map((name): [string, string?] => [address('Lookup', name), 'lookup'])]
          : [];
    for (const [source, label] of sources) if (present.has(source)) edges.push(label ? [source, target, label] : [source, target]);
  }
  // A flow that runs another points at it.
  for (const resource of sorted) {
    if (resource.kind !== 'Flow') continue;
    for (const child of flowsRunBy(resource).sort()) if (present.has(address('Flow', child))) edges.push([address('Flow', resource.name), address('Flow', child), 'run']);
  }
  return { nodes, edges };
}

/** Per instance a flow uses, what it does with it: its event trigger consumes, its steps receive, send, publish… */
function instanceUses(flow: GraphResource): Map<string, string> {
  const uses = new Map<string, Set<string>>();
  const add = (instance: string, use: string) => uses.set(instance, (uses.get(instance) ?? new Set()).add(use));
  const trigger = flow.spec.trigger as { event?: { instance?: string } } | undefined;
  if (trigger?.event?.instance) add(trigger.event.instance, 'consume');
  for (const { kind, body, pointer } of flowSteps(flow.spec)) for (const reference of kind.references(body, pointer)) add(reference.instance, kind.name);
  return new Map([...uses].map(([instance, kinds]) => [instance, [...kinds].join(', ')]));
}

/** What a reader sees next to the name: a connector's version and type, a flow's trigger. */
function detailOf(resource: GraphResource): string {
  const spec = resource.spec as Record<string, any>;
  if (resource.kind === 'Connector') return [spec.version, spec.type].filter(Boolean).join(' · ');
  if (resource.kind !== 'Flow') return '';
  const trigger = (spec.trigger ?? {}) as Record<string, any>;
  if (trigger.schedule) return `schedule ${trigger.schedule.cron}${trigger.schedule.timezone && trigger.schedule.timezone !== 'UTC' ? ` (${trigger.schedule.timezone})` : ''}`;
  if (trigger.webhook) return `webhook /hooks/${trigger.webhook.path}`;
  if (trigger.event) return `event queue ${trigger.event.queue}`;
  if (trigger.manual) return 'manual';
  return '';
}

/** The part of a graph around some nodes: them, everything upstream and everything downstream. */
export function neighbourhood(graph: ResourceGraph, addresses: readonly string[]): ResourceGraph {
  const keep = new Set<string>();
  const walk = (start: string, next: (node: string) => string[]) => {
    const queue = [start];
    while (queue.length > 0) {
      const node = queue.pop()!;
      for (const neighbour of next(node)) {
        if (!keep.has(neighbour)) {
          keep.add(neighbour);
          queue.push(neighbour);
        }
      }
    }
  };
  const downstream = (node: string) => graph.edges.filter(([from]) => from === node).map(([, to]) => to);
  const upstream = (node: string) => graph.edges.filter(([, to]) => to === node).map(([from]) => from);
  for (const start of addresses) {
    keep.add(start);
    walk(start, downstream);
    walk(start, upstream);
  }
  return restrict(graph, keep);
}

/** The graph with only the given nodes and the edges between them. */
export function restrict(graph: ResourceGraph, keep: ReadonlySet<string>): ResourceGraph {
  return { nodes: graph.nodes.filter((node) => keep.has(node.address)), edges: graph.edges.filter(([from, to]) => keep.has(from) && keep.has(to)) };
}
