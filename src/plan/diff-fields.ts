import type { FieldChange } from './plan.js';

/**
 * Arrays whose items have an identity, by the array's path and the key naming its items
 * (`{ 'spec.steps': 'id' }`), or a function of the path giving the keys to try in turn (a flow's
 * nested step lists, 'spec.steps[by-region].route.routes[uk].steps'): they are compared item
 * by item rather than whole.
 */
export type IdentifiedArrays = Readonly<Record<string, string>> | ((path: string) => readonly string[]);

/**
 * Field-level differences between two JSON values. Objects are compared key by key, into dotted
 * paths ('spec.http.timeoutMs'). An array named in `identified` is compared by its items' keys
 * ('spec.steps[push].send.endpoint'): an item added, removed, moved, or changed field by field.
 * Other arrays and scalars are compared whole (a list that changed is shown before → after), and
 * so is an identified array whose items lack a usable key or repeat one: an invalid flow is still
 * shown, just less precisely.
 */
export function diffFields(before: unknown, after: unknown, identified: IdentifiedArrays = {}, path = ''): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const childPath = path ? `${path}.${key}` : key;
      const has = [Object.prototype.hasOwnProperty.call(before, key), Object.prototype.hasOwnProperty.call(after, key)];
      if (!has[0]) return [{ path: childPath, after: after[key] }];
      if (!has[1]) return [{ path: childPath, before: before[key] }];
      return diffFields(before[key], after[key], identified, childPath);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const itemKeys = typeof identified === 'function' ? identified(path) : Object.prototype.hasOwnProperty.call(identified, path) ? [identified[path]!] : [];
    for (const itemKey of itemKeys) {
      const byKey = diffItems(before, after, itemKey, identified, path);
      if (byKey) return byKey;
    }
  }
  return sameJson(before, after) ? [] : [{ path, before, after }];
}

/**
 * An identified array item by item, in the new order (then what was removed, in the old order);
 * undefined when either side's items cannot be told apart by their keys.
 */
function diffItems(before: unknown[], after: unknown[], itemKey: string, identified: IdentifiedArrays, path: string): FieldChange[] | undefined {
  const beforeKeys = keysOf(before, itemKey);
  const afterKeys = keysOf(after, itemKey);
  if (!beforeKeys || !afterKeys) return undefined;
  const beforeIndex = new Map(beforeKeys.map((key, index) => [key, index]));
  const afterIndex = new Map(afterKeys.map((key, index) => [key, index]));
  const kept = afterKeys.filter((key) => beforeIndex.has(key));
  const inPlace = unmoved(kept.map((key) => beforeIndex.get(key)!)).map((position) => kept[position]!);
  const stayed = new Set(inPlace);
  const changes: FieldChange[] = [];
  after.forEach((item, index) => {
    const key = afterKeys[index]!;
    const itemPath = `${path}[${key}]`;
    const previous = beforeIndex.get(key);
    if (previous === undefined) {
      changes.push({ path: itemPath, after: item });
      return;
    }
    if (!stayed.has(key)) changes.push({ path: itemPath, moved: { from: previous, to: index } });
    for (const change of diffFields(before[previous], item, identified, itemPath)) changes.push(change);
  });
  before.forEach((item, index) => {
    if (!afterIndex.has(beforeKeys[index]!)) changes.push({ path: `${path}[${beforeKeys[index]}]`, before: item });
  });
  return changes;
}

/** A key may not hold what the path notation uses ('.', '[', ']'), nor be empty. */
const usableKey = /^[^.[\]\s]+$/;

/** Each item's key, or undefined when an item has none (or one the path cannot show) or two share one. */
function keysOf(items: unknown[], itemKey: string): string[] | undefined {
  const keys: string[] = [];
  for (const item of items) {
    const key = isPlainObject(item) ? item[itemKey] : undefined;
    if (typeof key !== 'string' || !usableKey.test(key)) return undefined;
    keys.push(key);
  }
  return new Set(keys).size === keys.length ? keys : undefined;
}

/**
 * The positions, in `sequence`, of a longest strictly increasing subsequence: of the items both
 * sides keep (their old indices, in the new order), the most that can be left where they are.
 * Only the others moved, so a step inserted or removed does not make every later step "moved".
 * Patience sorting, O(n log n).
 */
function unmoved(sequence: readonly number[]): number[] {
  // tails[length - 1]: position of the smallest last value of an increasing run of that length.
  const tails: number[] = [];
  const previous: number[] = [];
  sequence.forEach((value, position) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sequence[tails[middle]!]! < value) low = middle + 1;
      else high = middle;
    }
    previous[position] = low > 0 ? tails[low - 1]! : -1;
    tails[low] = position;
  });
  const run: number[] = [];
  for (let position = tails.length > 0 ? tails[tails.length - 1]! : -1; position !== -1; position = previous[position]!) run.push(position);
  return run.reverse();
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
