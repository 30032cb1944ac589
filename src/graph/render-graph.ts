import type { GraphNode, ResourceGraph } from './resource-graph.js';

/**
 * Colours of the diff's marks, with a dark text colour: a light fill keeps its text readable in a
 * dark theme too (whose default text is light). Plain nodes take the renderer's default.
 */
const markStyles: Record<NonNullable<GraphNode['mark']>, { fill: string; stroke: string; color: string; meaning: string }> = {
  added: { fill: '#dafbe1', stroke: '#1a7f37', color: '#0f3d1c', meaning: 'added' },
  changed: { fill: '#fff8c5', stroke: '#9a6700', color: '#4d3300', meaning: 'changed' },
  removed: { fill: '#ffebe9', stroke: '#cf222e', color: '#6e0a14', meaning: 'removed' },
  reached: { fill: '#ddf4ff', stroke: '#0969da', color: '#0a3069', meaning: 'runs differently (reached by a change)' },
  context: { fill: '#f6f8fa', stroke: '#8c959f', color: '#1f2328', meaning: 'unchanged (context)' },
};

function label(node: GraphNode): string {
  return [`${node.kind.toLowerCase()} ${node.name}`, node.detail].filter(Boolean).join('\n');
}

/**
 * A Mermaid flowchart, left to right: connectors as boxes, instances rounded, flows as
 * subroutines. Ids are n0, n1, … (names may hold characters Mermaid ids cannot); labels are
 * quoted with Mermaid's entity escapes.
 */
export function formatMermaid(graph: ResourceGraph): string {
  const ids = new Map(graph.nodes.map((node, index) => [node.address, `n${index}`]));
  const shapes = { Connector: ['[', ']'], Instance: ['(', ')'], Lookup: ['[/', '/]'], Flow: ['[[', ']]'] } as const;
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) {
    const [open, close] = shapes[node.kind];
    lines.push(`  ${ids.get(node.address)}${open}"${mermaidText(label(node))}"${close}`);
  }
  for (const [from, to, use] of graph.edges) lines.push(`  ${ids.get(from)} -->${use ? `|${mermaidText(use)}|` : ''} ${ids.get(to)}`);
  const marks = Object.keys(markStyles).filter((mark) => graph.nodes.some((node) => node.mark === mark)) as (keyof typeof markStyles)[];
  for (const mark of marks) {
    const style = markStyles[mark];
    lines.push(`  classDef ${mark} fill:${style.fill},stroke:${style.stroke},color:${style.color}`);
    lines.push(`  class ${graph.nodes.filter((node) => node.mark === mark).map((node) => ids.get(node.address)).join(',')} ${mark}`);
  }
  // What each colour means, for a reader who does not know the diff's conventions.
  if (marks.length > 0) {
    lines.push('  subgraph legend["legend"]');
    for (const mark of marks) lines.push(`    legend_${mark}["${mermaidText(markStyles[mark].meaning)}"]:::${mark}`);
    lines.push('  end');
  }
  return lines.join('\n') + '\n';
}

function mermaidText(text: string): string {
  // '#' first: Mermaid reads '#name;' and '#123;' as entities.
  return text
    .replace(/#/g, '#35;')
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\n/g, '<br/>');
}

/** Graphviz DOT, left to right, nodes named by their addresses. */
export function formatDot(graph: ResourceGraph): string {
  const shapes = { Connector: 'box', Instance: 'ellipse', Lookup: 'note', Flow: 'component' } as const;
  const lines = ['digraph weft {', '  rankdir=LR;', '  node [fontname="Helvetica"];'];
  for (const node of graph.nodes) {
    const style = node.mark ? `, style=filled, fillcolor="${markStyles[node.mark].fill}", color="${markStyles[node.mark].stroke}", fontcolor="${markStyles[node.mark].color}"` : '';
    lines.push(`  ${dotString(node.address)} [label=${dotString(label(node))}, shape=${shapes[node.kind]}${style}];`);
  }
  for (const [from, to, use] of graph.edges) lines.push(`  ${dotString(from)} -> ${dotString(to)}${use ? ` [label=${dotString(use)}]` : ''};`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
