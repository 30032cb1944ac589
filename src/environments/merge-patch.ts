import { isObject } from '../lex/is-object.js';

/** A path a patch set, or deleted (null), as a JSON pointer into the resource. */
export interface PatchedPath {
  pointer: string;
  deleted: boolean;
}

/**
 * JSON Merge Patch (RFC 7396): objects merge recursively, null deletes a key, anything else
 * (scalars, arrays) replaces. Never changes its arguments; parts the patch does not touch stay
 * the target's own objects. `record` hears each path the patch set or deleted, so a diagnostic at
 * a value can point at the patch line that wrote it.
 */
export function mergePatch(target: unknown, patch: unknown, at: string, record: (path: PatchedPath) => void): unknown {
  if (!isObject(patch)) {
    record({ pointer: at, deleted: false });
    return patch;
  }
  const base = isObject(target) ? target : undefined;
  // A patch object over a scalar, a list or nothing: the whole object is the patch's (without its nulls).
  if (!base) record({ pointer: at, deleted: false });
  const result: Record<string, unknown> = base ? { ...base } : {};
  for (const [key, value] of Object.entries(patch)) {
    const pointer = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (value === null) {
      delete result[key];
      if (base) record({ pointer, deleted: true });
      continue;
    }
    const merged = base ? mergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value, pointer, record) : mergePatch(undefined, value, pointer, () => {});
    // defineProperty, not assignment: a key named __proto__ is data, never the object's prototype.
    Object.defineProperty(result, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

