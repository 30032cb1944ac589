import { isSingleTemplate, scanTemplates } from '../lex/templates.js';

/** What templates read: `{{settings.x}}`, `{{credentials.x}}`, `{{input.x}}`, `{{record.x}}`, `{{run.x}}`. */
export type TemplateScope = Partial<Record<'settings' | 'credentials' | 'input' | 'record' | 'records' | 'run', unknown>>;

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

/** A template string compiled: its literal text and the references between (null: renders nothing). */
type Compiled = { literal: string } | { parts: (string | { root: string; path: readonly string[] } | null)[]; single: boolean };

/**
 * Template strings compiled once: they come from the bundle, and a send step renders the same
 * ones for every record. Bounded, in case something renders texts that are not the bundle's.
 */
const compiledTemplates = new Map<string, Compiled>();

function compile(text: string): Compiled {
  let compiled = compiledTemplates.get(text);
  if (compiled) return compiled;
  if (!text.includes('{{')) compiled = { literal: text };
  else {
    const parts: (string | { root: string; path: readonly string[] } | null)[] = [];
    let at = 0;
    for (const scan of scanTemplates(text)) {
      const index = text.indexOf(scan.text, at);
      if (index > at) parts.push(text.slice(at, index));
      parts.push(scan.kind === 'reference' ? { root: scan.root, path: scan.path } : null);
      at = index + scan.text.length;
    }
    if (at < text.length) parts.push(text.slice(at));
    compiled = { parts, single: isSingleTemplate(text) };
  }
  if (compiledTemplates.size >= 10_000) compiledTemplates.clear();
  compiledTemplates.set(text, compiled);
  return compiled;
}

/** Renders every template in a string; `encode` escapes each value (path segments of a URL). */
export function render(text: string, scope: TemplateScope, encode?: (value: string) => string): string {
  const compiled = compile(text);
  if ('literal' in compiled) return compiled.literal;
  let rendered = '';
  for (const part of compiled.parts) {
    if (typeof part === 'string') rendered += part;
    else {
      const value = part === null ? '' : asText(lookup(scope, part.root, part.path));
      rendered += encode ? encode(value) : value;
    }
  }
  return rendered;
}

/** Renders a JSON value: a string that is exactly one template keeps the value's type ({{record}} is the record). */
export function renderValue(value: unknown, scope: TemplateScope): unknown {
  if (typeof value === 'string') {
    const compiled = compile(value);
    if ('literal' in compiled) return value;
    if (compiled.single) {
      const [part] = compiled.parts;
      return part && typeof part !== 'string' ? lookup(scope, part.root, part.path) : undefined;
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
