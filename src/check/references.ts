import type { Resource } from '../schema/resource.js';
import type { Connector } from '../generated/schema-types.js';
import { flowSteps } from '../steps/registry.js';
import type { StepReference } from '../steps/step-kind.js';
import { createHash, randomBytes } from 'node:crypto';
import { isObject } from '../lex/is-object.js';
export { isObject };

/** An instance reference in a flow, with where it is. */
export interface InstanceReference {
  instance: string;
  /** Pointer of the `instance` value. */
  pointer: string;
  /** What uses it: a step's kind ('send', …), or 'event' for an event trigger. */
  use: string;
  /** The connector type the instance must have. */
  connectorType: 'http' | 'event';
  /** How a message says it ('sends to'). */
  verb: string;
  /** The step's index, for step uses. */
  step?: number;
  /** For a step that calls an endpoint: its name, the step's input, and the pointer of the call. */
  endpoint?: StepReference['endpoint'];
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
  // Every reference of the one shape (the checks read them every watch cycle: one shape keeps those reads fast).
  if (isObject(trigger) && isObject(trigger.event) && typeof trigger.event.instance === 'string') {
    references.push({ instance: trigger.event.instance, pointer: '/spec/trigger/event/instance', use: 'event', connectorType: 'event', verb: 'is triggered by events from', step: undefined, endpoint: undefined });
  }
  // Each step kind says what it references.
  for (const { kind, body, pointer, index } of flowSteps(spec)) {
    for (const reference of kind.references(body, pointer)) {
      references.push({ instance: reference.instance, pointer: reference.pointer, use: kind.name, connectorType: reference.connectorType, verb: reference.verb, step: index, endpoint: reference.endpoint });
    }
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


/** Own keys only: a key named like an Object.prototype member is plain data. */
export function hasOwn(object: object | undefined, key: string): boolean {
  return object !== undefined && Object.prototype.hasOwnProperty.call(object, key);
}

export { memoize } from '../lex/memoize.js';

/**
 * A name per resource object: a connector parsed again is another object, so another key. Unique
 * to this process (a key kept in .weft/cache/ must never match another process's object), unless
 * the object was made from a text whose hash says what it holds (`madeFrom`): then the same text
 * gives the same name in every run, and check results kept under it in the cache replay.
 */
const identities = new WeakMap<object, string>();
const contents = new WeakMap<object, string>();
const processToken = randomBytes(8).toString('hex');
let nextIdentity = 0;
export function identity(resource: object): string {
  let id = identities.get(resource);
  if (id === undefined) {
    const content = contents.get(resource);
    id = content === undefined ? `${processToken}.${++nextIdentity}` : `=${createHash('sha1').update(content).digest('base64').slice(0, 20)}`;
    identities.set(resource, id);
  }
  return id;
}

/** Whether a key names no object of this process (`identity` of what no text made): it means the same in another process. */
export function portableKey(key: string): boolean {
  return !key.includes(processToken);
}

/**
 * Says that a resource is exactly what parsing a text (named by `key`: its file and a hash of
 * it) makes of it, nothing added since: its `identity` is then the same in every run.
 */
export function madeFrom(resource: object, key: string): void {
  contents.set(resource, key);
}
