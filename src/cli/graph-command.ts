import type { Command } from './cli.js';
import { CommandError, UsageError } from './cli.js';
import { environmentOption, projectDirectory, reportContext, requestedEnvironment } from './options.js';
import { compileProject } from '../pipeline/compile-project.js';
import { formatReport } from '../report/format-report.js';

const graphFormats = ['mermaid', 'dot'] as const;

export const graphCommand: Command = {
  summary: 'draw connectors → instances → flows (with their triggers) as Mermaid or Graphviz DOT',
  usage: 'graph [dir] [--env name] [--format mermaid|dot] [--focus <name>]',
  examples: ['weft graph --focus shopify-uk > graph.mmd'],
  options: { ...environmentOption, format: { type: 'string', short: 'f' }, focus: { type: 'string' } },
  async run({ values, positionals }, io) {
    const format = (values.format ?? 'mermaid') as (typeof graphFormats)[number];
    if (!graphFormats.includes(format)) throw new UsageError(`--format must be one of ${graphFormats.join(', ')}, not '${String(values.format)}'`);
    const result = await compileProject(projectDirectory(positionals, io), { env: io.env, environment: requestedEnvironment(values) });
    if (!result.bundle) {
      io.stderr.write(formatReport('pretty', result.diagnostics, reportContext(result.project.root, io, result.project.sources, io.stderr)));
      io.stderr.write('weft graph: the project has errors; no graph drawn\n');
      return 1;
    }
    const [{ buildGraph, neighbourhood }, { formatDot, formatMermaid }] = await Promise.all([import('../graph/resource-graph.js'), import('../graph/render-graph.js')]);
    let graph = buildGraph(result.bundle.resources);
    if (values.focus !== undefined) {
      const focus = String(values.focus);
      // A name ('shopify-uk') or an address ('instance.shopify-uk'); a name may match several kinds.
      const matches = graph.nodes.filter((node) => node.address === focus || node.name === focus).map((node) => node.address);
      if (matches.length === 0) {
        const { didYouMean } = await import('../diagnostics/suggest.js');
        const hint = didYouMean(focus, graph.nodes.flatMap((node) => [node.name, node.address]));
        throw new CommandError(`--focus: the project has no resource '${focus}'${hint ? `; ${hint}` : ''}`);
      }
      graph = neighbourhood(graph, matches);
    }
    io.stdout.write(format === 'dot' ? formatDot(graph) : formatMermaid(graph));
    return 0;
  },
};
