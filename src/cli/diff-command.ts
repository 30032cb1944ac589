import type { CliIo, Command } from './cli.js';
import { CommandError, UsageError } from './cli.js';
import { environmentOption, projectDirectory, reportContext, requestedEnvironment, useColor } from './options.js';
import { compileProject } from '../pipeline/compile-project.js';
import { formatReport } from '../report/format-report.js';

const diffFormats = ['pretty', 'json', 'markdown'] as const;

export const diffCommand: Command = {
  summary: 'what the working tree changes against a git ref: resources added, removed, renamed, changed, and what they reach; no engine needed',
  usage: 'diff [dir] --base <git-ref> [--env name] [--format pretty|json|markdown] [--detailed-exitcode]',
  options: { ...environmentOption, base: { type: 'string' }, format: { type: 'string', short: 'f' }, 'detailed-exitcode': { type: 'boolean' } },
  async run({ values, positionals }, io) {
    const format = (values.format ?? 'pretty') as (typeof diffFormats)[number];
    if (!diffFormats.includes(format)) throw new UsageError(`--format must be one of ${diffFormats.join(', ')}, not '${String(values.format)}'`);
    if (typeof values.base !== 'string' || values.base === '') throw new UsageError('--base <git-ref> is required: the revision to compare with (origin/main, HEAD~1, a commit)');
    const directory = projectDirectory(positionals, io);
    const head = await compileProject(directory, { env: io.env, environment: requestedEnvironment(values) });
    if (!head.bundle) {
      io.stderr.write(formatReport('pretty', head.diagnostics, reportContext(head.project.root, io, head.project.sources, io.stderr)));
      io.stderr.write('weft diff: the project has errors; nothing compared\n');
      return 1;
    }
    const [{ projectAtRevision, GitError }, { computeDiff }, render] = await Promise.all([
      import('../diff/git-base.js'),
      import('../diff/compute-diff.js'),
      import('../diff/format-diff.js'),
    ]);
    let base;
    try {
      base = await projectAtRevision(head.project.root, values.base);
    } catch (error) {
      if (error instanceof GitError) throw new CommandError(error.message);
      throw error;
    }
    try {
      const baseResult = base.exists ? await validateBase(base.root, head.environment?.name, io) : undefined;
      const diff = await computeDiff(head.bundle, baseResult, base);
      const text =
        format === 'json' ? render.formatDiffJson(diff) : format === 'markdown' ? render.formatDiffMarkdown(diff) : render.formatDiffPretty(diff, { color: useColor(io, io.stdout) });
      io.stdout.write(text);
      return values['detailed-exitcode'] && diff.plan.actions.length > 0 ? 2 : 0;
    } finally {
      await base.dispose();
    }
  },
};

/**
 * The base revision, validated for the environment the working tree is: the same one by name,
 * or none (variables at their defaults) when the base does not declare it yet.
 */
async function validateBase(root: string, environment: string | undefined, io: CliIo) {
  const [{ validateProject }, { EnvironmentUsageError }] = await Promise.all([import('../pipeline/validate-project.js'), import('../environments/select-environment.js')]);
  try {
    return await validateProject(root, { env: io.env, environment: environment ?? null });
  } catch (error) {
    if (error instanceof EnvironmentUsageError) return validateProject(root, { env: io.env, environment: null });
    throw error;
  }
}
