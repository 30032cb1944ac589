import { FAILSAFE_SCHEMA, loadAll, Type, type LoadOptions } from 'js-yaml';
import { isAlias, isCollection, isScalar, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import type { Finding } from '../diagnostics/diagnostic.js';
import { pointerFrom } from './pointer.js';
export { decodeSource } from './decode-source.js';
import { mayReadDifferently, nonPrintable, type Telltales } from './telltales.js';
import { coreFloat, coreInteger, integerValue, onlyBlanksAndComments, readBlockDocument } from './block-yaml.js';
export { mayReadDifferently };

/** How many aliased nodes one document may expand: enough for real files, far too few for a billion laughs. */
const maxAliasCount = 1000;

export interface ParsedDocument {
  /** Index of the document within its file. */
  index: number;
  /** The document as plain data; undefined when it did not parse. */
  value: unknown;
  /** Offset of the document's first content, for findings about the whole document. */
  start: number;
}

export interface ParsedFile {
  file: string;
  text: string;
  documents: ParsedDocument[];
  findings: Finding[];
}

/** Parses every YAML document in a file (YAML 1.2 core schema) with source positions. */
export function parseYamlDocuments(text: string): Document.Parsed[] {
  // logLevel 'error': yaml's warnings would go to the process's stderr; weft reports findings.
  // resolveKnownTags false: !!binary, !!timestamp, !!set and the like are not JSON data, so they
  // stay unresolved and are reported rather than silently turned into something else.
  const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, keepSourceTokens: false, logLevel: 'error', resolveKnownTags: false });
  return Array.isArray(parsed) ? parsed : [];
}

/**
 * Parses a file's text into plain documents plus syntax findings. A plain one-document file
 * (most are) is read by js-yaml, several times faster than `yaml`, when nothing in it can read
 * differently; anything else (several documents, tags, special numbers, a document that is not
 * a mapping, an error) is read by `yaml`, which also places findings. Both give the same data:
 * test/parse.test.ts holds them to it. `fast: false` reads every file with `yaml`.
 */
export function parseFile(file: string, text: string, options: { fast?: boolean } & Partial<Pick<Telltales, 'readsDifferently' | 'mayBeNonPrintable'>> = {}): ParsedFile {
  // WEFT_YAML_ONLY=1: every file through `yaml` (to compare, or should js-yaml ever misread one).
  if (options.fast ?? process.env.WEFT_YAML_ONLY !== '1') {
    const documents = readPlainDocuments(text, options.readsDifferently, options.mayBeNonPrintable);
    if (documents) return { file, text, documents: documents.map((document, index) => ({ index, ...document })), findings: [] };
  }
  return parseWithYaml(file, text);
}

/**
 * YAML 1.2's core schema exactly, as `yaml` reads it. js-yaml's own core schema keeps YAML 1.1's
 * numbers (`1_000`, `0b101`), which `yaml` reads as strings.
 */
export const coreSchema = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type('tag:yaml.org,2002:null', { kind: 'scalar', resolve: (data: string) => /^(?:~|null|Null|NULL)?$/.test(data), construct: () => null }),
    new Type('tag:yaml.org,2002:bool', { kind: 'scalar', resolve: (data: string) => /^(?:true|True|TRUE|false|False|FALSE)$/.test(data), construct: (data: string) => data[0] === 't' || data[0] === 'T' }),
    new Type('tag:yaml.org,2002:int', { kind: 'scalar', resolve: (data: string) => coreInteger.test(data), construct: integerValue }),
    new Type('tag:yaml.org,2002:float', { kind: 'scalar', resolve: (data: string) => coreFloat.test(data), construct: (data: string) => parseFloat(data) }),
  ],
});

/** A line that only separates documents. */
const separator = /^--- *\r?$/gm;

/**
 * A file of plain mappings read by js-yaml (YAML 1.2 core schema, as `yaml` reads), one per
 * document, or undefined when it must be read by `yaml`: anything `mayReadDifferently`, a parse
 * error, a duplicate key, an empty document, a value shared by an alias, a key js-yaml and
 * `yaml` name differently (null).
 */
export function readPlainDocuments(text: string, readsDifferently = mayReadDifferently(text), mayBeNonPrintable?: boolean): { value: unknown; start: number }[] | undefined {
  // U+2028 and U+2029 end lines for the separator pattern (JavaScript's `m` flag), not for YAML.
  if (text.charCodeAt(0) === 0xfeff || readsDifferently || text.includes('\u2028') || text.includes('\u2029')) return undefined;
  // Where each document's text begins: after each separator line; before the first one only
  // when something other than comments is there (yaml makes no document of those).
  const separators = [...text.matchAll(separator)];
  const begins = [0, ...separators.map((match) => match.index + match[0].length)];
  const ends = [...separators.map((match) => match.index), text.length];
  const documents: { value: unknown; start: number }[] = [];
  // An alias shares an object between places (isPlainData finds those); with no anchor to name
  // one there is none, and no object needs remembering. Nor, in a text `mayReadDifferently`
  // let through (no .inf or .nan, no long runs of digits), can a number be infinite, or an
  // integer be written too long to keep exactly, but for a long hexadecimal or octal one.
  const sharing = mayHoldAnchor(text);
  const bigRadix = radixInteger.test(text);
  try {
    // Most files are read by readBlockDocument alone (about twice as fast as js-yaml); js-yaml
    // reads the others. mayBeNonPrintable: an option of weft's build of js-yaml (scripts/build.mjs), when known.
    let values = blockDocuments(text, begins, ends, mayBeNonPrintable);
    // What weft's reader gives is plain data as yaml names it (plain objects, string keys as
    // yaml names them, nothing shared: no anchors; no number the telltales let through is infinite).
    const plain = values !== undefined;
    if (values === undefined) {
      if (jsYamlMisreads.test(text)) return undefined;
      values = loadAll(text, null, { schema: coreSchema, ...(mayBeNonPrintable !== undefined && { mayBeNonPrintable }) } as LoadOptions);
    }
    let index = 0;
    for (const [at, begin] of begins.entries()) {
      const end = ends[at]!;
      const content = firstContent.exec(text.slice(begin, end));
      if (!content) {
        if (at === 0) continue; // comments before the first separator: no document
        return undefined; // an empty document: yaml's reading of it is left to yaml
      }
      const value = values[index++];
      if (value === null || typeof value !== 'object' || Array.isArray(value) || (!plain && !isPlainData(value, sharing ? new Set() : undefined))) return undefined;
      if (bigRadix && radixInteger.test(text.slice(begin, end)) && inspectData(value, Math.max(10_000, text.length), true)) return undefined;
      documents.push({ value, start: begin + content.index + content[0].length - 1 });
    }
    if (index !== values.length || documents.length === 0) return undefined;
  } catch {
    // An error, or nesting too deep to walk here: yaml reads it and says what is wrong.
    return undefined;
  }
  return documents;
}

/** WEFT_BLOCK_READER=0: js-yaml reads every plain file, as before weft had its own reader (to compare; bench/fast-reading.mjs). */
const useBlockReader = process.env.WEFT_BLOCK_READER !== '0';

/**
 * The documents of a text as `loadAll` gives them, when readBlockDocument reads every one (with
 * content: js-yaml makes no document of comments before the first separator); undefined when it
 * leaves one to js-yaml. A text that may hold a character js-yaml refuses (a control character)
 * or a carriage return is left to js-yaml whole.
 */
function blockDocuments(text: string, begins: readonly number[], ends: readonly number[], mayBeNonPrintable: boolean | undefined): unknown[] | undefined {
  if (!useBlockReader || text.includes('\r') || (mayBeNonPrintable ?? nonPrintable.test(text))) return undefined;
  const values: unknown[] = [];
  for (const [at, begin] of begins.entries()) {
    const end = ends[at]!;
    if (!firstContent.exec(text.slice(begin, end))) {
      // Comments before the first separator make no document; what `firstContent` does not
      // see as content (a line that starts with U+00A0, say) is still content: left to the others.
      if (at === 0 && onlyBlanksAndComments(text, begin, end)) continue;
      return undefined;
    }
    const value = readBlockDocument(text, begin, end);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

/**
 * Whether a text may hold an anchor (`&` and a character of its name, as js-yaml reads one) where
 * a node may start: at the text's start or after a space, a tab, a line break or one of `[{,:?-!`.
 * An `&` anywhere else (JSONata's `a & b`, `"x"&"y"`) is not one. Each `&` is looked at (a pattern
 * tried at every space took 40 ms over a project's text).
 */
function mayHoldAnchor(text: string): boolean {
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
    if (at > 0 && !nodeStartBefore.has(text.charCodeAt(at - 1))) continue;
    const name = text.charCodeAt(at + 1);
    if (!Number.isNaN(name) && !anchorEnd.has(name)) return true;
  }
  return false;
}

/** What may come right before a node's properties: blanks, line breaks and indicators. */
const nodeStartBefore = new Set([...' \t\n\r[{,:?-!'].map((character) => character.charCodeAt(0)));
/** What ends (or cannot begin) an anchor's name for js-yaml: blanks, line breaks and flow indicators. */
const anchorEnd = new Set([...' \t\n\r[]{},'].map((character) => character.charCodeAt(0)));

/**
 * Where js-yaml is known to read otherwise than `yaml`: a list item with nothing after its dash
 * (js-yaml may put an empty item after a nested list into the inner list), and a blank line right
 * after a block scalar's header (js-yaml takes the blanks `yaml` refuses, or keeps one too many at
 * the text's end). Texts with them that weft's own reader leaves go to `yaml`.
 */
const jsYamlMisreads = /^[ ]*-[ ]*(?:#.*)?$|[|>][-+0-9]*[ ]*(?:#.*)?\n[ ]*(?:\n|$)/m;

/** An integer in hexadecimal or octal that may be too large to keep exactly. */
const radixInteger = /0x[0-9a-fA-F]{14}|0o[0-7]{18}/;

/** The first character of content: past blank lines and whole-line comments. */
const firstContent = /^[ ]*(?!#)\S/m;

/**
 * Plain JSON data with no object reached twice (an alias: looked for with `seen`, when the text
 * may hold one), no key `null` (`yaml` names a null key "") and no `__proto__`; no key with a
 * comma or `[object Object]` either (js-yaml's names for a list or mapping used as a key, which
 * `yaml` reports).
 */
function isPlainData(value: unknown, seen: Set<object> | undefined): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'number' || Number.isFinite(value);
  if (seen !== undefined) {
    if (seen.has(value)) return false;
    seen.add(value);
  }
  if (Array.isArray(value)) return value.every((item) => isPlainData(item, seen));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key of Object.keys(value)) {
    if (key === 'null' || key === '__proto__' || key.includes(',') || key === '[object Object]' || !isPlainData((value as Record<string, unknown>)[key], seen)) return false;
  }
  return true;
}

/** Parses a file's text with `yaml`: every document, with syntax findings placed. */
function parseWithYaml(file: string, text: string): ParsedFile {
  const findings: Finding[] = [];
  const documents: ParsedDocument[] = [];
  parseYamlDocuments(text).forEach((document, index) => {
    let broken = false;
    const syntax: Finding[] = [];
    for (const error of document.errors) {
      broken = true;
      const range: [number, number] = /^Flow (map|sequence)/.test(error.message) ? unclosedFlowCollection(document, text, error.pos[0]) ?? error.pos : error.pos;
      syntax.push({ severity: 'error', code: 'yaml-syntax', message: yamlMessage(error.message), file, document: index, range: [range[0], Math.max(range[0], range[1])] });
    }
    findings.push(...teach(syntax, text));
    for (const warning of document.warnings) {
      if (warning.code !== 'TAG_RESOLVE_FAILED') continue;
      broken = true;
      const tag = text.slice(warning.pos[0], warning.pos[1]).trim();
      findings.push({
        severity: 'error',
        code: 'yaml-syntax',
        message: `tag '${tag.length <= 40 ? tag : tag.slice(0, 40) + '…'}' is not supported: weft files hold plain data (strings, numbers, booleans, null, mappings, lists)`,
        file,
        document: index,
        range: [warning.pos[0], Math.max(warning.pos[0], warning.pos[1])],
      });
    }
    const keys = inspectKeys(document);
    for (const range of keys.collections) {
      broken = true;
      findings.push({
        severity: 'error',
        code: 'yaml-syntax',
        message: "a mapping or list is used as a key; if this is a template such as {{settings.x}}, quote it: '{{settings.x}}'",
        file,
        document: index,
        range,
      });
    }
    for (const range of keys.duplicates) {
      findings.push({ severity: 'error', code: 'duplicate-key', message: duplicateKeyMessage(text, range), file, document: index, range });
    }
    const start = (document.contents as { range?: [number, number] } | null)?.range?.[0] ?? document.range[0];
    if (broken) {
      documents.push({ index, value: undefined, start });
      return;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount });
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      findings.push({
        severity: 'error',
        code: 'yaml-syntax',
        message: /alias count/i.test(error.message)
          ? `aliases expand to too many nodes (more than ${maxAliasCount}); refusing to expand this document`
          : `bad alias: ${lowerFirst(error.message)}`,
        file,
        document: index,
        range: [start, start],
      });
    }
    // The document's own source: testing the whole file for each document would make a file of
    // many documents quadratic.
    const source = text.slice(document.range[0], document.range[2]);
    if (value !== undefined && mayNeedInspection.test(source)) {
      const problem = inspectData(value, Math.max(10_000, text.length), longInteger.test(source));
      if (problem) {
        findings.push({ severity: 'error', code: 'yaml-syntax', message: problem.message, file, document: index, ...(problem.pointer === undefined ? { range: [start, start] as [number, number] } : { pointer: problem.pointer }) });
        value = undefined;
      }
    }
    documents.push({ index, value, start });
  });
  return { file, text, documents, findings };
}

/** Text that may hold aliases, infinities or integers too large for a double. */
const mayNeedInspection = /\*|\.(?:inf|Inf|INF|nan|NaN|NAN)\b|\d{16}|\d[eE][+-]?\d{3}|0x[0-9a-fA-F]{14}|0o[0-7]{18}/;

/**
 * An integer written with too many digits to keep exactly: sixteen decimal ones or more, or a long
 * hexadecimal or octal one. A number written as a float (`5.3e+51`) is as exact as it was
 * written, whatever its value.
 */
const longInteger = /\d{16}|0x[0-9a-fA-F]{14}|0o[0-7]{18}/;

/**
 * Checks that a document's data is plain JSON data of a sane size: aliases share structure in
 * the parsed value, and expanding it (every rule walks it, the bundle writes it out) must stay
 * proportional to the file. Returns the first problem.
 */
function inspectData(value: unknown, budget: number, integers: boolean): { message: string; pointer?: string } | undefined {
  let nodes = 0;
  const path: string[] = [];
  const visitValue = (node: unknown): { message: string; pointer?: string } | undefined => {
    if (++nodes > budget) return { message: `aliases expand this document to more than ${budget} values; refusing to expand it` };
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) return { message: 'this number is infinite or not a number (or too large to represent); JSON numbers are finite', pointer: pointerFrom(path) };
      if (integers && Number.isInteger(node) && !Number.isSafeInteger(node)) return { message: 'this integer is too large to keep exactly; quote it to keep it as text', pointer: pointerFrom(path) };
    } else if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        path.push(String(index));
        const problem = visitValue(node[index]);
        path.pop();
        if (problem) return problem;
      }
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        path.push(key);
        const problem = visitValue((node as Record<string, unknown>)[key]);
        path.pop();
        if (problem) return problem;
      }
    }
    return undefined;
  };
  return visitValue(value);
}

/**
 * Keys that are mappings or lists (`{{x}}: 1` parses as one; weft's data has string keys only),
 * and keys a mapping repeats, compared as the data will see them (`1` and `"1"` are one key).
 * One pass with a set per mapping: yaml's own uniqueKeys check is quadratic in a mapping's size.
 */
function inspectKeys(document: Document.Parsed): { collections: [number, number][]; duplicates: [number, number][] } {
  const collections: [number, number][] = [];
  const duplicates: [number, number][] = [];
  visit(document, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        let key = pair.key as Node | null;
        const range = (key as { range?: [number, number] } | null)?.range;
        if (isAlias(key)) key = key.resolve(document) ?? null;
        if (isCollection(key)) {
          if (range) collections.push([range[0], range[1]]);
          continue;
        }
        const name = isScalar(key) ? String(key.value) : '';
        if (seen.has(name) && range) duplicates.push([range[0], range[1]]);
        seen.add(name);
      }
    },
  });
  return { collections, duplicates };
}

/**
 * The opening bracket of the flow collection left unclosed before an offset: yaml reports the
 * token after it (often the end of the file), but the mistake is where the collection opens.
 */
function unclosedFlowCollection(document: Document.Parsed, text: string, offset: number): [number, number] | undefined {
  let found: number | undefined;
  visit(document, (_, node) => {
    if (!isCollection(node) || !node.flow || !node.range || node.range[0] >= offset) return;
    const source = text.slice(node.range[0], node.range[1]).trimEnd();
    const closed = source.endsWith(text[node.range[0]] === '{' ? '}' : ']');
    if (!closed && (found === undefined || node.range[0] > found)) found = node.range[0];
  });
  return found === undefined ? undefined : [found, found + 1];
}


function duplicateKeyMessage(text: string, [start, end]: [number, number]): string {
  const key = text.slice(start, end).trim();
  return key && key.length <= 80 && !key.includes('\n') ? `key '${key}' is repeated in this mapping` : 'a key is repeated in this mapping';
}

/** yaml's messages say "at line x, column y" in their own words; the position is reported separately. */
/**
 * The parser's errors as a reader can act on them: one error for the tabs that indent a document
 * (each tab gives several errors), one for a value that starts with '*' (YAML reads it as an alias:
 * a cron expression, mostly) with how to quote it.
 */
function teach(errors: Finding[], text: string): Finding[] {
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const tabs = errors.filter((error) => error.message === 'tabs are not allowed as indentation');
  if (tabs.length > 0) {
    const lines = [...new Set(tabs.map((error) => lineOf(error.range![0])))];
    const listed = lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.slice(0, -1).join(', ')} and ${lines.at(-1)}`;
    // The other errors of the document follow from the tabs: they are left out.
    return [{ ...tabs[0]!, message: `a tab indents ${listed}; YAML indents with spaces only`, hint: 'replace each tab at the start of a line with spaces (your editor can convert indentation to spaces)' }];
  }
  const taught: Finding[] = [];
  const aliasLines = new Set<number>();
  for (const error of errors) {
    if (error.message === 'all mapping items must start at the same column') {
      taught.push(misindented(error, text));
      continue;
    }
    if (error.message === 'block collections are not allowed within flow collections') {
      taught.push({
        ...error,
        message: 'a { … } mapping (or [ … ] list) holds indented lines of block content',
        hint: 'write it on one line inside the braces, { cron: "0 * * * *" }, or drop the braces and indent its keys on lines of their own',
      });
      continue;
    }
    if (!/alias/i.test(error.message)) {
      taught.push(error);
      continue;
    }
    const start = text.lastIndexOf('\n', error.range![0] - 1) + 1;
    const end = text.indexOf('\n', error.range![0]);
    const line = text.slice(start, end === -1 ? text.length : end);
    const value = /(^|[{,\s])([\w.-]+):\s+(\*[^,}#\r]*?)\s*(?=[,}]|#|$)/.exec(line);
    if (!value) {
      taught.push(error);
      continue;
    }
    if (aliasLines.has(start)) continue;
    aliasLines.add(start);
    const at = start + line.indexOf(value[3]!, value.index + value[1]!.length + value[2]!.length + 1);
    taught.push({
      ...error,
      range: [at, at + value[3]!.length],
      message: `the value of '${value[2]}' starts with '*', which YAML reads as an alias (a reference to an anchor), not as text`,
      hint: `quote it: ${value[2]}: "${value[3]}"`,
    });
  }
  return taught;
}

/** A key indented differently from the keys of its mapping: at the key, saying by how much. */
function misindented(error: Finding, text: string): Finding {
  const lineStart = text.lastIndexOf('\n', error.range![0] - 1) + 1;
  const lineEnd = text.indexOf('\n', lineStart);
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  const indent = line.length - line.trimStart().length;
  const key = /^\s*(?:- )?([^\s:#][^:#]*?):(\s|$)/.exec(line)?.[1];
  // The key it should line up with: the nearest key above it that starts further left (a list
  // item's key starts after its '- ').
  const keyColumn = (candidate: string) => candidate.length - candidate.trimStart().length + (/^\s*- /.test(candidate) ? 2 : 0);
  const above = text.slice(0, lineStart).split('\n').slice(0, -1).reverse().filter((candidate) => candidate.trim() !== '' && !candidate.trimStart().startsWith('#'));
  const sibling = above.find((candidate) => keyColumn(candidate) < indent);
  const siblingIndent = sibling === undefined ? undefined : keyColumn(sibling);
  if (key === undefined || siblingIndent === undefined || siblingIndent === indent) return error;
  return {
    ...error,
    range: [lineStart + indent, lineStart + indent + key.length],
    message: `'${key.trim()}' is indented ${indent} spaces, the keys above it ${siblingIndent}: the keys of one mapping line up`,
    hint: `indent '${key.trim()}' by ${siblingIndent} spaces, or nest it under a key that opens a mapping`,
  };
}

function yamlMessage(message: string): string {
  return lowerFirst(message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim());
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
