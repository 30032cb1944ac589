import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { ErrorObject, FuncKeywordDefinition, SchemaValidateFunction } from 'ajv';
import v8 from 'node:v8';
import addFormatsModule from 'ajv-formats';

type AddFormats = (ajv: Ajv2020) => Ajv2020;
// ajv-formats is CommonJS with an __esModule flag: Node and the bundler disagree on its default.
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

/**
 * Patterns in users' schemas are regular expressions from the repository: one like
 * `^([a-z0-9]+-?)+$` backtracks exponentially on a near-miss. V8 can switch a regular expression
 * to its linear-time engine after too many backtracks; that engine has no Unicode mode, so
 * patterns are compiled without the `u` flag unless they need it (\p{…}, \u{…}).
 */
function safeRegExp(pattern: string, flags: string): RegExp {
  if (!/\\[pP]\{|\\u\{/.test(pattern)) {
    try {
      return new RegExp(pattern, flags.replace('u', ''));
    } catch {
      // not valid without Unicode mode: compile it as written
    }
  }
  return new RegExp(pattern, flags);
}
safeRegExp.code = 'new RegExp';

/**
 * ajv gathers the errors of a $ref'd schema with vErrors.concat(...), copying every error so far
 * at each failing call: quadratic in the errors of a list whose items are checked through a $ref.
 * This appends them instead (scripts/gen.mjs does the same for weft's own schemas).
 */
function appendReferencedErrors(code: string): string {
  return code.replace(
    /vErrors = vErrors === null \? ([\w$.]+)\.errors : vErrors\.concat\(\1\.errors\)/g,
    '{ if (vErrors === null) vErrors = $1.errors.slice(); else for (const error of $1.errors) vErrors.push(error); }',
  );
}

/**
 * `uniqueItems` in linear time. ajv compares every pair of items unless the schema declares a
 * scalar item type: 40,000 distinct items took 51 seconds. Each item becomes a key (JSON with
 * sorted object keys: equal exactly when the items are equal as JSON data) in a map. Reports the
 * pair ajv would: the last item equal to an earlier one, and the nearest such earlier one.
 */
const validateUniqueItems: SchemaValidateFunction = (unique: boolean, items: unknown[]): boolean => {
  if (!unique) return true;
  const seen = new Map<string, number>();
  let duplicate: { i: number; j: number } | undefined;
  items.forEach((item, index) => {
    const key = itemKey(item);
    const earlier = seen.get(key);
    if (earlier !== undefined) duplicate = { i: index, j: earlier };
    seen.set(key, index);
  });
  if (!duplicate) return true;
  validateUniqueItems.errors = [{ keyword: 'uniqueItems', params: duplicate, message: `must NOT have duplicate items (items ## ${duplicate.j} and ${duplicate.i} are identical)` }];
  return false;
};
const uniqueItems: FuncKeywordDefinition = { keyword: 'uniqueItems', type: 'array', schemaType: 'boolean', errors: true, validate: validateUniqueItems };

/** JSON with object keys sorted: the same text for items equal as JSON data. */
function itemKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(itemKey).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${itemKey((value as Record<string, unknown>)[key])}`).join(',')}}`;
}

let linearFallback = false;
function enableLinearFallback(): void {
  if (linearFallback) return;
  linearFallback = true;
  v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  v8.setFlagsFromString('--regexp-backtracks-before-fallback=50000');
}

/**
 * A schema with `$async: true` somewhere: ajv would compile it into a function that returns a
 * promise, which passes for valid and rejects, unhandled, when the data is not. weft validates as
 * it checks, so such a schema is reported and never run. `at` is the path of the subschema.
 */
export class AsyncSchemaError extends Error {
  constructor(readonly at: string[]) {
    super("async schemas ('$async') are not supported");
  }
}

const subschemaKeywords = ['additionalProperties', 'additionalItems', 'items', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema'];
const subschemaListKeywords = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
const subschemaMapKeywords = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies'];

/** The path of the first subschema with a truthy `$async` (as ajv reads it), walking without recursion. */
function asyncSubschema(schema: unknown): string[] | undefined {
  const isSchemaObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
  const pending: { schema: unknown; at: string[] }[] = [{ schema, at: [] }];
  const seen = new Set<object>();
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { schema: current, at } = next;
    if (!isSchemaObject(current) || seen.has(current)) continue;
    seen.add(current);
    if (current.$async) return at;
    for (const keyword of subschemaKeywords) if (isSchemaObject(current[keyword])) pending.push({ schema: current[keyword], at: [...at, keyword] });
    for (const keyword of subschemaListKeywords) {
      const list = current[keyword];
      if (Array.isArray(list)) list.forEach((item, index) => pending.push({ schema: item, at: [...at, keyword, String(index)] }));
    }
    for (const keyword of subschemaMapKeywords) {
      const map = current[keyword];
      if (isSchemaObject(map)) for (const [name, item] of Object.entries(map)) pending.push({ schema: item, at: [...at, keyword, name] });
    }
  }
  return undefined;
}

/** A compiler of users' schemas with its cache: one compile per distinct schema and run. */
function schemaCompiler(useDefaults: boolean): (schema: object) => ValidateFunction | Error {
  let ajv: Ajv2020 | undefined;
  const cache = new Map<string, ValidateFunction | Error>();
  // By object first: every instance of a connector asks with the same schema object.
  const byObject = new WeakMap<object, ValidateFunction | Error>();
  return (schema) => {
    const known = byObject.get(schema);
    if (known) return known;
    const key = JSON.stringify(schema);
    let compiled = cache.get(key);
    if (compiled) {
      byObject.set(schema, compiled);
      return compiled;
    }
    enableLinearFallback();
    const newAjv = () => {
      // optimize: false skips ajv's pass over the code it generated (a fifth of a compile, and
      // compiles are most of a small project's checks); the code checks the same either way.
      const created = addFormats(new Ajv2020({ allErrors: true, verbose: true, strict: false, validateSchema: false, meta: false, allowUnionTypes: true, useDefaults, code: { regExp: safeRegExp, process: appendReferencedErrors, optimize: false } }));
      created.removeKeyword('uniqueItems');
      return created.addKeyword(uniqueItems);
    };
    // ajv registers a schema's $id (and any nested one) for good and refuses a second schema under
    // it: an edited connector in watch mode, or two connectors that copied one $id. Such a schema
    // gets an Ajv of its own; the others share one, as constructing an Ajv costs milliseconds.
    const compiler = key.includes('"$id"') ? newAjv() : (ajv ??= newAjv());
    const asyncAt = asyncSubschema(schema);
    try {
      if (asyncAt) throw new AsyncSchemaError(asyncAt);
      compiled = compiler.compile(structuredClone(schema));
      // However ajv came to compile an async function, it is never run.
      if ((compiled as { $async?: unknown }).$async) compiled = new AsyncSchemaError([]);
    } catch (error) {
      compiled = error instanceof Error ? error : new Error(String(error));
    }
    cache.set(key, compiled);
    byObject.set(schema, compiled);
    return compiled;
  };
}

/**
 * Compiles a JSON Schema written by a user (a connector's settings schema), once per run.
 * Meta-validation is off because it costs tens of milliseconds at start-up; a malformed schema
 * still fails to compile and is reported with ajv's reason.
 */
export const compileUserSchema = schemaCompiler(false);

/** The same, filling in `default`s as it validates (ajv's useDefaults), for the bundle. */
const compileDefaultingSchema = schemaCompiler(true);

let metaAjv: Ajv2020 | undefined;

/**
 * Why a schema that failed to compile is not a valid JSON Schema, as ajv errors located inside
 * it. Only called after a compile failure: meta-validation is too slow for every run.
 */
export function explainUserSchema(schema: object): ErrorObject[] {
  metaAjv ??= new Ajv2020({ allErrors: true, verbose: true, strict: false });
  metaAjv.validateSchema(schema);
  return [...(metaAjv.errors ?? [])];
}

/**
 * An instance's settings with the `default`s of its connector's settings schema filled in, as the
 * bundle holds them. The settings must already be valid.
 */
export function settingsWithDefaults(schema: object, settings: object): Record<string, unknown> {
  const compiled = compileDefaultingSchema(schema);
  const filled = structuredClone(settings) as Record<string, unknown>;
  if (!(compiled instanceof Error)) compiled(filled);
  return filled;
}
