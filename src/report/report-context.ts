import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SuppressedDiagnostic } from '../diagnostics/suppressions.js';

/** What every formatter gets besides the diagnostics. */
export interface ReportContext {
  /** Path from the current directory to the project root ('' when they are the same), '/'-separated. */
  projectPath: string;
  color: boolean;
  /** File text by project-relative path, for code frames. */
  sources: ReadonlyMap<string, string>;
  toolVersion: string;
  /** What `# weft-ignore` comments suppressed: counted by every format, carried by SARIF. */
  suppressed?: readonly SuppressedDiagnostic[];
  /** List the suppressed diagnostics too (pretty and json). */
  showSuppressed?: boolean;
  /** github: lines changed since the pull request's base, whose diagnostics are annotated first. */
  changedLines?: ChangedLines;
}

/** Lines changed since a revision, by project-relative file: a set of line numbers, or every line of a new file. */
export type ChangedLines = ReadonlyMap<string, ReadonlySet<number> | 'all'>;

/** A diagnostic's file as the user's shell (and GitHub) sees it: relative to the current directory. */
export function displayPath(diagnostic: Diagnostic, context: Pick<ReportContext, 'projectPath'>): string {
  return context.projectPath ? `${context.projectPath}/${diagnostic.file}` : diagnostic.file;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
