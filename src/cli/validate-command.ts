import type { Command } from './cli.js';
import { UsageError } from './cli.js';
import { parseFormat, projectDirectory, reportContext } from './options.js';
import { validateProject } from '../pipeline/validate-project.js';
import { formatReport } from '../report/format-report.js';
import { plural } from '../report/report-context.js';

export const validateCommand: Command = {
  summary: 'check every file of a project; report problems with file, line and column',
  usage: 'validate [dir] [--format pretty|json|github|sarif] [--max-warnings n] [--show-suppressed] [--changed-since <git-ref>]',
  options: { format: { type: 'string', short: 'f' }, 'max-warnings': { type: 'string' }, 'show-suppressed': { type: 'boolean' }, 'changed-since': { type: 'string' } },
  async run({ values, positionals }, io) {
    const format = parseFormat(values.format);
    const maxWarnings = parseMaxWarnings(values['max-warnings']);
    const result = await validateProject(projectDirectory(positionals, io), { env: io.env });
    const context = { ...reportContext(result.project.root, io, result.project.sources, io.stdout), suppressed: result.suppressed, showSuppressed: values['show-suppressed'] === true };
    io.stdout.write(formatReport(format, result.diagnostics, context, { files: result.project.files.length, resources: result.project.resources.length }));
    if (result.errorCount > 0) return 1;
    if (maxWarnings !== undefined && result.warningCount > maxWarnings) {
      io.stderr.write(`weft validate: ${plural(result.warningCount, 'warning')}, more than --max-warnings ${maxWarnings} allows\n`);
      return 1;
    }
    return 0;
  },
};

function parseMaxWarnings(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new UsageError(`--max-warnings must be a whole number, not '${String(value)}'`);
  return Number(value);
}
