import type { Rule } from '../context.js';
import { didYouMean, quoteList } from '../../diagnostics/suggest.js';
import { hasOwn } from '../references.js';

/** An instance's `auth` names one of its connector's auth methods. */
export const instanceAuth: Rule = {
  codes: ['unknown-auth-method'],
  description: "An instance's auth method is one its connector defines.",
  check(ctx) {
    for (const instance of ctx.valid('Instance')) {
      const connector = ctx.connectorOfInstance.get(instance.name);
      const auth = instance.value.spec.auth;
      if (!connector || auth === undefined) continue;
      const methods = connector.value.spec.auth ?? {};
      if (hasOwn(methods, auth)) continue;
      const names = Object.keys(methods);
      ctx.report(
        instance,
        '/spec/auth',
        'unknown-auth-method',
        names.length === 0
          ? `connector '${connector.name}' defines no auth methods, so instance '${instance.name}' cannot pick '${auth}'`
          : `connector '${connector.name}' has no auth method '${auth}'`,
        { hint: didYouMean(auth, names) ?? (names.length > 0 ? `expected ${quoteList(names)}` : undefined), group: `unknown-auth-method:${connector.name}:${auth}` },
      );
    }
  },
};
