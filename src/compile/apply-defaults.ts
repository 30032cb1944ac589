import { schemas } from '../generated/schemas.js';
import { isObject } from '../lex/is-object.js';

type Schema = Record<string, any>;

const byId = new Map<string, Schema>(Object.values(schemas).map((schema) => [String(schema.$id), schema as Schema]));

/**
 * Fills in the `default`s of a resource's JSON Schema (the single source of truth for them),
 * following $ref, properties, additionalProperties, items, discriminated oneOf and if/then/else.
 * Returns a new value; the input is not changed. Assumes the value is valid against the schema.
 * What nothing is added under is the input's own (shared, not copied): the returned document and
 * its top-level fields are new objects, what is below them is to be read, not changed.
 */
export function applyDefaults(value: unknown, kind: string): unknown {
  const schema = byId.get(`https://weft.dev/schemas/v1/${kind.toLowerCase()}.schema.json`);
  if (!schema) throw new Error(`no schema for kind ${kind}`);
  const filler = fillerOf(schema, schema);
  const filled = filler ? fill(value, filler, undefined) : value;
  if (!isObject(filled)) return filled;
  // The document and its fields new, whatever was added: a caller may set a field's fields (an instance's spec).
  const document = filled === value ? copyOf(filled) : filled;
  for (const key of Object.keys(document)) {
    const field = document[key];
    if (isObject(field) && isObject(value) && Object.prototype.hasOwnProperty.call(value, key) && field === value[key]) setOwn(document, key, copyOf(field));
  }
  return document;
}

/**
 * What filling a value with one schema does, worked out once per schema: only the parts under
 * which a default is reachable (`fillsAnything`); a part that adds nothing is null.
 */
interface Filler {
  ref: Filler | null;
  /** The properties with a default, and it. */
  defaults: [key: string, fallback: unknown][];
  /** Each declared property's filler (null: declared, adds nothing). */
  properties: Map<string, Filler | null>;
  /** The filler of keys not declared. */
  additional: Filler | null;
  /** A discriminated oneOf: the tag, and the filler of the first branch for each tag value. */
  discriminator: { tag: string; branches: Map<unknown, Filler | null> } | null;
  allOf: Filler[];
  condition: { required: string[]; consts: [key: string, value: unknown][]; then: Filler | null; else: Filler | null } | null;
  items: Filler | null;
}

const fillers = new WeakMap<Schema, Filler | null>();

function fillerOf(schema: Schema | boolean | undefined, document: Schema): Filler | null {
  if (typeof schema !== 'object' || schema === null) return null;
  const known = fillers.get(schema);
  if (known !== undefined) return known;
  if (!fillsAnything(schema, document)) {
    fillers.set(schema, null);
    return null;
  }
  // Made before its parts: a schema may reach itself (a step's steps).
  const filler: Filler = { ref: null, defaults: defaultsOf(schema, document), properties: new Map(), additional: null, discriminator: null, allOf: [], condition: null, items: null };
  fillers.set(schema, filler);
  if (schema.$ref) filler.ref = fillerOf(...resolve(schema.$ref, document));
  for (const [key, property] of Object.entries((schema.properties ?? {}) as Schema)) filler.properties.set(key, fillerOf(property, document));
  filler.additional = fillerOf(schema.additionalProperties, document);
  if (schema.discriminator && Array.isArray(schema.oneOf)) {
    const tag = schema.discriminator.propertyName as string;
    const branches = new Map<unknown, Filler | null>();
    for (const candidate of schema.oneOf as Schema[]) {
      // The first branch whose const is the tag's value (a branch without one is the first for a value without the tag).
      const value = candidate.properties?.[tag]?.const;
      if (!branches.has(value)) branches.set(value, fillerOf(candidate, document));
    }
    filler.discriminator = { tag, branches };
  }
  if (Array.isArray(schema.allOf)) for (const part of schema.allOf as Schema[]) {
    const partFiller = fillerOf(part, document);
    if (partFiller) filler.allOf.push(partFiller);
  }
  if (schema.if && (schema.then || schema.else)) {
    const required: string[] = schema.if.required ?? [];
    const consts = Object.entries((schema.if.properties ?? {}) as Record<string, Schema>).flatMap(([key, property]) => (property.const === undefined ? [] : [[key, property.const] as [string, unknown]]));
    filler.condition = { required, consts, then: fillerOf(schema.then, document), else: fillerOf(schema.else, document) };
  }
  filler.items = fillerOf(schema.items, document);
  return filler;
}

/**
 * The value with its defaults filled in: the value itself when nothing is added under it, else a
 * copy of each object and list on the way to what was added, made once (`owned`: the copy this
 * fill made already, to be changed in place).
 */
function fill(value: unknown, filler: Filler, owned: unknown): unknown {
  if (filler.ref) {
    const filled = fill(value, filler.ref, owned);
    if (filled !== value) owned = value = filled;
  }
  if (isObject(value)) {
    let object = value;
    const own = () => (owned === object ? object : (owned = object = copyOf(object)));
    for (const [key, fallback] of filler.defaults) if (!Object.prototype.hasOwnProperty.call(object, key)) setOwn(own(), key, structuredClone(fallback));
    for (const key of Object.keys(object)) {
      const declared = filler.properties.get(key);
      const child = declared === undefined ? filler.additional : declared;
      if (!child) continue;
      const before = object[key];
      const filled = fill(before, child, undefined);
      if (filled !== before) setOwn(own(), key, filled);
    }
    const then = (next: Filler | null | undefined) => {
      if (!next) return;
      const filled = fill(object, next, owned) as Record<string, unknown>;
      if (filled !== object) owned = object = filled;
    };
    if (filler.discriminator) then(filler.discriminator.branches.get(object[filler.discriminator.tag]));
    for (const part of filler.allOf) then(part);
    const condition = filler.condition;
    if (condition) {
      const has = (key: string) => Object.prototype.hasOwnProperty.call(object, key);
      const holds = condition.required.every(has) && condition.consts.every(([key, value]) => !has(key) || object[key] === value);
      then(holds ? condition.then : condition.else);
    }
    return object;
  }
  if (Array.isArray(value) && filler.items) {
    let list: unknown[] = value;
    for (let index = 0; index < value.length; index++) {
      const filled = fill(value[index], filler.items, undefined);
      if (filled === value[index]) continue;
      if (list === value && owned !== value) owned = list = value.slice();
      list[index] = filled;
    }
    return list;
  }
  return value;
}

/** A shallow copy of an object as YAML gives it; a key like __proto__ stays data. */
function copyOf(object: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object)) setOwn(copy, key, object[key]);
  return copy;
}

function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** Whether `fill` can add anything under a schema: a default is reachable the ways it walks. Once per schema. */
const fillsBySchema = new WeakMap<Schema, boolean>();

function fillsAnything(schema: Schema, document: Schema): boolean {
  let fills = fillsBySchema.get(schema);
  if (fills === undefined) fillsBySchema.set(schema, (fills = reachesDefault(schema, document)));
  return fills;
}

/** A search of the schemas `fill` would go through from this one (each once: schemas refer to themselves). */
function reachesDefault(start: Schema, startDocument: Schema): boolean {
  const pending: [Schema | boolean | undefined, Schema][] = [[start, startDocument]];
  const seen = new Set<Schema>();
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [schema, document] = next;
    if (typeof schema !== 'object' || schema === null || seen.has(schema)) continue;
    seen.add(schema);
    if (schema.$ref) pending.push(resolve(schema.$ref, document));
    if (defaultsOf(schema, document).length > 0) return true;
    for (const property of Object.values((schema.properties ?? {}) as Schema)) pending.push([property, document]);
    pending.push([schema.additionalProperties, document], [schema.items, document], [schema.then, document], [schema.else, document]);
    if (schema.discriminator && Array.isArray(schema.oneOf)) for (const branch of schema.oneOf as Schema[]) pending.push([branch, document]);
    if (Array.isArray(schema.allOf)) for (const part of schema.allOf as Schema[]) pending.push([part, document]);
  }
  return false;
}

/** The properties of an object schema that have a default, with it; worked out once per schema. */
const defaultsBySchema = new WeakMap<Schema, [string, unknown][]>();

function defaultsOf(schema: Schema, document: Schema): [string, unknown][] {
  let defaults = defaultsBySchema.get(schema);
  if (!defaults) {
    defaults = Object.entries((schema.properties ?? {}) as Schema).flatMap(([key, property]) => {
      const fallback = defaultOf(property, document);
      return fallback === undefined ? [] : [[key, fallback] as [string, unknown]];
    });
    defaultsBySchema.set(schema, defaults);
  }
  return defaults;
}

function defaultOf(schema: Schema | boolean, document: Schema): unknown {
  if (typeof schema !== 'object') return undefined;
  if (schema.default !== undefined) return schema.default;
  if (schema.$ref) {
    const [target, targetDocument] = resolve(schema.$ref, document);
    return defaultOf(target, targetDocument);
  }
  return undefined;
}

/** Resolved $refs, by the referring document and the reference: resolving one parses a URL. */
const resolved = new Map<Schema, Map<string, [Schema, Schema]>>();

function resolve(reference: string, document: Schema): [Schema, Schema] {
  let known = resolved.get(document);
  if (!known) resolved.set(document, (known = new Map()));
  let target = known.get(reference);
  if (!target) known.set(reference, (target = resolveUncached(reference, document)));
  return target;
}

function resolveUncached(reference: string, document: Schema): [Schema, Schema] {
  const [file, fragment = ''] = reference.split('#');
  const target = file ? byId.get(new URL(file, String(document.$id)).href) : document;
  if (!target) throw new Error(`unresolved $ref ${reference}`);
  let node: any = target;
  for (const segment of fragment.split('/').filter(Boolean)) node = node[segment];
  return [node as Schema, target];
}
