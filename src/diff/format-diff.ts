import type { Diff } from './compute-diff.js';
import { formatActions, painter } from '../plan/render/format-plan-pretty.js';
import { escapeCell, formatActionsMarkdown, markdownLimit } from '../plan/render/format-plan-markdown.js';
import { buildGraph, restrict, type GraphNode } from '../graph/resource-graph.js';
import { formatMermaid } from '../graph/render-graph.js';

/**
 * Diff format version, for machine readers of `--format json`. 2: its actions' changes are those
 * of plan format 2 (a flow's steps by their ids).
 */
export const diffFormatVersion = '2';

function against(diff: Diff): string {
  return `${diff.base.ref} (${diff.base.commit.slice(0, 12)})`;
}

function summaryCounts(diff: Diff): { added: number; changed: number; removed: number } {
  const { add, change, destroy } = diff.plan.summary;
  return { added: add, changed: change, removed: destroy };
}

/** What the reader must know about the base before trusting the comparison. */
function baseNotes(diff: Diff): string[] {
  if (diff.base.missing) return [`${diff.base.ref} has no weft project here: everything is added.`];
  if (diff.base.errorCount === 0) return [];
  const files = diff.base.filesWithErrors;
  return [
    `${diff.base.ref} does not validate (${diff.base.errorCount} error${diff.base.errorCount === 1 ? '' : 's'} in ${files.slice(0, 5).join(', ')}${files.length > 5 ? `, and ${files.length - 5} more files` : ''}): the resources of those files, and instances of connectors among them, are left out of the comparison (they show as added).`,
  ];
}

export function formatDiffPretty(diff: Diff, options: { color: boolean }): string {
  const paint = painter(options.color);
  const notes = baseNotes(diff).map((note) => `${paint('yellow', 'warning:')} ${note}\n\n`);
  if (diff.plan.actions.length === 0) return `${notes.join('')}${paint('green', 'No changes')} against ${against(diff)}.\n`;
  const { added, changed, removed } = summaryCounts(diff);
  return `${notes.join('')}Changes against ${against(diff)}:\n\n${formatActions(diff.plan.actions, options.color, 'diff')}\n\n${paint('bold', `Diff: ${added} added, ${changed} changed, ${removed} removed.`)}\n`;
}

export function formatDiffJson(diff: Diff): string {
  const document = {
    format_version: diffFormatVersion,
    base: { ref: diff.base.ref, commit: diff.base.commit, missing: diff.base.missing, error_count: diff.base.errorCount, files_with_errors: diff.base.filesWithErrors },
    head_bundle_sha256: diff.headBundle.sha256,
    summary: summaryCounts(diff),
    changes: diff.plan.actions.length > 0,
    actions: diff.plan.actions,
    tests: diff.tests,
  };
  return JSON.stringify(document, null, 2) + '\n';
}

/** A pull-request comment: the summary, a table, a Mermaid graph of the changed part, the details. */
export function formatDiffMarkdown(diff: Diff, limit = markdownLimit, environment?: string): string {
  const notes = baseNotes(diff).map((note) => `> **Warning**: ${note}`);
  const where = environment === undefined ? '' : ` in \`${environment}\``;
  if (diff.plan.actions.length === 0) return [`### weft diff: no changes${where} against \`${diff.base.ref}\``, ...notes].join('\n\n') + '\n';
  const { added, changed, removed } = summaryCounts(diff);
  const graph = changedGraph(diff);
  return formatActionsMarkdown(diff.plan.actions, {
    title: `### weft diff${where} against \`${diff.base.ref}\`: ${added} added, ${changed} changed, ${removed} removed`,
    notes,
    ...(diff.tests.length > 0 && { section: formatTestsMarkdown(diff.tests) }),
    figure: drawable(graph) ? '```mermaid\n' + formatMermaid(graph) + '```' : `_The changed part (${graph.nodes.length} resources, ${graph.edges.length} links) is too large to draw here; \`weft graph\` draws the project._`,
    details: formatActions(diff.plan.actions, false, 'diff'),
    detailsTitle: 'All changes',
    rerun: `weft diff --base ${diff.base.ref}${environment === undefined ? '' : ` --env ${environment}`}`,
    tense: 'diff',
    limit,
  });
}

/** At most this many flows and tests a flow are listed in a comment; `weft diff --format json` has them all. */
const listedFlows = 25;
const listedTests = 5;

/** The tests that run the flows a change touches (and the flows no test runs), for reviewers. */
function formatTestsMarkdown(flows: Diff['tests']): string {
  const untested = flows.filter((entry) => entry.tests.length === 0).length;
  const rows = flows.slice(0, listedFlows).map((entry) => {
    const names = entry.tests.slice(0, listedTests).map((test) => `\`${escapeCell(test.name)}\``);
    if (entry.tests.length > listedTests) names.push(`and ${entry.tests.length - listedTests} more`);
    return `| \`${escapeCell(entry.flow)}\` | ${entry.change} | ${names.length > 0 ? names.join(', ') : '⚠️ no test runs it'} |`;
  });
  if (flows.length > listedFlows) rows.push(`| and ${flows.length - listedFlows} more | | \`weft diff --format json\` lists them all |`);
  const summary = `**Tests of the changed flows** (\`weft test\` runs them)${untested > 0 ? `: ${untested} of ${flows.length} flow${flows.length === 1 ? ' has' : 's have'} none` : ''}`;
  return [summary, '', '| flow | change | tests |', '|---|---|---|', ...rows].join('\n');
}

/** Mermaid refuses graphs over 500 edges (its maxEdges); stay well below, and readable. */
function drawable(graph: ReturnType<typeof buildGraph>): boolean {
  return graph.edges.length <= 300 && graph.nodes.length <= 150;
}

/**
 * The changed part of the graph: added, changed and removed resources, what they reach, and the
 * resources directly upstream of them for context. Removed ones come from the base's graph.
 */
export function changedGraph(diff: Diff): ReturnType<typeof buildGraph> {
  const head = buildGraph(diff.headBundle.resources);
  const base = buildGraph(diff.baseBundle.resources);
  const marks = new Map<string, NonNullable<GraphNode['mark']>>();
  for (const action of diff.plan.actions) {
    marks.set(action.address, action.action === 'create' ? 'added' : action.action === 'delete' ? 'removed' : 'changed');
    if (action.action === 'update') for (const reached of action.reaches) if (!marks.has(reached)) marks.set(reached, 'reached');
  }
  for (const action of diff.plan.actions) if (action.action === 'update' && marks.get(action.address) === 'reached') marks.set(action.address, 'changed');
  const removed = base.nodes.filter((node) => marks.get(node.address) === 'removed');
  const nodes = [...head.nodes, ...removed];
  const edges = [...head.edges, ...base.edges.filter(([from, to]) => marks.get(from) === 'removed' || marks.get(to) === 'removed')];
  const keep = new Set(marks.keys());
  for (const [from, to] of edges) if (marks.has(to) && marks.get(to) !== 'reached' && !keep.has(from)) keep.add(from);
  const graph = restrict({ nodes, edges: [...new Map(edges.map((edge) => [edge.join('\u0000'), edge])).values()] }, keep);
  return { nodes: graph.nodes.map((node) => ({ ...node, mark: marks.get(node.address) ?? 'context' })), edges: graph.edges };
}

/** The diff of one declared environment, for a project's diff across its environments. */
export interface EnvironmentDiff {
  environment: string;
  diff: Diff;
}

/**
 * A change across every environment of a project: the environments it touches, each with its
 * own changes (an overlay or a value can make one change differ from another, or touch only
 * one); the untouched ones named on one line.
 */
export function formatEnvironmentDiffsPretty(diffs: readonly EnvironmentDiff[], options: { color: boolean }): string {
  const paint = painter(options.color);
  const touched = diffs.filter((entry) => entry.diff.plan.actions.length > 0);
  const untouched = diffs.filter((entry) => entry.diff.plan.actions.length === 0).map((entry) => entry.environment);
  const first = diffs[0]!.diff;
  if (touched.length === 0) return `${paint('green', 'No changes')} in any environment (${untouched.join(', ')}) against ${against(first)}.\n`;
  const sections = touched.map((entry) => `${paint('bold', `Environment ${entry.environment}`)}\n\n${formatDiffPretty(entry.diff, options)}`);
  const rest = untouched.length > 0 ? `\n${paint('green', 'No changes')} in ${untouched.join(', ')}.\n` : '';
  return `${sections.join('\n')}${rest}`;
}

/**
 * The JSON of a project with environments compared in each: format 3, whose changes are by
 * environment (`environments[]`, each with the summary and actions of format 2).
 */
export const environmentsDiffFormatVersion = '3';

export function formatEnvironmentDiffsJson(diffs: readonly EnvironmentDiff[]): string {
  const first = diffs[0]!.diff;
  const document = {
    format_version: environmentsDiffFormatVersion,
    base: { ref: first.base.ref, commit: first.base.commit },
    changes: diffs.some((entry) => entry.diff.plan.actions.length > 0),
    environments: diffs.map(({ environment, diff }) => ({
      environment,
      base: { missing: diff.base.missing, error_count: diff.base.errorCount, files_with_errors: diff.base.filesWithErrors },
      head_bundle_sha256: diff.headBundle.sha256,
      summary: summaryCounts(diff),
      changes: diff.plan.actions.length > 0,
      actions: diff.plan.actions,
      tests: diff.tests,
    })),
  };
  return JSON.stringify(document, null, 2) + '\n';
}

/** A pull-request comment across environments: one section per environment the change touches, within the comment's limit. */
export function formatEnvironmentDiffsMarkdown(diffs: readonly EnvironmentDiff[], limit = markdownLimit): string {
  const touched = diffs.filter((entry) => entry.diff.plan.actions.length > 0);
  const untouched = diffs.filter((entry) => entry.diff.plan.actions.length === 0).map((entry) => `\`${entry.environment}\``);
  const ref = diffs[0]!.diff.base.ref;
  if (touched.length === 0) return `### weft diff: no changes in any environment (${untouched.join(', ')}) against \`${ref}\`\n`;
  const footer = untouched.length > 0 ? `_No changes in ${untouched.join(', ')}._\n` : '';
  // Each touched environment gets an equal share of what is left of the limit.
  const share = Math.max(1000, Math.floor((limit - footer.length) / touched.length) - 2);
  const sections = touched.map((entry) => formatDiffMarkdown(entry.diff, share, entry.environment));
  return [...sections, ...(footer ? [footer] : [])].join('\n');
}
