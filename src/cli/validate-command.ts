import type { Command } from './cli.js';
import { CommandError, UsageError } from './cli.js';
import { environmentOption, parseFormat, projectDirectory, reportContext, requestedEnvironment } from './options.js';
import { validateAllEnvironments, validateProject } from '../pipeline/validate-project.js';
import { formatReport } from '../report/format-report.js';
import { plural } from '../report/report-context.js';

export const validateCommand: Command = {
  summary: 'check every file of a project; report problems with file, line and column',
  usage: 'validate [dir] [--env name] [--format pretty|json|github|sarif] [--max-warnings n] [--show-suppressed] [--changed-since <git-ref>]',
  examples: ['weft validate . --format github', 'weft validate --changed-since origin/main'],
  options: { ...environmentOption, format: { type: 'string', short: 'f' }, 'max-warnings': { type: 'string' }, 'show-suppressed': { type: 'boolean' }, 'changed-since': { type: 'string' } },
  async run({ values, positionals }, io) {
    const format = parseFormat(values.format);
    if (values['changed-since'] !== undefined && format !== 'github') throw new UsageError('--changed-since orders GitHub annotations: use it with --format github');
    const maxWarnings = parseMaxWarnings(values['max-warnings']);
    // Without --env, every declared environment: CI checks what each of them would deploy.
    const environment = requestedEnvironment(values);
    const directory = projectDirectory(positionals, io);
    const result = environment === undefined ? await validateAllEnvironments(directory, { env: io.env }) : await validateProject(directory, { env: io.env, environment });
    const changedLines = values['changed-since'] === undefined ? undefined : await changedSince(result.project.root, String(values['changed-since']));
    const context = { ...reportContext(result.project.root, io, result.project.sources, io.stdout), suppressed: result.suppressed, showSuppressed: values['show-suppressed'] === true, changedLines };
    io.stdout.write(formatReport(format, result.diagnostics, context, { files: result.project.files.length, resources: result.project.resources.length }));
    if (result.errorCount > 0) return 1;
    if (maxWarnings !== undefined && result.warningCount > maxWarnings) {
      io.stderr.write(`weft validate: ${plural(result.warningCount, 'warning')}, more than --max-warnings ${maxWarnings} allows\n`);
      return 1;
    }
    return 0;
  },
};

/** The lines changed since a git ref; a ref git does not know is the user's to fix. */
async function changedSince(root: string, ref: string) {
  const [{ changedLinesSince }, { GitError }] = await Promise.all([import('../diff/changed-lines.js'), import('../diff/git-base.js')]);
  try {
    return await changedLinesSince(root, ref);
  } catch (error) {
    if (error instanceof GitError) throw new CommandError(`--changed-since: ${error.message}`);
    throw error;
  }
}

function parseMaxWarnings(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new UsageError(`--max-warnings must be a whole number, not '${String(value)}'`);
  return Number(value);
}
