import { isSingleTemplate, scanTemplates } from '../check/templates.js';

/** What templates read: `{{settings.x}}`, `{{credentials.x}}`, `{{input.x}}`, `{{record.x}}`, `{{run.x}}`. */
export type TemplateScope = Partial<Record<'settings' | 'credentials' | 'input' | 'record' | 'run', unknown>>;

/** The value at a template's path in the scope; undefined when something on the way is missing. */
export function lookup(scope: TemplateScope, root: string, path: readonly string[]): unknown {
  let value: unknown = (scope as Record<string, unknown>)[root];
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** A value as text inside a string: strings as they are, other scalars as JSON, nothing as ''. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Renders every template in a string; `encode` escapes each value (path segments of a URL). */
export function render(text: string, scope: TemplateScope, encode?: (value: string) => string): string {
  let rendered = '';
  let at = 0;
  for (const scan of scanTemplates(text)) {
    const index = text.indexOf(scan.text, at);
    rendered += text.slice(at, index);
    const value = scan.kind === 'reference' ? asText(lookup(scope, scan.root, scan.path)) : '';
    rendered += encode ? encode(value) : value;
    at = index + scan.text.length;
  }
  return rendered + text.slice(at);
}

/** Renders a JSON value: a string that is exactly one template keeps the value's type ({{record}} is the record). */
export function renderValue(value: unknown, scope: TemplateScope): unknown {
  if (typeof value === 'string') {
    if (isSingleTemplate(value)) {
      const [scan] = scanTemplates(value);
      return scan!.kind === 'reference' ? lookup(scope, scan!.root, scan!.path) : undefined;
    }
    return render(value, scope);
  }
  if (Array.isArray(value)) return value.map((item) => renderValue(item, scope));
  if (value !== null && typeof value === 'object') {
    const rendered: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const result = renderValue(child, scope);
      if (result !== undefined) Object.defineProperty(rendered, key, { value: result, enumerable: true, writable: true, configurable: true });
    }
    return rendered;
  }
  return value;
}
