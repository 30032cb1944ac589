import jsonata from 'jsonata';
import { jsonataNodes, type JsonataNode } from './jsonata-nodes.js';

/** A `$lookup('name', …)` call in an expression: the table it names and where that name is. */
export interface LookupCall {
  name: string;
  /** The span of the name's string literal in the expression text. */
  span: [number, number];
}

const found = new Map<string, LookupCall[]>();

/** The lookup tables an expression names by a literal (`$lookup('countries', code)`); none for one that does not parse. */
export function lookupCalls(text: string): LookupCall[] {
  let calls = found.get(text);
  if (calls) return calls;
  calls = [];
  let tree: unknown;
  try {
    tree = jsonata(text).ast();
  } catch {
    // Reported as bad-expression.
  }
  for (const node of jsonataNodes(tree)) {
    const procedure = node.procedure as JsonataNode | undefined;
    if (node.type !== 'function' || procedure?.type !== 'variable' || procedure.value !== 'lookup') continue;
    const [first] = (node.arguments as JsonataNode[] | undefined) ?? [];
    if (first?.type !== 'string' || typeof first.value !== 'string' || typeof first.position !== 'number') continue;
    // JSONata's position is just past the token: the literal and its two quotes end there.
    calls.push({ name: first.value, span: [first.position - first.value.length - 2, first.position] });
  }
  calls.sort((a, b) => a.span[0] - b.span[0]);
  if (found.size > 10_000) found.clear();
  found.set(text, calls);
  return calls;
}
