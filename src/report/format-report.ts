import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ReportContext } from './report-context.js';
import { formatPretty, type PrettyStats } from './format-pretty.js';
import { formatJson } from './format-json.js';
import { formatGithub } from './format-github.js';
import { formatSarif } from './format-sarif.js';

/** Renders diagnostics in one of the report formats. */
export function formatReport(format: 'pretty' | 'json' | 'github' | 'sarif', diagnostics: readonly Diagnostic[], context: ReportContext, stats?: PrettyStats): string {
  switch (format) {
    case 'pretty':
      return formatPretty(diagnostics, context, stats);
    case 'json':
      return formatJson(diagnostics, context);
    case 'github':
      return formatGithub(diagnostics, context);
    case 'sarif':
      return formatSarif(diagnostics, context);
  }
}
