import type { Resource } from '../schema/resource.js';
import type { Connector, EndpointCall, Publish } from '../generated/schema-types.js';

/** An instance reference in a flow, with where it is. */
export interface InstanceReference {
  instance: string;
  /** Pointer of the `instance` value. */
  pointer: string;
  /** What uses it: a receive, send or publish step, or an event trigger. */
  use: 'receive' | 'send' | 'publish' | 'event';
  /** The step's index, for step uses. */
  step?: number;
  call?: EndpointCall | Publish;
}

/** Every instance a flow references (defensive: the flow may have failed its schema). */
export function instanceReferences(flow: Resource<'Flow'>): InstanceReference[] {
  let references = referencesOf.get(flow.value);
  if (!references) referencesOf.set(flow.value, (references = findInstanceReferences(flow)));
  return references;
}

/** A flow's references, worked out once per flow document (watch mode keeps unchanged ones). */
const referencesOf = new WeakMap<object, InstanceReference[]>();

function findInstanceReferences(flow: Resource<'Flow'>): InstanceReference[] {
  const references: InstanceReference[] = [];
  const spec = flow.value.spec as unknown;
  if (!isObject(spec)) return references;
  const trigger = spec.trigger;
  if (isObject(trigger) && isObject(trigger.event) && typeof trigger.event.instance === 'string') {
    references.push({ instance: trigger.event.instance, pointer: '/spec/trigger/event/instance', use: 'event' });
  }
  if (Array.isArray(spec.steps)) {
    spec.steps.forEach((step: unknown, index: number) => {
      if (!isObject(step)) return;
      for (const use of ['receive', 'send', 'publish'] as const) {
        const call = step[use];
        if (isObject(call) && typeof call.instance === 'string') {
          references.push({ instance: call.instance, pointer: `/spec/steps/${index}/${use}/instance`, use, step: index, call: call as any });
        }
      }
    });
  }
  return references;
}

/**
 * Every string held under a key of the given name anywhere in a value: what an invalid resource
 * (say, a step with 'recieve:' for 'receive:') still evidently refers to.
 */
export function stringsUnderKey(value: unknown, key: string, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) stringsUnderKey(item, key, found);
  else if (isObject(value)) {
    for (const [childKey, child] of Object.entries(value)) {
      if (typeof child === 'string' && childKey.toLowerCase().includes(key)) found.push(child);
      else stringsUnderKey(child, key, found);
    }
  }
  return found;
}

/** The connector name an instance's `connector` names ('shopify' of 'shopify@^1.2'). */
export function connectorReference(value: unknown): { name: string; range?: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const at = value.indexOf('@');
  return at === -1 ? { name: value } : { name: value.slice(0, at), range: value.slice(at + 1) };
}

export function connectorType(connector: Resource<'Connector'>): 'http' | 'event' {
  return (connector.value.spec as Connector['spec'] | undefined)?.type === 'event' ? 'event' : 'http';
}

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own keys only: a key named like an Object.prototype member is plain data. */
export function hasOwn(object: object | undefined, key: string): boolean {
  return object !== undefined && Object.prototype.hasOwnProperty.call(object, key);
}

/** A function of a string, computed once per argument for the life of the returned function. */
export function memoize<T>(compute: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    if (known.has(key)) return known.get(key)!;
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}
