import type { CheckContext, Rule } from '../context.js';
import type { AnyResource, Resource } from '../../schema/resource.js';
import { didYouMean, quoteList } from '../../diagnostics/suggest.js';
import { pointerFrom, pointerSegments } from '../../parse/pointer.js';
import { runFields, scanTemplates, templateRoots, type TemplateRoot } from '../../lex/templates.js';
import { flowSteps } from '../../steps/registry.js';
import { isObject } from '../references.js';

/** What a template in one place may name. */
interface Scope {
  roots: readonly TemplateRoot[];
  settings?: readonly string[];
  credentials?: readonly string[];
  inputs?: readonly string[];
  /** The flow's variables. */
  variables?: readonly string[];
  /** Where the template is, for messages ("in the base URL"). */
  where: string;
}

/** Every `{{ }}` template names a root allowed in its place and something declared under it. */
export const templateRefs: Rule = {
  codes: ['unknown-template-ref'],
  description: 'Templates reference declared settings, credentials, inputs and run fields.',
  check(ctx) {
    // A connector's findings depend on whether its settings schema is broken; a flow's on itself.
    for (const connector of ctx.valid('Connector')) ctx.perResource('template-refs', connector, String(ctx.brokenSettings.has(connector.name)), () => checkConnector(ctx, connector));
    ctx.sweep('template-refs', ctx.valid('Flow'), (flow) => checkFlow(ctx, flow));
  },
};

function checkConnector(ctx: CheckContext, connector: Resource<'Connector'>): void {
  const spec = connector.value.spec;
  const settingsProperties = spec.settings?.properties;
  // A settings schema with a problem of its own (reported) declares nothing reliably.
  const settings = ctx.brokenSettings.has(connector.name) ? undefined : isObject(settingsProperties) ? Object.keys(settingsProperties) : [];
  const credentials = Object.keys(spec.credentials ?? {});
  const base = { settings, credentials };
  if (spec.http) {
    walk(ctx, connector, spec.http.baseUrl, ['spec', 'http', 'baseUrl'], { ...base, roots: ['settings', 'credentials'], where: 'the base URL' });
    walk(ctx, connector, spec.http.headers, ['spec', 'http', 'headers'], { ...base, roots: ['settings', 'credentials', 'run'], where: 'connector headers' });
  }
  for (const [name, method] of Object.entries(spec.auth ?? {})) {
    walk(ctx, connector, method, ['spec', 'auth', name], { ...base, roots: ['settings', 'credentials'], where: `auth method '${name}'` });
  }
  for (const [name, endpoint] of Object.entries(spec.endpoints ?? {})) {
    const inputs = Object.keys(endpoint.inputs ?? {});
    const scope: Scope = { ...base, inputs, roots: templateRoots.filter((root) => root !== 'vars'), where: `endpoint '${name}'` };
    for (const field of ['path', 'query', 'headers', 'body'] as const) {
      walk(ctx, connector, endpoint[field], ['spec', 'endpoints', name, field], scope);
    }
  }
}

function checkFlow(ctx: CheckContext, flow: Resource<'Flow'>): void {
  // Each step kind says which of its fields are templates and what they may read.
  const variables = Object.keys(flow.value.spec.variables ?? {});
  for (const { step, kind, body, pointer } of flowSteps(flow.value.spec)) {
    for (const field of kind.templates(body, pointerSegments(pointer))) {
      walk(ctx, flow, field.value, field.at, { roots: field.roots, variables, where: `step '${String(step.id)}'` });
    }
  }
}

/** Every string below `value`, with its templates checked; `path` is pushed and popped along the way (and left as it was). */
function walk(ctx: CheckContext, resource: AnyResource, value: unknown, path: string[], scope: Scope): void {
  if (typeof value === 'string') {
    // Most strings hold no template.
    if (!value.includes('{{')) return;
    for (const scan of scanTemplates(value)) {
      const problem = scan.kind === 'malformed' ? { message: `template '${scan.text}' ${scan.problem}` } : checkReference(scan.root, scan.path, scope);
      if (problem) ctx.report(resource, pointerFrom(path), 'unknown-template-ref', problem.message, { hint: problem.hint });
    }
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(String(index));
      walk(ctx, resource, value[index], path, scope);
      path.pop();
    }
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      path.push(key);
      walk(ctx, resource, value[key], path, scope);
      path.pop();
    }
  }
}

function checkReference(root: string, path: string[], scope: Scope): { message: string; hint?: string } | undefined {
  if (!(templateRoots as readonly string[]).includes(root)) {
    return {
      message: `template root '${root}' is not one of ${quoteList(templateRoots)}`,
      hint: didYouMean(root, scope.roots) ?? didYouMean(root, templateRoots),
    };
  }
  if (!(scope.roots as readonly string[]).includes(root)) {
    return { message: `'{{${root}}}' is not available in ${scope.where}; only ${quoteList(scope.roots)} ${scope.roots.length === 1 ? 'is' : 'are'}` };
  }
  const field = path[0];
  const declared: Record<string, readonly string[] | undefined> = {
    settings: scope.settings,
    credentials: scope.credentials,
    input: scope.inputs,
    run: runFields,
    vars: scope.variables,
  };
  const names = declared[root];
  if (names === undefined) return undefined; // record: any shape
  if (field === undefined) {
    return root === 'input' ? undefined : { message: `'{{${root}}}' needs a field, such as {{${root}.${names[0] ?? 'name'}}}` };
  }
  if (names.includes(field)) return undefined;
  const what = { settings: 'setting', credentials: 'credential', input: 'input', run: 'run field', vars: 'flow variable' }[root as 'settings'];
  return {
    message:
      root === 'run'
        ? `'{{run.${field}}}' is not a run field; expected ${quoteList(runFields)}`
        : `${scope.where} uses ${what} '${field}', which is not declared`,
    hint: didYouMean(field, names) ?? (names.length > 0 && names.length <= 8 ? `declared: ${names.map((n) => `'${n}'`).join(', ')}` : undefined),
  };
}
