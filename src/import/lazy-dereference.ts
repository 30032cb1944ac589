import path from 'node:path';
import { isObject } from '../lex/is-object.js';

/**
 * An OpenAPI document as if it were dereferenced, with its $refs followed when a value is read
 * and not before: an import reads the operations and the few schemas their parameters and
 * answers name, so most of a big document (examples, components no operation uses, schemas
 * nested deeper than an input keeps) is never walked. Reading a value gives what its `$ref`
 * points at, followed through chains, with the reference's siblings over it (`{ $ref,
 * description }` keeps its description), as a dereferenced document has it; objects and arrays
 * come as views that do the same. A recursive schema needs no special care: whoever reads it
 * stops at a depth of its own.
 *
 * A $ref to another file is read with `read` (the caller decides which files may be read);
 * `file` is where the document is, which relative references start from. A reference that
 * cannot be followed throws a RefError when it is read.
 */
export function lazyDereference<T>(root: T, options: { file?: string; read?: ReadReferenced } = {}): T {
  const resolve = referenceResolver(root, options);
  const views = new WeakMap<object, object>();
  const handler: ProxyHandler<object> = {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      return typeof key === 'symbol' ? value : view(value);
    },
  };
  const view = (value: unknown): unknown => {
    const target = resolve(value);
    // Only the document's own mappings and sequences: a Date (a YAML 1.1 timestamp) or a Buffer keeps its methods.
    if (typeof target !== 'object' || target === null || !(Array.isArray(target) || isPlainObject(target))) return target;
    const existing = views.get(target);
    if (existing !== undefined) return existing;
    const proxy = new Proxy(target, handler);
    views.set(target, proxy);
    return proxy;
  };
  return view(root) as T;
}

/**
 * Reads a file the document refers to (an absolute path, or the reference as written when it is
 * a URL) and returns its parsed content; throws when it may not or cannot be read.
 */
export type ReadReferenced = (location: string) => unknown;

/** A $ref the import needed and could not follow: into a file not read, or to nothing. */
export class RefError extends Error {}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Follows a `{ $ref }` to what it points at (the same object every time); anything else is itself. */
function referenceResolver(root: unknown, options: { file?: string; read?: ReadReferenced }): (value: unknown) => any {
  const rootFile = options.file === undefined ? undefined : path.resolve(options.file);
  // Other files by location; their relative $refs are made absolute when they are read (below).
  const files = new Map<string, unknown>();
  const resolved = new WeakMap<object, unknown>();

  /** A file's parsed content by its location. */
  const fileAt = (location: string, ref: string): unknown => {
    if (location === rootFile) return root;
    if (files.has(location)) return files.get(location);
    if (!options.read) throw new RefError(`$ref '${ref}' is to another file, and this import reads none`);
    let content: unknown;
    try {
      content = options.read(location);
    } catch (error) {
      throw new RefError(`$ref '${ref}': ${(error as Error).message}`);
    }
    absoluteRefs(content, location);
    files.set(location, content);
    return content;
  };

  // By the reference as written: a shared parameter's '#/components/parameters/cursor' is looked up once.
  const targets = new Map<string, unknown>();
  /** What one $ref string points at. */
  const target = (ref: string): unknown => {
    if (targets.has(ref)) return targets.get(ref);
    const found = lookUp(ref);
    targets.set(ref, found);
    return found;
  };
  const lookUp = (ref: string): unknown => {
    const hash = ref.indexOf('#');
    const where = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? '' : ref.slice(hash + 1);
    const document = where === '' ? root : fileAt(locationOf(where, rootFile), ref);
    if (pointer === '') return document;
    if (!pointer.startsWith('/')) throw new RefError(`$ref '${ref}': weft follows JSON pointers (#/…), not anchors`);
    return at(document, pointer.slice(1).split('/').map(unescapeToken), ref, resolve);
  };

  const resolving = new Set<object>();
  const resolve = (value: unknown): any => {
    if (!isObject(value) || typeof value.$ref !== 'string') return value;
    if (resolved.has(value)) return resolved.get(value);
    // A chain of $refs that comes back to itself points at nothing: it stays as it is.
    if (resolving.has(value)) return value;
    resolving.add(value);
    try {
      const pointed = resolve(target(value.$ref));
      const result = Object.keys(value).length > 1 && isObject(pointed) ? withSiblings(value, pointed) : pointed;
      resolved.set(value, result);
      return result;
    } finally {
      resolving.delete(value);
    }
  };
  return resolve;
}

/** A $ref's file part as a location: URLs as written, paths from the referring document's folder. */
function locationOf(where: string, base: string | undefined): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(where) && !/^[a-z]:[\\/]/i.test(where)) return where;
  let decoded = where;
  try {
    decoded = decodeURI(where);
  } catch {
    // Not percent-encoded: the path as written.
  }
  return path.resolve(base === undefined ? process.cwd() : path.dirname(base), decoded);
}

function unescapeToken(token: string): string {
  let decoded = token;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    // A lone '%': the token as written.
  }
  return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value at a JSON pointer's tokens, following $refs on the way (as a dereferenced document has them). */
function at(document: unknown, tokens: string[], ref: string, resolve: (value: unknown) => unknown): unknown {
  let current = document;
  for (const token of tokens) {
    current = resolve(current);
    const next = Array.isArray(current) ? (/^\d+$/.test(token) ? current[Number(token)] : undefined) : isObject(current) && Object.hasOwn(current, token) ? current[token] : undefined;
    if (next === undefined) throw new RefError(`$ref '${ref}' points at nothing`);
    current = next;
  }
  return current;
}

/**
 * `{ $ref, ...siblings }`: the siblings, then what the target has that they do not; an object both
 * have is merged, the sibling's keys first (as @apidevtools/json-schema-ref-parser merges them).
 */
function withSiblings(reference: Record<string, unknown>, target: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(reference)) if (key !== '$ref') merged[key] = value;
  for (const [key, value] of Object.entries(target)) {
    if (!Object.hasOwn(merged, key)) merged[key] = value;
    else if (isObject(merged[key]) && isObject(value)) merged[key] = deepMerge(value, merged[key] as Record<string, unknown>);
  }
  return merged;
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(source)) merged[key] = isObject(value) && isObject(merged[key]) ? deepMerge(merged[key] as Record<string, unknown>, value) : value;
  return merged;
}

/** Makes the relative $refs of a file read for a reference absolute (they are relative to it, not to the root). */
function absoluteRefs(content: unknown, location: string): void {
  const stack = [content];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
      continue;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === 'string') {
      const hash = record.$ref.indexOf('#');
      const where = hash === -1 ? record.$ref : record.$ref.slice(0, hash);
      const fragment = hash === -1 ? '' : record.$ref.slice(hash);
      // Encoded as written references are, so that reading it again decodes it to the same path.
      record.$ref = `${encodeURI(where === '' ? location : locationOf(where, location))}${fragment}`;
    }
    for (const value of Object.values(record)) stack.push(value);
  }
}
