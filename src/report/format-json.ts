import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { counts } from '../diagnostics/count.js';
import type { ReportContext } from './report-context.js';

/** `{ ok, errorCount, warningCount, diagnostics }`, one JSON document (with the suppressed, if any). */
export function formatJson(diagnostics: readonly Diagnostic[], context?: Pick<ReportContext, 'suppressed' | 'showSuppressed'>): string {
  return JSON.stringify(jsonReport(diagnostics, context), null, 2) + '\n';
}

/**
 * The fields of the JSON report as an object, for documents that carry diagnostics beside their
 * own data (`weft plan --format json`).
 */
export function jsonReport(diagnostics: readonly Diagnostic[], context?: Pick<ReportContext, 'suppressed' | 'showSuppressed'>) {
  const { errorCount, warningCount } = counts(diagnostics);
  const suppressed = context?.suppressed ?? [];
  // The counts of suppressions only when there are any (or they are asked for): the document's
  // keys stay exactly DESIGN's otherwise.
  return {
    ok: errorCount === 0,
    errorCount,
    warningCount,
    ...((suppressed.length > 0 || context?.showSuppressed) && { suppressedCount: suppressed.length }),
    diagnostics,
    ...(context?.showSuppressed && { suppressed }),
  };
}
