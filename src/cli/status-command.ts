import type { CliIo, Command } from './cli.js';
import { CommandError, UsageError } from './cli.js';
import { projectDirectory, reportContext, useColor } from './options.js';
import { openProjectEngine, readProjectDocument } from './project-engine.js';
import { compileEnvironments } from '../pipeline/compile-project.js';
import type { Bundle } from '../compile/compile-bundle.js';
import { formatReport } from '../report/format-report.js';
import { declaredEnvironments, selectEnvironment } from '../environments/select-environment.js';
import type { AnyResource } from '../schema/resource.js';
import { escapeControl } from '../report/escape-control.js';
import { EngineError, type Revision, type RevisionSource } from '../engine/engine.js';
import type { CommitSummary, ProjectHistory } from '../diff/git-base.js';

/**
 * Where an environment's engine stands against the compared tree:
 * - `in-sync`: it runs what the tree compiles to (a plan would change nothing);
 * - `behind`: it runs an earlier commit of the main line (`commits` lists those since);
 * - `ahead`: it runs a commit of the main line that the compared tree does not have yet;
 * - `drifted`: it runs something else, applied from uncommitted changes, from a commit not on
 *   the main branch, or not from git at all;
 * - `unreachable`: its engine did not answer.
 */
export type SyncStatus = 'in-sync' | 'behind' | 'ahead' | 'drifted' | 'unreachable';

export interface EnvironmentStatus {
  /** null for a project that declares no environments. */
  environment: string | null;
  engine: string;
  status: SyncStatus;
  /** One sentence on why. */
  reason: string;
  /** The engine's newest revision, when it has one. */
  applied?: Pick<Revision, 'number' | 'createdAt' | 'user' | 'bundleSha256' | 'source'>;
  /** For `behind`: the commits since the applied one that change the project (newest first), and whether uncommitted changes add to them. */
  commits?: CommitSummary[];
  uncommitted?: boolean;
  /** How many resources a plan would create, change and delete. */
  changes?: { add: number; change: number; destroy: number };
}

/** 0 every environment in sync; 3 some behind or ahead; 4 some drifted; 1 an engine that did not answer (as for errors). */
function exitCode(statuses: readonly EnvironmentStatus[]): number {
  const found = new Set(statuses.map((entry) => entry.status));
  if (found.has('unreachable')) return 1;
  if (found.has('drifted')) return 4;
  return found.has('behind') || found.has('ahead') ? 3 : 0;
}

export const statusCommand: Command = {
  summary: "compare what each environment's engine runs with the working tree (or a git ref): in sync, behind, ahead, drifted or unreachable",
  usage: 'status [dir] [--env name | --all] [--ref git-ref] [--main branch] [--format pretty|json]',
  examples: ['weft status --all'],
  // Every environment by default: --all says so explicitly, --env narrows to one.
  options: { env: { type: 'string' }, all: { type: 'boolean' }, ref: { type: 'string' }, main: { type: 'string' }, format: { type: 'string', short: 'f' } },
  async run({ values, positionals }, io) {
    const format = (values.format ?? 'pretty') as string;
    if (format !== 'pretty' && format !== 'json') throw new UsageError(`--format must be one of pretty, json, not '${format}'`);
    if (values.all && values.env !== undefined) throw new UsageError('--env and --all exclude each other: one environment, or all of them');
    if (values.env === '') throw new UsageError('--env needs the name of one of the environments of weft.yaml');
    for (const option of ['ref', 'main'] as const) {
      if (values[option] !== undefined && (values[option] === '' || String(values[option]).startsWith('-'))) throw new UsageError(`--${option} needs a git ref, not '${String(values[option])}'`);
    }
    const directory = projectDirectory(positionals, io);
    const { ProjectHistory, projectAtRevision, workingTreeSource, GitError } = await import('../diff/git-base.js');
    const ref = values.ref as string | undefined;
    let compared: Awaited<ReturnType<typeof projectAtRevision>> | undefined;
    try {
      if (ref !== undefined) compared = await projectAtRevision(directory, ref);
      if (compared && !compared.exists) throw new CommandError(`${ref} has no weft project in this folder`);
      const history = await ProjectHistory.of(directory);
      if (ref !== undefined && !history) throw new CommandError(`--ref ${ref}: ${directory} is not in a git repository`);
      const tree = compared ? { commit: compared.commit, dirty: false } : await workingTreeSource(directory);
      const main = history ? await history.mainBranch(values.main as string | undefined) : undefined;
      const root = compared?.root ?? directory;

      // Every environment, or the one asked for (a project without environments has its one engine).
      const declared = [...declaredEnvironments(await readProjectDocument(root)).keys()];
      const requested = values.env as string | undefined;
      if (requested !== undefined && !declared.includes(requested)) selectEnvironment(await readProjectDocument(root), requested);
      const names: (string | null)[] = requested !== undefined ? [requested] : declared.length > 0 ? declared : [null];

      // The tree is read once for every environment.
      const compiled = await compileEnvironments(root, names, { env: io.env });
      const statuses: EnvironmentStatus[] = [];
      for (const [index, result] of compiled.entries()) {
        const name = names[index]!;
        if (!result.bundle) {
          io.stderr.write(formatReport('pretty', result.diagnostics, reportContext(result.project.root, io, result.project.sources, io.stderr)));
          io.stderr.write(`weft status: the project has errors${name ? ` in environment '${name}'` : ''}; nothing compared\n`);
          return 1;
        }
        const projectResource = result.project.resources.find((resource) => resource.kind === 'Project');
        statuses.push(await environmentStatus({ name, bundle: result.bundle, projectResource, directory, io, history, tree, main: main?.commit, mainRef: main?.ref }));
      }
      if (format === 'json') {
        io.stdout.write(
          JSON.stringify(
            { compared: { ref: ref ?? 'working tree', commit: tree?.commit ?? null, dirty: tree?.dirty ?? null }, main: main?.ref ?? null, environments: statuses },
            null,
            2,
          ) + '\n',
        );
      } else {
        io.stdout.write(formatStatuses(statuses, { ref, tree, color: useColor(io, io.stdout) }));
      }
      return exitCode(statuses);
    } catch (error) {
      if (error instanceof GitError) throw new CommandError(error.message);
      throw error;
    } finally {
      await compared?.dispose();
    }
  },
};

interface StatusInput {
  name: string | null;
  bundle: Bundle;
  projectResource: AnyResource | undefined;
  directory: string;
  io: CliIo;
  history: ProjectHistory | undefined;
  /** The compared tree: its commit and whether it has uncommitted changes (undefined outside git). */
  tree: Pick<RevisionSource, 'commit' | 'dirty'> | undefined;
  main: string | undefined;
  mainRef: string | undefined;
}

const commitId = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

async function environmentStatus(input: StatusInput): Promise<EnvironmentStatus> {
  const { name, bundle, history, tree, main, mainRef } = input;
  let engine;
  try {
    engine = await openProjectEngine(input.directory, input.io, { project: input.projectResource, environment: name });
  } catch (error) {
    if (error instanceof CommandError) return { environment: name, engine: 'its engine', status: 'unreachable', reason: error.message };
    throw error;
  }
  const base = { environment: name, engine: engine.description };
  try {
    let state;
    let revisions;
    try {
      [state, revisions] = await Promise.all([engine.readState(), engine.revisions()]);
    } catch (error) {
      if (error instanceof EngineError) return { ...base, status: 'unreachable', reason: error.message };
      throw error;
    }
    const { computePlan } = await import('../plan/compute-plan.js');
    const plan = computePlan(bundle, state);
    const newest = revisions.at(-1);
    const applied = newest && { number: newest.number, createdAt: newest.createdAt, user: newest.user, bundleSha256: newest.bundleSha256, ...(newest.source && { source: newest.source }) };
    const changes = plan.summary;
    const withApplied = { ...base, ...(applied && { applied }), changes: { add: changes.add, change: changes.change, destroy: changes.destroy } };
    if (plan.actions.length === 0) {
      return { ...withApplied, status: 'in-sync', reason: applied ? `revision ${applied.number}${describeFrom(applied.source)} is what the compared tree compiles to` : 'nothing applied, and nothing to apply' };
    }
    if (!applied) return { ...withApplied, status: 'behind', reason: 'nothing has been applied yet', commits: [], uncommitted: tree?.dirty ?? false };
    const source = applied.source;
    if (!source) return { ...withApplied, status: 'drifted', reason: `revision ${applied.number} was not applied from a git working tree` };
    if (source.dirty) return { ...withApplied, status: 'drifted', reason: `revision ${applied.number} was applied from uncommitted changes (on top of ${short(source.commit)})` };
    if (!commitId.test(source.commit)) return { ...withApplied, status: 'drifted', reason: `revision ${applied.number} names no commit weft can read` };
    if (!history || !tree) return { ...withApplied, status: 'behind', reason: `the engine runs revision ${applied.number}${describeFrom(source)}; the compared tree differs`, commits: [], uncommitted: false };
    // Whether the repository has the commit at all, then whether the main branch has it.
    if ((await history.contains(tree.commit, source.commit)) === undefined) {
      return { ...withApplied, status: 'drifted', reason: `revision ${applied.number} was applied from ${short(source.commit)}, which this repository does not have (fetch it?)` };
    }
    if (main && (await history.contains(main, source.commit)) === false) {
      return { ...withApplied, status: 'drifted', reason: `revision ${applied.number} was applied from ${short(source.commit)}${source.branch ? ` on ${source.branch}` : ''}, which is not on ${mainRef}` };
    }
    const mainNote = main ? '' : ' (no main branch found to check it against: --main <branch>)';
    if (source.commit !== tree.commit && (await history.contains(tree.commit, source.commit)) === false) {
      return { ...withApplied, status: 'ahead', reason: `the engine runs ${short(source.commit)}${mainRef ? ` of ${mainRef}` : ''}, which the compared tree does not have (pull?)${mainNote}` };
    }
    if (source.commit === tree.commit && !tree.dirty) {
      // The same commit compiles to something else here: not what the commit says (another weft, ignored files, the engine's state edited).
      return { ...withApplied, status: 'drifted', reason: `revision ${applied.number}${describeFrom(source)} is the compared commit, yet a plan would change it` };
    }
    const { count, commits } = await history.commitsBetween(source.commit, tree.commit);
    const since = count === 1 ? '1 commit' : `${count} commits`;
    const reason =
      count > 0
        ? `revision ${applied.number}${describeFrom(source)} is ${since} behind${tree.dirty ? ', and the tree has uncommitted changes' : ''}${mainNote}`
        : `revision ${applied.number}${describeFrom(source)} differs from the tree's uncommitted changes${mainNote}`;
    return { ...withApplied, status: 'behind', reason, commits, uncommitted: tree.dirty };
  } finally {
    await engine.close();
  }
}

function short(commit: string): string {
  return commit.slice(0, 12);
}

function describeFrom(source: RevisionSource | undefined): string {
  return source ? ` (from ${short(source.commit)}${source.branch ? ` on ${source.branch}` : ''})` : '';
}

const labels: Record<SyncStatus, string> = { 'in-sync': 'in sync', behind: 'behind', ahead: 'ahead', drifted: 'drifted', unreachable: 'unreachable' };
const colors: Record<SyncStatus, string> = { 'in-sync': '32', behind: '33', ahead: '33', drifted: '31', unreachable: '31' };

function formatStatuses(statuses: readonly EnvironmentStatus[], options: { ref: string | undefined; tree: Pick<RevisionSource, 'commit' | 'dirty'> | undefined; color: boolean }): string {
  const paint = (status: SyncStatus, text: string) => (options.color ? `\u001b[${colors[status]}m${text}\u001b[39m` : text);
  const compared = options.ref !== undefined ? `${options.ref} (${short(options.tree!.commit)})` : options.tree ? `the working tree (${short(options.tree.commit)}${options.tree.dirty ? ', uncommitted changes' : ''})` : 'the working tree';
  const width = Math.max(...statuses.map((entry) => (entry.environment ?? 'engine').length));
  const lines = [`Compared with ${compared}:`, ''];
  for (const entry of statuses) {
    // Branches, authors and subjects come from git, and a remote engine's answers from elsewhere: shown, never acted on by the terminal.
    lines.push(`  ${(entry.environment ?? 'engine').padEnd(width)}  ${paint(entry.status, labels[entry.status].padEnd(11))}  ${escapeControl(entry.reason)}`);
    const indent = ' '.repeat(width + 17);
    for (const commit of entry.commits ?? []) lines.push(`${indent}${short(commit.commit)} ${escapeControl(commit.subject)}`);
    if (entry.status !== 'in-sync' && entry.status !== 'unreachable' && entry.changes) {
      lines.push(`${indent}apply would: +${entry.changes.add} ~${entry.changes.change} -${entry.changes.destroy} (${entry.engine})`);
    }
  }
  return `${lines.join('\n')}\n`;
}
