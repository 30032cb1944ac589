import type { Rule } from '../context.js';
import type { Resource } from '../../schema/resource.js';
import { schemaErrorFindings } from '../../schema/schema-errors.js';
import { compileUserSchema, explainUserSchema } from '../user-schemas.js';

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
      if (validate(settings)) continue;
      ctx.findings.push(
        ...schemaErrorFindings(validate.errors ?? [], {
          file: instance.file,
          document: instance.document,
          base: instance.value.spec.settings === undefined ? '/spec' : '/spec/settings',
          code: 'invalid-settings',
          prefix: `connector '${connector.name}': `,
          subject: 'settings',
        }),
      );
    }
  },
};
