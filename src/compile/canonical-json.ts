import { createHash } from 'node:crypto';
import { memoize } from '../lex/memoize.js';

/**
 * JSON with object keys sorted by code unit, so equal data always gives equal bytes. Without
 * indentation it is written in one pass (the hashes of a bundle are computed from it); with
 * indentation, JSON.stringify of a key-sorted copy lays it out.
 */
export function canonicalJson(value: unknown, indent?: number): string {
  if (indent) return JSON.stringify(sortKeys(value), null, indent);
  return write(value) ?? 'null';
}

/** Keys as JSON, `"key":`: the same few keys come back throughout a project. */
const keyTextOf = memoize((key) => JSON.stringify(key) + ':', 10_000);

/** As JSON.stringify(sortKeys(value)) would write it: undefined is skipped in objects, null in arrays. */
function write(value: unknown): string | undefined {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) text += (index > 0 ? ',' : '') + (write(value[index]) ?? 'null');
    return text + ']';
  }
  let text = '{';
  let first = true;
  // sort() without a comparer orders strings by UTF-16 code unit.
  for (const key of Object.keys(value).sort()) {
    const child = write((value as Record<string, unknown>)[key]);
    if (child === undefined) continue;
    const keyText = keyTextOf(key);
    text += first ? keyText + child : ',' + keyText + child;
    first = false;
  }
  return text + '}';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    // defineProperty: a key named __proto__ is data, never the prototype.
    if (child !== undefined) Object.defineProperty(sorted, key, { value: sortKeys(child), enumerable: true, writable: true, configurable: true });
  }
  return sorted;
}

/** The SHA-256 of a text (or of several, one after the other), in hex. */
export function sha256(...texts: string[]): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text);
  return hash.digest('hex');
}
