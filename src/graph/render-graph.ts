import type { GraphNode, ResourceGraph } from './resource-graph.js';

/** Colours of the diff's marks; plain nodes take the renderer's default. */
const markStyles: Record<NonNullable<GraphNode['mark']>, { fill: string; stroke: string }> = {
  added: { fill: '#dafbe1', stroke: '#1a7f37' },
  changed: { fill: '#fff8c5', stroke: '#9a6700' },
  removed: { fill: '#ffebe9', stroke: '#cf222e' },
  reached: { fill: '#ddf4ff', stroke: '#0969da' },
  context: { fill: '#f6f8fa', stroke: '#8c959f' },
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
  for (const [from, to] of graph.edges) lines.push(`  ${ids.get(from)} --> ${ids.get(to)}`);
  const marks = Object.keys(markStyles).filter((mark) => graph.nodes.some((node) => node.mark === mark)) as (keyof typeof markStyles)[];
  for (const mark of marks) {
    lines.push(`  classDef ${mark} fill:${markStyles[mark].fill},stroke:${markStyles[mark].stroke}`);
    lines.push(`  class ${graph.nodes.filter((node) => node.mark === mark).map((node) => ids.get(node.address)).join(',')} ${mark}`);
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
    const style = node.mark ? `, style=filled, fillcolor="${markStyles[node.mark].fill}", color="${markStyles[node.mark].stroke}"` : '';
    lines.push(`  ${dotString(node.address)} [label=${dotString(label(node))}, shape=${shapes[node.kind]}${style}];`);
  }
  for (const [from, to] of graph.edges) lines.push(`  ${dotString(from)} -> ${dotString(to)};`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
