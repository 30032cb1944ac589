import semver from 'semver';
import type { Rule } from '../context.js';
import type { Resource } from '../../schema/resource.js';
import { suggest } from '../../diagnostics/suggest.js';
import { connectorReference, memoize, stringsUnderKey } from '../references.js';

/** An instance's connector exists and its version satisfies the instance's range. */
export const instanceConnector: Rule = {
  codes: ['unknown-connector', 'connector-version'],
  description: "Instances name a connector of the project, in a version their range accepts.",
  check(ctx) {
    // Many instances share a missing name or a range: each is worked out once per run.
    const likelyFor = memoize((name: string) => suggest(name, ctx.connectors.keys()));
    const rangeValid = memoize((range: string) => semver.validRange(range) !== null);
    const versionValid = memoize((version: string) => semver.valid(version) !== null);
    const satisfies = memoize((key: string) => {
      const [version, range] = key.split('\u0000') as [string, string];
      return semver.satisfies(version, range);
    });
    for (const instance of ctx.instances.values()) {
      // What an instance names depends on it alone: kept with it (also in .weft/cache/), so an
      // instance read from the cache is not read for it.
      const named = ctx.keptOf('instance-connector:names', instance, namedBy);
      for (const text of named.guesses) ctx.usedConnectors.add(connectorReference(text)!.name);
      const reference = connectorReference(named.connector);
      if (!reference) continue;
      const connector = ctx.connectors.get(reference.name);
      if (!connector) {
        const likely = likelyFor(reference.name);
        if (likely) ctx.usedConnectors.add(likely);
        if (instance.valid && !ctx.salvagedNames.has(reference.name)) {
          ctx.report(instance, '/spec/connector', 'unknown-connector', `instance '${instance.name}' uses connector '${reference.name}', which is not defined`, {
            hint: likely ? `did you mean '${likely}'?` : notInstalled(ctx.missingPackages),
            group: `unknown-connector:${reference.name}`,
          });
        }
        continue;
      }
      ctx.usedConnectors.add(reference.name);
      if (!instance.valid) continue;
      if (reference.range !== undefined) {
        const version = ctx.keptOf('instance-connector:version', connector, versionOf);
        if (!rangeValid(reference.range)) {
          ctx.report(instance, '/spec/connector', 'connector-version', `'${reference.range}' is not a valid semver range (for example ^1.2 or ~1.4.0)`);
          continue;
        }
        if (typeof version === 'string' && versionValid(version) && !satisfies(`${version}\u0000${reference.range}`)) {
          const caret = `${reference.name}@^${semver.major(version)}${semver.major(version) === 0 ? `.${semver.minor(version)}` : ''}`;
          const origin = connector.package;
          ctx.report(instance, '/spec/connector', 'connector-version', `connector '${reference.name}' is version ${version}, which does not satisfy '${reference.range}'`, {
            hint: origin
              ? `the installed package ${origin.name}@${origin.version} (${origin.directory}) supplies ${reference.name} ${version}; use ${caret} or install a version of the package that has it`
              : `the project defines ${reference.name} ${version}; use ${caret} or update the connector`,
          });
          continue;
        }
      }
      if (connector.valid) ctx.connectorOfInstance.set(instance.name, connector);
    }
  },
};

/** The connector an instance names (null: none, or not a text), and for an instance the schema rejected, the texts under keys like 'connector' (a misspelt key still uses what it names). */
interface Named {
  connector: string | null;
  guesses: string[];
}

function namedBy(instance: Resource<'Instance'>): Named {
  const connector = (instance.value.spec as { connector?: unknown } | undefined)?.connector;
  return { connector: typeof connector === 'string' ? connector : null, guesses: instance.valid ? [] : stringsUnderKey(instance.value.spec, 'con') };
}

function versionOf(connector: Resource<'Connector'>): string | null {
  const declared = (connector.value.spec as { version?: unknown } | undefined)?.version;
  return typeof declared === 'string' ? declared : null;
}

/** For a connector nobody defines: the connector packages package.json lists that are not installed. */
function notInstalled(missing: readonly string[]): string | undefined {
  if (missing.length === 0) return undefined;
  const names = missing.slice(0, 3).map((name) => `'${name}'`).join(', ') + (missing.length > 3 ? ', …' : '');
  return `package.json lists ${names}, not installed: run npm install (or npm ci)`;
}
