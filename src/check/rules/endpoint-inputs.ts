import type { Rule } from '../context.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { pointerFrom } from '../../parse/pointer.js';

/** An endpoint requires only inputs it declares. */
export const endpointInputs: Rule = {
  codes: ['unknown-input'],
  description: "An endpoint's requiredInputs are among its inputs.",
  check(ctx) {
    for (const connector of ctx.valid('Connector')) {
      for (const [name, endpoint] of Object.entries(connector.value.spec.endpoints ?? {})) {
        const declared = Object.keys(endpoint.inputs ?? {});
        (endpoint.requiredInputs ?? []).forEach((input, index) => {
          if (declared.includes(input)) return;
          ctx.report(connector, pointerFrom(['spec', 'endpoints', name, 'requiredInputs', String(index)]), 'unknown-input', `endpoint '${name}' requires input '${input}', which its inputs do not declare`, {
            hint: didYouMean(input, declared) ?? `declare it under inputs: { ${input}: { type: string } }`,
          });
        });
      }
    }
  },
};
