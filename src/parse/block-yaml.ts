/**
 * A reader for the YAML most weft files are written in, and only that: block mappings and lists
 * indented with spaces, plain and quoted scalars on one line (YAML's one-character escapes, `\x`
 * and `\u`), `|` and `>` block scalars, flow collections on one line, comments. Anything else
 * (anchors, tags, other escapes, a scalar over several lines, an indentation indicator, a
 * duplicate key, a key that is not a string, very long keys, deep nesting...) gives undefined, and
 * the file is read by js-yaml, then `yaml`, as before. What it does read, it reads exactly as
 * `yaml` does with weft's core schema: test/block-yaml.test.ts holds it to that over the
 * repository's YAML files, a generated project and generated texts of awkward shapes.
 *
 * Written for speed on the cold path (one pass, no tokens): on the benchmark corpus it reads a
 * file in about half js-yaml's time.
 */

/** Thrown to give up on a text: caught once, at the top. */
const giveUp = Symbol('not plain block YAML');

const SPACE = 0x20;
const NEWLINE = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const DOUBLE = 0x22;
const SINGLE = 0x27;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_SQUARE = 0x5b;
const CLOSE_SQUARE = 0x5d;
const OPEN_CURLY = 0x7b;
const CLOSE_CURLY = 0x7d;
const PIPE = 0x7c;
const GREATER = 0x3e;

/**
 * Characters a plain scalar (or key) may not begin with here: YAML's indicators (`-`, `?` and `:`
 * only before a blank in YAML; never here), quotes and flow indicators are handled before.
 */
const refusedFirst = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((character) => character.charCodeAt(0)));

/**
 * The value of the document in text[begin, end) (one document: no `---` line inside), when it is
 * a mapping written the plain way; undefined when it is anything else.
 */
export function readBlockDocument(text: string, begin: number, end: number): Record<string, unknown> | undefined {
  // A byte order mark: yaml drops one that begins the text, js-yaml reads it as content. (Looked
  // for in this document only: a search to the text's end for each of many documents is quadratic.)
  if (text.slice(begin, end).includes('\ufeff')) return undefined;
  const reader = new BlockReader(text, begin, end);
  try {
    return reader.document();
  } catch (error) {
    if (error === giveUp) return undefined;
    throw error;
  }
}

/**
 * Collections nested deeper than this are left to the others: `yaml` runs out of stack on a
 * deep enough text (and reports it), and so would this reader.
 */
const maxDepth = 100;

/**
 * A key's colon at most this far from the key's start: `yaml` refuses an implicit key longer than
 * 1,024 characters as written (quotes and escapes counted).
 */
const maxKeySpan = 1000;

/**
 * Whether text[begin, end) has nothing but blank lines and comments, as this reader sees lines
 * (a Unicode space such as U+00A0 is content to it, and to `yaml`).
 */
export function onlyBlanksAndComments(text: string, begin: number, end: number): boolean {
  return !new BlockReader(text, begin, end).hasContent();
}

class BlockReader {
  /** Where the line being read begins, and its indentation (spaces). */
  private line = 0;
  private indent = 0;
  /** How many collections the reader is inside. */
  private depth = 0;
  /** Whether the last `plainEnd` stopped at a colon. */
  private atColon = false;

  constructor(
    private readonly text: string,
    private position: number,
    private readonly end: number,
  ) {}

  /** Whether the document has a line that is neither blank nor only a comment. */
  hasContent(): boolean {
    this.line = this.position;
    return this.nextContentLine();
  }

  document(): Record<string, unknown> {
    if (!this.hasContent() || this.indent !== 0) throw giveUp;
    const value = this.mapping(0);
    // Nothing after the mapping but blank lines and comments.
    if (this.nextContentLine()) throw giveUp;
    return value;
  }

  /**
   * From `this.line` (the start of a line), to the start of the next line with content (not blank,
   * not only a comment), setting `line` and `indent`; false at the end of the document.
   */
  private nextContentLine(): boolean {
    const { text, end } = this;
    let at = this.line;
    while (at < end) {
      let first = at;
      while (first < end && text.charCodeAt(first) === SPACE) first++;
      if (first >= end) break;
      const code = text.charCodeAt(first);
      if (code !== NEWLINE && code !== HASH) {
        this.line = at;
        this.indent = first - at;
        this.position = first;
        return true;
      }
      const next = text.indexOf('\n', first);
      at = next === -1 || next >= end ? end : next + 1;
    }
    this.line = end;
    this.indent = 0;
    this.position = end;
    return false;
  }

  /** The start of the line after the one `at` is on (or the end). */
  private lineAfter(at: number): number {
    const next = this.text.indexOf('\n', at);
    return next === -1 || next >= this.end ? this.end : next + 1;
  }

  /**
   * A block mapping whose keys are at column `indent`; the first key at `this.position` (on a line
   * of its own, or after `- ` in a list).
   */
  private mapping(indent: number): Record<string, unknown> {
    if (++this.depth > maxDepth) throw giveUp;
    const result: Record<string, unknown> = {};
    for (;;) {
      const key = this.key();
      if (key === undefined || key === '__proto__' || Object.prototype.hasOwnProperty.call(result, key)) throw giveUp;
      // After the colon: blanks, then a value on this line, or nothing (or a comment) and the value below.
      let at = this.position + 1;
      const { text } = this;
      while (at < this.end && text.charCodeAt(at) === SPACE) at++;
      const code = at < this.end ? text.charCodeAt(at) : NEWLINE;
      if (code === NEWLINE || (code === HASH && text.charCodeAt(at - 1) === SPACE)) {
        this.line = this.lineAfter(at);
        const more = this.nextContentLine();
        if (more && this.indent > indent) result[key] = this.blockNode();
        // A list may sit at its key's own indentation.
        else if (more && this.indent === indent && this.isListItem(this.position)) result[key] = this.list(indent);
        else result[key] = null;
      } else {
        this.position = at;
        result[key] = this.inlineValue(indent);
      }
      // this.line/indent: the next line with content.
      if (this.line >= this.end || this.indent < indent || (this.indent === indent && this.isListItem(this.position))) {
        // (A list item here: the end of a list's compact mapping, or an error.)
        this.depth--;
        return result;
      }
      if (this.indent > indent) throw giveUp;
    }
  }

  /** Whether a list item (`-` and a blank or the line's end) begins at `at`. */
  private isListItem(at: number): boolean {
    if (this.text.charCodeAt(at) !== DASH) return false;
    const next = at + 1 < this.end ? this.text.charCodeAt(at + 1) : NEWLINE;
    return next === SPACE || next === NEWLINE;
  }

  /** The node starting the line `this.line` (indentation `this.indent`): a list or a mapping. */
  private blockNode(): unknown {
    if (this.isListItem(this.position)) return this.list(this.indent);
    return this.mapping(this.indent);
  }

  /** A block list whose dashes are at column `indent`, the first at `this.position`. */
  private list(indent: number): unknown[] {
    if (++this.depth > maxDepth) throw giveUp;
    const result: unknown[] = [];
    const { text } = this;
    for (;;) {
      let at = this.position + 1;
      while (at < this.end && text.charCodeAt(at) === SPACE) at++;
      const code = at < this.end ? text.charCodeAt(at) : NEWLINE;
      if (code === NEWLINE || code === HASH) {
        // `-` alone (or with a comment): the item is below, more indented, or null.
        if (code === HASH && text.charCodeAt(at - 1) !== SPACE) throw giveUp;
        this.line = this.lineAfter(at);
        const more = this.nextContentLine();
        result.push(more && this.indent > indent ? this.blockNode() : null);
      } else if (this.isListItem(at)) {
        throw giveUp; // `- - x`: a list in a list on one line
      } else {
        this.position = at;
        if (this.startsKey(at)) {
          // `- key: value`: a mapping whose keys are at this column.
          result.push(this.mapping(at - this.line));
        } else {
          result.push(this.inlineValue(indent));
        }
      }
      if (this.line >= this.end || this.indent < indent || (this.indent === indent && !this.isListItem(this.position))) {
        // (At its indentation but no item: the list ends, its mapping goes on.)
        this.depth--;
        return result;
      }
      if (this.indent > indent) throw giveUp;
    }
  }

  /** Whether a mapping key (plain or quoted, then `:` and a blank or the line's end) begins at `at`. */
  private startsKey(at: number): boolean {
    const saved = this.position;
    this.position = at;
    const key = this.keyOrUndefined();
    this.position = saved;
    return key !== undefined;
  }

  /** The key at `this.position`, leaving `position` at its colon; gives up when there is none. */
  private key(): string {
    const key = this.keyOrUndefined();
    if (key === undefined) throw giveUp;
    return key;
  }

  private keyOrUndefined(): string | undefined {
    const { text, end } = this;
    const start = this.position;
    const first = text.charCodeAt(start);
    let key: string;
    let after: number;
    if (first === DOUBLE || first === SINGLE) {
      const quoted = this.quoted(start);
      if (quoted === undefined) return undefined;
      [key, after] = quoted;
      while (after < end && text.charCodeAt(after) === SPACE) after++;
      if (after - start > maxKeySpan) return undefined;
    } else {
      if (refusedFirst.has(first)) return undefined;
      // A plain key ends at the first `: ` or `:` at the line's end, before any ` #`.
      const at = this.plainEnd(start);
      if (!this.atColon) return undefined;
      key = text.slice(start, this.trimmed(start, at));
      // A key that reads as anything but a string (null, true, 12) is named differently by js-yaml and `yaml`.
      if (at - start > maxKeySpan || typeof plainScalar(key) !== 'string') return undefined;
      after = at;
    }
    if (after >= end || text.charCodeAt(after) !== COLON) return undefined;
    const next = after + 1 < end ? text.charCodeAt(after + 1) : NEWLINE;
    if (next !== SPACE && next !== NEWLINE) return undefined;
    this.position = after;
    return key;
  }

  /**
   * The value after `key: ` or `- ` at `this.position`, on this line (a block scalar's lines
   * follow); `indent` is its parent's. Leaves `line`/`indent` at the next line with content.
   */
  private inlineValue(indent: number): unknown {
    const { text } = this;
    const start = this.position;
    const first = text.charCodeAt(start);
    let value: unknown;
    let after: number;
    if (first === DOUBLE || first === SINGLE) {
      const quoted = this.quoted(start);
      if (quoted === undefined) throw giveUp;
      [value, after] = quoted;
    } else if (first === OPEN_SQUARE || first === OPEN_CURLY) {
      [value, after] = this.flow(start);
    } else if (first === PIPE || first === GREATER) {
      return this.blockScalar(start, indent);
    } else {
      if (refusedFirst.has(first) && !plainDash(text, start, false)) throw giveUp;
      // To the line's end or a comment; `: ` in a value is an error (or a mapping on one line).
      const at = this.plainEnd(start);
      if (this.atColon) throw giveUp;
      value = plainScalar(text.slice(start, this.trimmed(start, at)));
      this.line = this.lineAfter(at);
      this.endOfValue(indent);
      return value;
    }
    // After a quoted scalar or a flow collection: blanks, then a comment or the line's end.
    let at = after;
    while (at < this.end && text.charCodeAt(at) === SPACE) at++;
    if (at < this.end) {
      const code = text.charCodeAt(at);
      if (code !== NEWLINE && !(code === HASH && at > after)) throw giveUp;
    }
    this.line = this.lineAfter(at);
    this.endOfValue(indent);
    return value;
  }

  /**
   * Where a plain scalar (or key) starting at `start` ends on its line: at its line break, at the
   * `#` of a ` #` comment, at the text's end, or at a `:` followed by a blank or the line's end
   * (`atColon` then says so: a key's end, an error after a value).
   */
  private plainEnd(start: number): number {
    const { text, end } = this;
    this.atColon = false;
    let at = start;
    while (at < end) {
      const code = text.charCodeAt(at);
      if (code === NEWLINE || (code === HASH && text.charCodeAt(at - 1) === SPACE)) break;
      if (code === COLON) {
        const next = at + 1 < end ? text.charCodeAt(at + 1) : NEWLINE;
        if (next === SPACE || next === NEWLINE) {
          this.atColon = true;
          break;
        }
      }
      at++;
    }
    return at;
  }

  /** `at` moved back past the spaces before it, not before `start`. */
  private trimmed(start: number, at: number): number {
    while (at > start && this.text.charCodeAt(at - 1) === SPACE) at--;
    return at;
  }

  /** After a value on one line: the next line with content must not carry it on (a scalar over several lines). */
  private endOfValue(indent: number): void {
    if (this.nextContentLine() && this.indent > indent) throw giveUp;
  }

  /**
   * A quoted scalar on one line starting at `start`: its value and where it ends; undefined for
   * one that does not end on its line or holds an escape other than YAML's one-character ones,
   * `\x` and `\u`.
   */
  private quoted(start: number): [string, number] | undefined {
    const { text, end } = this;
    const quote = text.charCodeAt(start);
    let at = start + 1;
    let value = '';
    let from = at;
    if (quote === DOUBLE) {
      for (;;) {
        if (at >= end) return undefined;
        const code = text.charCodeAt(at);
        if (code === DOUBLE) return [value + text.slice(from, at), at + 1];
        if (code === NEWLINE) return undefined;
        if (code === BACKSLASH) {
          const escape = text[at + 1];
          const simple = escape === undefined ? undefined : simpleEscapes[escape];
          let length = 2;
          let character: string;
          if (simple !== undefined) character = simple;
          else {
            const digits = escape === 'x' ? 2 : escape === 'u' ? 4 : 0;
            const hex = text.slice(at + 2, at + 2 + digits);
            // \U, an escaped line break and the like: left to the others.
            if (digits === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return undefined;
            character = String.fromCharCode(parseInt(hex, 16));
            length += digits;
          }
          value += text.slice(from, at) + character;
          at += length;
          from = at;
          continue;
        }
        at++;
      }
    }
    for (;;) {
      if (at >= end) return undefined;
      const code = text.charCodeAt(at);
      if (code === NEWLINE) return undefined;
      if (code === SINGLE) {
        if (at + 1 < end && text.charCodeAt(at + 1) === SINGLE) {
          value += text.slice(from, at + 1);
          at += 2;
          from = at;
          continue;
        }
        return [value + text.slice(from, at), at + 1];
      }
      at++;
    }
  }

  /** A flow collection on one line starting at `start`: its value and where it ends. */
  private flow(start: number): [unknown, number] {
    if (++this.depth > maxDepth) throw giveUp;
    const result = this.flowCollection(start);
    this.depth--;
    return result;
  }

  private flowCollection(start: number): [unknown, number] {
    const { text, end } = this;
    const open = text.charCodeAt(start);
    const close = open === OPEN_SQUARE ? CLOSE_SQUARE : CLOSE_CURLY;
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    let at = start + 1;
    const skip = () => {
      while (at < end && text.charCodeAt(at) === SPACE) at++;
    };
    skip();
    if (at < end && text.charCodeAt(at) === close) return [open === OPEN_SQUARE ? list : map, at + 1];
    for (;;) {
      skip();
      if (open === OPEN_CURLY) {
        const [key, afterKey] = this.flowScalar(at, true);
        if (typeof key !== 'string' || key === '__proto__' || Object.prototype.hasOwnProperty.call(map, key)) throw giveUp;
        at = afterKey;
        skip();
        if (at >= end || text.charCodeAt(at) !== COLON || text.charCodeAt(at + 1) !== SPACE) throw giveUp;
        at += 2;
        skip();
        const [value, afterValue] = this.flowItem(at);
        map[key] = value;
        at = afterValue;
      } else {
        const [value, afterValue] = this.flowItem(at);
        list.push(value);
        at = afterValue;
      }
      skip();
      if (at >= end) throw giveUp;
      const code = text.charCodeAt(at);
      if (code === close) return [open === OPEN_SQUARE ? list : map, at + 1];
      if (code !== COMMA) throw giveUp;
      at++;
      skip();
      // A trailing comma, an empty entry: left to the others.
      const next = at < end ? text.charCodeAt(at) : NEWLINE;
      if (next === COMMA || next === close) throw giveUp;
    }
  }

  /** An item of a flow collection at `at`: a nested collection or a scalar; not a pair. */
  private flowItem(at: number): [unknown, number] {
    const code = this.text.charCodeAt(at);
    if (code === OPEN_SQUARE || code === OPEN_CURLY) return this.flow(at);
    const [value, after] = this.flowScalar(at, false);
    // `[a: b]` (a pair in a list) and the like: left to the others.
    let next = after;
    while (next < this.end && this.text.charCodeAt(next) === SPACE) next++;
    if (this.text.charCodeAt(next) === COLON) throw giveUp;
    return [value, after];
  }

  /** A scalar in a flow collection (quoted, or plain with none of `,[]{}#` and no `: `); a key's is a string. */
  private flowScalar(start: number, isKey: boolean): [unknown, number] {
    const { text, end } = this;
    const first = text.charCodeAt(start);
    if (first === DOUBLE || first === SINGLE) {
      const quoted = this.quoted(start);
      if (quoted === undefined) throw giveUp;
      return quoted;
    }
    if (refusedFirst.has(first) && !plainDash(text, start, true)) throw giveUp;
    let at = start;
    let last = start;
    while (at < end) {
      const code = text.charCodeAt(at);
      if (code === COMMA || code === CLOSE_SQUARE || code === CLOSE_CURLY) break;
      if (code === COLON) {
        // `:` and a blank or a flow indicator ends a key (and is an error after a value); `12:30` is a scalar's.
        const next = at + 1 < end ? text.charCodeAt(at + 1) : NEWLINE;
        if (next === SPACE || next === NEWLINE || next === COMMA || next === OPEN_SQUARE || next === CLOSE_SQUARE || next === OPEN_CURLY || next === CLOSE_CURLY) {
          if (isKey) break;
          throw giveUp;
        }
      } else if (code === NEWLINE || code === HASH || code === OPEN_SQUARE || code === OPEN_CURLY) throw giveUp;
      if (code !== SPACE) last = at + 1;
      at++;
    }
    const plain = text.slice(start, last);
    if (plain === '') throw giveUp;
    const value = plainScalar(plain);
    if (isKey && typeof value !== 'string') throw giveUp;
    return [value, last];
  }

  /**
   * A `|` or `>` block scalar whose header starts at `start`, its parent at `indent`: chomping
   * (`-`, `+`) but no indentation indicator, no more-indented lines in a folded one, no blank
   * line before its first line or with spaces past its indentation.
   */
  private blockScalar(start: number, indent: number): string {
    const { text, end } = this;
    const folded = text.charCodeAt(start) === GREATER;
    let at = start + 1;
    let chomping: 'clip' | 'strip' | 'keep' = 'clip';
    const indicator = text.charCodeAt(at);
    if (indicator === DASH) (chomping = 'strip'), at++;
    else if (indicator === 0x2b) (chomping = 'keep'), at++;
    const header = at;
    while (at < end && text.charCodeAt(at) === SPACE) at++;
    if (at < end) {
      const code = text.charCodeAt(at);
      if (code !== NEWLINE && !(code === HASH && at > header)) throw giveUp;
    }
    // The lines: the first one's indentation is the scalar's.
    let line = this.lineAfter(at);
    let blockIndent = -1;
    const lines: string[] = [];
    let trailingEmpty = 0;
    while (line < end) {
      let first = line;
      while (first < end && text.charCodeAt(first) === SPACE) first++;
      const code = first < end ? text.charCodeAt(first) : NEWLINE;
      const spaces = first - line;
      if (code === NEWLINE) {
        // A blank line: empty content, unless it has spaces past the indentation (content then).
        // (One without its line break, the text's last, is not a line: left to the others.)
        if (blockIndent === -1 || spaces > blockIndent || first >= end) throw giveUp;
        trailingEmpty++;
        line = first + 1 > end ? end : first + 1;
        continue;
      }
      if (blockIndent === -1) {
        if (spaces <= indent) break;
        blockIndent = spaces;
      } else if (spaces < blockIndent) break;
      if (folded && spaces > blockIndent) throw giveUp;
      for (let empty = 0; empty < trailingEmpty; empty++) lines.push('');
      trailingEmpty = 0;
      const lineEnd = this.lineAfter(first);
      const contentEnd = lineEnd < end || text.charCodeAt(lineEnd - 1) === NEWLINE ? lineEnd - 1 : lineEnd;
      lines.push(text.slice(line + blockIndent, contentEnd));
      // The document's last line without a line break: its break is not there to keep.
      if (lineEnd === end && text.charCodeAt(end - 1) !== NEWLINE) throw giveUp;
      line = lineEnd;
    }
    if (lines.length === 0) throw giveUp;
    let value: string;
    if (folded) {
      value = lines[0]!;
      let empties = 0;
      for (let index = 1; index < lines.length; index++) {
        const content = lines[index]!;
        if (content === '') {
          empties++;
          continue;
        }
        value += empties === 0 ? ' ' + content : '\n'.repeat(empties) + content;
        empties = 0;
      }
    } else {
      value = lines.join('\n');
    }
    if (chomping === 'clip') value += '\n';
    else if (chomping === 'keep') value += '\n'.repeat(1 + trailingEmpty);
    this.line = line;
    this.position = line;
    if (this.nextContentLine() && this.indent > indent) throw giveUp;
    return value;
  }
}

/** YAML's escapes of one character in a double-quoted scalar, and what they stand for. */
const simpleEscapes: Record<string, string> = Object.assign(Object.create(null), {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
});

/** Whether a plain scalar may begin with the `-` at `at` (`-5`, `-foo`): when a blank (or, in a flow collection, a flow indicator) does not follow. */
function plainDash(text: string, at: number, inFlow: boolean): boolean {
  if (text.charCodeAt(at) !== DASH) return false;
  const next = text.charCodeAt(at + 1);
  if (next === SPACE || next === NEWLINE || Number.isNaN(next)) return false;
  return !inFlow || !(next === COMMA || next === OPEN_SQUARE || next === CLOSE_SQUARE || next === OPEN_CURLY || next === CLOSE_CURLY);
}

/** A plain scalar as weft's core schema reads it (YAML 1.2 core, as js-yaml's schema in parse-file.ts and `yaml` do). */
export function plainScalar(text: string): unknown {
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  const first = text.charCodeAt(0);
  if (first === 0x74 || first === 0x54 || first === 0x66 || first === 0x46) {
    if (text === 'true' || text === 'True' || text === 'TRUE') return true;
    if (text === 'false' || text === 'False' || text === 'FALSE') return false;
    return text;
  }
  // Numbers begin with a digit, a sign or a dot.
  if (!((first >= 0x30 && first <= 0x39) || first === 0x2b || first === DASH || first === 0x2e)) return text;
  if (coreInteger.test(text)) return integerValue(text);
  if (coreFloat.test(text)) return parseFloat(text);
  return text;
}

/** YAML 1.2 core schema's integers and floats (js-yaml's schema in parse-file.ts uses them too). */
export const coreInteger = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
export const coreFloat = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** The value of a text `coreInteger` matches. */
export function integerValue(text: string): number {
  return text.startsWith('0o') ? parseInt(text.slice(2), 8) : text.startsWith('0x') ? parseInt(text.slice(2), 16) : Number(text);
}
