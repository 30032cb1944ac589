import { expressionFacts, knownFunctions, type ExpressionSyntaxError } from '../../lex/expression-facts.js';
import type { CheckContext, Rule } from '../context.js';
import type { Resource } from '../../schema/resource.js';
import { flowSteps } from '../../steps/registry.js';
import { didYouMean } from '../../diagnostics/suggest.js';

type JsonataError = ExpressionSyntaxError;

/** Where in the expression the error is: the offending token, or the last character at its end. */
function tokenSpan(expression: string, position: number, token: string | undefined): [number, number] {
  const end = Math.min(position, expression.trimEnd().length);
  const length = token && token !== '(end)' && end - token.length >= 0 ? token.length : 1;
  return [Math.max(0, end - length), Math.max(1, end)];
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function parseError(expression: string): JsonataError | null {
  return expressionFacts(expression).error ?? null;
}

/**
 * Common slips from other languages, outside string literals: each with how JSONata says it.
 * Checked when an expression does not parse.
 */
const slips: { pattern: RegExp; hint: string }[] = [
  { pattern: /===?/, hint: "JSONata compares with a single '=': status = \"paid\"" },
  { pattern: /!==/, hint: "JSONata's 'not equal' is '!=': status != \"paid\"" },
  { pattern: /&&/, hint: "JSONata's 'and' is the word and: status = \"paid\" and total > 10 ('&' joins strings)" },
  { pattern: /\|\|/, hint: "JSONata's 'or' is the word or: status = \"paid\" or status = \"refunded\"" },
  { pattern: /(^|[\s(])!(?!=)/, hint: "JSONata has no '!' operator: use $not(…), as in $not(active)" },
];

/** The first slip in an expression's code (string literals blanked out), with its span. */
function slipIn(expression: string): { hint: string; span: [number, number] } | undefined {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, (literal) => ' '.repeat(literal.length));
  let found: { hint: string; span: [number, number] } | undefined;
  for (const slip of slips) {
    const match = slip.pattern.exec(code);
    if (!match) continue;
    const start = match.index + (match[1]?.length ?? 0);
    const length = match[0].length - (match[1]?.length ?? 0);
    if (!found || start < found.span[0]) found = { hint: slip.hint, span: [start, start + length] };
  }
  return found;
}

/** filter and map steps hold JSONata that parses, and calls only functions that exist. */
export const flowExpressions: Rule = {
  codes: ['bad-expression', 'unknown-function'],
  description: 'JSONata expressions of steps (filter, map, and any kind that declares them) parse and call known functions.',
  check(ctx) {
    // Each flow on its own (its expressions say all): replayed while the flow is unchanged.
    ctx.sweep('flow-expressions', ctx.valid('Flow'), (flow) => checkFlow(ctx, flow));
  },
};

function checkFlow(ctx: CheckContext, flow: Resource<'Flow'>): void {
  for (const { step, kind, body, pointer } of flowSteps(flow.value.spec)) {
    for (const expression of kind.expressions(body, pointer)) {
      const error = parseError(expression.text);
      if (!error) {
        for (const call of expressionFacts(expression.text).unknownCalls) {
          ctx.report(flow, expression.pointer, 'unknown-function', `${expression.field} of step '${String(step.id)}' calls $${call.name}, which is not a JSONata function`, {
            within: call.span,
            hint: didYouMean(call.name, knownFunctions)?.replace(/'([^']+)'/, "'$$$1'") ?? 'see the function list at docs.jsonata.org; a function of your own must be bound first: ($f := function($x) { … }; $f(1))',
          });
        }
        continue;
      }
      const { message, position, token } = error;
      const slip = slipIn(expression.text);
      ctx.report(flow, expression.pointer, 'bad-expression', `${expression.field} of step '${String(step.id)}' is not valid JSONata: ${lowerFirst(message ?? String(error))}`, {
        within: slip?.span ?? (position === undefined ? undefined : tokenSpan(expression.text, position, token)),
        ...(slip && { hint: slip.hint }),
      });
    }
  }
}
