import jsonata from 'jsonata';
import type { Rule } from '../context.js';
import { flowSteps } from '../../steps/registry.js';
import { didYouMean } from '../../diagnostics/suggest.js';

interface JsonataError {
  message?: string;
  /** Offset just after the offending token. */
  position?: number;
  token?: string;
}

/** Parse errors by expression: projects repeat the same expressions across many flows. */
const parsed = new Map<string, JsonataError | null>();

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
  let error = parsed.get(expression);
  if (error === undefined) {
    try {
      jsonata(expression);
      error = null;
    } catch (caught) {
      error = caught as JsonataError;
    }
    parsed.set(expression, error);
  }
  return error;
}

/** JSONata's own functions (2.x), and what weft adds: `$lookup` over the project's lookup tables. */
const knownFunctions = new Set(
  (
    'sum count max min average string substring substringBefore substringAfter lowercase uppercase length trim pad match contains replace split join ' +
    'formatNumber formatBase formatInteger parseInteger number floor ceil round abs sqrt power random boolean not map zip filter single reduce sift keys ' +
    'lookup append exists spread merge reverse each error assert type sort shuffle distinct base64encode base64decode encodeUrlComponent encodeUrl ' +
    'decodeUrlComponent decodeUrl eval toMillis fromMillis clone now millis'
  ).split(' '),
);

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

/** Functions an expression calls that are neither JSONata's, weft's, nor bound in the expression itself. */
function unknownCalls(expression: string): { name: string; span: [number, number] }[] {
  let ast: unknown;
  try {
    ast = jsonata(expression).ast();
  } catch {
    return [];
  }
  const bound = new Set<string>();
  const calls: { name: string; position: number }[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const value = node as { type?: string; lhs?: { type?: string; value?: unknown }; arguments?: { type?: string; value?: unknown }[]; procedure?: { type?: string; value?: unknown; position?: number } };
    if (value.type === 'bind' && value.lhs?.type === 'variable') bound.add(String(value.lhs.value));
    if (value.type === 'lambda') for (const argument of value.arguments ?? []) if (argument.type === 'variable') bound.add(String(argument.value));
    if ((value.type === 'function' || value.type === 'partial') && value.procedure?.type === 'variable' && typeof value.procedure.position === 'number') calls.push({ name: String(value.procedure.value), position: value.procedure.position });
    for (const child of Object.values(node)) visit(child);
  };
  visit(ast);
  return calls
    .filter((call) => call.name !== '' && !knownFunctions.has(call.name) && !bound.has(call.name))
    .map((call) => ({ name: call.name, span: [Math.max(0, call.position - call.name.length - 1), call.position] as [number, number] }));
}

/** filter and map steps hold JSONata that parses, and calls only functions that exist. */
export const flowExpressions: Rule = {
  codes: ['bad-expression', 'unknown-function'],
  description: 'JSONata expressions of steps (filter, map, and any kind that declares them) parse and call known functions.',
  check(ctx) {
    for (const flow of ctx.valid('Flow')) {
      for (const { step, kind, body, pointer } of flowSteps(flow.value.spec)) {
        for (const expression of kind.expressions(body, pointer)) {
          const error = parseError(expression.text);
          if (!error) {
            for (const call of unknownCalls(expression.text)) {
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
  },
};
