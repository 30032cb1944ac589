import type { Plan, PlanAction } from '../plan.js';
import { formatPlanPretty } from './format-plan-pretty.js';

/** GitHub refuses comments over 65,536 characters; stay well under. */
export const markdownLimit = 60_000;

/**
 * The plan as a pull-request comment: a summary line, a table of actions, the full plan in a
 * collapsible block. Never over `limit` characters: the details, then the table, are cut with a
 * note rather than failing.
 */
export function formatPlanMarkdown(plan: Plan, limit = markdownLimit): string {
  const { add, change, destroy } = plan.summary;
  const title = plan.actions.length === 0 ? '### weft plan: no changes' : `### weft plan: ${add} to add, ${change} to change, ${destroy} to destroy`;
  if (plan.actions.length === 0) return `${title}\n\nThe engine runs what the project describes (state revision ${plan.stateRevision}).\n`;
  const rows = plan.actions.map((action) => `| ${symbol(action)} | \`${action.address}\` | ${escapeCell(describe(action))} |`);
  const details = formatPlanPretty(plan, { color: false }).trimEnd().split('\n');
  const build = (rowCount: number, detailCount: number) => {
    const table = ['| | resource | change |', '|---|---|---|', ...rows.slice(0, rowCount)];
    if (rowCount < rows.length) table.push(`| … | ${rows.length - rowCount} more | run \`weft plan\` for the rest |`);
    const shown = details.slice(0, detailCount);
    if (detailCount < details.length) shown.push(`… ${details.length - detailCount} more lines not shown (run weft plan for the full plan)`);
    const fence = '```';
    return `${title}\n\n${table.join('\n')}\n\n<details><summary>Full plan</summary>\n\n${fence}diff\n${shown.join('\n').replace(/```/g, '`\u200b``')}\n${fence}\n</details>\n`;
  };
  let rowCount = rows.length;
  let detailCount = details.length;
  let text = build(rowCount, detailCount);
  // Cut the details first (binary search on lines), then the table, until it fits.
  if (text.length > limit) {
    let low = 0;
    let high = detailCount;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (build(rowCount, middle).length <= limit) low = middle;
      else high = middle - 1;
    }
    detailCount = low;
    text = build(rowCount, detailCount);
  }
  while (text.length > limit && rowCount > 0) {
    rowCount = Math.floor(rowCount / 2);
    text = build(rowCount, 0);
  }
  return text;
}

function symbol(action: PlanAction): string {
  return { create: '➕', update: '🔄', delete: '❌' }[action.action];
}

function describe(action: PlanAction): string {
  if (action.action === 'create') return 'created';
  if (action.action === 'delete') return 'destroyed';
  const parts: string[] = [];
  if (action.previousName) parts.push(`renamed from ${action.previousName}`);
  parts.push(...action.reasons);
  if (action.changes.length > 0) parts.push(`${action.changes.length} field${action.changes.length === 1 ? '' : 's'}: ${action.changes.slice(0, 3).map((change) => change.path).join(', ')}${action.changes.length > 3 ? ', …' : ''}`);
  if (action.reaches.length > 0) parts.push(`reaches ${action.reaches.length}`);
  return parts.join('; ');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
