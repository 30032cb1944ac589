import { Document } from 'yaml';
import { isObject } from '../lex/is-object.js';

/**
 * Plain data as YAML text, byte for byte what `new Document(data, { aliasDuplicateObjects: false })`
 * with `commentBefore` and key comments gives with `toString({ lineWidth: 0 })`, in a fraction of
 * the time: yaml builds a node per value and a context per node, which is most of importing a big
 * API description. Only what an imported connector holds is written here (maps, sequences,
 * strings, numbers, booleans, null, and the string forms yaml picks for them); for anything else
 * (a control character, a string with leading or trailing blank lines, a very long key) it
 * returns undefined and the caller lets yaml write the whole text. The equivalence is tested
 * against yaml itself on random data (test/yaml-text.test.ts).
 */
export function yamlText(data: Record<string, unknown>, options: { commentBefore?: string; comments?: readonly KeyComment[] } = {}): string | undefined {
  const comments = new Map<object, Map<string, string>>();
  for (const { path, text } of options.comments ?? []) {
    let parent: unknown = data;
    for (const key of path.slice(0, -1)) parent = isObject(parent) || Array.isArray(parent) ? (parent as Record<string | number, unknown>)[key] : undefined;
    if (!isObject(parent)) continue;
    if (!comments.has(parent)) comments.set(parent, new Map());
    comments.get(parent)!.set(String(path.at(-1)), text);
  }
  try {
    const body = Object.keys(data).length === 0 ? '{}' : mapBody(data, '', comments);
    return options.commentBefore ? `${commentLines(options.commentBefore, '')}\n\n${body}\n` : `${body}\n`;
  } catch (error) {
    if (error instanceof NotWritten) return undefined;
    throw error;
  }
}

/** A comment on the line before a key, found by its path. */
export interface KeyComment {
  path: readonly (string | number)[];
  text: string;
}

/** Thrown inside: a value yamlText leaves to yaml. */
class NotWritten extends Error {}

const step = '  ';

/** A map's pairs, the first not indented (it follows what comes before it), the others at `indent`. */
function mapBody(map: Record<string, unknown>, indent: string, comments: Map<object, Map<string, string>>): string {
  const lines: string[] = [];
  const commented = comments.get(map);
  for (const key of Object.keys(map)) {
    const value = map[key];
    // yaml leaves undefined values out of a map.
    if (value === undefined) continue;
    const comment = commented?.get(key);
    if (comment !== undefined) lines.push(commentLines(comment, indent));
    lines.push(pair(key, value, indent, comments));
  }
  if (lines.length === 0) return '{}';
  return lines.join(`\n${indent}`);
}

function pair(key: string, value: unknown, indent: string, comments: Map<object, Map<string, string>>): string {
  const keyText = stringText(key, indent + step, true);
  // yaml writes a longer key as an explicit one ("? key").
  if (keyText.length > 1024) throw new NotWritten();
  const inner = indent + step;
  if (Array.isArray(value)) return value.length === 0 ? `${keyText}: []` : `${keyText}:\n${inner}${seqBody(value, inner, comments)}`;
  if (isObject(value)) return Object.keys(value).some((name) => value[name] !== undefined) ? `${keyText}:\n${inner}${mapBody(value, inner, comments)}` : `${keyText}: {}`;
  return `${keyText}: ${scalarText(value, inner)}`;
}

/** A sequence's items, the first not indented, the others at `indent`. */
function seqBody(items: unknown[], indent: string, comments: Map<object, Map<string, string>>): string {
  const inner = indent + step;
  return items
    .map((item) => {
      if (Array.isArray(item)) return item.length === 0 ? '- []' : `- ${seqBody(item, inner, comments)}`;
      if (isObject(item)) return `- ${mapBody(item, inner, comments)}`;
      // yaml writes an undefined item as an empty one.
      if (item === undefined) throw new NotWritten();
      return `- ${scalarText(item, inner)}`;
    })
    .join(`\n${indent}`);
}

function scalarText(value: unknown, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value < 0 ? '-.inf' : '.inf';
    return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  }
  if (typeof value === 'string') return stringText(value, indent, false);
  throw new NotWritten();
}

/** Plain scalars that would read back as something else than a string ('true', '12', '', '~'): yaml's own tests. */
const notStrings = new Document({}).schema.tags.flatMap((tag) => (tag.default && tag.tag !== 'tag:yaml.org,2002:str' && 'test' in tag && tag.test instanceof RegExp ? [tag.test] : []));
/** yaml's list of what a plain scalar may not start with, contain or end with. */
const notPlain = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Characters yaml escapes in double quotes (and strings it would double-quote for them). */
const escaped = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const documentMarker = /^(%|---|\.\.\.)/m;

/**
 * A string as yaml writes it with lineWidth 0: plain where it reads back the same, else quoted
 * (single quotes when it has double quotes and no single ones, double otherwise); several lines
 * as a literal block (`|-`) indented at `indent`.
 */
function stringText(value: string, indent: string, key: boolean): string {
  if (escaped.test(value)) throw new NotWritten();
  const lines = value.includes('\n');
  if (lines) {
    if (key) throw new NotWritten();
    // Leading spaces or blank lines need an indentation indicator, trailing ones another chomping: rare, left to yaml.
    if (/^[\n ]|[\n\t ]$/.test(value)) throw new NotWritten();
    return `|-\n${indent}${value.replace(/\n+/g, `$&${indent}`)}`;
  }
  if (notPlain.test(value)) return quoted(value);
  if (key && indent === step && documentMarker.test(value)) return quoted(value);
  if (notStrings.some((test) => test.test(value))) return quoted(value);
  return value;
}

function quoted(value: string): string {
  if (value.includes('"') && !value.includes("'")) return `'${value}'`;
  // With no control character JSON's escapes (\" and \\) are YAML's.
  return JSON.stringify(value);
}

/** A comment's lines ('#' before each that is not empty), the ones after the first at `indent`. */
function commentLines(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '' : line === ' ' ? '#' : `#${line}`))
    .map((line, index) => (index > 0 && line !== '' ? indent + line : line))
    .join('\n');
}
