/**
 * Prefixes of real tokens issued by well-known services. Every pattern starts with a fixed
 * prefix and has no nested or overlapping repetition, so testing is linear in the text.
 */
const tokenPatterns: readonly { name: string; pattern: RegExp }[] = [
  { name: 'a Shopify access token', pattern: /\bshp(?:at|ss|ca|pa)_[A-Za-z0-9]{16,}/g },
  { name: 'a Stripe live key', pattern: /\b[sr]k_live_[A-Za-z0-9]{10,}/g },
  { name: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g },
  { name: 'a Slack token', pattern: /\bxox[bpars]-[A-Za-z0-9-]{10,}/g },
  { name: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { name: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{30,}/g },
  { name: 'a private key', pattern: /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----/g },
  // Base64url segments are bounded: an unbounded class that includes '-' would make a string
  // like '-eyJ-eyJ-eyJ…' quadratic.
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,256}\.eyJ[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,2048}/g },
];

/**
 * Keys whose values are secrets by their name: password, pwd, clientSecret, apiToken, apiKey,
 * privateKey, signingKey, key… but not routingKey, partitionKey or idempotencyKey, which name
 * ordinary values.
 */
const secretWords = new Set(['password', 'passwords', 'passwd', 'passphrase', 'pass', 'pwd', 'secret', 'secrets', 'token', 'tokens', 'credential', 'credentials']);
const secretKeyQualifiers = new Set(['api', 'access', 'private', 'secret', 'client', 'signing', 'auth', 'encryption', 'master', 'license', 'app']);

export function isSecretLikeKey(key: string): boolean {
  // camelCase, snake_case and kebab-case alike: the last word decides.
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const last = words.at(-1);
  if (last === undefined) return false;
  if (secretWords.has(last)) return true;
  return (last === 'key' || last === 'keys') && (words.length === 1 || secretKeyQualifiers.has(words.at(-2)!));
}

/** What kind of known token a string contains, if any. */
export function knownToken(text: string): string | undefined {
  if (text.length < 14) return undefined;
  for (const { name, pattern } of tokenPatterns) {
    pattern.lastIndex = 0;
    if (pattern.test(text)) return name;
  }
  return undefined;
}

/** The text with every known token replaced by a mask: for messages that quote users' values. */
export function redactTokens(text: string): string {
  if (text.length < 14) return text;
  let redacted = text;
  for (const { pattern } of tokenPatterns) redacted = redacted.replace(pattern, (token) => `${token.slice(0, 4)}…[redacted]`);
  return redacted;
}

/** Spans [start, end) of known tokens in a text: for masking code frames. */
export function tokenSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  if (text.length < 14) return spans;
  for (const { pattern } of tokenPatterns) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) spans.push([match.index, match.index + match[0].length]);
  }
  return spans;
}

/** Shannon entropy in bits per character. */
export function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const character of text) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Whether a literal looks random enough to be a real secret, not an identifier
 * ('OrderCreatedV2Event', 'eu.orders.created.2024'), a word, a URL, a UUID or a template.
 */
export function looksRandom(value: string): boolean {
  const text = value.trim();
  if (text.length < 16 || text.length > 4096 || /\s/.test(text) || text.includes('{{')) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return false;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((pattern) => pattern.test(text)).length;
  return classes >= 2 && entropy(text) >= 3 && classChanges(text) >= 0.3;
}

/**
 * How often consecutive letters and digits change class (lower, upper, digit), separators
 * ignored: near 1 for random strings, low for words and identifiers.
 */
function classChanges(text: string): number {
  let changes = 0;
  let count = 0;
  let previous = '';
  for (const character of text) {
    const kind = character >= 'a' && character <= 'z' ? 'l' : character >= 'A' && character <= 'Z' ? 'u' : character >= '0' && character <= '9' ? 'd' : '';
    if (!kind) continue;
    count++;
    if (previous && kind !== previous) changes++;
    previous = kind;
  }
  return changes / Math.max(1, count);
}

/**
 * A literal credential inside a string: the password of a URL (scheme://user:password@host) or
 * the token after 'Bearer'/'Basic'/'Token', when it is not a template or placeholder.
 */
export function embeddedCredential(text: string): string | undefined {
  const url = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^@/\s]+)@/i.exec(text);
  if (url && !/\{\{|\$\{/.test(url[1]!)) return 'a URL with a password in it';
  const scheme = /^(?:bearer|basic|token)\s+(\S+)\s*$/i.exec(text);
  if (scheme && !/\{\{|\$\{/.test(scheme[1]!) && scheme[1]!.length >= 8) return 'an authorization header with a literal token';
  return undefined;
}
