import type { Bundle } from '../compile/compile-bundle.js';

interface Table {
  forward: Map<string, unknown>;
  reverse: Map<string, unknown>;
  missing: 'fail' | 'default';
  fallback: unknown;
}

/**
 * `$lookup(name, value, direction?)` over a bundle's lookup tables: the right value of a left
 * one, or with 'reverse' the left value of a right one. Values compare as text (a CSV holds
 * text; a record may hold the number). A value the table lacks gives the table's default, or
 * fails the record; no value (a field the record lacks) gives none.
 */
export function lookupFunction(bundle: Bundle): (name: unknown, value: unknown, direction?: unknown) => unknown {
  const tables = new Map<string, Table>();
  for (const resource of bundle.resources) {
    if (resource.kind !== 'Lookup') continue;
    const spec = resource.spec as { entries?: { left: string | number; right: string | number }[]; missing?: 'fail' | 'default'; default?: unknown };
    const table: Table = { forward: new Map(), reverse: new Map(), missing: spec.missing ?? 'fail', fallback: spec.default ?? null };
    for (const { left, right } of spec.entries ?? []) {
      if (!table.forward.has(String(left))) table.forward.set(String(left), right);
      if (!table.reverse.has(String(right))) table.reverse.set(String(right), left);
    }
    tables.set(resource.name, table);
  }
  return (name, value, direction) => {
    const table = typeof name === 'string' ? tables.get(name) : undefined;
    if (!table) throw new Error(`$lookup: there is no lookup table ${JSON.stringify(name)}`);
    if (direction !== undefined && direction !== 'reverse' && direction !== 'forward') throw new Error(`$lookup: the direction is 'forward' or 'reverse', not ${JSON.stringify(direction)}`);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object') throw new Error(`$lookup('${name}'): looks up a string or a number, not ${Array.isArray(value) ? 'a list' : 'an object'}`);
    const entries = direction === 'reverse' ? table.reverse : table.forward;
    const key = String(value);
    if (entries.has(key)) return entries.get(key);
    if (table.missing === 'default') return table.fallback;
    throw new Error(`$lookup('${name}'): no entry for ${direction === 'reverse' ? 'right' : 'left'} value ${JSON.stringify(key)}`);
  };
}
