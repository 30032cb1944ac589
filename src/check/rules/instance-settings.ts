import type { Rule } from '../context.js';
import type { Resource } from '../../schema/resource.js';
import { schemaErrorFindings } from '../../schema/schema-errors.js';
import { compileUserSchema, explainUserSchema } from '../user-schemas.js';
import { suggest } from '../../diagnostics/suggest.js';
import { pointerFrom } from '../../parse/pointer.js';
import { hasOwn, isObject } from '../references.js';

/** Instance settings are valid against their connector's settings schema. */
export const instanceSettings: Rule = {
  codes: ['invalid-settings', 'schema'],
  description: "Instance settings satisfy the connector's settings schema.",
  check(ctx) {
    const broken = new Set<Resource<'Connector'>>();
    for (const instance of ctx.valid('Instance')) {
      const connector = ctx.connectorOfInstance.get(instance.name);
      if (!connector || broken.has(connector)) continue;
      const validate = compileUserSchema(connector.value.spec.settings ?? { type: 'object' });
      if (validate instanceof Error) {
        broken.add(connector);
        const located = schemaErrorFindings(explainUserSchema(connector.value.spec.settings ?? {}), {
          file: connector.file,
          document: connector.document,
          base: '/spec/settings',
          prefix: 'settings is not a valid JSON Schema: ',
          subject: 'settings',
        });
        if (located.length > 0) ctx.findings.push(...located);
        else ctx.report(connector, '/spec/settings', 'schema', `settings is not a valid JSON Schema: ${validate.message.charAt(0).toLowerCase()}${validate.message.slice(1)}`, { atKey: true });
        continue;
      }
      const settings = instance.value.spec.settings ?? {};
      const misspelt = misspeltSettings(connector.value.spec.settings, settings);
      for (const [given, meant] of misspelt) {
        ctx.report(instance, pointerFrom(['spec', 'settings', given]), 'invalid-settings', `connector '${connector.name}' declares no setting '${given}'`, {
          atKey: true,
          hint: `did you mean '${meant}'?`,
        });
      }
      if (validate(settings)) continue;
      const meantNames = new Set(misspelt.values());
      ctx.findings.push(
        ...schemaErrorFindings(
          // "missing 'shop'" beside "no setting 'shpo'; did you mean 'shop'?" is the same typo.
          (validate.errors ?? []).filter((error) => !(error.keyword === 'required' && error.instancePath === '' && meantNames.has((error.params as { missingProperty: string }).missingProperty))),
          {
            file: instance.file,
            document: instance.document,
            base: instance.value.spec.settings === undefined ? '/spec' : '/spec/settings',
            code: 'invalid-settings',
            prefix: `connector '${connector.name}': `,
            subject: 'settings',
          },
        ),
      );
    }
  },
};

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
