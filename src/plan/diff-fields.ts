import type { FieldChange } from './plan.js';

/**
 * Field-level differences between two JSON values, as dotted paths. Objects are compared key by
 * key; arrays and scalars as wholes (a list that changed is shown before → after).
 */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const childPath = path ? `${path}.${key}` : key;
      const has = [Object.prototype.hasOwnProperty.call(before, key), Object.prototype.hasOwnProperty.call(after, key)];
      if (!has[0]) return [{ path: childPath, after: after[key] }];
      if (!has[1]) return [{ path: childPath, before: before[key] }];
      return diffFields(before[key], after[key], childPath);
    });
  }
  return sameJson(before, after) ? [] : [{ path, before, after }];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) return diffFields(a, b).length === 0;
  return false;
}
