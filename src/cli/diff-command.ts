import type { CliIo, Command } from './cli.js';
import { CommandError, UsageError } from './cli.js';
import { environmentOption, projectDirectory, reportContext, requestedEnvironment, useColor } from './options.js';
import { compileEnvironments, compileProject } from '../pipeline/compile-project.js';
import { validateEach } from '../pipeline/validate-project.js';
import { declaredEnvironments } from '../environments/select-environment.js';
import { readProjectDocument } from './project-engine.js';
import { formatReport } from '../report/format-report.js';

const diffFormats = ['pretty', 'json', 'markdown'] as const;

export const diffCommand: Command = {
  summary: 'what the working tree changes against a git ref: resources added, removed, renamed, changed, and what they reach, per environment; no engine needed',
  usage: 'diff [dir] --base <git-ref> [--env name] [--format pretty|json|markdown] [--detailed-exitcode]',
  examples: ['weft diff --base origin/main --format markdown > diff.md'],
  options: { ...environmentOption, base: { type: 'string' }, format: { type: 'string', short: 'f' }, 'detailed-exitcode': { type: 'boolean' } },
  async run({ values, positionals }, io) {
    const format = (values.format ?? 'pretty') as (typeof diffFormats)[number];
    if (!diffFormats.includes(format)) throw new UsageError(`--format must be one of ${diffFormats.join(', ')}, not '${String(values.format)}'`);
    if (typeof values.base !== 'string' || values.base === '') throw new UsageError('--base <git-ref> is required: the revision to compare with (origin/main, HEAD~1, a commit)');
    const directory = projectDirectory(positionals, io);
    const requested = requestedEnvironment(values);
    // Without --env, a project with environments is compared in each of them.
    const declared = requested === undefined ? await environmentsOf(directory) : [];
    if (declared.length > 0) return diffEnvironments(directory, declared, values.base, format, Boolean(values['detailed-exitcode']), io);
    const head = await compileProject(directory, { env: io.env, environment: requested });
    if (!head.bundle) {
      io.stderr.write(formatReport('pretty', head.diagnostics, reportContext(head.project.root, io, head.project.sources, io.stderr)));
      io.stderr.write('weft diff: the project has errors; nothing compared\n');
      return 1;
    }
    const [{ projectAtRevision, GitError }, { computeDiff, headTests }, render] = await Promise.all([
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
      const baseResult = base.exists ? await validateBase(base.root, head.environment?.name, io, head.project.root) : undefined;
      const diff = await computeDiff(head.bundle, baseResult, base, headTests(head));
      const text =
        format === 'json' ? render.formatDiffJson(diff) : format === 'markdown' ? render.formatDiffMarkdown(diff) : render.formatDiffPretty(diff, { color: useColor(io, io.stdout) });
      io.stdout.write(text);
      return values['detailed-exitcode'] && diff.plan.actions.length > 0 ? 2 : 0;
    } finally {
      await base.dispose();
    }
  },
};

/** The change in each environment: compiled per environment on both sides, reported per environment it touches. */
async function diffEnvironments(directory: string, names: readonly string[], ref: string, format: (typeof diffFormats)[number], detailed: boolean, io: CliIo): Promise<number> {
  const [{ projectAtRevision, GitError }, { computeDiff, headTests }, render] = await Promise.all([import('../diff/git-base.js'), import('../diff/compute-diff.js'), import('../diff/format-diff.js')]);
  // The working tree and the base are each read once for all environments.
  const compiled = await compileEnvironments(directory, names, { env: io.env });
  const heads = [];
  for (const [index, head] of compiled.entries()) {
    if (!head.bundle) {
      io.stderr.write(formatReport('pretty', head.diagnostics, reportContext(head.project.root, io, head.project.sources, io.stderr)));
      io.stderr.write(`weft diff: the project has errors in environment '${names[index]}'; nothing compared\n`);
      return 1;
    }
    heads.push({ name: names[index]!, bundle: head.bundle, root: head.project.root, tests: headTests(head) });
  }
  let base;
  try {
    base = await projectAtRevision(heads[0]!.root, ref);
  } catch (error) {
    if (error instanceof GitError) throw new CommandError(error.message);
    throw error;
  }
  try {
    // A base that does not declare an environment yet is validated without one.
    // The base's connector packages are those installed now (its copy has no node_modules).
    const bases = base.exists ? await validateEach(base.root, names, { env: io.env, fallback: true, packagesFrom: heads[0]!.root }) : undefined;
    const diffs = [];
    for (const [index, head] of heads.entries()) diffs.push({ environment: head.name, diff: await computeDiff(head.bundle, bases?.[index], base, head.tests) });
    io.stdout.write(
      format === 'json'
        ? render.formatEnvironmentDiffsJson(diffs)
        : format === 'markdown'
          ? render.formatEnvironmentDiffsMarkdown(diffs)
          : render.formatEnvironmentDiffsPretty(diffs, { color: useColor(io, io.stdout) }),
    );
    return detailed && diffs.some((entry) => entry.diff.plan.actions.length > 0) ? 2 : 0;
  } finally {
    await base.dispose();
  }
}

/**
 * The base revision, validated for the environment the working tree is: the same one by name,
 * or none (variables at their defaults) when the base does not declare it yet.
 */
async function validateBase(root: string, environment: string | undefined, io: CliIo, packagesFrom: string) {
  // The base's connector packages are those installed now (its copy has no node_modules).
  return (await validateEach(root, [environment ?? null], { env: io.env, fallback: true, packagesFrom }))[0]!;
}

/** The environments weft.yaml declares; none when it cannot be read (the compile then reports why). */
async function environmentsOf(directory: string): Promise<string[]> {
  try {
    return [...declaredEnvironments(await readProjectDocument(directory)).keys()];
  } catch (error) {
    if (error instanceof CommandError) return [];
    throw error;
  }
}
