import { CORE_SCHEMA, DEFAULT_SCHEMA, load } from 'js-yaml';

/** YAML 1.1's types on top of YAML 1.2's (js-yaml's default schema), for a document YAML 1.2 cannot read (a !!timestamp, a !!binary). */
const legacySchema = DEFAULT_SCHEMA;

/**
 * An API description's text (OpenAPI, Swagger, or a file one refers to) as data: JSON when the
 * file is named .json and is JSON, YAML 1.2 otherwise. YAML is read by js-yaml, as
 * @readme/openapi-parser reads it (same schemas, same fallback to YAML 1.1 types), and not by
 * `yaml`, which takes about ten times as long on a big document (bench/import-openapi.mjs).
 * Throws on text that is neither.
 */
export function parseApiDocument(text: string, file: string): unknown {
  if (/\.json$/i.test(file)) {
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON after all: YAML (which JSON is) says what is wrong.
    }
  }
  try {
    return load(text, { schema: CORE_SCHEMA, filename: file });
  } catch (error) {
    try {
      return load(text, { schema: legacySchema, filename: file });
    } catch {
      throw error;
    }
  }
}
