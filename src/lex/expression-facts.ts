import jsonata from 'jsonata';
import { jsonataNodes, type JsonataNode } from './jsonata-nodes.js';

/** Why an expression does not parse, as JSONata says it. */
export interface ExpressionSyntaxError {
  message?: string;
  /** Offset just after the offending token. */
  position?: number;
  token?: string;
}

/** A `$lookup('name', …)` call in an expression: the table it names and where that name is. */
export interface LookupCall {
  name: string;
  /** The span of the name's string literal in the expression text. */
  span: [number, number];
}

/** A call of a function that is neither JSONata's, weft's, nor bound in the expression. */
export interface UnknownCall {
  name: string;
  span: [number, number];
}

/**
 * What the checks need to know of one JSONata expression, worked out from one parse and kept
 * instead of the syntax tree (a tree is many times the size of its text): plain data, so parse
 * workers work it out beside the files they load and the file cache keeps it.
 */
export interface ExpressionFacts {
  /** Why it does not parse; the other facts are then empty. */
  error?: ExpressionSyntaxError;
  unknownCalls: UnknownCall[];
  lookupCalls: LookupCall[];
  /** Functions that call themselves whatever their arguments: the name (with '$') and where it is bound. */
  selfCalls: { name: string; span: [number, number] }[];
  /** Ranges of literal bounds: their bounds, item count and where the '..' is. */
  ranges: { from: string; to: string; size: number; span: [number, number] }[];
}

/** JSONata's own functions (2.x), and what weft adds: `$lookup` over the project's lookup tables. */
export const knownFunctions: ReadonlySet<string> = new Set(
  (
    'sum count max min average string substring substringBefore substringAfter lowercase uppercase length trim pad match contains replace split join ' +
    'formatNumber formatBase formatInteger parseInteger number floor ceil round abs sqrt power random boolean not map zip filter single reduce sift keys ' +
    'lookup append exists spread merge reverse each error assert type sort shuffle distinct base64encode base64decode encodeUrlComponent encodeUrl ' +
    'decodeUrlComponent decodeUrl eval toMillis fromMillis clone now millis'
  ).split(' '),
);

const known = new Map<string, ExpressionFacts>();
/** Distinct texts kept at most: a long watch session over a changing project must not grow without end. */
const maxKept = 100_000;

/**
 * An expression's facts, from one parse per distinct text across the project, whichever check
 * asks (parse errors, unknown functions, lookups, runaway shapes) and whichever thread loaded it.
 */
export function expressionFacts(text: string): ExpressionFacts {
  let facts = known.get(text);
  if (facts) return facts;
  facts = analyse(text);
  remember(text, facts);
  return facts;
}

/** Facts worked out elsewhere (a parse worker, the file cache): taken as they are. */
export function rememberExpressionFacts(entries: Iterable<readonly [string, ExpressionFacts]>): void {
  for (const [text, facts] of entries) if (!known.has(text)) remember(text, facts);
}

function remember(text: string, facts: ExpressionFacts): void {
  if (known.size >= maxKept) known.clear();
  known.set(text, facts);
}

function analyse(text: string): ExpressionFacts {
  let ast: JsonataNode;
  try {
    ast = jsonata(text).ast() as JsonataNode;
  } catch (error) {
    const { message, position, token } = error as ExpressionSyntaxError;
    return { error: { message: typeof message === 'string' ? message : String(error), ...(typeof position === 'number' && { position }), ...(typeof token === 'string' && { token }) }, unknownCalls: [], lookupCalls: [], selfCalls: [], ranges: [] };
  }
  return { unknownCalls: unknownCalls(ast), lookupCalls: lookupCalls(ast), ...runawayShapes(ast, text) };
}

/** Functions an expression calls that are neither JSONata's, weft's, nor bound in the expression itself. */
function unknownCalls(ast: JsonataNode): UnknownCall[] {
  const bound = new Set<string>();
  const calls: { name: string; position: number }[] = [];
  for (const node of jsonataNodes(ast)) {
    const value = node as { type?: string; lhs?: { type?: string; value?: unknown }; arguments?: { type?: string; value?: unknown }[]; procedure?: { type?: string; value?: unknown; position?: number } };
    if (value.type === 'bind' && value.lhs?.type === 'variable') bound.add(String(value.lhs.value));
    if (value.type === 'lambda') for (const argument of value.arguments ?? []) if (argument?.type === 'variable') bound.add(String(argument.value));
    if ((value.type === 'function' || value.type === 'partial') && value.procedure?.type === 'variable' && typeof value.procedure.position === 'number') calls.push({ name: String(value.procedure.value), position: value.procedure.position });
  }
  return calls
    .filter((call) => call.name !== '' && !knownFunctions.has(call.name) && !bound.has(call.name))
    .sort((a, b) => a.position - b.position)
    .map((call) => ({ name: call.name, span: [Math.max(0, call.position - call.name.length - 1), call.position] }));
}

/** The lookup tables an expression names by a literal (`$lookup('countries', code)`). */
function lookupCalls(ast: JsonataNode): LookupCall[] {
  const calls: LookupCall[] = [];
  for (const node of jsonataNodes(ast)) {
    const procedure = node.procedure as JsonataNode | undefined;
    if (node.type !== 'function' || procedure?.type !== 'variable' || procedure.value !== 'lookup') continue;
    const [first] = (node.arguments as JsonataNode[] | undefined) ?? [];
    if (first?.type !== 'string' || typeof first.value !== 'string' || typeof first.position !== 'number') continue;
    // JSONata's position is just past the token: the literal and its two quotes end there.
    calls.push({ name: first.value, span: [first.position - first.value.length - 2, first.position] });
  }
  return calls.sort((a, b) => a.span[0] - b.span[0]);
}

/** A node of JSONata's syntax tree, with the thunk flag of a tail call. */
type Node = JsonataNode & { thunk?: boolean };

/**
 * What cannot finish, where the text shows it: a function that calls itself whatever its
 * arguments (no condition before the call, so no base case), and ranges of literal bounds (too
 * long or not is for the step's limit to say).
 */
function runawayShapes(root: Node, text: string): Pick<ExpressionFacts, 'selfCalls' | 'ranges'> {
  const selfCalls: ExpressionFacts['selfCalls'] = [];
  const ranges: ExpressionFacts['ranges'] = [];
  for (const node of jsonataNodes(root) as Iterable<Node>) {
    const bound = node.type === 'bind' && isVariable(node.lhs) ? node.lhs.value : undefined;
    // A parameter of the same name shadows the function inside it: a call there is the argument's.
    if (bound !== undefined && isNode(node.rhs) && node.rhs.type === 'lambda' && !nodes(node.rhs.arguments).some((argument) => argument.value === bound) && alwaysCalls(node.rhs.body, bound)) {
      const name = `$${bound}`;
      selfCalls.push({ name, span: spanEndingAt(text, (node.lhs as Node).position, name.length) });
    }
    if (node.type === 'binary' && node.value === '..' && isNode(node.lhs) && isNode(node.rhs) && node.lhs.type === 'number' && node.rhs.type === 'number') {
      ranges.push({ from: String(node.lhs.value), to: String(node.rhs.value), size: Number(node.rhs.value) - Number(node.lhs.value) + 1, span: spanEndingAt(text, node.position, 2) });
    }
  }
  return { selfCalls, ranges };
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
