import { isDeepStrictEqual } from 'node:util';
import { parse, parseAllDocuments, type Node } from 'yaml';
import type { Test } from '../generated/schema-types.js';
import { safeRegExp, type Observed } from './run-tests.js';

/** A value of a test document to write: where (from the document's root) and what. */
export interface ExpectationEdit {
  path: (string | number)[];
  value: unknown;
}

/**
 * What to change in a test's expectation so that it expects what the run did (`weft test
 * --update`): only what the test already expects, at the deepest place that differs, so the rest
 * of the document (its comments, its layout) stays as it is. A partial match stays partial: only
 * the fields it names are updated. A failure's message pattern that still matches is kept.
 */
export function expectationEdits(expect: Test['spec']['expect'], actual: Observed): ExpectationEdit[] {
  const at = ['spec', 'expect'];
  const edits: ExpectationEdit[] = [];
  if (expect.status !== undefined && expect.status !== actual.status) edits.push({ path: [...at, 'status'], value: actual.status });
  (expect.requests ?? []).forEach((expected, index) => edits.push(...patches(expected.bodies, actual.requests[index]!, [...at, 'requests', index, 'bodies'], expected.match === 'partial')));
  (expect.messages ?? []).forEach((expected, index) => edits.push(...patches(expected.bodies, actual.messages[index]!, [...at, 'messages', index, 'bodies'], expected.match === 'partial')));
  if (expect.failures !== undefined) {
    const failures = actual.failures.map((failure, index) => {
      const expected = expect.failures![index];
      // A pattern that still matches is the author's: kept. A new or broken one is the error, literally.
      if (expected && expected.message === undefined) return { step: failure.step };
      const message = expected?.message !== undefined && safeRegExp(expected.message).test(failure.error) ? expected.message : escapeRegExp(failure.error);
      return { step: failure.step, message };
    });
    edits.push(...patches(expect.failures, failures, [...at, 'failures'], false));
  }
  (expect.state?.dedupe ?? []).forEach((expected, index) => {
    const found = actual.state.dedupe[index]!;
    if ('problem' in found) return;
    const written = new Set(expected.keys.map((key) => (typeof key === 'number' ? JSON.stringify(key) : key)));
    if (written.size === found.keys.length && found.keys.every((key) => written.has(key))) return;
    // Keys written as numbers stay numbers.
    const numbers = new Set(expected.keys.filter((key): key is number => typeof key === 'number').map((key) => JSON.stringify(key)));
    edits.push({ path: [...at, 'state', 'dedupe', index, 'keys'], value: found.keys.map((key) => (numbers.has(key) ? Number(key) : key)) });
  });
  (expect.state?.cache ?? []).forEach((expected, index) => {
    const found = actual.state.cache[index]!;
    if (!('problem' in found)) edits.push(...patches(expected.entries, found.entries, [...at, 'state', 'cache', index, 'entries'], false));
  });
  return edits;
}

/** The smallest replacements that make `expected` (at `path`) hold `actual`: differing scalars, or the collections whose shape differs. */
function patches(expected: unknown, actual: unknown, path: (string | number)[], partial: boolean): ExpectationEdit[] {
  if (isDeepStrictEqual(expected, actual)) return [];
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const keys = Object.keys(expected);
    const sameKeys = keys.every((key) => Object.hasOwn(actual, key)) && (partial || keys.length === Object.keys(actual).length);
    if (sameKeys) return keys.flatMap((key) => patches(expected[key], actual[key], [...path, key], partial));
  } else if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    return expected.flatMap((item, index) => patches(item, actual[index], [...path, index], partial));
  }
  return [{ path, value: partial ? projected(actual, expected) : actual }];
}

/** `actual` with only the fields `expected` names (recursively); what `expected` does not describe, whole. */
function projected(actual: unknown, expected: unknown): unknown {
  if (isPlainObject(actual) && isPlainObject(expected)) {
    return Object.fromEntries(Object.keys(expected).filter((key) => Object.hasOwn(actual, key)).map((key) => [key, projected(actual[key], expected[key])]));
  }
  if (Array.isArray(actual) && Array.isArray(expected)) return actual.map((item, index) => (index < expected.length ? projected(item, expected[index]) : item));
  return actual;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Writes edits into a file's text in place: each replaces the source of the value at its path
 * (of the document at its index) with the new value on one line, in flow style, and nothing else
 * of the file changes. An edit whose value is not written in that document (a test patched by an
 * environment's overlay) is returned as skipped.
 */
export function applyEdits(text: string, documents: readonly { index: number; name: string; edits: readonly ExpectationEdit[] }[]): { text: string; skipped: string[] } {
  const parsed = parseAllDocuments(text);
  const replacements: { start: number; end: number; text: string }[] = [];
  const skipped: string[] = [];
  for (const { index, name, edits } of documents) {
    const document = Array.isArray(parsed) ? parsed[index] : undefined;
    if (!document || document.getIn(['metadata', 'name']) !== name) {
      skipped.push(`${name}: its document is not where it was read from`);
      continue;
    }
    for (const edit of edits) {
      const node = document.getIn(edit.path, true) as Node | undefined;
      if (!node?.range) {
        skipped.push(`${name}: ${edit.path.join('.')} is not written in its document`);
        continue;
      }
      replacements.push({ start: node.range[0], end: contentEnd(text, node.range[0], node.range[1]), text: flowText(edit.value) });
    }
  }
  let result = text;
  for (const { start, end, text: value } of replacements.sort((a, b) => b.start - a.start)) result = result.slice(0, start) + value + result.slice(end);
  return { text: result, skipped };
}

/**
 * Where a value's own text ends: a block collection's range runs on over the line break, the
 * next line's indentation and comments after its last item, which stay where they are.
 */
function contentEnd(text: string, start: number, end: number): number {
  const lines = text.slice(start, end).split('\n');
  while (lines.length > 1 && /^\s*(#.*)?$/.test(lines[lines.length - 1]!)) lines.pop();
  return start + lines.join('\n').trimEnd().length;
}

/** A value as YAML on one line: `{ a: 1, b: [x, y] }`, scalars plain when they read back the same, else double-quoted. */
export function flowText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowText).join(', ')}]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([key, item]) => `${scalarText(key)}: ${flowText(item)}`).join(', ')} }`;
  }
  return scalarText(value);
}

function scalarText(value: unknown): string {
  if (typeof value !== 'string') return value === undefined ? 'null' : JSON.stringify(value);
  // Plain only when it is unambiguous inside a flow collection and reads back as this string.
  if (/^[A-Za-z_][A-Za-z0-9_ ./@+-]*$/.test(value) && !value.endsWith(' ') && parse(value) === value) return value;
  return JSON.stringify(value);
}
