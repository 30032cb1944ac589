import jsonata from 'jsonata';
import type { Rule } from '../context.js';
import { flowSteps } from '../../steps/registry.js';
import { jsonataNodes, type JsonataNode } from '../../lex/jsonata-nodes.js';
import { defaultExpressionLimits } from '../../runtime/step-services.js';

/** A node of JSONata's syntax tree, with the thunk flag of a tail call. */
type Node = JsonataNode & { thunk?: boolean };

/** What cannot finish within the limits, found in an expression: [start, end) offsets and why. */
interface Finding {
  span: [number, number];
  message: string;
}

/** Findings by expression text and sequence limit: projects repeat expressions across flows. */
const found = new Map<string, Finding[]>();

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
    for (const flow of ctx.valid('Flow')) {
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
  },
};

function findingsOf(text: string, maxSequence: number): Finding[] {
  const key = `${maxSequence}/${text}`;
  let findings = found.get(key);
  if (findings) return findings;
  findings = [];
  let tree: Node | undefined;
  try {
    tree = jsonata(text).ast() as Node;
  } catch {
    // Reported as bad-expression.
  }
  if (tree) visit(tree, text, maxSequence, findings);
  if (found.size > 10_000) found.clear();
  found.set(key, findings);
  return findings;
}

/** The findings of every node of the tree. */
function visit(root: Node, text: string, maxSequence: number, findings: Finding[]): void {
  for (const node of jsonataNodes(root) as Iterable<Node>) {
    const bound = node.type === 'bind' && isVariable(node.lhs) ? node.lhs.value : undefined;
    // A parameter of the same name shadows the function inside it: a call there is the argument's.
    if (bound !== undefined && isNode(node.rhs) && node.rhs.type === 'lambda' && !nodes(node.rhs.arguments).some((argument) => argument.value === bound) && alwaysCalls(node.rhs.body, bound)) {
      const name = `$${bound}`;
      findings.push({ span: spanEndingAt(text, (node.lhs as Node).position, name.length), message: `function ${name} calls itself whatever its arguments (no condition before the call): it never returns` });
    }
    if (node.type === 'binary' && node.value === '..' && isNode(node.lhs) && isNode(node.rhs) && node.lhs.type === 'number' && node.rhs.type === 'number') {
      const size = Number(node.rhs.value) - Number(node.lhs.value) + 1;
      if (size > maxSequence) {
        findings.push({ span: spanEndingAt(text, node.position, 2), message: `the range [${String(node.lhs.value)}..${String(node.rhs.value)}] has ${size} items, over the step's limit of ${maxSequence} (limits.maxSequence)` });
      }
    }
  }
}

/**
 * Whether evaluating a node always calls the function bound to `name`: the call is reached
 * through nothing that decides (a condition's branches, the right side of and/or, the later steps
 * of a path, which run once per item and not at all for none, a function value not called).
 */
function alwaysCalls(node: unknown, name: string): boolean {
  if (!isNode(node)) return false;
  switch (node.type) {
    case 'function':
      return (isVariable(node.procedure) && node.procedure.value === name) || nodes(node.arguments).some((argument) => alwaysCalls(argument, name));
    case 'lambda':
      // A thunk is JSONata's tail call: its body is evaluated; another lambda is only a value.
      return node.thunk === true && alwaysCalls(node.body, name);
    case 'block':
      return nodes(node.expressions).some((expression) => alwaysCalls(expression, name));
    case 'binary':
      return alwaysCalls(node.lhs, name) || (node.value !== 'and' && node.value !== 'or' && alwaysCalls(node.rhs, name));
    case 'bind':
      return alwaysCalls(node.rhs, name);
    case 'condition':
      return alwaysCalls(node.condition, name);
    case 'path':
      return alwaysCalls(nodes(node.steps)[0], name);
    case 'unary':
      return node.value === '-' ? alwaysCalls(node.expression, name) : node.value === '[' && nodes(node.expressions).some((expression) => alwaysCalls(expression, name));
    default:
      return false;
  }
}

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isVariable(value: unknown): value is Node & { value: string; position: number } {
  return isNode(value) && value.type === 'variable' && typeof value.value === 'string';
}

function nodes(value: unknown): Node[] {
  return Array.isArray(value) ? value.filter(isNode) : [];
}

/** JSONata's positions are offsets just after a token. */
function spanEndingAt(text: string, position: unknown, length: number): [number, number] {
  const end = typeof position === 'number' ? Math.min(position, text.length) : text.length;
  return [Math.max(0, end - length), Math.max(1, end)];
}
