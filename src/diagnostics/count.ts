import type { Diagnostic } from './diagnostic.js';

/** How many errors and warnings. */
export function counts(diagnostics: readonly Diagnostic[]): { errorCount: number; warningCount: number } {
  const errorCount = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  return { errorCount, warningCount: diagnostics.length - errorCount };
}
