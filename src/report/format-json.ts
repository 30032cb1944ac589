import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { counts } from '../diagnostics/count.js';
import type { ReportContext } from './report-context.js';

/** `{ ok, errorCount, warningCount, diagnostics }`, one JSON document (with the suppressed, if any). */
export function formatJson(diagnostics: readonly Diagnostic[], context?: Pick<ReportContext, 'suppressed' | 'showSuppressed'>): string {
  const { errorCount, warningCount } = counts(diagnostics);
  const suppressed = context?.suppressed ?? [];
  // The counts of suppressions only when there are any (or they are asked for): the document's
  // keys stay exactly DESIGN's otherwise.
  const document = {
    ok: errorCount === 0,
    errorCount,
    warningCount,
    ...((suppressed.length > 0 || context?.showSuppressed) && { suppressedCount: suppressed.length }),
    diagnostics,
    ...(context?.showSuppressed && { suppressed }),
  };
  return JSON.stringify(document, null, 2) + '\n';
}
