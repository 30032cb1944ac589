import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** What every formatter gets besides the diagnostics. */
export interface ReportContext {
  /** Path from the current directory to the project root ('' when they are the same), '/'-separated. */
  projectPath: string;
  color: boolean;
  /** File text by project-relative path, for code frames. */
  sources: ReadonlyMap<string, string>;
  toolVersion: string;
}

/** A diagnostic's file as the user's shell (and GitHub) sees it: relative to the current directory. */
export function displayPath(diagnostic: Diagnostic, context: ReportContext): string {
  return context.projectPath ? `${context.projectPath}/${diagnostic.file}` : diagnostic.file;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
