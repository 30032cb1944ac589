import { didYouMean } from '../diagnostics/suggest.js';

/**
 * A parsed `${source:...}` placeholder. `env` and `secret` resolve in the engine at run time;
 * `var` (a project variable) resolves at compile time, so no bundle holds one.
 */
export interface Placeholder {
  source: 'env' | 'secret' | 'var';
  /** The variable name or the secret path. */
  name: string;
  default?: string;
  text: string;
}

/** One `${...}` found in a string; `start` is its offset in that string. */
export type PlaceholderScan =
  | { kind: 'placeholder'; placeholder: Placeholder; start: number }
  | { kind: 'malformed'; text: string; problem: string; hint?: string; start: number };

const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const secretPath = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

/**
 * The placeholders of values a walk that looked at every string of them anyway found (the
 * placeholders-and-secrets check), each with the pointer of its string, in the order of the
 * walk: `unresolvedPlaceholders` does not walk those values again. Keyed by the value object,
 * which is never changed once loaded (the checks' memo relies on that too); a value not in it
 * is walked.
 */
export const placeholdersFound = new WeakMap<object, FoundPlaceholder[]>();

export interface FoundPlaceholder {
  pointer: string;
  placeholder: Placeholder;
}

/**
 * Every `${...}` in a string, well-formed or not. `$${` is an escaped, literal `${`.
 * Grammar: `${env:NAME}`, `${env:NAME:-default}`, `${secret:path/segments}`, `${var:name}`.
 */
export function scanPlaceholders(text: string): PlaceholderScan[] {
  const found: PlaceholderScan[] = [];
  let index = text.indexOf('$');
  while (index !== -1 && index < text.length) {
    if (text.startsWith('$${', index)) {
      index = text.indexOf('$', index + 3);
      continue;
    }
    if (!text.startsWith('${', index)) {
      index = text.indexOf('$', index + 1);
      continue;
    }
    const close = text.indexOf('}', index + 2);
    if (close === -1) {
      found.push({ kind: 'malformed', text: text.slice(index, index + 40), problem: "is not closed with '}'", start: index });
      break;
    }
    const body = text.slice(index + 2, close);
    const whole = text.slice(index, close + 1);
    found.push({ ...parseBody(body, whole), start: index });
    index = text.indexOf('$', close + 1);
  }
  return found;
}

type ParsedBody = { kind: 'placeholder'; placeholder: Placeholder } | { kind: 'malformed'; text: string; problem: string; hint?: string };

function parseBody(body: string, whole: string): ParsedBody {
  const colon = body.indexOf(':');
  if (colon === -1) {
    return envName.test(body)
      ? { kind: 'malformed', text: whole, problem: 'names no source', hint: `write \${env:${body}} or \${secret:...}` }
      : { kind: 'malformed', text: whole, problem: "is not '${env:NAME}', '${secret:path}' or '${var:name}'" };
  }
  const source = body.slice(0, colon);
  const rest = body.slice(colon + 1);
  if (source === 'env') {
    const defaultAt = rest.indexOf(':-');
    const name = defaultAt === -1 ? rest : rest.slice(0, defaultAt);
    if (!envName.test(name)) {
      return { kind: 'malformed', text: whole, problem: name === '' ? 'names no variable' : `names '${name}', which is not a valid variable name` };
    }
    return { kind: 'placeholder', placeholder: { source, name, text: whole, ...(defaultAt === -1 ? {} : { default: rest.slice(defaultAt + 2) }) } };
  }
  if (source === 'secret') {
    if (rest.includes(':-')) return { kind: 'malformed', text: whole, problem: 'gives a secret a default, which is not allowed' };
    if (!secretPath.test(rest) || rest.split('/').some((segment) => segment === '.' || segment === '..')) {
      return { kind: 'malformed', text: whole, problem: rest === '' ? 'names no secret path' : `has the path '${rest}'; use segments of letters, digits, '.', '_' and '-' separated by '/'` };
    }
    return { kind: 'placeholder', placeholder: { source, name: rest, text: whole } };
  }
  if (source === 'var') {
    if (rest.includes(':-')) return { kind: 'malformed', text: whole, problem: "gives a variable a default here; declare its default in weft.yaml's spec.variables" };
    if (!envName.test(rest)) return { kind: 'malformed', text: whole, problem: rest === '' ? 'names no variable' : `names '${rest}', which is not a valid variable name` };
    return { kind: 'placeholder', placeholder: { source, name: rest, text: whole } };
  }
  const hint = didYouMean(source, ['env', 'secret', 'var']);
  return { kind: 'malformed', text: whole, problem: `has the unknown source '${source}'; expected 'env', 'secret' or 'var'`, hint };
}

/** Whether a string is exactly one well-formed placeholder. */
export function isSinglePlaceholder(text: string): boolean {
  const scans = scanPlaceholders(text);
  return scans.length === 1 && scans[0]!.kind === 'placeholder' && scans[0]!.placeholder.text === text;
}

/**
 * The text with every well-formed placeholder replaced by what `resolve` gives it (or its
 * default), and every `$${` by a literal `${`: what the engine uses at run time. Stops at the
 * first placeholder that does not resolve and returns it instead, so the caller can say which.
 */
export function substitutePlaceholders(text: string, resolve: (placeholder: Placeholder) => string | undefined): { text: string } | { unresolved: Placeholder } {
  if (!text.includes('$')) return { text };
  let out = '';
  let at = 0;
  let index = text.indexOf('$');
  while (index !== -1) {
    if (text.startsWith('$${', index)) {
      out += text.slice(at, index) + '${';
      at = index + 3;
      index = text.indexOf('$', at);
      continue;
    }
    if (!text.startsWith('${', index)) {
      index = text.indexOf('$', index + 1);
      continue;
    }
    const close = text.indexOf('}', index + 2);
    if (close === -1) break;
    const scan = parseBody(text.slice(index + 2, close), text.slice(index, close + 1));
    if (scan.kind === 'placeholder') {
      const value = resolve(scan.placeholder) ?? scan.placeholder.default;
      if (value === undefined) return { unresolved: scan.placeholder };
      out += text.slice(at, index) + value;
      at = close + 1;
    }
    index = text.indexOf('$', close + 1);
  }
  return { text: out + text.slice(at) };
}

/** Every well-formed placeholder in a value's strings. */
export function placeholdersIn(value: unknown, found: Placeholder[] = []): Placeholder[] {
  if (typeof value === 'string') {
    if (value.includes('${')) for (const scan of scanPlaceholders(value)) if (scan.kind === 'placeholder') found.push(scan.placeholder);
  } else if (Array.isArray(value)) for (const item of value) placeholdersIn(item, found);
  else if (value !== null && typeof value === 'object') for (const child of Object.values(value)) placeholdersIn(child, found);
  return found;
}

/**
 * The engine's own variables (its admin token, its secret key, the UI's settings): a flow that
 * could read them could call the admin API or decrypt the secrets, so `${env:}` never resolves
 * to them, in plan or at run time.
 */
export function isEngineVariable(name: string): boolean {
  return name === 'WEFT_ENGINE_TOKEN' || name === 'WEFT_SECRET_KEY' || name.startsWith('WEFT_UI_');
}
