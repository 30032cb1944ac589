/** Prefixes of real tokens issued by well-known services. */
const tokenPatterns: readonly { name: string; pattern: RegExp }[] = [
  { name: 'a Shopify access token', pattern: /\bshp(at|ss|ca|pa)_[A-Za-z0-9]{16,}/ },
  { name: 'a Stripe live key', pattern: /\b[sr]k_live_[A-Za-z0-9]{10,}/ },
  { name: 'a GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/ },
  { name: 'a Slack token', pattern: /\bxox[bpars]-[A-Za-z0-9-]{10,}/ },
  { name: 'an AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{30,}/ },
  { name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/** Keys whose values are secrets by their name. */
const secretKey = /(pass(word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|access[-_]?key|credential|auth[-_]?key|signing[-_]?key)$/i;

export function isSecretLikeKey(key: string): boolean {
  return secretKey.test(key);
}

/** What kind of known token a string contains, if any. */
export function knownToken(text: string): string | undefined {
  return tokenPatterns.find(({ pattern }) => pattern.test(text))?.name;
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
  if (text.length < 16 || /\s/.test(text) || text.includes('{{') || text.includes('${')) return false;
  if (/^https?:\/\//.test(text)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((pattern) => pattern.test(text)).length;
  return classes >= 2 && entropy(text) >= 3.5;
}
