import type { CliIo, Command } from './cli.js';
import { CommandError, UsageError } from './cli.js';
import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { declaredEnvironments } from '../environments/select-environment.js';
import { parseFormat, projectDirectory, reportContext, requestedEnvironment } from './options.js';
import { validateOptions } from './validate-options.js';
import { FileCache } from '../cache/file-cache.js';
import type { RuleMemo } from '../check/context.js';
import { currentBuild, recordResult, stampedByWalk } from '../cache/result-cache.js';
import { trackedEnv } from '../cache/tracked-env.js';
import { cacheableRoot } from '../cache/validate-fast-path.js';
import type { LoadedProject } from '../pipeline/load-project.js';
import { validateAllEnvironments, validateProject } from '../pipeline/validate-project.js';
import { formatReport } from '../report/format-report.js';
import { plural } from '../report/report-context.js';

export const validateCommand: Command = {
  summary: 'check every file of a project; report problems with file, line and column',
  usage: 'validate [dir] [--env name] [--format pretty|json|github|sarif] [--max-warnings n] [--show-suppressed] [--changed-since <git-ref>] [--no-cache]',
  examples: ['weft validate . --format github', 'weft validate --changed-since origin/main'],
  options: validateOptions,
  async run({ values, positionals }, io) {
    // What the run reads of the environment is recorded with its result (.weft/cache/results.json).
    const tracked = trackedEnv(io.env);
    const out: { stdout: string; stderr: string; project?: LoadedProject } = { stdout: '', stderr: '' };
    const argv = io.argv.slice(1);
    const root = cacheableRoot(argv, io.cwd, tracked.env);
    const build = currentBuild();
    // Files parsed before are not parsed again (.weft/cache/files.bin).
    const fileCache = root !== undefined && build !== undefined ? FileCache.open(root, build) : undefined;
    // With the checks' results for the files it held (a resource checked before, under the same key, is not checked again).
    const memo: RuleMemo = new WeakMap();
    const startedAt = Date.now();
    const exitCode = await validate({ values, positionals }, { ...io, env: tracked.env }, out, fileCache && { fileCache, memo });
    io.stdout.write(out.stdout);
    if (out.stderr !== '') io.stderr.write(out.stderr);
    if (root !== undefined && build !== undefined && out.project?.root === root) {
      fileCache?.save(memo);
      const outside = dependedOutside(out.project);
      if (outside) recordResult(root, { argv, cwd: io.cwd, tty: io.stdout.isTTY === true }, { stdout: out.stdout, stderr: out.stderr, exitCode }, { ...outside, env: tracked.read(), read: fileCache?.readStamps }, build, startedAt);
    }
    return exitCode;
  },
};

async function validate(
  { values, positionals }: { values: Record<string, string | boolean | undefined>; positionals: string[] },
  io: CliIo,
  out: { stdout: string; stderr: string; project?: LoadedProject },
  cache: { fileCache: FileCache; memo: RuleMemo } | undefined,
): Promise<number> {
  const format = parseFormat(values.format);
  if (values['changed-since'] !== undefined && format !== 'github') throw new UsageError('--changed-since orders GitHub annotations: use it with --format github');
  const maxWarnings = parseMaxWarnings(values['max-warnings']);
  // Without --env, every declared environment: CI checks what each of them would deploy.
  const environment = requestedEnvironment(values);
  const directory = projectDirectory(positionals, io);
  const result = environment === undefined ? await validateAllEnvironments(directory, { env: io.env, ...cache }) : await validateProject(directory, { env: io.env, environment, ...cache });
  const changedLines = values['changed-since'] === undefined ? undefined : await changedSince(result.project.root, String(values['changed-since']));
  const context = { ...reportContext(result.project.root, io, result.project.sources, io.stdout), suppressed: result.suppressed, showSuppressed: values['show-suppressed'] === true, changedLines };
  out.project = result.project;
  out.stdout = formatReport(format, result.diagnostics, context, { files: result.project.files.length, resources: result.project.resources.length });
  if (result.errorCount > 0) return 1;
  if (maxWarnings !== undefined && result.warningCount > maxWarnings) {
    out.stderr = `weft validate: ${plural(result.warningCount, 'warning')}, more than --max-warnings ${maxWarnings} allows\n`;
    return 1;
  }
  return 0;
}

/**
 * What a project's result depends on outside its own folders: each package.json looked for at
 * and above the root, each node_modules folder a connector package could be installed in (and
 * npm's record of what it installed there), and the installed packages' files.
 */
function dependedOutside(project: LoadedProject): { outside: string[]; outsideDirs: string[] } | undefined {
  const outside: string[] = [];
  const outsideDirs: string[] = [];
  const budget = { left: 5000 };
  for (let directory = project.root; ; ) {
    outside.push(path.join(directory, 'package.json'), path.join(directory, 'node_modules', '.package-lock.json'));
    if (path.basename(directory) !== 'node_modules') outsideDirs.push(path.join(directory, 'node_modules'));
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  // Each installed package: its package.json and every file and folder below it (a file added to it counts).
  for (const connectorPackage of project.packages.packages) {
    const directory = path.resolve(project.root, connectorPackage.directory);
    outside.push(path.join(directory, 'package.json'));
    listBelow(directory, outside, outsideDirs, budget);
  }
  // What the run read that the walk below the root does not look into: files in dot-folders or
  // node_modules (a lookup's CSV, an overlay) and outside the root (an overlay folder that links
  // elsewhere), and each environment's overlay folder with all that is in it.
  for (const file of project.sources.keys()) if (!stampedByWalk(file)) outside.push(path.resolve(project.root, file));
  for (const resource of project.resources) {
    const file = resource.kind === 'Lookup' ? (resource.value.spec as { file?: unknown } | undefined)?.file : undefined;
    if (typeof file === 'string') outside.push(path.resolve(project.root, path.dirname(resource.file), file));
  }
  const projectResource = project.resources.find((resource) => resource.kind === 'Project');
  for (const environment of declaredEnvironments(projectResource?.value).values()) listBelow(path.resolve(project.root, environment.overlay), outside, outsideDirs, budget);
  // Too much to look at again each time: no result is kept.
  if (budget.left < 0) return undefined;
  const nodeModules = [...outsideDirs];
  const scopes = new Set([...project.packages.packages, ...project.packages.missing].map((entry) => entry.dependency.split('/')[0]!).filter((name) => name.startsWith('@')));
  for (const scope of scopes) for (const folder of nodeModules) outsideDirs.push(path.join(folder, scope));
  return { outside, outsideDirs };
}

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

/** Every file and folder below a folder (links followed at the top only), at most a few thousand. */
function listBelow(directory: string, files: string[], folders: string[], budget: { left: number }): void {
  folders.push(directory);
  let entries: Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (--budget.left < 0) return;
    const inner = path.join(directory, entry.name);
    if (entry.isDirectory()) listBelow(inner, files, folders, budget);
    else files.push(inner);
  }
}
