import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { jsonReport } from '../../report/format-json.js';
import type { ReportContext } from '../../report/report-context.js';
import { planFormatVersion, type Plan } from '../plan.js';

/**
 * The plan for machines: one versioned document (`format_version`) with actions in plan order
 * and, as in `weft validate --format json`, `ok`, the counts and the diagnostics. Without a plan
 * (the project has errors, a placeholder does not resolve) it is `ok: false` and the diagnostics,
 * so a CI job parses one document whatever happened.
 */
export function formatPlanJson(plan: Plan | undefined, diagnostics: readonly Diagnostic[] = [], context?: Pick<ReportContext, 'suppressed'>): string {
  const { diagnostics: listed, ...status } = jsonReport(diagnostics, context);
  const document = plan
    ? {
        format_version: plan.formatVersion,
        ...status,
        state_revision: plan.stateRevision,
        bundle_sha256: plan.bundleSha256,
        summary: plan.summary,
        changes: plan.actions.length > 0,
        actions: plan.actions,
        diagnostics: listed,
      }
    : { format_version: planFormatVersion, ...status, diagnostics: listed };
  return JSON.stringify(document, null, 2) + '\n';
}
