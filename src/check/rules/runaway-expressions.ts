import { expressionFacts } from '../../lex/expression-facts.js';
import type { CheckContext, Rule } from '../context.js';
import type { Resource } from '../../schema/resource.js';
import { flowSteps } from '../../steps/registry.js';
import { defaultExpressionLimits } from '../../runtime/step-services.js';

/** What cannot finish within the limits, found in an expression: [start, end) offsets and why. */
interface Finding {
  span: [number, number];
  message: string;
}

/**
 * Expressions that cannot finish within a step's limits, where the text shows it: a function
 * that calls itself whatever its arguments (no condition before the call, so no base case), and
 * a range of literal bounds longer than the step's sequence limit. The engine would stop either
 * with an error for every record; this says so before it runs.
 */
export const runawayExpressions: Rule = {
  codes: ['runaway-expression'],
  description: 'JSONata expressions have a base case for their recursion and ranges within the limits.',
  check(ctx) {
    // Each flow on its own (its expressions and limits say all): replayed while the flow is unchanged.
    ctx.sweep('runaway-expressions', ctx.valid('Flow'), (flow) => checkFlow(ctx, flow));
  },
};

function checkFlow(ctx: CheckContext, flow: Resource<'Flow'>): void {
  for (const { step, kind, body, pointer } of flowSteps(flow.value.spec)) {
    const limits = step.limits as { maxSequence?: number } | undefined;
    const maxSequence = limits?.maxSequence ?? defaultExpressionLimits.maxSequence;
    for (const expression of kind.expressions(body, pointer)) {
      for (const finding of findingsOf(expression.text, maxSequence)) {
        ctx.report(flow, expression.pointer, 'runaway-expression', `${expression.field} of step '${String(step.id)}': ${finding.message}`, {
          within: finding.span,
          hint: 'every record would fail when the step reaches its limits (limits.timeoutMs, limits.maxDepth, limits.maxSequence)',
        });
      }
    }
  }
}

function findingsOf(text: string, maxSequence: number): Finding[] {
  const facts = expressionFacts(text);
  const findings: Finding[] = facts.selfCalls.map((call) => ({ span: call.span, message: `function ${call.name} calls itself whatever its arguments (no condition before the call): it never returns` }));
  for (const range of facts.ranges) {
    if (range.size > maxSequence) findings.push({ span: range.span, message: `the range [${range.from}..${range.to}] has ${range.size} items, over the step's limit of ${maxSequence} (limits.maxSequence)` });
  }
  return findings;
}
