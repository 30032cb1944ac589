import type { Plan, PlanAction } from '../plan.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { counts } from '../../diagnostics/count.js';
import { plural } from '../../report/report-context.js';
import { formatPlanPretty, type Tense } from './format-plan-pretty.js';
import { escapeControl } from '../../report/escape-control.js';

import { markdownLimit } from '../../report/format-markdown.js';

export { markdownLimit };

/**
 * The plan as a pull-request comment: a summary line, a table of actions, the full plan in a
 * collapsible block. Never over `limit` characters: the details, then the table, are cut with a
 * note rather than failing. Warnings found on the way are counted in a note; `weft validate`
 * lists them.
 */
export function formatPlanMarkdown(plan: Plan, limit = markdownLimit, diagnostics: readonly Diagnostic[] = []): string {
  const { add, change, destroy } = plan.summary;
  // A plan is made only without errors: what is left to mention is warnings.
  const { warningCount } = counts(diagnostics);
  const notes = warningCount > 0 ? [`⚠️ ${plural(warningCount, 'warning')}: \`weft validate\` lists ${warningCount === 1 ? 'it' : 'them'}.`] : [];
  if (plan.actions.length === 0) return [`### weft plan: no changes`, `The engine runs what the project describes (state revision ${plan.stateRevision}).`, ...notes].join('\n\n') + '\n';
  return formatActionsMarkdown(plan.actions, {
    title: `### weft plan: ${add} to add, ${change} to change, ${destroy} to destroy`,
    notes,
    details: formatPlanPretty(plan, { color: false }),
    detailsTitle: 'Full plan',
    rerun: 'weft plan',
    limit,
  });
}

export interface ActionsMarkdown {
  title: string;
  /** Paragraphs between the title and the table (a warning, say); never cut. */
  notes?: string[];
  /** A section after the table (the tests of the changed flows); never cut. */
  section?: string;
  /** A fenced block after the table (a Mermaid graph); dropped with a note if it does not fit. */
  figure?: string;
  /** The plain-text rendering shown in the collapsible block. */
  details: string;
  detailsTitle: string;
  /** The command that shows everything, for the notes on what was cut. */
  rerun: string;
  /** 'created'/'destroyed' in a plan, 'added'/'removed' in a diff. */
  tense?: Tense;
  limit?: number;
}

/** Title, notes, a table of the actions, a figure and the details; cut to the limit, details first. */
export function formatActionsMarkdown(actions: readonly PlanAction[], options: ActionsMarkdown): string {
  const limit = options.limit ?? markdownLimit;
  const rows = actions.map((action) => `| ${symbol(action)} | \`${action.address}\` | ${escapeCell(describe(action, options.tense ?? 'plan'))} |`);
  const details = options.details.trimEnd().split('\n');
  const fence = '```';
  const build = (rowCount: number, detailCount: number, figure: boolean) => {
    const table = ['| | resource | change |', '|---|---|---|', ...rows.slice(0, rowCount)];
    if (rowCount < rows.length) table.push(`| … | ${rows.length - rowCount} more | run \`${options.rerun}\` for the rest |`);
    const shown = details.slice(0, detailCount);
    if (detailCount < details.length) shown.push(`… ${details.length - detailCount} more lines not shown (run ${options.rerun} for all of it)`);
    const parts = [options.title, ...(options.notes ?? []), table.join('\n'), ...(options.section !== undefined ? [options.section] : [])];
    if (options.figure !== undefined) parts.push(figure ? options.figure.trimEnd() : `_The graph is left out to keep this comment under ${limit.toLocaleString('en')} characters._`);
    parts.push(`<details><summary>${options.detailsTitle}</summary>\n\n${fence}diff\n${shown.join('\n').replace(/```/g, '`\u200b``')}\n${fence}\n</details>`);
    return parts.join('\n\n') + '\n';
  };
  let rowCount = rows.length;
  let detailCount = details.length;
  let figure = options.figure !== undefined;
  let text = build(rowCount, detailCount, figure);
  // Cut the details first (binary search on lines), then the figure, then the table, until it fits.
  if (text.length > limit) {
    let low = 0;
    let high = detailCount;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (build(rowCount, middle, figure).length <= limit) low = middle;
      else high = middle - 1;
    }
    detailCount = low;
    text = build(rowCount, detailCount, figure);
  }
  if (text.length > limit && figure) {
    figure = false;
    text = build(rowCount, detailCount, figure);
  }
  while (text.length > limit && rowCount > 0) {
    rowCount = Math.floor(rowCount / 2);
    text = build(rowCount, 0, figure);
  }
  return text;
}

function symbol(action: PlanAction): string {
  return { create: '➕', update: '🔄', delete: '❌' }[action.action];
}

function describe(action: PlanAction, tense: Tense): string {
  if (action.action === 'create') return tense === 'plan' ? 'created' : 'added';
  if (action.action === 'delete') return tense === 'plan' ? 'destroyed' : 'removed';
  const parts: string[] = [];
  if (action.previousName) parts.push(`renamed from ${action.previousName}`);
  parts.push(...action.reasons);
  if (action.changes.length > 0) parts.push(`${action.changes.length} field${action.changes.length === 1 ? '' : 's'}: ${action.changes.slice(0, 3).map((change) => code(change.path)).join(', ')}${action.changes.length > 3 ? ', …' : ''}`);
  if (action.reaches.length > 0) parts.push(`reaches ${action.reaches.length}`);
  return parts.join('; ');
}

/** A path as code, so '[push]' or a key with '_' or '*' is not read as markdown; as it is if it holds a backtick. */
function code(path: string): string {
  const text = escapeControl(path);
  return text.includes('`') ? text : `\`${text}\``;
}

export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
