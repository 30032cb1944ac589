import jsonata from 'jsonata';
import { visitJsonataNodes, type JsonataNode } from './jsonata-nodes.js';

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
  facts = expressionFactsAlone(text);
  remember(text, facts);
  return facts;
}

/** Facts worked out elsewhere (a parse worker, the file cache): taken as they are. */
export function rememberExpressionFacts(entries: Iterable<readonly [string, ExpressionFacts]>): void {
  for (const [text, facts] of entries) if (!known.has(text)) remember(text, facts);
}

/**
 * Works out the facts of many expressions at once, for `expressionFacts` to find. JSONata builds
 * its whole parser (a table of some eighty symbols and their closures) for every text it parses,
 * which is most of the time a short expression takes; so texts that are lexically self-contained
 * (see `selfContained`) are parsed together, as the elements of one array: `[(a\n),(b\n),…]`.
 * Each element then holds exactly the syntax tree its text alone gives, its positions moved by
 * where the text starts. A batch that does not parse is halved until the texts that do not parse
 * are alone: those, and texts that are not self-contained, are parsed on their own, so every
 * error is JSONata's own for that text.
 */
export function prepareExpressionFacts(texts: Iterable<string>): void {
  const together: string[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    if (known.has(text) || seen.has(text)) continue;
    seen.add(text);
    if (selfContained(text)) together.push(text);
    else remember(text, expressionFactsAlone(text));
  }
  for (let start = 0; start < together.length; start += batchSize) analyseTogether(together.slice(start, start + batchSize));
}

/** Texts parsed in one go: past a hundred or so, a larger batch saves nothing more. */
const batchSize = 100;

function analyseTogether(texts: readonly string[]): void {
  if (texts.length === 1) {
    remember(texts[0]!, expressionFactsAlone(texts[0]!));
    return;
  }
  let source = '[';
  const starts: number[] = [];
  texts.forEach((text, index) => {
    source += index === 0 ? '(' : ',(';
    starts.push(source.length);
    // The line break ends nothing a self-contained text leaves open; it keeps its last token apart.
    source += text + '\n)';
  });
  source += ']';
  let elements: unknown[] | undefined;
  try {
    const tree = jsonata(source).ast() as JsonataNode;
    if (tree.type === 'unary' && tree.value === '[' && Array.isArray(tree.expressions) && tree.expressions.length === texts.length) elements = tree.expressions;
  } catch {
    // some text does not parse: found by halving
  }
  if (!elements) {
    const half = Math.ceil(texts.length / 2);
    analyseTogether(texts.slice(0, half));
    analyseTogether(texts.slice(half));
    return;
  }
  texts.forEach((text, index) => {
    const element = elements[index] as JsonataNode | undefined;
    const inner = element?.type === 'block' && Array.isArray(element.expressions) && element.expressions.length === 1 ? (element.expressions[0] as JsonataNode) : undefined;
    // Anything unexpected (it cannot be, for a self-contained text): that text on its own.
    remember(text, (inner && factsOf(inner, text, starts[index]!)) ?? expressionFactsAlone(text));
  });
}

/** Characters that end a name in JSONata's lexer (its operators), besides white space. */
const operatorCharacters = new Set('.[]{}(),@#;:?+-*/%|=<>^&!~');

/**
 * Whether a text can be parsed inside a batch exactly as alone: it is read by JSONata's lexer
 * the way this scan reads it, and leaves nothing open at its end. So: strings, names in
 * backquotes and comments that end within it (a quote where JSONata would read it as part of a
 * name: not batched); brackets that balance; no `;` outside brackets (a block would take it); no
 * `/` but in a comment (a regular expression or a division: JSONata decides which by where it is
 * in the grammar, this scan does not); none of `%` (the parent, resolved across the whole tree),
 * `@`, `#` and `|`; not blank.
 */
export function selfContained(text: string): boolean {
  let depth = 0;
  let tokenStart = true;
  let blank = true;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (character === ' ' || character === '\t' || character === '\n' || character === '\r' || character === '\v') {
      tokenStart = true;
      continue;
    }
    if (character === '/') {
      if (text[index + 1] !== '*') return false;
      const end = text.indexOf('*/', index + 2);
      if (end < 0) return false;
      index = end + 1;
      tokenStart = true;
      continue;
    }
    blank = false;
    if (character === '"' || character === "'" || character === '`') {
      if (!tokenStart) return false;
      let end = index + 1;
      while (end < text.length && text[end] !== character) end += character !== '`' && text[end] === '\\' ? 2 : 1;
      if (end >= text.length) return false;
      index = end;
      tokenStart = true;
      continue;
    }
    if (character === '(' || character === '[' || character === '{') {
      if (++depth > maxNesting) return false;
    } else if (character === ')' || character === ']' || character === '}') {
      if (--depth < 0) return false;
    } else if ((character === ';' && depth === 0) || character === '%' || character === '@' || character === '#' || character === '|') return false;
    tokenStart = operatorCharacters.has(character);
  }
  return depth === 0 && !blank;
}

function remember(text: string, facts: ExpressionFacts): void {
  if (known.size >= maxKept) known.clear();
  known.set(text, facts);
}

/** Forgets every text's facts (what a test of the batches starts from). */
export function forgetExpressionFacts(): void {
  known.clear();
}

/**
 * Brackets nested deeper than this are refused before parsing. JSONata's parser and its tree
 * walks recurse once per level: thousands of levels exhaust the stack, at a depth that depends on
 * the thread (an expression worker's stack is larger than the main thread's) and on what called
 * the parse, so the same text would parse in one run and not in another. Real expressions nest a
 * few levels.
 */
const maxNesting = 128;

/** Where a text's brackets first nest deeper than `maxNesting` (the offset just after that bracket), outside strings, names in backquotes and comments. */
function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (character === '"' || character === "'" || character === '`') {
      let end = index + 1;
      while (end < text.length && text[end] !== character) end += character !== '`' && text[end] === '\\' ? 2 : 1;
      index = end;
    } else if (character === '/' && text[index + 1] === '*') {
      const end = text.indexOf('*/', index + 2);
      index = end < 0 ? text.length : end + 1;
    } else if (character === '(' || character === '[' || character === '{') {
      if (++depth > maxNesting) return index + 1;
    } else if (character === ')' || character === ']' || character === '}') depth--;
  }
  return undefined;
}

/** One text parsed on its own, and not remembered: what the batches of `prepareExpressionFacts` must agree with. */
export function expressionFactsAlone(text: string): ExpressionFacts {
  const deep = tooDeepAt(text);
  if (deep !== undefined) return { error: { message: `brackets nested more than ${maxNesting} levels deep`, position: deep, token: text[deep - 1] }, unknownCalls: [], lookupCalls: [], selfCalls: [], ranges: [] };
  let ast: JsonataNode;
  try {
    ast = jsonata(text).ast() as JsonataNode;
  } catch (error) {
    const { message, position, token } = error as ExpressionSyntaxError;
    return { error: { message: typeof message === 'string' ? message : String(error), ...(typeof position === 'number' && { position }), ...(typeof token === 'string' && { token }) }, unknownCalls: [], lookupCalls: [], selfCalls: [], ranges: [] };
  }
  return factsOf(ast, text, 0)!;
}

/** A node of JSONata's syntax tree, with the thunk flag of a tail call. */
type Node = JsonataNode & { thunk?: boolean };

/**
 * The facts of a parsed text, in one walk over its tree. `offset`: where the text starts in what
 * was parsed (positions are read less it); undefined if a position falls outside the text.
 *
 * - Unknown calls: functions called that are neither JSONata's, weft's, nor bound in the
 *   expression itself.
 * - Lookups: the tables named by a literal (`$lookup('countries', code)`).
 * - What cannot finish, where the text shows it: a function that calls itself whatever its
 *   arguments (no condition before the call, so no base case), and ranges of literal bounds (too
 *   long or not is for the step's limit to say).
 */
function factsOf(tree: JsonataNode, text: string, offset: number): ExpressionFacts | undefined {
  const bound = new Set<string>();
  const calls: { name: string; position: number }[] = [];
  const lookupCalls: LookupCall[] = [];
  const selfCalls: ExpressionFacts['selfCalls'] = [];
  const ranges: ExpressionFacts['ranges'] = [];
  const inside = visitJsonataNodes(tree, (node: Node) => {
    if (offset > 0 && typeof node.position === 'number' && (node.position < offset || node.position > offset + text.length)) return false;
    const type = node.type;
    if (type === 'bind' && isVariable(node.lhs)) {
      const name = node.lhs.value;
      bound.add(name);
      // A parameter of the same name shadows the function inside it: a call there is the argument's.
      if (isNode(node.rhs) && node.rhs.type === 'lambda' && !nodes(node.rhs.arguments).some((argument) => argument.value === name) && alwaysCalls(node.rhs.body, name)) {
        selfCalls.push({ name: `$${name}`, span: spanEndingAt(text, node.lhs.position - offset, name.length + 1) });
      }
    } else if (type === 'lambda') {
      for (const argument of (node.arguments as { type?: string; value?: unknown }[] | undefined) ?? []) if (argument?.type === 'variable') bound.add(String(argument.value));
    } else if (type === 'function' || type === 'partial') {
      const procedure = node.procedure as { type?: string; value?: unknown; position?: number } | undefined;
      if (procedure?.type === 'variable' && typeof procedure.position === 'number') calls.push({ name: String(procedure.value), position: procedure.position - offset });
      if (type === 'function' && procedure?.type === 'variable' && procedure.value === 'lookup') {
        const [first] = (node.arguments as JsonataNode[] | undefined) ?? [];
        // JSONata's position is just past the token: the literal and its two quotes end there.
        if (first?.type === 'string' && typeof first.value === 'string' && typeof first.position === 'number') lookupCalls.push({ name: first.value, span: [first.position - offset - first.value.length - 2, first.position - offset] });
      }
    } else if (type === 'binary' && node.value === '..' && isNode(node.lhs) && isNode(node.rhs) && node.lhs.type === 'number' && node.rhs.type === 'number') {
      ranges.push({ from: String(node.lhs.value), to: String(node.rhs.value), size: Number(node.rhs.value) - Number(node.lhs.value) + 1, span: spanEndingAt(text, typeof node.position === 'number' ? node.position - offset : undefined, 2) });
    }
    return true;
  });
  if (!inside) return undefined;
  const unknownCalls = calls
    .filter((call) => call.name !== '' && !knownFunctions.has(call.name) && !bound.has(call.name))
    .sort((a, b) => a.position - b.position)
    .map((call): UnknownCall => ({ name: call.name, span: [Math.max(0, call.position - call.name.length - 1), call.position] }));
  if (unknownCalls.length === 0 && lookupCalls.length === 0 && selfCalls.length === 0 && ranges.length === 0) return noFacts;
  return { unknownCalls, lookupCalls: lookupCalls.sort((a, b) => a.span[0] - b.span[0]), selfCalls, ranges };
}

/**
 * The facts of most expressions: nothing to say. One object for all of them (never added to: the
 * checks only read facts), so that it is serialized once per message or cache file and read back
 * as one — four empty lists per expression were about a quarter of the time spent reading a file
 * cache (bench/file-cache-read.ts).
 */
const noFacts: ExpressionFacts = Object.freeze({ unknownCalls: none<UnknownCall>(), lookupCalls: none<LookupCall>(), selfCalls: none<ExpressionFacts['selfCalls'][number]>(), ranges: none<ExpressionFacts['ranges'][number]>() });

function none<T>(): T[] {
  return Object.freeze([]) as unknown as T[];
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
