import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { counts } from '../diagnostics/count.js';

/** `{ ok, errorCount, warningCount, diagnostics }`, one JSON document. */
export function formatJson(diagnostics: readonly Diagnostic[]): string {
  const { errorCount, warningCount } = counts(diagnostics);
  return JSON.stringify({ ok: errorCount === 0, errorCount, warningCount, diagnostics }, null, 2) + '\n';
}
