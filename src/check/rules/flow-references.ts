import { sharedEnds, type CheckContext, type ReportCall, type Rule } from '../context.js';
import type { Resource } from '../../schema/resource.js';
import { didYouMean, suggest } from '../../diagnostics/suggest.js';
import { pointerFrom } from '../../parse/pointer.js';
import { connectorType, hasOwn, identity, instanceReferences, memoize, stringsUnderKey, type InstanceReference } from '../references.js';
import { createHash } from 'node:crypto';
import { scanTemplates } from '../../lex/templates.js';

/**
 * Flows reference instances that exist, of the right connector type, and endpoints their
 * connector defines, with the inputs those endpoints take.
 */
export const flowReferences: Rule = {
  codes: ['unknown-instance', 'wrong-connector-type', 'unknown-endpoint', 'missing-input', 'unknown-input'],
  description: 'Flow steps and triggers reference existing instances and endpoints.',
  check(ctx) {
    // Between runs (watch mode): what each flow gave is replayed while the flow is the same object
    // and the instances it names (and their connectors) are too. Which instances changed since
    // the last run is worked out once, over the instances; not once per flow.
    const carried = ctx.carried<Carried>('flow-references', () => ({ list: [], outcomes: [], usedCounts: new Map() }));
    const changes = carried?.last && changesSince(ctx, carried.last);
    // Every flow naming one missing instance gets one suggestion, worked out once (and kept
    // between runs while the instance names stay the same: watch mode asks again every cycle).
    if (!carried?.likely || !changes?.sameNames) {
      const names = [...ctx.instances.keys()];
      const likely = memoize((name: string) => suggest(name, names));
      if (!carried) return checkFlows(ctx, undefined, undefined, likely);
      carried.likely = likely;
    }
    checkFlows(ctx, carried, changes, carried.likely!);
    carried.last = { instances: ctx.instances, connectors: ctx.connectors, resolved: ctx.connectorOfInstance, salvaged: ctx.salvagedNames };
  },
};

/**
 * Each flow checked, or what it gave replayed (see above). Between runs, the flows are compared
 * with the last run's list as `sweep` does: the flows they share at their start and end (the
 * same objects, so checked then) are replayed unless they name an instance that changed; those in
 * between are checked. How many flows use each instance name is kept and counted again only for
 * the flows checked again or gone: the names used go into `usedInstances` once each, not once per
 * flow that names them.
 */
function checkFlows(ctx: CheckContext, carried: Carried | undefined, changes: Changes | undefined, likelyFor: (name: string) => string | undefined): void {
  const used = ctx.usedInstances;
  const flows = ctx.flows;
  const keyOf = dependencyKey(ctx);
  if (!carried) {
    for (const flow of flows.values()) {
      for (const name of flowUse(ctx, flow, likelyFor, keyOf).used) used.add(name);
    }
    return;
  }
  const counts = carried.usedCounts;
  const tally = (names: readonly string[], by: 1 | -1) => {
    for (const name of names) {
      const count = (counts.get(name) ?? 0) + by;
      if (count > 0) counts.set(name, count);
      else counts.delete(name);
    }
  };
  // The same map as the last run's: the same flows in the same order.
  const now = carried.flows === flows ? carried.list : [...flows.values()];
  const before = carried.list;
  const kept = carried.outcomes;
  const { start, tail } = sharedEnds(before, now);
  const end = now.length - tail;
  // What the flows of the last run that are not shared any more used no longer counts.
  for (let index = start; index < before.length - tail; index++) tally(kept[index]!.used, -1);
  const outcomes: Outcome[] = new Array(now.length);
  for (let index = 0; index < now.length; index++) {
    const flow = now[index]!;
    const shared = index < start ? kept[index] : index >= end ? kept[index - end + before.length - tail] : undefined;
    // Replayed only when shared: a flow that was not among the last run's flows (a duplicate of
    // another then) has an outcome from before, which the changes since the last run do not cover.
    if (shared && changes && flow.valid && (!shared.unknown || changes.sameNames) && !namesAny(shared.names, changes.names)) {
      for (const [pointer, code, message, options] of shared.calls) ctx.report(flow, pointer, code, message, options);
      outcomes[index] = shared;
      continue;
    }
    const outcome = recordedUse(ctx, flow, likelyFor, keyOf);
    if (shared) tally(shared.used, -1);
    tally(outcome.used, 1);
    outcomes[index] = outcome;
  }
  carried.list = now;
  carried.outcomes = outcomes;
  carried.flows = flows;
  for (const name of counts.keys()) used.add(name);
}

/** What a flow's check found of the instances it uses: kept with its resource (see `flowUse`). */
interface FlowUse {
  /** The instance names it references, defined or not. */
  names: string[];
  /** What it counted as used, in order. */
  used: string[];
  /** Whether it names an instance that is not defined (what it says then depends on every name, and on the names salvaged). */
  unknown: boolean;
}

/** What a flow's check gave, to replay in the next run of this process. */
interface Outcome extends FlowUse {
  calls: ReportCall[];
}

/**
 * A flow checked, or what it gave the last time (in this process or, from .weft/cache/, another)
 * replayed while the instances it names are the same ones, with the same connectors: finding
 * which instances a flow names walks all its steps, done once per version of the flow.
 */
function flowUse(ctx: CheckContext, flow: Resource<'Flow'>, likelyFor: (name: string) => string | undefined, keyOf: (use: FlowUse) => string): FlowUse {
  return ctx.replayKept('flow-references:uses', flow, keyOf, () => {
    const use: FlowUse = { names: [], used: [], unknown: false };
    checkFlow(ctx, flow, likelyFor, use);
    return use;
  });
}

/** `flowUse`, with the report calls it made (or replayed), to replay in the next run of this process. */
function recordedUse(ctx: CheckContext, flow: Resource<'Flow'>, likelyFor: (name: string) => string | undefined, keyOf: (use: FlowUse) => string): Outcome {
  let use: FlowUse | undefined;
  const calls = ctx.recordReports(() => (use = flowUse(ctx, flow, likelyFor, keyOf)));
  return { names: use!.names, used: use!.used, unknown: use!.unknown, calls };
}

/**
 * What a flow's findings depend on besides the flow: each instance it names (as the identity of
 * that resource, or its absence) and that instance's connector; with an instance not defined,
 * every instance name and the names salvaged from broken documents (the suggestion, and whether
 * it is reported at all).
 */
function dependencyKey(ctx: CheckContext): (use: FlowUse) => string {
  let names: string | undefined;
  return (use) => {
    let key = '';
    for (const name of use.names) {
      const instance = ctx.instances.get(name);
      if (!instance) {
        key += '!;';
        continue;
      }
      const connector = ctx.connectorOfInstance.get(name);
      key += `${identity(instance)}>${connector ? identity(connector) : '-'};`;
    }
    if (use.unknown) key += (names ??= createHash('sha1').update([...ctx.instances.keys()].join('\0')).update('\u0001').update([...ctx.salvagedNames].join('\0')).digest('base64'));
    return key;
  };
}

interface Carried {
  /** The flows of the last run, in order (and the map they were in), and what each gave: `usedCounts` counts these. */
  list: Resource<'Flow'>[];
  outcomes: Outcome[];
  flows?: ReadonlyMap<string, Resource<'Flow'>>;
  /** For each instance name, how many of those flows use it. */
  usedCounts: Map<string, number>;
  /** The suggestion for a name no instance has, against the instance names of the last run. */
  likely?: (name: string) => string | undefined;
  /** What the last run saw. */
  last?: { instances: ReadonlyMap<string, Resource<'Instance'>>; connectors: ReadonlyMap<string, Resource<'Connector'>>; resolved: ReadonlyMap<string, Resource<'Connector'>>; salvaged: ReadonlySet<string> };
}

function namesAny(names: readonly string[], changed: ReadonlySet<string>): boolean {
  if (changed.size === 0) return false;
  for (let index = 0; index < names.length; index++) if (changed.has(names[index]!)) return true;
  return false;
}

/** The instance names whose instance or connector is not what the last run saw, and whether the names and the salvaged names are the same. */
interface Changes {
  names: Set<string>;
  sameNames: boolean;
}

function changesSince(ctx: CheckContext, last: NonNullable<Carried['last']>): Changes {
  const names = new Set<string>();
  let sameNames = ctx.instances.size === last.instances.size && ctx.salvagedNames.size === last.salvaged.size;
  if (sameNames) for (const name of ctx.salvagedNames) if (!last.salvaged.has(name)) sameNames = false;
  // The same instances and connectors as the last run (the context gives the same maps then):
  // each instance resolves to the same connector, nothing to compare.
  if (ctx.instances === last.instances && ctx.connectors === last.connectors) return { names, sameNames };
  for (const [name, instance] of ctx.instances) {
    const before = last.instances.get(name);
    if (before === undefined) sameNames = false;
    if (before !== instance || last.resolved.get(name) !== ctx.connectorOfInstance.get(name)) names.add(name);
  }
  for (const name of last.instances.keys()) if (!ctx.instances.has(name)) names.add(name);
  return { names, sameNames };
}

function checkFlow(ctx: CheckContext, flow: Resource<'Flow'>, likelyFor: (name: string) => string | undefined, outcome: FlowUse): void {
  const use = (name: string) => outcome.used.push(name);
  // A flow with schema errors may misspell a key; what it names still counts as used.
  if (!flow.valid) for (const name of stringsUnderKey(flow.value.spec, 'inst')) use(name);
  const references = instanceReferences(flow);
  // What each use's findings depend on besides the flow: the instance and its connector, as objects (an edit makes new ones).
  let key: unknown[] | undefined;
  for (const reference of references) {
    outcome.names.push(reference.instance);
    const instance = ctx.instances.get(reference.instance);
    if (!instance) {
      outcome.unknown = true;
      const likely = likelyFor(reference.instance);
      if (likely) use(likely);
      if (flow.valid && !ctx.salvagedNames.has(reference.instance)) {
        ctx.report(flow, reference.pointer, 'unknown-instance', `flow '${flow.name}' ${describeUse(flow, reference)} instance '${reference.instance}', which is not defined`, {
          hint: likely ? `did you mean '${likely}'?` : undefined,
          group: `unknown-instance:${reference.instance}`,
        });
      }
      continue;
    }
    use(instance.name);
    (key ??= []).push(instance, ctx.connectorOfInstance.get(instance.name));
  }
  if (flow.valid && key) {
    ctx.replayReports('flow-references', flow, key, () => {
      for (const reference of references) {
        const instance = ctx.instances.get(reference.instance);
        if (instance) checkInstanceUse(ctx, flow, reference, instance);
      }
    });
  }
}

function describeUse(flow: Resource<'Flow'>, reference: InstanceReference): string {
  if (reference.step === undefined) return reference.verb;
  return `step '${flow.value.spec.steps[reference.step]?.id}' ${reference.verb}`;
}

function checkInstanceUse(ctx: CheckContext, flow: Resource<'Flow'>, reference: InstanceReference, instance: Resource<'Instance'>): void {
  const connector = ctx.connectorOfInstance.get(instance.name);
  if (!connector) return; // the instance's own problem, reported on the instance
  const type = connectorType(connector);
  const wanted = reference.connectorType;
  if (type !== wanted) {
    ctx.report(
      flow,
      reference.pointer,
      'wrong-connector-type',
      `${reference.use === 'event' ? 'an event trigger' : `a '${reference.use}' step`} needs an ${wanted} instance, but '${instance.name}' uses the ${type} connector '${connector.name}'`,
    );
    return;
  }
  if (!reference.endpoint) return;
  const call = { endpoint: reference.endpoint.name, input: reference.endpoint.input };
  const endpoints = connector.value.spec.endpoints ?? {};
  const stepPointer = reference.endpoint.pointer;
  if (!hasOwn(endpoints, call.endpoint)) {
    ctx.report(flow, `${stepPointer}/endpoint`, 'unknown-endpoint', `connector '${connector.name}' (instance '${instance.name}') has no endpoint '${call.endpoint}'`, {
      hint: didYouMean(call.endpoint, Object.keys(endpoints)),
      group: `unknown-endpoint:${connector.name}:${call.endpoint}`,
    });
    return;
  }
  const endpoint = endpoints[call.endpoint]!;
  const declared = Object.keys(endpoint.inputs ?? {});
  const given = Object.keys(call.input ?? {});
  for (const name of given) {
    if (declared.includes(name)) continue;
    ctx.report(flow, pointerFrom(['spec', 'steps', String(reference.step), reference.use, 'input', name]), 'unknown-input', `endpoint '${call.endpoint}' of connector '${connector.name}' takes no input '${name}'`, {
      atKey: true,
      hint: didYouMean(name, declared.filter((candidate) => !given.includes(candidate))) ?? (declared.length ? `inputs: ${declared.map((n) => `'${n}'`).join(', ')}` : 'it takes no inputs'),
      group: `unknown-input:${connector.name}:${call.endpoint}:${name}`,
    });
  }
  for (const name of requiredInputs(endpoint)) {
    if (given.includes(name) || !declared.includes(name)) continue;
    if (given.some((other) => !declared.includes(other) && didYouMean(other, [name]))) continue; // reported as unknown
    // At the step's `input` key when it has one, else at the receive/send key.
    ctx.report(flow, call.input ? `${stepPointer}/input` : stepPointer, 'missing-input', `endpoint '${call.endpoint}' of connector '${connector.name}' needs input '${name}'`, {
      atKey: true,
      hint: `add input: { ${name}: ... }`,
      group: `missing-input:${connector.name}:${call.endpoint}:${name}`,
    });
  }
}

/** Inputs an endpoint cannot do without: those in its path, and those it lists as required. */
function requiredInputs(endpoint: { path: string; requiredInputs?: string[] }): string[] {
  let required = requiredByEndpoint.get(endpoint);
  if (!required) requiredByEndpoint.set(endpoint, (required = findRequiredInputs(endpoint)));
  return required;
}

/** Worked out once per endpoint object: every step that calls it asks. */
const requiredByEndpoint = new WeakMap<object, string[]>();

function findRequiredInputs(endpoint: { path: string; requiredInputs?: string[] }): string[] {
  const fromPath = scanTemplates(endpoint.path).flatMap((scan) => (scan.kind === 'reference' && scan.root === 'input' && scan.path[0] ? [scan.path[0]] : []));
  return [...new Set([...fromPath, ...(endpoint.requiredInputs ?? [])])];
}
