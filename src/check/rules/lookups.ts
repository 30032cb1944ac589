import type { Rule } from '../context.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { lookupCalls, type LookupCall } from '../../lex/lookup-calls.js';
import { csvLinesOf } from '../../pipeline/lookup-files.js';
import { flowSteps } from '../../steps/registry.js';
import type { StepExpression } from '../../steps/step-kind.js';

/**
 * Lookup tables hold entries, each left value once (a value that maps two ways would map by
 * chance), and every `$lookup('name', …)` names a table that exists.
 */
export const lookups: Rule = {
  codes: ['empty-lookup', 'duplicate-lookup-value', 'unknown-lookup'],
  description: 'Lookup tables have entries with unique left values; $lookup names a table that exists.',
  check(ctx) {
    for (const lookup of ctx.valid('Lookup')) {
      const spec = lookup.value.spec;
      const fromFile = typeof spec.file === 'string';
      // A file that could not be read is reported as such (bad-lookup-file), not as empty.
      if (fromFile && spec.entries === undefined) continue;
      const entries = spec.entries ?? [];
      if (entries.length === 0) {
        ctx.report(lookup, fromFile ? '/spec/file' : '/spec/entries', 'empty-lookup', `lookup '${lookup.name}' has no entries${fromFile ? `: ${spec.file} has a header row only` : ''}`, {
          hint: 'every $lookup of it would fail; add entries or remove the table',
        });
        continue;
      }
      const lines = csvLinesOf(lookup.value);
      const first = new Map<string, number>();
      entries.forEach((entry, index) => {
        const left = String(entry.left);
        const earlier = first.get(left);
        if (earlier === undefined) {
          first.set(left, index);
          return;
        }
        if (lines) ctx.report(lookup, '/spec/file', 'duplicate-lookup-value', `lookup '${lookup.name}': ${spec.file} line ${lines[index]} has left value '${left}' again (first on line ${lines[earlier]})`);
        else ctx.report(lookup, `/spec/entries/${index}/left`, 'duplicate-lookup-value', `lookup '${lookup.name}' already has left value '${left}' (entry ${earlier + 1})`, { hint: 'a value maps one way: keep one of the entries' });
      });
    }
    let known: string[] | undefined;
    const names = () => (known ??= [...ctx.byKind.Lookup.keys()]);
    // What a flow says depends on which of the tables it calls exist (and, for one that does
    // not, on every table's name): kept with the flow, so that its expressions are not looked
    // through again while it and those tables stay as they are (also in the next run, from .weft/cache/).
    const state = (name: string) => (ctx.byKind.Lookup.has(name) ? 'L' : ctx.salvagedNames.has(name) ? 'S' : '-');
    const keyOf = (called: readonly string[]) => {
      if (called.length === 0) return '';
      const key = called.map(state).join('');
      return key.includes('-') ? `${key}:${names().join('\0')}` : key;
    };
    for (const flow of ctx.valid('Flow')) {
      ctx.replayKept('lookups:calls', flow, keyOf, () => {
        const called = new Set<string>();
        for (const { step, expression, call } of lookupCallsOf(flow.value)) {
          called.add(call.name);
          if (state(call.name) !== '-') continue;
          ctx.report(flow, expression.pointer, 'unknown-lookup', `${expression.field} of step '${String(step.id)}' reads lookup '${call.name}', which is not defined`, {
            within: call.span,
            hint: didYouMean(call.name, names()) ?? (names().length > 0 && names().length <= 8 ? `defined: ${names().map((name) => `'${name}'`).join(', ')}` : 'define it as a resource of kind Lookup'),
          });
        }
        return [...called];
      });
    }
  },
};

type FlowLookupCall = { step: Record<string, unknown>; expression: StepExpression; call: LookupCall };

/** The lookup calls of a flow's expressions, worked out once per flow document (watch mode asks every cycle). */
const callsOfFlow = new WeakMap<object, FlowLookupCall[]>();

function lookupCallsOf(flow: { spec: unknown }): FlowLookupCall[] {
  let calls = callsOfFlow.get(flow);
  if (calls) return calls;
  calls = [];
  for (const { step, kind, body, pointer } of flowSteps(flow.spec)) {
    for (const expression of kind.expressions(body, pointer)) for (const call of lookupCalls(expression.text)) calls.push({ step, expression, call });
  }
  callsOfFlow.set(flow, calls);
  return calls;
}
