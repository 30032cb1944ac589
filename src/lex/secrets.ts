import { memoize } from './memoize.js';
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
 * Every pattern's fixed prefix, in one pattern: most strings have none, and one scan of them is
 * cheaper than a scan per pattern (a project's strings are looked at hundreds of thousands of times).
 */
const tokenPrefix = /shp(?:at|ss|ca|pa)_|[sr]k_live_|gh[pousr]_|github_pat_|xox[bpars]-|AKIA|ASIA|AIza|-----BEGIN |eyJ/;

/** Whether a text may hold a known token anywhere: false means `knownToken` finds none in any part of it. */
export function mayHoldToken(text: string): boolean {
  return tokenPrefix.test(text);
}

/**
 * Keys whose values are secrets by their name: password, pwd, clientSecret, apiToken, apiKey
 * (apikey, api-key), privateKey, signingKey, subscriptionKey (Azure's Ocp-Apim-Subscription-Key),
 * session (X-Session), key… but not routingKey, partitionKey or idempotencyKey, which name
 * ordinary values, nor sessionId or sessions.
 */
const secretWords = new Set(['password', 'passwords', 'passwd', 'passphrase', 'pass', 'pwd', 'secret', 'secrets', 'token', 'tokens', 'credential', 'credentials', 'apikey', 'apikeys', 'session']);
const secretKeyQualifiers = new Set(['api', 'access', 'private', 'secret', 'client', 'signing', 'auth', 'encryption', 'master', 'license', 'app', 'subscription']);

/** Keys repeat throughout a project (every string under them asks): each is worked out once. */
export const isSecretLikeKey = memoize(secretLike, 10_000);

function secretLike(key: string): boolean {
  // camelCase, snake_case and kebab-case alike: the last word decides.
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const last = words.at(-1);
  if (last === undefined) return false;
  if (secretWords.has(last)) return true;
  return (last === 'key' || last === 'keys') && (words.length === 1 || secretKeyQualifiers.has(words.at(-2)!));
}

/**
 * The entropy below which a token-shaped string is filler, as documentation writes one
 * (`shpat_xxxxxxxxxxxxxxxxxxxx`, `ghp_000…`): an issued token's random part is far above it.
 */
const fillerEntropy = 3;

/**
 * What kind of known token a string contains, if any. With `realOnly`, a token whose characters
 * are too uniform to have been issued (filler in an example) does not count: for prose, where
 * writing out a token's shape is documentation.
 */
export function knownToken(text: string, options: { realOnly?: boolean } = {}): string | undefined {
  if (text.length < 14 || !tokenPrefix.test(text)) return undefined;
  for (const { name, pattern } of tokenPatterns) {
    pattern.lastIndex = 0;
    if (!options.realOnly) {
      if (pattern.test(text)) return name;
      continue;
    }
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) if (entropy(match[0]) >= fillerEntropy) return name;
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
export function looksRandom(value: string, minimumLength = 16): boolean {
  const text = value.trim();
  if (text.length < minimumLength || text.length > 4096 || /\s/.test(text) || text.includes('{{')) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return false;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((pattern) => pattern.test(text)).length;
  // A short string cannot reach 3 bits a character (8 distinct characters give exactly 3): the
  // bar scales with the length below 16 characters and is 3 bits from there on.
  return classes >= 2 && entropy(text) >= Math.min(3, 0.85 * Math.log2(text.length)) && classChanges(text) >= 0.3;
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
 * A literal credential inside a string: the password of a URL (scheme://user:password@host),
 * anywhere in the string, or the token after 'Bearer'/'Basic'/'Token' when that is the whole
 * string; never a template, a placeholder or a stand-in (`user:pass`, `<password>`, `xxx`).
 * In `prose` (descriptions, which document rather than configure), only a credential that looks
 * real counts: a known token with entropy, or a random-looking password.
 */
export function embeddedCredential(text: string, options: { prose?: boolean } = {}): string | undefined {
  const isCredential = (secret: string) =>
    !/\{\{|\$\{/.test(secret) && !isStandInSecret(secret) && (!options.prose || knownToken(secret, { realOnly: true }) !== undefined || looksRandom(secret, 8));
  if (urlPasswords(text).some(isCredential)) return 'a URL with a password in it';
  const scheme = /^(?:bearer|basic|token)\s+(\S+)\s*$/i.exec(text);
  if (scheme && scheme[1]!.length >= 8 && isCredential(scheme[1]!)) return 'an authorization header with a literal token';
  return undefined;
}

/**
 * The passwords of every URL in a text (`scheme://user:password@host`). Found from each '://'
 * rather than by one unanchored regular expression, which would rescan a long run of scheme-like
 * characters from every position: each character is looked at a bounded number of times.
 */
export function urlPasswords(text: string): string[] {
  const passwords: string[] = [];
  for (let separator = text.indexOf('://'); separator !== -1; separator = text.indexOf('://', separator + 3)) {
    let start = separator;
    while (start > 0 && separator - start < maxSchemeLength && /[A-Za-z0-9+.-]/.test(text[start - 1]!)) start--;
    if (!/[A-Za-z]/.test(text.slice(start, separator))) continue;
    // The authority ends at the path, query or fragment, or where the URL does in prose.
    let end = separator + 3;
    while (end < text.length && !/[/?#\s"'`]/.test(text[end]!)) end++;
    const authority = text.slice(separator + 3, end);
    // RFC 3986: the user-info is everything before the authority's last '@'.
    const at = authority.lastIndexOf('@');
    const colon = authority.indexOf(':');
    if (at === -1 || colon === -1 || colon > at) continue;
    const password = authority.slice(colon + 1, at);
    if (password !== '') passwords.push(password);
  }
  return passwords;
}

/** Longer than any registered URI scheme anyone writes in a configuration. */
const maxSchemeLength = 32;

/**
 * Words that stand in for a secret in examples and documentation. Matched whole, after the
 * normalisation of `isStandInSecret` and after dropping one of `standInAffixes`.
 */
const standInWords = new Set([
  'pass', 'password', 'passwd', 'passphrase', 'pwd', 'pw', 'secret', 'token', 'key', 'apikey', 'credential', 'credentials',
  'changeme', 'changeit', 'example', 'placeholder', 'redacted', 'hidden', 'masked', 'dummy', 'fake', 'sample', 'value',
  'foo', 'bar', 'baz', 'foobar', 'test',
]);

/** What may surround a stand-in word: your-password, my_pass, db-password, password-here. */
const standInAffixes = /^(?:your|my|the|some|example|sample|dummy|fake|test|db|app|api|user|admin|service)?(.*?)(?:here|goeshere)?$/;

/** Endings that make a name a stand-in whatever comes first: rabbitmq-password, SMTP_PASSWD, shop-token. */
const standInEndings = /(?:password|passwd|passphrase|secret|token)$/;

/** Leetspeak, undone, so that p@ssw0rd and s3cret read as the words they stand for. */
const unleet: Record<string, string> = { '@': 'a', '4': 'a', '3': 'e', '1': 'i', '0': 'o', '5': 's', $: 's', '7': 't' };

/**
 * Whether a literal in a secret's place is a stand-in, not a secret: a word that names what
 * belongs there (`pass`, `PASSWORD`, `your-password`, `p@ssw0rd`, `changeme`, `redacted`), a
 * name in brackets (`<password>`, `{password}`, `[token]`, `%PASSWORD%`, `$PASSWORD`), or
 * filler (`xxx`, `***`, `...`, `…`). The list is what documentation writes, not every weak
 * password: `hunter2` or `guest` is a credential, however poor.
 */
export function isStandInSecret(value: string): boolean {
  const text = value.trim();
  if (text === '') return true;
  // Filler: one character repeated, separators aside (xxx, XXXX-XXXX, ***, ..., …).
  const compact = text.replace(/[-_.\s]/g, '');
  if (compact === '' || /^(.)\1*$/u.test(compact)) return true;
  // A name in brackets or in a shell's or Windows' variable syntax stands for a value.
  const wrapped = /^(?:<([^<>]+)>|\{([^{}]+)\}|\[([^[\]]+)\]|\(([^()]+)\)|%([^%]+)%|\$\(([^()]+)\)|\$([A-Za-z_][A-Za-z0-9_]*))$/.exec(text);
  const inner = wrapped?.slice(1).find((group) => group !== undefined);
  if (inner !== undefined) return /^[A-Za-z][A-Za-z0-9 _.-]*$/.test(inner) && !looksRandom(inner, 8);
  // Trailing digits first (password123), then leetspeak (p@ssw0rd): what is left must be a word.
  const word = [...text.toLowerCase().replace(/\d+$/, '')].map((character) => unleet[character] ?? character).join('').replace(/[-_.\s]/g, '');
  if (!/^[a-z]+$/.test(word)) return false;
  if (standInWords.has(word) || standInEndings.test(word)) return true;
  const core = standInAffixes.exec(word)?.[1] ?? word;
  return standInWords.has(core) || standInEndings.test(core);
}
