import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { LineIndex } from '../parse/line-index.js';
import { displayPath, plural, type ReportContext } from './report-context.js';
import { counts } from '../diagnostics/count.js';
import { blankControl, escapeControl } from './escape-control.js';
import { isSecretLikeKey, tokenSpans } from '../lex/secrets.js';
import { pointerSegments } from '../parse/pointer.js';

export interface PrettyStats {
  files: number;
  resources: number;
}

const styles = { red: 31, yellow: 33, cyan: 36, bold: 1, dim: 2, green: 32 } as const;

/**
 * Human output: each diagnostic with its location, a code frame with a caret under the span and
 * the hint, then a summary. Literal secrets reported as plaintext-secret are masked in frames.
 */
export function formatPretty(diagnostics: readonly Diagnostic[], context: ReportContext, stats?: PrettyStats): string {
  const paint = (style: keyof typeof styles, text: string) => (context.color ? `\u001b[${styles[style]}m${text}\u001b[0m` : text);
  // Suppressed diagnostics still mark secrets: their lines may show in another diagnostic's frame.
  const masks = secretMasks([...diagnostics, ...(context.suppressed ?? [])]);
  const indexes = new Map<string, LineIndex>();
  const blocks = diagnostics.map((diagnostic) => {
    const color = diagnostic.severity === 'error' ? 'red' : 'yellow';
    const lines = [
      `${paint(color, paint('bold', `${diagnostic.severity}[${diagnostic.code}]`))}${paint('bold', `: ${escapeControl(diagnostic.message)}`)}`,
      `  ${paint('cyan', '-->')} ${escapeControl(displayPath(diagnostic, context))}:${diagnostic.line}:${diagnostic.column}`,
    ];
    const source = context.sources.get(diagnostic.file);
    if (source) {
      let index = indexes.get(diagnostic.file);
      if (!index) indexes.set(diagnostic.file, (index = new LineIndex(source)));
      lines.push(...codeFrame(diagnostic, index, masks.get(diagnostic.file) ?? [], paint));
    }
    if (diagnostic.hint) lines.push(`   ${paint('cyan', '=')} hint: ${escapeControl(diagnostic.hint)}`);
    return lines.join('\n');
  });
  const { errorCount, warningCount } = counts(diagnostics);
  const scope = stats ? ` in ${plural(stats.files, 'file')} (${plural(stats.resources, 'resource')})` : '';
  const suppressed = context.suppressed ?? [];
  const quiet = suppressed.length > 0 ? `, ${suppressed.length} suppressed${context.showSuppressed ? '' : ' (--show-suppressed lists them)'}` : '';
  const summary =
    diagnostics.length === 0
      ? paint('green', `✔ no problems${scope}`) + paint('dim', quiet)
      : paint(errorCount > 0 ? 'red' : 'yellow', `✖ ${plural(errorCount, 'error')}, ${plural(warningCount, 'warning')}${scope}`) + paint('dim', quiet);
  const listed = context.showSuppressed
    ? suppressed.map((diagnostic) =>
        [
          paint('dim', `suppressed[${diagnostic.code}]: ${escapeControl(diagnostic.message)}`),
          `  ${paint('cyan', '-->')} ${escapeControl(displayPath(diagnostic, context))}:${diagnostic.line}:${diagnostic.column}`,
          `   ${paint('cyan', '=')} reason: ${escapeControl(diagnostic.suppression.reason)} (weft-ignore on line ${diagnostic.suppression.line})`,
          '',
        ].join('\n'),
      )
    : [];
  return [...blocks.map((block) => block + '\n'), ...listed, summary, ''].join('\n');
}

type Paint = (style: keyof typeof styles, text: string) => string;

/** Longest stretch of a line a frame shows; longer lines are cut to a window around the span. */
const frameWidth = 160;

function codeFrame(diagnostic: Diagnostic, index: LineIndex, masks: readonly Mask[], paint: Paint): string[] {
  const text = blankControl(maskLine(index.lineText(diagnostic.line), diagnostic.line, masks).replace(/\t/g, ' '));
  let start = diagnostic.column - 1;
  let end = diagnostic.endLine === diagnostic.line ? diagnostic.endColumn : text.length;
  let shown = text;
  if (text.length > frameWidth) {
    const from = Math.max(0, Math.min(start - 40, text.length - frameWidth));
    const to = Math.min(text.length, from + frameWidth);
    shown = (from > 0 ? '…' : '') + text.slice(from, to) + (to < text.length ? '…' : '');
    const shift = from - (from > 0 ? 1 : 0);
    start -= shift;
    end = Math.min(end - shift, shown.length);
  }
  const gutter = String(diagnostic.line).length;
  const pad = ' '.repeat(gutter);
  const width = Math.max(1, Math.min(end, shown.length) - start);
  const color = diagnostic.severity === 'error' ? 'red' : 'yellow';
  return [
    ` ${pad} ${paint('cyan', '|')}`,
    ` ${paint('cyan', `${diagnostic.line} |`)} ${shown}`,
    ` ${pad} ${paint('cyan', '|')} ${' '.repeat(Math.max(0, start))}${paint(color, '^'.repeat(width))}`,
  ];
}

interface Mask {
  line: number;
  endLine: number;
  column: number;
  endColumn: number;
}

/** Codes whose span is a value (not a key or a name): masked when that value is a secret's. */
const valueCodes = new Set(['plaintext-secret', 'schema', 'invalid-settings', 'bad-placeholder']);

function isSecretPointer(pointer: string | undefined): boolean {
  if (pointer === undefined) return false;
  const segments = pointerSegments(pointer);
  return segments.includes('credentials') || (segments.length > 0 && isSecretLikeKey(segments.at(-1)!));
}

/** Spans of suspected secrets, per file: never printed, whichever diagnostic shows the line. */
function secretMasks(diagnostics: readonly Diagnostic[]): Map<string, Mask[]> {
  const masks = new Map<string, Mask[]>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.code !== 'plaintext-secret' && !(valueCodes.has(diagnostic.code) && isSecretPointer(diagnostic.pointer))) continue;
    const list = masks.get(diagnostic.file);
    if (list) list.push(diagnostic);
    else masks.set(diagnostic.file, [diagnostic]);
  }
  return masks;
}

/**
 * `key: value` pairs on a line, block or flow style (`{ password: x, user: y }`): the value runs
 * to the next ',', '}' or ']' in flow style (the braces of a placeholder or a template included), else to the
 * end of the line.
 */
const keyValuePairs = /(?:^|[{,\s])["']?([A-Za-z0-9_-]+)["']?\s*:\s+((?:\$\{[^}]{0,256}\}|\{\{[^}]{0,256}\}\}|[^\s,{}[\]])(?:\$\{[^}]{0,256}\}|\{\{[^}]{0,256}\}\}|[^,}\]])*)/g;

/** A value that is only a placeholder or a template (with its quotes and a comment). */
const onlyReference = /^["']?(?:\$\{[^}]*\}|\{\{[^}]*\}\})["']?\s*(?:#.*)?$/;

/**
 * The line as a frame may show it: known tokens, values under secret-like keys and the spans of
 * secret diagnostics replaced by '*', column for column.
 */
function maskLine(text: string, line: number, masks: readonly Mask[]): string {
  const hidden = new Uint8Array(text.length);
  const hide = (from: number, to: number) => hidden.fill(1, Math.max(0, from), Math.min(text.length, to));
  for (const [start, end] of tokenSpans(text)) hide(start, end);
  for (const pair of text.matchAll(keyValuePairs)) {
    const value = pair[2]!.trimEnd();
    if (!isSecretLikeKey(pair[1]!) || /^[{[]/.test(value) || onlyReference.test(value)) continue;
    const from = pair.index! + pair[0].length - pair[2]!.length;
    hide(from, from + value.length);
  }
  for (const mask of masks) {
    if (line < mask.line || line > mask.endLine) continue;
    hide(line === mask.line ? mask.column - 1 : 0, line === mask.endLine ? mask.endColumn : text.length);
  }
  if (!hidden.includes(1)) return text;
  let masked = '';
  for (let index = 0; index < text.length; index++) masked += hidden[index] ? '*' : text[index];
  return masked;
}
