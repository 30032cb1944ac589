import { schemas } from '../generated/schemas.js';
import { isObject } from '../lex/is-object.js';

type Schema = Record<string, any>;

const byId = new Map<string, Schema>(Object.values(schemas).map((schema) => [String(schema.$id), schema as Schema]));

/**
 * Fills in the `default`s of a resource's JSON Schema (the single source of truth for them),
 * following $ref, properties, additionalProperties, items, discriminated oneOf and if/then/else.
 * Returns a new value; the input is not changed. Assumes the value is valid against the schema.
 */
export function applyDefaults(value: unknown, kind: string): unknown {
  const schema = byId.get(`https://weft.dev/schemas/v1/${kind.toLowerCase()}.schema.json`);
  if (!schema) throw new Error(`no schema for kind ${kind}`);
  return fill(cloneJson(value), schema, schema);
}

function fill(value: unknown, schema: Schema | boolean, document: Schema): unknown {
  // Most of a resource (inputs, expressions, settings) is under schemas without any default:
  // not walked at all.
  if (typeof schema !== 'object' || !fillsAnything(schema, document)) return value;
  if (schema.$ref) {
    const [target, targetDocument] = resolve(schema.$ref, document);
    value = fill(value, target, targetDocument);
  }
  if (isObject(value)) {
    const properties: Schema = schema.properties ?? {};
    for (const [key, fallback] of defaultsOf(schema, document)) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) value[key] = structuredClone(fallback);
    }
    for (const key of Object.keys(value)) {
      const propertySchema = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : schema.additionalProperties;
      if (propertySchema !== undefined) value[key] = fill(value[key], propertySchema, document);
    }
    if (schema.discriminator && Array.isArray(schema.oneOf)) {
      const tag = schema.discriminator.propertyName as string;
      const tagValue = (value as Record<string, unknown>)[tag];
      const branch = (schema.oneOf as Schema[]).find((candidate) => candidate.properties?.[tag]?.const === tagValue);
      if (branch) value = fill(value, branch, document);
    }
    if (Array.isArray(schema.allOf)) for (const part of schema.allOf as Schema[]) value = fill(value, part, document);
    if (schema.if && (schema.then || schema.else)) {
      const chosen = matchesCondition(value as Record<string, unknown>, schema.if) ? schema.then : schema.else;
      if (chosen) value = fill(value, chosen, document);
    }
  } else if (Array.isArray(value) && schema.items) {
    return value.map((item) => fill(item, schema.items, document));
  }
  return value;
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

/** The only conditions weft's schemas use: required properties with const values. */
function matchesCondition(value: Record<string, unknown>, condition: Schema): boolean {
  const required: string[] = condition.required ?? [];
  if (!required.every((key) => Object.prototype.hasOwnProperty.call(value, key))) return false;
  return Object.entries((condition.properties ?? {}) as Record<string, Schema>).every(
    ([key, property]) => property.const === undefined || !Object.prototype.hasOwnProperty.call(value, key) || value[key] === property.const,
  );
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

/** A deep copy of plain data as YAML gives it (objects, arrays, scalars); keys like __proto__ stay data. */
function cloneJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneJson);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = cloneJson((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(copy, key, { value: child, enumerable: true, writable: true, configurable: true });
    else copy[key] = child;
  }
  return copy;
}

