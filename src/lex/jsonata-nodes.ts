/** A node of JSONata's syntax tree (`jsonata(text).ast()`), as far as weft reads it. */
export interface JsonataNode {
  type?: string;
  value?: unknown;
  position?: number;
  [key: string]: unknown;
}

/**
 * Calls `visit` with every node of a JSONata syntax tree, iteratively (a hostile expression may
 * nest deeply), until it returns false. Returns false if it was stopped.
 */
export function visitJsonataNodes(tree: unknown, visit: (node: JsonataNode) => boolean | void): boolean {
  const pending: unknown[] = [tree];
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
      continue;
    }
    if (visit(value as JsonataNode) === false) return false;
    for (const child of Object.values(value)) if (child !== null && typeof child === 'object') pending.push(child);
  }
  return true;
}
