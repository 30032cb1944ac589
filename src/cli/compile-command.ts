import path from 'node:path';
import type { Command } from './cli.js';
import { environmentOption, parseFormat, projectDirectory, reportContext, requestedEnvironment } from './options.js';
import { compileProject } from '../pipeline/compile-project.js';
import { formatReport } from '../report/format-report.js';
import { writeOutput } from './write-output.js';

export const compileCommand: Command = {
  summary: 'compile a project into its canonical bundle (stdout, or --out file); refuses when there are errors',
  usage: 'compile [dir] [--env name] [--out bundle.json] [--format pretty|json|github|sarif]',
  examples: ['weft compile . --out bundle.json'],
  options: { ...environmentOption, out: { type: 'string', short: 'o' }, format: { type: 'string', short: 'f' } },
  async run({ values, positionals }, io) {
    const format = parseFormat(values.format);
    const result = await compileProject(projectDirectory(positionals, io), { env: io.env, environment: requestedEnvironment(values) });
    // Diagnostics go to stderr when the bundle itself goes to stdout.
    const reportStream = values.out === undefined ? io.stderr : io.stdout;
    const context = reportContext(result.project.root, io, result.project.sources, reportStream);
    if (!result.bundle) {
      reportStream.write(formatReport(format, result.diagnostics, context));
      io.stderr.write('weft compile: the project has errors; no bundle written\n');
      return 1;
    }
    // Machine-readable formats always give a document to parse, even an empty one.
    if (result.diagnostics.length > 0 || format !== 'pretty') reportStream.write(formatReport(format, result.diagnostics, context));
    const { serializeBundle } = await import('../compile/compile-bundle.js');
    const bytes = serializeBundle(result.bundle);
    if (values.out === undefined) {
      io.stdout.write(bytes);
      return 0;
    }
    const target = path.resolve(io.cwd, String(values.out));
    await writeOutput(target, bytes);
    if (format === 'pretty') {
      io.stdout.write(`wrote ${path.relative(io.cwd, target) || target}: ${result.bundle.resources.length} resources, sha256 ${result.bundle.sha256}\n`);
    }
    return 0;
  },
};
