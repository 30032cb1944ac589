import type { Rule } from '../context.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { pointerFrom } from '../../parse/pointer.js';
import { hasOwn, identity, isObject } from '../references.js';
import { scanTemplates } from '../../lex/templates.js';

/** An instance supplies every credential its connector requires, and no others. */
export const instanceCredentials: Rule = {
  codes: ['missing-credential', 'unknown-credential'],
  description: "Instance credentials match the connector's declared credentials.",
  check(ctx) {
    for (const instance of ctx.valid('Instance')) {
      const connector = ctx.connectorOfInstance.get(instance.name);
      if (!connector) continue;
      // What an instance's credentials give depends on them and on the connector (its identity: an edit makes a new one).
      ctx.replayKept('instance-credentials', instance, identity(connector), () => {
        const declared = connector.value.spec.credentials ?? {};
        const supplied = instance.value.spec.credentials ?? {};
        const declaredNames = Object.keys(declared);
        const usedByTemplates = credentialsOfConnector(connector.value.spec);
        for (const name of Object.keys(supplied)) {
          if (hasOwn(declared, name)) continue;
          // The connector's own templates use this name without declaring it: that mistake is the
          // connector's, and reported there (unknown-template-ref), not at every instance.
          if (usedByTemplates.has(name)) continue;
          const hint = didYouMean(name, declaredNames.filter((candidate) => !hasOwn(supplied, candidate)));
          ctx.report(instance, pointerFrom(['spec', 'credentials', name]), 'unknown-credential', `connector '${connector.name}' declares no credential '${name}'`, {
            atKey: true,
            hint: hint ?? (declaredNames.length ? `declared: ${declaredNames.map((n) => `'${n}'`).join(', ')}` : undefined),
            group: `unknown-credential:${connector.name}:${name}`,
          });
        }
        for (const name of declaredNames) {
          if (declared[name]!.required === false || hasOwn(supplied, name)) continue;
          // A misspelt credential is reported once, as unknown, not also as missing.
          const misspelt = Object.keys(supplied).some((given) => !hasOwn(declared, given) && didYouMean(given, [name]));
          if (misspelt) continue;
          const hasCredentials = hasOwn(instance.value.spec, 'credentials');
          ctx.report(
            instance,
            hasCredentials ? '/spec/credentials' : '/spec',
            'missing-credential',
            `instance '${instance.name}' does not supply credential '${name}', which connector '${connector.name}' requires`,
            { atKey: true, hint: `add credentials.${name}: \${secret:...}`, group: `missing-credential:${connector.name}:${name}` },
          );
        }
        return true;
      });
    }
  },
};

/** Credential names the connector's templates use ({{credentials.x}}). */
/** The credentials a connector's templates name, worked out once per connector spec. */
const credentialsBySpec = new WeakMap<object, Set<string>>();

function credentialsOfConnector(spec: object): Set<string> {
  let found = credentialsBySpec.get(spec);
  if (!found) credentialsBySpec.set(spec, (found = credentialsInTemplates(spec)));
  return found;
}

function credentialsInTemplates(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const scan of scanTemplates(value)) if (scan.kind === 'reference' && scan.root === 'credentials' && scan.path[0]) found.add(scan.path[0]);
  } else if (Array.isArray(value)) {
    for (const item of value) credentialsInTemplates(item, found);
  } else if (isObject(value)) {
    for (const child of Object.values(value)) credentialsInTemplates(child, found);
  }
  return found;
}
