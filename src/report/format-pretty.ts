import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { LineIndex } from '../parse/line-index.js';
import { displayPath, plural, type ReportContext } from './report-context.js';
import { counts } from '../diagnostics/count.js';
import { blankControl, escapeControl } from './escape-control.js';
import { isSecretLikeKey, tokenSpans } from '../check/secrets.js';
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
  const masks = secretMasks(diagnostics);
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
  const summary =
    diagnostics.length === 0
      ? paint('green', `✔ no problems${scope}`)
      : paint(errorCount > 0 ? 'red' : 'yellow', `✖ ${plural(errorCount, 'error')}, ${plural(warningCount, 'warning')}${scope}`);
  return [...blocks.map((block) => block + '\n'), summary, ''].join('\n');
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
  return pointer !== undefined && pointerSegments(pointer).some((segment) => segment === 'credentials' || isSecretLikeKey(segment));
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

/** `key: value` on one line, where a secret-like key's value can be masked. */
const keyValueLine = /^(\s*(?:-\s+)?["']?([A-Za-z0-9_-]+)["']?\s*:\s+)(\S.*)$/;

function maskLine(text: string, line: number, masks: readonly Mask[]): string {
  let masked = text;
  for (const [start, end] of tokenSpans(masked)) masked = masked.slice(0, start) + '*'.repeat(end - start) + masked.slice(end);
  const pair = keyValueLine.exec(masked);
  if (pair && isSecretLikeKey(pair[2]!) && !/^[{[]/.test(pair[3]!) && !/^["']?(\$\{[^}]*\}|\{\{[^}]*\}\})["']?\s*(#.*)?$/.test(pair[3]!)) {
    masked = pair[1] + '*'.repeat(pair[3]!.length);
  }
  for (const mask of masks) {
    if (line < mask.line || line > mask.endLine) continue;
    const from = line === mask.line ? mask.column - 1 : 0;
    const to = line === mask.endLine ? mask.endColumn : masked.length;
    masked = masked.slice(0, from) + '*'.repeat(Math.max(0, to - from)) + masked.slice(to);
  }
  return masked;
}
