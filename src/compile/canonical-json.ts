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
const keyText = memoize((key) => JSON.stringify(key) + ':', 10_000);

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
    const keyed = keyText(key);
    text += first ? keyed + child : ',' + keyed + child;
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

/** What JSON.stringify escapes in a string (a surrogate pair too, to be safe: it goes the slow way). */
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `canonicalJson`'s bytes, written as UTF-8 into one buffer that is reused: a bundle's hashes are
 * fed from it without a text of each resource being made (strings joined part by part, then
 * encoded once per hash, were half of compiling a project and much of its garbage).
 */
export class CanonicalBytes {
  private buffer = Buffer.allocUnsafe(1 << 16);
  private length = 0;

  /** Starts again from the buffer's beginning: what was viewed before is not to be read after. */
  reset(): void {
    this.length = 0;
  }

  /** Writes `canonicalJson(value)`; gives where, for `view`. */
  value(value: unknown): [start: number, end: number] {
    const start = this.length;
    if (!this.write(value)) this.text('null');
    return [start, this.length];
  }

  /** Writes a text as it is (UTF-8). */
  text(text: string): [start: number, end: number] {
    const start = this.length;
    this.room(text.length * 3);
    this.length += this.buffer.write(text, this.length, 'utf8');
    return [start, this.length];
  }

  /** The bytes written at [start, end): valid until the next `reset`. */
  view([start, end]: [number, number]): Buffer {
    return this.buffer.subarray(start, end);
  }

  private byte(byte: number): void {
    this.room(1);
    this.buffer[this.length++] = byte;
  }

  private room(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** As `write` above; false where it gives undefined (nothing written). */
  private write(value: unknown): boolean {
    if (typeof value === 'string') {
      if (needsEscape.test(value)) this.text(JSON.stringify(value));
      else {
        this.room(value.length * 3 + 2);
        this.buffer[this.length++] = 0x22;
        this.length += this.buffer.write(value, this.length, 'utf8');
        this.buffer[this.length++] = 0x22;
      }
      return true;
    }
    if (value === null || typeof value !== 'object') {
      const text = JSON.stringify(value);
      if (text === undefined) return false;
      this.text(text);
      return true;
    }
    if (Array.isArray(value)) {
      this.byte(0x5b);
      for (let index = 0; index < value.length; index++) {
        if (index > 0) this.byte(0x2c);
        if (!this.write(value[index])) this.text('null');
      }
      this.byte(0x5d);
      return true;
    }
    this.byte(0x7b);
    let first = true;
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      // What JSON.stringify leaves out of an object (write gives undefined for it).
      if (child === undefined || typeof child === 'function' || typeof child === 'symbol') continue;
      if (!first) this.byte(0x2c);
      this.text(keyText(key));
      this.write(child);
      first = false;
    }
    this.byte(0x7d);
    return true;
  }
}
