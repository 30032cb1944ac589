// A module of its own (no YAML parser): the expression worker looks at the texts it reads too.

import { mayHoldToken } from '../lex/secrets.js';

/**
 * What js-yaml and `yaml` may read differently, or what only `yaml` reports well: such a file is
 * read by `yaml`. A tag can only begin a node (at a line's start, after an indicator or an
 * anchor): `status != 'x'` in an expression is not one.
 */
export function mayReadDifferently(text: string): boolean {
  // In stages, each pattern only where its telltale character is (one pattern of them all took
  // twice as long over a project's text): tabs, merge keys, lone CRs; directives, document
  // markers; complex keys; tags; .inf and .nan; numbers js-yaml and yaml may read apart.
  if (text.includes('\t') || text.includes('<<')) return true;
  if (text.includes('\r') && /\r(?!\n)/.test(text)) return true;
  if ((text.includes('---') || text.includes('...') || text.includes('%')) && /^(?:--- *[^\s]|---\S|\.\.\.|%)/m.test(text)) return true;
  if (text.includes('?') && /^\s*\?\s/m.test(text)) return true;
  if (text.includes('!') && /(?:^|[[{,:?-]|&\S+)[ ]*!/m.test(text)) return true;
  if (/\.(?:inf|Inf|INF|nan|NaN|NAN)\b/.test(text)) return true;
  return /\d{16}|\d[eE][+-]?\d{3}/.test(text);
}

/** What a file's text says of how to read it, worked out where the file is read (an expression worker, ahead of the main thread). */
export interface Telltales {
  /** `mayReadDifferently` of the text. */
  readsDifferently: boolean;
  /** Whether a comment of the text may hold a known token (see `commentedSecrets`). */
  commentsMayHoldToken: boolean;
  /** Whether the text holds a character js-yaml may call non-printable (see scripts/build.mjs). */
  mayBeNonPrintable: boolean;
}

/** The characters PATTERN_NON_PRINTABLE of js-yaml can match at all (see scripts/build.mjs). */
export const nonPrintable = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function telltalesOf(text: string): Telltales {
  return { readsDifferently: mayReadDifferently(text), commentsMayHoldToken: text.includes('#') && mayHoldToken(text), mayBeNonPrintable: nonPrintable.test(text) };
}
