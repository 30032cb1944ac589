import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath, type ReportContext } from './report-context.js';
import { escapeControl } from './escape-control.js';

/** GitHub Actions workflow commands: one annotation per diagnostic. */
export function formatGithub(diagnostics: readonly Diagnostic[], context: ReportContext): string {
  return diagnostics
    .map((diagnostic) => {
      const properties = [
        `file=${escapeProperty(displayPath(diagnostic, context))}`,
        `line=${diagnostic.line}`,
        `col=${diagnostic.column}`,
        `endLine=${diagnostic.endLine}`,
        `endColumn=${diagnostic.endColumn}`,
        `title=${escapeProperty(diagnostic.code)}`,
      ].join(',');
      const message = diagnostic.hint ? `${diagnostic.message} (${diagnostic.hint})` : diagnostic.message;
      return `::${diagnostic.severity} ${properties}::${escapeData(message)}\n`;
    })
    .join('');
}

/** Escaping per GitHub's toolkit (command.ts). */
function escapeData(text: string): string {
  return escapeControl(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
