import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { counts } from '../diagnostics/count.js';
import { displayPath, plural, type ReportContext } from './report-context.js';
import { escapeControl } from './escape-control.js';

/** GitHub refuses comments over 65,536 characters; stay well under. */
export const markdownLimit = 60_000;

export interface MarkdownReport {
  /** The heading's text, before the counts ("weft plan: nothing planned"). */
  title: string;
  /** A paragraph under the heading (why nothing was done); never cut. */
  note?: string;
  /** The command that lists every diagnostic, for the note on what was cut. */
  rerun: string;
  limit?: number;
}

/**
 * Diagnostics as a pull-request comment: a heading with the counts, a note, and a table of
 * location, code and message (with the hint). No code frames: a comment is no place for the
 * lines of a file that may hold a secret. Never over `limit` characters: rows are cut with a note.
 */
export function formatMarkdown(diagnostics: readonly Diagnostic[], context: Pick<ReportContext, 'projectPath'>, report: MarkdownReport): string {
  const { errorCount, warningCount } = counts(diagnostics);
  const limit = report.limit ?? markdownLimit;
  const heading = `### ${escapeMarkdown(report.title)} (${plural(errorCount, 'error')}, ${plural(warningCount, 'warning')})`;
  const rows = diagnostics.map((diagnostic) => {
    const where = `${displayPath(diagnostic, context)}:${diagnostic.line}:${diagnostic.column}`;
    const message = diagnostic.hint ? `${diagnostic.message} (hint: ${diagnostic.hint})` : diagnostic.message;
    return `| ${diagnostic.severity === 'error' ? '❌' : '⚠️'} | ${escapeMarkdown(where)} | \`${diagnostic.code}\` | ${escapeMarkdown(message)} |`;
  });
  const build = (rowCount: number) => {
    const table = ['| | where | code | problem |', '|---|---|---|---|', ...rows.slice(0, rowCount)];
    if (rowCount < rows.length) table.push(`| … | ${rows.length - rowCount} more | | run \`${report.rerun}\` for all of them |`);
    return [heading, ...(report.note ? [escapeMarkdown(report.note)] : []), ...(rows.length > 0 ? [table.join('\n')] : [])].join('\n\n') + '\n';
  };
  let rowCount = rows.length;
  let text = build(rowCount);
  while (text.length > limit && rowCount > 0) {
    rowCount = Math.floor(rowCount / 2);
    text = build(rowCount);
  }
  return text;
}

/**
 * Text from users' files as inert markdown in a table cell: no HTML (GitHub renders tags in
 * comments), no cell breaks, no emphasis or links, no control characters.
 */
function escapeMarkdown(text: string): string {
  return escapeControl(text)
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~#]/g, (character) => `\\${character}`);
}
