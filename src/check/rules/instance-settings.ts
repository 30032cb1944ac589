import type { CheckContext, Rule } from '../context.js';
import type { Resource } from '../../schema/resource.js';
import type { ValidateFunction } from 'ajv';
import { schemaErrorFindings } from '../../schema/schema-errors.js';
import { AsyncSchemaError, compileUserSchema, explainUserSchema } from '../user-schemas.js';
import { suggest } from '../../diagnostics/suggest.js';
import { pointerFrom } from '../../parse/pointer.js';
import { hasOwn, identity, isObject } from '../references.js';

/** A placeholder resolved at run time, anywhere in a string. */
const runtimePlaceholder = /\$\{(env|secret):[^}]+\}/;

/** Instance settings are valid against their connector's settings schema. */
export const instanceSettings: Rule = {
  codes: ['invalid-settings', 'schema'],
  description: "Instance settings satisfy the connector's settings schema.",
  check(ctx) {
    // A connector's own findings depend on it alone: replayed while it is unchanged (also from
    // .weft/cache/), without reading it again.
    for (const connector of ctx.valid('Connector')) {
      const typos = ctx.replayKept('instance-settings:typos', connector, '', () => {
        const found = keywordTypos(connector.value.spec.settings);
        for (const { at, keyword, meant } of found) {
          ctx.report(connector, pointerFrom(['spec', 'settings', ...at, keyword]), 'schema', `'${keyword}' is not a JSON Schema keyword`, { atKey: true, hint: `did you mean '${meant}'?` });
        }
        return found.length;
      });
      if (typos > 0) ctx.brokenSettings.add(connector.name);
    }
    // Whether a connector's settings schema compiles, worked out (and said, on the connector)
    // when an instance first needs it.
    const compiles = new Map<Resource<'Connector'>, boolean>();
    const usable = (connector: Resource<'Connector'>): boolean => {
      let ok = compiles.get(connector);
      if (ok === undefined) {
        const before = ctx.findings.length;
        ctx.perResource('instance-settings:schema', connector, '', () => schemaProblems(ctx, connector));
        compiles.set(connector, (ok = ctx.findings.length === before));
        if (!ok) ctx.brokenSettings.add(connector.name);
      }
      return ok;
    };
    for (const instance of ctx.valid('Instance')) {
      const connector = ctx.connectorOfInstance.get(instance.name);
      if (!connector || ctx.brokenSettings.has(connector.name) || !usable(connector)) continue;
      // What an instance's settings give depends on them and on the connector (its object: an edit makes a new one).
      ctx.perResource('instance-settings', instance, identity(connector), () => {
        const validate = compileUserSchema(connector.value.spec.settings ?? { type: 'object' }) as ValidateFunction;
        const settings = instance.value.spec.settings ?? {};
        const misspelt = misspeltSettings(connector.value.spec.settings, settings);
        for (const [given, meant] of misspelt) {
          ctx.report(instance, pointerFrom(['spec', 'settings', given]), 'invalid-settings', `connector '${connector.name}' declares no setting '${given}'`, {
            atKey: true,
            hint: `did you mean '${meant}'?`,
          });
        }
        if (validate(settings)) return;
        if (validate.errors?.length && validate.errors.every((error) => error.keyword === 'format' && typeof error.data === 'string' && runtimePlaceholder.test(error.data))) return;
        const meantNames = new Set(misspelt.values());
        const located = schemaErrorFindings(
          // "missing 'shop'" beside "no setting 'shpo'; did you mean 'shop'?" is the same typo.
          (validate.errors ?? []).filter(
            (error) =>
              !(error.keyword === 'required' && error.instancePath === '' && meantNames.has((error.params as { missingProperty: string }).missingProperty)) &&
              // A value the engine resolves at run time (${env:…}, ${secret:…}) is not known here:
              // its format (uri, email, …) is the resolved value's, checked when it runs.
              !(error.keyword === 'format' && typeof error.data === 'string' && runtimePlaceholder.test(error.data)),
          ),
          {
            file: instance.file,
            document: instance.document,
            base: instance.value.spec.settings === undefined ? '/spec' : '/spec/settings',
            code: 'invalid-settings',
            prefix: `connector '${connector.name}': `,
            subject: 'settings',
          },
        );
        ctx.add(located); // (a loop, not push(...): settings with 200,000 bad keys have as many findings)
      });
    }
  },
};

/** What is wrong with a connector's settings schema that keeps it from compiling: said on the connector (nothing when it compiles). */
function schemaProblems(ctx: CheckContext, connector: Resource<'Connector'>): void {
  const validate = compileUserSchema(connector.value.spec.settings ?? { type: 'object' });
  if (validate instanceof AsyncSchemaError) {
    ctx.report(connector, pointerFrom(['spec', 'settings', ...validate.at, '$async']), 'schema', "settings uses '$async': async schemas are not supported", {
      atKey: true,
      hint: "remove '$async': weft validates settings synchronously",
    });
    return;
  }
  if (!(validate instanceof Error)) return;
  const located = schemaErrorFindings(explainUserSchema(connector.value.spec.settings ?? {}), {
    file: connector.file,
    document: connector.document,
    base: '/spec/settings',
    prefix: 'settings is not a valid JSON Schema: ',
    subject: 'settings',
  });
  if (located.length > 0) ctx.add(located);
  else ctx.report(connector, '/spec/settings', 'schema', `settings is not a valid JSON Schema: ${validate.message.charAt(0).toLowerCase()}${validate.message.slice(1)}`, { atKey: true });
}

/**
 * Settings the schema does not declare that look like a declared one misspelt. A schema without
 * `additionalProperties` accepts any extra key, so ajv would say nothing about `shpo: acme`.
 */
function misspeltSettings(schema: unknown, settings: Record<string, unknown>): Map<string, string> {
  const misspelt = new Map<string, string>();
  if (!isObject(schema) || !isObject(schema.properties) || schema.additionalProperties !== undefined || schema.patternProperties !== undefined) return misspelt;
  const declared = Object.keys(schema.properties);
  for (const given of Object.keys(settings)) {
    if (hasOwn(schema.properties, given)) continue;
    const meant = suggest(given, declared.filter((name) => !hasOwn(settings, name)));
    if (meant) misspelt.set(given, meant);
  }
  return misspelt;
}

/** JSON Schema 2020-12 keywords (and a few common older ones). */
const keywords = new Set([
  '$schema', '$id', '$ref', '$defs', '$anchor', '$dynamicRef', '$dynamicAnchor', '$comment', '$vocabulary', 'definitions',
  'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength',
  'pattern', 'maxItems', 'minItems', 'uniqueItems', 'maxContains', 'minContains', 'maxProperties', 'minProperties', 'required',
  'dependentRequired', 'properties', 'patternProperties', 'additionalProperties', 'propertyNames', 'unevaluatedProperties',
  'unevaluatedItems', 'items', 'prefixItems', 'contains', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else',
  'dependentSchemas', 'dependencies', 'format', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly',
  'writeOnly', 'contentEncoding', 'contentMediaType', 'contentSchema',
]);

/**
 * Misspelt keywords in a settings schema and its properties' schemas ('propertes'): JSON Schema
 * ignores unknown keywords, so the typo would silently switch the check off. Keywords that are
 * not near a real one (extensions such as x-docs) are left alone.
 */
function keywordTypos(schema: unknown, at: string[] = [], depth = 0): { at: string[]; keyword: string; meant: string }[] {
  if (!isObject(schema) || depth > 2) return [];
  const typos: { at: string[]; keyword: string; meant: string }[] = [];
  for (const keyword of Object.keys(schema)) {
    if (keywords.has(keyword)) continue;
    const meant = suggest(keyword, keywords);
    if (meant) typos.push({ at, keyword, meant });
  }
  if (isObject(schema.properties)) {
    for (const [name, property] of Object.entries(schema.properties)) typos.push(...keywordTypos(property, [...at, 'properties', name], depth + 1));
  }
  return typos;
}
