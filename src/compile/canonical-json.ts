import { createHash } from 'node:crypto';

/** JSON with object keys sorted by code unit, so equal data always gives equal bytes. */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const child = (value as Record<string, unknown>)[key];
    // defineProperty: a key named __proto__ is data, never the prototype.
    if (child !== undefined) Object.defineProperty(sorted, key, { value: sortKeys(child), enumerable: true, writable: true, configurable: true });
  }
  return sorted;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
