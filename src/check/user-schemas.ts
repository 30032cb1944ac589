import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

type AddFormats = (ajv: Ajv2020) => Ajv2020;
// ajv-formats is CommonJS with an __esModule flag: Node and the bundler disagree on its default.
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

let ajv: Ajv2020 | undefined;
let metaAjv: Ajv2020 | undefined;
const cache = new Map<string, ValidateFunction | Error>();

/**
 * Compiles a JSON Schema written by a user (a connector's settings schema), once per run.
 * Meta-validation is off because it costs tens of milliseconds at start-up; a malformed schema
 * still fails to compile and is reported with ajv's reason.
 */
export function compileUserSchema(schema: object): ValidateFunction | Error {
  const key = JSON.stringify(schema);
  let compiled = cache.get(key);
  if (compiled) return compiled;
  ajv ??= addFormats(new Ajv2020({ allErrors: true, verbose: true, strict: false, validateSchema: false, meta: false, allowUnionTypes: true }));
  try {
    compiled = ajv!.compile(structuredClone(schema));
  } catch (error) {
    compiled = error instanceof Error ? error : new Error(String(error));
  }
  cache.set(key, compiled);
  return compiled;
}

/**
 * Why a schema that failed to compile is not a valid JSON Schema, as ajv errors located inside
 * it. Only called after a compile failure: meta-validation is too slow for every run.
 */
export function explainUserSchema(schema: object): ErrorObject[] {
  metaAjv ??= new Ajv2020({ allErrors: true, verbose: true, strict: false });
  metaAjv.validateSchema(schema);
  return [...(metaAjv.errors ?? [])];
}
