import semver from 'semver';
import type { Rule } from '../context.js';
import { suggest } from '../../diagnostics/suggest.js';
import { connectorReference, stringsUnderKey } from '../references.js';

/** An instance's connector exists and its version satisfies the instance's range. */
export const instanceConnector: Rule = {
  codes: ['unknown-connector', 'connector-version'],
  description: "Instances name a connector of the project, in a version their range accepts.",
  check(ctx) {
    for (const instance of ctx.instances.values()) {
      if (!instance.valid) {
        for (const text of stringsUnderKey(instance.value.spec, 'con')) ctx.usedConnectors.add(connectorReference(text)!.name);
      }
      const reference = connectorReference((instance.value.spec as { connector?: unknown } | undefined)?.connector);
      if (!reference) continue;
      const connector = ctx.connectors.get(reference.name);
      if (!connector) {
        const likely = suggest(reference.name, ctx.connectors.keys());
        if (likely) ctx.usedConnectors.add(likely);
        if (instance.valid && !ctx.salvagedNames.has(reference.name)) {
          ctx.report(instance, '/spec/connector', 'unknown-connector', `instance '${instance.name}' uses connector '${reference.name}', which is not defined`, {
            hint: likely ? `did you mean '${likely}'?` : undefined,
            group: `unknown-connector:${reference.name}`,
          });
        }
        continue;
      }
      ctx.usedConnectors.add(reference.name);
      if (!instance.valid) continue;
      if (reference.range !== undefined) {
        const version = (connector.value.spec as { version?: unknown } | undefined)?.version;
        if (semver.validRange(reference.range) === null) {
          ctx.report(instance, '/spec/connector', 'connector-version', `'${reference.range}' is not a valid semver range (for example ^1.2 or ~1.4.0)`);
          continue;
        }
        if (typeof version === 'string' && semver.valid(version) && !semver.satisfies(version, reference.range)) {
          ctx.report(instance, '/spec/connector', 'connector-version', `connector '${reference.name}' is version ${version}, which does not satisfy '${reference.range}'`, {
            hint: `the project defines ${reference.name} ${version}; use ${reference.name}@^${semver.major(version)}${semver.major(version) === 0 ? `.${semver.minor(version)}` : ''} or update the connector`,
          });
          continue;
        }
      }
      if (connector.valid) ctx.connectorOfInstance.set(instance.name, connector);
    }
  },
};
