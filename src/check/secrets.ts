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

/** Keys whose values are secrets by their name (password, apiToken, client_secret, signingKey, key…). */
const secretKey = /(?:pass(?:word|wd|phrase)?s?|pwd|secrets?|tokens?|keys?|credentials?)$/i;

export function isSecretLikeKey(key: string): boolean {
  return secretKey.test(key);
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

/** Whether a literal looks random enough to be a real secret (not a word, a URL or a template). */
export function looksRandom(text: string): boolean {
  if (text.length < 12 || text.length > 4096 || /\s/.test(text) || text.includes('{{')) return false;
  if (/^(?:https?|amqps?):\/\//.test(text) && !/:[^/@:]+@/.test(text)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((pattern) => pattern.test(text)).length;
  return classes >= 2 && entropy(text) >= 3.3;
}
