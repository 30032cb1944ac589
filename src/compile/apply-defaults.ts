import { schemas } from '../generated/schemas.js';

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
  return fill(structuredClone(value), schema, schema);
}

function fill(value: unknown, schema: Schema | boolean, document: Schema): unknown {
  if (typeof schema !== 'object') return value;
  if (schema.$ref) {
    const [target, targetDocument] = resolve(schema.$ref, document);
    value = fill(value, target, targetDocument);
  }
  if (isObject(value)) {
    const properties: Schema = schema.properties ?? {};
    for (const [key, propertySchema] of Object.entries(properties)) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) {
        const fallback = defaultOf(propertySchema, document);
        if (fallback !== undefined) value[key] = structuredClone(fallback);
      }
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

function resolve(reference: string, document: Schema): [Schema, Schema] {
  const [file, fragment = ''] = reference.split('#');
  const target = file ? byId.get(new URL(file, String(document.$id)).href) : document;
  if (!target) throw new Error(`unresolved $ref ${reference}`);
  let node: any = target;
  for (const segment of fragment.split('/').filter(Boolean)) node = node[segment];
  return [node as Schema, target];
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
