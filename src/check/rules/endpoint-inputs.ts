import type { Rule } from '../context.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { pointerFrom } from '../../parse/pointer.js';
import { schemaErrorFindings } from '../../schema/schema-errors.js';
import { AsyncSchemaError, compileUserSchema, explainUserSchema } from '../user-schemas.js';

/** An endpoint's inputs are valid JSON Schemas, and it requires only inputs it declares. */
export const endpointInputs: Rule = {
  codes: ['unknown-input', 'schema'],
  description: "An endpoint's inputs are valid schemas and its requiredInputs are among them.",
  check(ctx) {
    // A connector's endpoints are its own business: replayed while it is unchanged (also from .weft/cache/).
    ctx.sweep('endpoint-inputs', ctx.valid('Connector'), (connector) => {
      for (const [name, endpoint] of Object.entries(connector.value.spec.endpoints ?? {})) {
        for (const [input, schema] of Object.entries(endpoint.inputs ?? {})) {
          const compiled = compileUserSchema(schema);
          if (!(compiled instanceof Error)) continue;
          if (compiled instanceof AsyncSchemaError) {
            ctx.report(connector, pointerFrom(['spec', 'endpoints', name, 'inputs', input, ...compiled.at, '$async']), 'schema', `input '${input}' uses '$async': async schemas are not supported`, {
              atKey: true,
              hint: "remove '$async': weft validates inputs synchronously",
            });
            continue;
          }
          const located = schemaErrorFindings(explainUserSchema(schema), {
            file: connector.file,
            document: connector.document,
            base: pointerFrom(['spec', 'endpoints', name, 'inputs', input]),
            prefix: `input '${input}' is not a valid JSON Schema: `,
            subject: input,
          });
          ctx.add(located);
        }
        const declared = Object.keys(endpoint.inputs ?? {});
        (endpoint.requiredInputs ?? []).forEach((input, index) => {
          if (declared.includes(input)) return;
          ctx.report(connector, pointerFrom(['spec', 'endpoints', name, 'requiredInputs', String(index)]), 'unknown-input', `endpoint '${name}' requires input '${input}', which its inputs do not declare`, {
            hint: didYouMean(input, declared) ?? `declare it under inputs: { ${input}: { type: string } }`,
          });
        });
      }
    });
  },
};
