import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath, plural, type ReportContext } from './report-context.js';
import { escapeControl } from './escape-control.js';

/** GitHub shows at most this many annotations of each type (error, warning, notice) per step. */
export const annotationsPerType = 10;

/**
 * GitHub Actions workflow commands: an annotation per diagnostic, those on lines the pull request
 * changed first, at most 10 errors and 10 warnings (what GitHub shows); the rest as plain log
 * lines, then one notice saying how many and where all of them are (the SARIF report).
 */
export function formatGithub(diagnostics: readonly Diagnostic[], context: ReportContext): string {
  const changed = context.changedLines;
  const ordered = changed ? [...diagnostics.filter((d) => touches(changed, d)), ...diagnostics.filter((d) => !touches(changed, d))] : diagnostics;
  const shown = { error: 0, warning: 0 };
  const hidden = { error: 0, warning: 0 };
  let text = '';
  for (const diagnostic of ordered) {
    const message = diagnostic.hint ? `${diagnostic.message} (${diagnostic.hint})` : diagnostic.message;
    if (shown[diagnostic.severity] < annotationsPerType) {
      shown[diagnostic.severity]++;
      const properties = [
        `file=${escapeProperty(displayPath(diagnostic, context))}`,
        `line=${diagnostic.line}`,
        `col=${diagnostic.column}`,
        `endLine=${diagnostic.endLine}`,
        `endColumn=${diagnostic.endColumn}`,
        `title=${escapeProperty(diagnostic.code)}`,
      ].join(',');
      text += `::${diagnostic.severity} ${properties}::${escapeData(message)}\n`;
    } else {
      // Still in the log, where a reader can find it; not a workflow command.
      hidden[diagnostic.severity]++;
      text += `${escapeControl(displayPath(diagnostic, context))}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.severity}[${diagnostic.code}] ${escapeControl(message.replace(/\r?\n/g, ' '))}\n`;
    }
  }
  const more = hidden.error + hidden.warning;
  if (more > 0) {
    const parts = [hidden.error > 0 ? plural(hidden.error, 'error') : '', hidden.warning > 0 ? plural(hidden.warning, 'warning') : ''].filter(Boolean).join(' and ');
    text += `::notice title=weft::${escapeData(
      `Not annotated: ${parts} (GitHub shows ${annotationsPerType} annotations of each type per step); they are in the log above. The SARIF report has every diagnostic: weft validate --format sarif > weft.sarif, uploaded with github/codeql-action/upload-sarif.`,
    )}\n`;
  }
  return text;
}

/** Whether any line of a diagnostic's span is among the changed ones. */
function touches(changed: NonNullable<ReportContext['changedLines']>, diagnostic: Diagnostic): boolean {
  const lines = changed.get(diagnostic.file);
  if (lines === 'all') return true;
  if (!lines) return false;
  for (let line = diagnostic.line; line <= diagnostic.endLine; line++) if (lines.has(line)) return true;
  return false;
}

/** Escaping per GitHub's toolkit (command.ts). */
function escapeData(text: string): string {
  return escapeControl(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
