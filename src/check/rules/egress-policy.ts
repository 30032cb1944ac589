import type { CheckContext, Rule } from '../context.js';
import type { Resource } from '../../schema/resource.js';
import { scanTemplates } from '../../lex/templates.js';
import { identity, memoize } from '../references.js';
import { EgressGuard, EngineAddresses, parseEgressEntry } from '../../runtime/egress.js';
import { lookup, render } from '../../runtime/render.js';
import { settingsWithDefaults } from '../user-schemas.js';

/**
 * `spec.egress` entries are host names, `*.domain`, addresses or CIDR ranges; and a base URL
 * that is known before run time (literal, or made of literal settings) is not one the policy
 * would refuse — the engine would refuse every request of it.
 */
export const egressPolicy: Rule = {
  codes: ['bad-egress-entry', 'egress-refused'],
  description: 'Egress entries parse; literal base URLs are allowed by the egress policy.',
  check(ctx) {
    const project = [...ctx.valid('Project')][0];
    const egress = project?.value.spec?.egress;
    let sound = true;
    for (const list of ['allow', 'deny'] as const) {
      (egress?.[list] ?? []).forEach((text, index) => {
        if (parseEgressEntry(text)) return;
        sound = false;
        ctx.report(project!, `/spec/egress/${list}/${index}`, 'bad-egress-entry', `'${text}' is not a host name, *.domain, IP address or CIDR range`, {
          hint: 'for example api.example.com, *.example.com, 10.0.0.0/8 or 2001:db8::/32',
        });
      });
    }
    if (!sound) return;
    // The project's remote engine: a base URL that names it would make flows call the admin API.
    const engine = new EngineAddresses();
    const engineUrl = project?.value.spec?.engine?.url;
    const engineTarget = engineUrl === undefined ? undefined : hostAndPort(engineUrl);
    if (engineTarget) engine.listening(engineTarget.hostname, engineTarget.port);
    const guard = new EgressGuard(egress, engine);
    // In watch mode a resource's findings are replayed while it, its connector and the policy are the same.
    const policy = JSON.stringify([egress ?? null, engineUrl ?? null]);
    const hint = 'every request of it would fail at run time; change the URL, or spec.egress in weft.yaml';
    // A connector's base URL, kept with it (also in .weft/cache/): a connector read from the cache is not read for it.
    const baseUrlOf = (connector: Resource<'Connector'>) => ctx.keptOf('egress-policy:base-url', connector, baseUrlOfConnector);
    for (const connector of ctx.valid('Connector')) {
      const baseUrl = baseUrlOf(connector);
      if (baseUrl === null || templated(baseUrl)) continue;
      ctx.perResource('egress-policy', connector, policy, () => {
        const refusal = refusalOf(guard, baseUrl);
        if (refusal) ctx.report(connector, '/spec/http/baseUrl', 'egress-refused', `connector '${connector.name}': the base URL '${baseUrl}' is refused by the egress policy: ${refusal}`, { hint });
      });
    }
    for (const instance of ctx.valid('Instance')) {
      const connector = ctx.connectorOfInstance.get(instance.name);
      const baseUrl = connector?.valid ? baseUrlOf(connector) : null;
      if (!connector || baseUrl === null || !templated(baseUrl)) continue;
      ctx.perResource('egress-policy', instance, policy + identity(connector), () => {
        const url = knownBaseUrl(baseUrl, connector, instance);
        const refusal = url === undefined ? undefined : refusalOf(guard, url);
        if (refusal) ctx.report(instance, '/spec/settings', 'egress-refused', `instance '${instance.name}': the base URL '${url}' is refused by the egress policy: ${refusal}`, { hint, atKey: true });
      });
    }
  },
};

function baseUrlOfConnector(connector: Resource<'Connector'>): string | null {
  return connector.value.spec.http?.baseUrl ?? null;
}

/** Whether a base URL has templates; worked out once per text (every instance of a connector asks, every watch cycle). */
const templated = memoize((baseUrl) => scanTemplates(baseUrl).length > 0, 10_000);

function refusalOf(guard: EgressGuard, url: string): string | undefined {
  const target = hostAndPort(url);
  return target && guard.hostRefusal(target.hostname, target.port);
}

/** The base URL an instance calls when it is known before run time: every template reads a literal setting. */
function knownBaseUrl(baseUrl: string, connector: Resource<'Connector'>, instance: Resource<'Instance'>): string | undefined {
  const paths = [];
  for (const template of scanTemplates(baseUrl)) {
    if (template.kind !== 'reference' || template.root !== 'settings') return undefined;
    paths.push(template.path);
  }
  // The schema's defaults only fill in what is absent, so they are only worked out (a second
  // compile of the settings schema) when the instance leaves out a setting the URL reads.
  let settings = (instance.value.spec.settings ?? {}) as object;
  if (paths.some((at) => lookup({ settings }, 'settings', at) === undefined)) {
    settings = settingsWithDefaults(connector.value.spec.settings ?? { type: 'object' }, settings);
  }
  for (const at of paths) {
    const value = lookup({ settings }, 'settings', at);
    // A placeholder is resolved by the engine: the host is not known here.
    if (!(typeof value === 'number' || (typeof value === 'string' && value !== '' && !value.includes('${')))) return undefined;
  }
  return render(baseUrl, { settings });
}

function hostAndPort(text: string): { hostname: string; port: number } | undefined {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return { hostname: url.hostname, port: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port) };
  } catch {
    return undefined;
  }
}
