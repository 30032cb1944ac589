import type { Plan } from '../plan.js';

/** The plan for machines: a versioned document (`format_version`), actions in plan order. */
export function formatPlanJson(plan: Plan): string {
  return (
    JSON.stringify(
      {
        format_version: plan.formatVersion,
        state_revision: plan.stateRevision,
        bundle_sha256: plan.bundleSha256,
        summary: plan.summary,
        changes: plan.actions.length > 0,
        actions: plan.actions,
      },
      null,
      2,
    ) + '\n'
  );
}
