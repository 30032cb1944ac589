import type { Bundle } from '../compile/compile-bundle.js';
import { placeholdersIn, type Placeholder } from '../lex/placeholders.js';

/**
 * Values shorter than this are not redacted: a short secret ("abc", a port, "true") would turn
 * every occurrence of those letters in an error text into the mark and make it unreadable.
 */
export const minimumSecretLength = 6;

/** What a secret value is replaced with. */
export const redactedMark = '[redacted]';

/**
 * Removes a run's secret values from text before it is stored, printed or logged: an API that
 * echoes the request (its Authorization header, its body, its URL with a token in the path)
 * must not put the token into a run record. Each value is looked for as it is, URL-encoded,
 * JSON-escaped, and in base64 and base64url at each of the three byte alignments it can have
 * inside a longer encoded text (a password in a Basic header's `user:password`).
 */
export class SecretRedactor {
  /** Each value, and what replaces it (the mark, unless it was given another). */
  private readonly values = new Map<string, string>();
  private pattern: RegExp | undefined;
  /** What replaces each form of each value. */
  private readonly replacements = new Map<string, string>();

  constructor(values: Iterable<string> = []) {
    for (const value of values) this.add(value);
  }

  /** Adds a value learned during the run (an OAuth2 access token); `replacement` replaces it instead of the mark. */
  add(value: string, replacement = redactedMark): void {
    if (value.length < minimumSecretLength || this.values.has(value)) return;
    this.values.set(value, replacement);
    this.pattern = undefined;
  }

  /** The text with every form of every value replaced by the mark (or the value's own replacement). */
  text(text: string): string {
    const pattern = this.compiled();
    return pattern ? text.replace(pattern, (form) => this.replacements.get(form) ?? redactedMark) : text;
  }

  /** A copy of a JSON value with the values redacted in every string (keys included). */
  value(value: unknown): unknown {
    if (!this.compiled()) return value;
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [this.text(key), this.value(child)]));
    return value;
  }

  private compiled(): RegExp | undefined {
    if (this.pattern || this.values.size === 0) return this.pattern;
    this.replacements.clear();
    for (const [value, replacement] of this.values) for (const form of formsOf(value)) if (!this.replacements.has(form)) this.replacements.set(form, replacement);
    // Longest first: a form that contains another is replaced whole.
    const alternatives = [...this.replacements.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = new RegExp(alternatives.join('|'), 'g');
    return this.pattern;
  }
}

/**
 * The placeholders of a bundle's resources, found once per bundle (a flow is prepared many times
 * from one bundle: per secret change, per test of `weft test`).
 */
const placeholdersOf = new WeakMap<Bundle, { resource: Bundle['resources'][number]; all: Placeholder[]; credentials: Placeholder[] }[]>();

function bundlePlaceholders(bundle: Bundle) {
  let found = placeholdersOf.get(bundle);
  if (!found) {
    found = bundle.resources.map((resource) => ({ resource, all: placeholdersIn(resource.spec), credentials: resource.kind === 'Instance' ? placeholdersIn(resource.spec.credentials ?? {}) : [] }));
    placeholdersOf.set(bundle, found);
  }
  return found;
}

/** A redactor for the values the placeholders of a bundle (its connectors, instances and flows) resolve to. */
export function bundleRedactor(bundle: Bundle, resolve: (placeholder: Placeholder) => string | undefined): SecretRedactor {
  return new SecretRedactor(placeholderValues(bundle, resolve).map(({ value }) => value));
}

/** Each placeholder of a bundle's resources that resolves, with its value. */
export function placeholderValues(bundle: Bundle, resolve: (placeholder: Placeholder) => string | undefined): { placeholder: Placeholder; value: string }[] {
  const found: { placeholder: Placeholder; value: string }[] = [];
  for (const { all } of bundlePlaceholders(bundle)) {
    for (const placeholder of all) {
      const value = resolve(placeholder);
      if (value !== undefined) found.push({ placeholder, value });
    }
  }
  return found;
}

/**
 * A redactor for the bundle's secrets alone: `${secret:…}` values, and whatever instances'
 * credentials resolve to. What flows keep as data (cache entries, dedupe keys, a child run's
 * records) is redacted with it: an `${env:…}` host name or a flow variable that a record holds
 * is the record's data, not a secret to hide from it.
 */
export function secretValuesRedactor(bundle: Bundle, resolve: (placeholder: Placeholder) => string | undefined): SecretRedactor {
  const values: string[] = [];
  for (const { all, credentials } of bundlePlaceholders(bundle)) {
    for (const placeholder of [...all.filter((found) => found.source === 'secret'), ...credentials]) {
      const value = resolve(placeholder);
      if (value !== undefined) values.push(value);
    }
  }
  return new SecretRedactor(values);
}

function formsOf(value: string): string[] {
  const forms = [value, encodeURIComponent(value), encodeURIComponent(value).replace(/%20/g, '+'), JSON.stringify(value).slice(1, -1)];
  const raw = Buffer.from(value, 'utf8');
  for (const shift of [0, 1, 2]) {
    // Only the 4-character groups that encode value bytes alone: they are the same whatever
    // surrounds the value at this alignment.
    const encoded = Buffer.concat([Buffer.alloc(shift), raw]).toString('base64');
    const groups = encoded.slice(Math.ceil(shift / 3) * 4, Math.floor((shift + raw.length) / 3) * 4);
    // Too few groups would match unrelated base64 text.
    if (groups.length < 8) continue;
    forms.push(groups, groups.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  // A full encoding with its padding, for a value encoded on its own.
  forms.push(raw.toString('base64'), raw.toString('base64url'));
  return forms.filter((form) => form.length >= minimumSecretLength);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
