import type { CheckContext, Rule } from '../context.js';
import { didYouMean, quoteList } from '../../diagnostics/suggest.js';
import { hasOwn, identity } from '../references.js';
import type { Resource } from '../../schema/resource.js';

/** An instance's `auth` names one of its connector's auth methods. */
export const instanceAuth: Rule = {
  codes: ['unknown-auth-method'],
  description: "An instance's auth method is one its connector defines.",
  check(ctx) {
    for (const instance of ctx.valid('Instance')) {
      const connector = ctx.connectorOfInstance.get(instance.name);
      if (!connector) continue;
      // What it says depends on the instance and its connector: replayed while both are the same (also from .weft/cache/).
      ctx.replayKept(
        'instance-auth',
        instance,
        identity(connector),
        () => {
          checkAuth(ctx, instance, connector);
          return true;
        },
      );
    }
  },
};

function checkAuth(ctx: CheckContext, instance: Resource<'Instance'>, connector: Resource<'Connector'>): void {
  const auth = instance.value.spec.auth;
  if (auth === undefined) return;
  const methods = connector.value.spec.auth ?? {};
  if (hasOwn(methods, auth)) return;
  const names = Object.keys(methods);
  ctx.report(
    instance,
    '/spec/auth',
    'unknown-auth-method',
    names.length === 0 ? `connector '${connector.name}' defines no auth methods, so instance '${instance.name}' cannot pick '${auth}'` : `connector '${connector.name}' has no auth method '${auth}'`,
    { hint: didYouMean(auth, names) ?? (names.length > 0 ? `expected ${quoteList(names)}` : undefined), group: `unknown-auth-method:${connector.name}:${auth}` },
  );
}
