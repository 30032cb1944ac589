import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RevisionSource } from '../engine/stores/stores.js';

/** The project as it is at a git revision, written to a temporary directory. */
export interface ProjectAtRevision {
  /** The ref as given, and the commit it names. */
  ref: string;
  commit: string;
  /** The project's directory inside the temporary copy (the same subfolder as in the repository). */
  root: string;
  /** Whether the revision has the project at all (a weft.yaml there). */
  exists: boolean;
  /** Removes the temporary copy. */
  dispose(): Promise<void>;
}

/** The directory is not in a git repository, the ref names no commit, no scratch space: the user's to fix. */
export class GitError extends Error {}

export type Git = (args: string[], options: { cwd: string; input?: string; buffer?: boolean }) => Promise<{ exitCode?: number; stdout: unknown; stderr: unknown }>;

/**
 * Runs git, never rejecting: its exit code (undefined when it could not start, as when git is not
 * installed), and its output as text or, with `buffer`, as bytes. Plain execFile: git runs a
 * handful of times per command, and a process library's setup cost more than git itself.
 */
const git: Git = (args, options) =>
  new Promise((resolve) => {
    const child = execFile(
      'git',
      args,
      { cwd: options.cwd, encoding: options.buffer ? 'buffer' : 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        resolve({ exitCode: error === null ? 0 : typeof code === 'number' ? code : undefined, stdout, stderr });
      },
    );
    // Git reads its input (cat-file --batch) to the end; the others are not left waiting on one.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input);
  });

/** The repository a directory is in, and the directory's path inside it ('' or 'sub/dir/'). */
export async function gitLocation(directory: string): Promise<{ git: Git; repository: string; prefix: string }> {
  const top = await git(['rev-parse', '--show-toplevel'], { cwd: directory });
  if (top.exitCode !== 0) throw new GitError(`${directory} is not inside a git repository`);
  const prefix = String((await git(['rev-parse', '--show-prefix'], { cwd: directory })).stdout).trim();
  return { git, repository: String(top.stdout).trim(), prefix };
}

/** The commit a ref names; refs that look like options are refused. */
export async function resolveCommit(git: Git, repository: string, ref: string): Promise<string> {
  if (ref === '' || ref.startsWith('-')) throw new GitError(`'${ref}' is not a git ref`);
  const verified = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { cwd: repository });
  if (verified.exitCode !== 0) throw new GitError(`'${ref}' names no commit in ${repository} (is it fetched? in CI, fetch the base branch first)`);
  return String(verified.stdout).trim();
}

const yamlFile = /\.ya?ml$/i;
/** What a project's files at a revision include: its YAML, and the CSV files its lookup tables read. */
const projectFile = /\.(ya?ml|csv)$/i;

/**
 * Writes the project directory's YAML (and CSV) files as they are at `ref` into a temporary directory,
 * reading them with git plumbing (ls-tree, cat-file): the working tree, the index and HEAD are
 * never touched. Works when the project is a subfolder of the repository.
 */
export async function projectAtRevision(directory: string, ref: string): Promise<ProjectAtRevision> {
  const { git, repository, prefix } = await gitLocation(directory);
  const commit = await resolveCommit(git, repository, ref);

  // Every blob under the project's folder at that commit: "<mode> blob <id> <size>\t<path>\0".
  const listed = await git(['ls-tree', '-r', '-z', '-l', '--full-tree', commit, '--', prefix === '' ? '.' : prefix], { cwd: repository });
  if (listed.exitCode !== 0) throw new GitError(`git ls-tree failed for ${ref}: ${String(listed.stderr).trim()}`);
  const entries = String(listed.stdout)
    .split('\0')
    .filter(Boolean)
    .map((entry) => {
      const tab = entry.indexOf('\t');
      const [mode, type, id, size] = entry.slice(0, tab).split(/ +/);
      return { mode: mode!, type: type!, id: id!, size: Number(size), file: entry.slice(tab + 1) };
    })
    .filter((entry) => entry.type === 'blob');
  const regular = (entry: (typeof entries)[number]) => entry.mode === '100644' || entry.mode === '100755';
  // Links are recreated as links (discovery decides, as in the working tree, whether to follow them).
  const links = entries.filter((entry) => entry.mode === '120000' && yamlFile.test(entry.file));
  const byPath = new Map(entries.map((entry) => [entry.file, entry]));

  const scratch = await mkdtemp(path.join(os.tmpdir(), 'weft-diff-')).catch((error: NodeJS.ErrnoException) => {
    throw new GitError(`cannot make a temporary directory in ${os.tmpdir()} (${error.code ?? error.message}); set TMPDIR to a writable directory`);
  });
  const dispose = () => rm(scratch, { recursive: true, force: true });
  const place = async (file: string) => {
    const target = path.join(scratch, ...file.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    return target;
  };
  try {
    const wanted = new Map(entries.filter((entry) => regular(entry) && projectFile.test(entry.file)).map((entry) => [entry.file, entry]));
    for (const [link, target] of await readBlobs(git, repository, ref, links)) {
      await symlink(target.toString('utf8'), await place(link.file));
      // What a link points at, inside the project, is written too, whatever its name.
      const pointed = path.posix.normalize(path.posix.join(path.posix.dirname(link.file), target.toString('utf8')));
      const entry = byPath.get(pointed);
      if (entry && regular(entry)) wanted.set(entry.file, entry);
    }
    for (const [entry, content] of await readBlobs(git, repository, ref, [...wanted.values()])) await writeFile(await place(entry.file), content);
    const root = path.join(scratch, ...prefix.split('/').filter(Boolean));
    await mkdir(root, { recursive: true });
    const exists = entries.some((entry) => entry.file === `${prefix}weft.yaml` || entry.file === `${prefix}weft.yml`);
    return { ref, commit, root, exists, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Files larger than weft reads (the loader refuses them) are not copied. */
const largestFile = 16 * 1024 * 1024;
/** How much one `git cat-file --batch` call returns at most: memory stays bounded. */
const batchBytes = 64 * 1024 * 1024;

/** The contents of blobs, read with `git cat-file --batch` in batches of bounded size. */
async function readBlobs<T extends { id: string; size: number; file: string }>(git: Git, repository: string, ref: string, blobs: readonly T[]): Promise<[T, Buffer][]> {
  const read: [T, Buffer][] = [];
  const small = blobs.filter((blob) => blob.size <= largestFile);
  for (let start = 0; start < small.length; ) {
    let end = start;
    let bytes = 0;
    while (end < small.length && (end === start || bytes + small[end]!.size <= batchBytes)) bytes += small[end++]!.size;
    const batch = small.slice(start, end);
    start = end;
    const answer = await git(['cat-file', '--batch'], { cwd: repository, input: batch.map((blob) => blob.id).join('\n') + '\n', buffer: true });
    if (answer.exitCode !== 0) throw new GitError(`git cat-file failed for ${ref} (exit ${answer.exitCode}): ${String(answer.stderr).trim()}`);
    const output = Buffer.from(answer.stdout as Uint8Array);
    let offset = 0;
    for (const blob of batch) {
      // "<id> blob <size>\n<content>\n"
      const newline = output.indexOf(10, offset);
      const header = output.subarray(offset, newline).toString('utf8').split(' ');
      if (header[1] !== 'blob') throw new GitError(`git cat-file: unexpected answer for ${blob.file}: ${header.join(' ')}`);
      const size = Number(header[2]);
      read.push([blob, output.subarray(newline + 1, newline + 1 + size)]);
      offset = newline + 1 + size + 1;
    }
  }
  return read;
}

/**
 * Where a project's working tree stands in git, recorded with each apply: HEAD's commit, its
 * branch (null when detached), whether the project's folder has changes not committed (the
 * engine's own `.weft/` aside), and HEAD's author. Undefined outside a repository or before its
 * first commit.
 */
export async function workingTreeSource(directory: string): Promise<RevisionSource | undefined> {
  let location;
  try {
    location = await gitLocation(directory);
  } catch (error) {
    if (error instanceof GitError) return undefined;
    throw error;
  }
  const { git, repository, prefix } = location;
  const folder = prefix === '' ? '.' : prefix;
  const [head, branch, status, author] = await Promise.all([
    git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: repository }),
    git(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: repository }),
    git(['status', '--porcelain', '-z', '--untracked-files=all', '--', folder, `:(exclude)${prefix}.weft`], { cwd: repository }),
    git(['log', '-1', '--format=%an <%ae>', 'HEAD'], { cwd: repository }),
  ]);
  if (head.exitCode !== 0) return undefined;
  return {
    commit: String(head.stdout).trim(),
    branch: branch.exitCode === 0 ? plainText(String(branch.stdout).trim(), 255) : null,
    dirty: String(status.stdout) !== '',
    author: plainText(String(author.stdout).trim(), 300) || '(unknown)',
  };
}

/**
 * Text from git (a branch, an author, a subject) as it is recorded and shown: git keeps control
 * characters in names and subjects, which would act on a terminal or a CI log; tabs and other
 * controls become spaces, and it is cut to what an engine accepts.
 */
export function plainText(text: string, max: number): string {
  const plain = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

/** A commit of a repository as `weft status` lists it. */
export interface CommitSummary {
  commit: string;
  subject: string;
}

/** What `weft status` asks of the repository a project is in. */
export class ProjectHistory {
  private constructor(
    private readonly git: Git,
    private readonly repository: string,
    private readonly prefix: string,
  ) {}

  /** The project's repository; undefined outside one. */
  static async of(directory: string): Promise<ProjectHistory | undefined> {
    try {
      const { git, repository, prefix } = await gitLocation(directory);
      return new ProjectHistory(git, repository, prefix);
    } catch (error) {
      if (error instanceof GitError) return undefined;
      throw error;
    }
  }

  resolve(ref: string): Promise<string> {
    return resolveCommit(this.git, this.repository, ref);
  }

  /**
   * The main branch: the one given, else the remote's default (origin/HEAD), else origin/main,
   * main, origin/master or master, whichever exists first; undefined when none does.
   */
  async mainBranch(given: string | undefined): Promise<{ ref: string; commit: string } | undefined> {
    if (given !== undefined) return { ref: given, commit: await this.resolve(given) };
    const remoteDefault = await this.git(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], { cwd: this.repository });
    const candidates = [...(remoteDefault.exitCode === 0 ? [String(remoteDefault.stdout).trim()] : []), 'origin/main', 'main', 'origin/master', 'master'];
    for (const ref of candidates) {
      const found = await this.git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { cwd: this.repository });
      if (found.exitCode === 0) return { ref, commit: String(found.stdout).trim() };
    }
    return undefined;
  }

  /** Whether `ancestor` is `commit` or before it; undefined when the repository does not have `ancestor`. */
  async contains(commit: string, ancestor: string): Promise<boolean | undefined> {
    const answer = await this.git(['merge-base', '--is-ancestor', ancestor, commit], { cwd: this.repository });
    return answer.exitCode === 0 ? true : answer.exitCode === 1 ? false : undefined;
  }

  /**
   * The commits after `from` up to `to` that change the project's folder: how many, and the
   * newest `limit` of them (subjects made plain text).
   */
  async commitsBetween(from: string, to: string, limit = 50): Promise<{ count: number; commits: CommitSummary[] }> {
    const folder = this.prefix === '' ? '.' : this.prefix;
    const [listed, counted] = await Promise.all([
      this.git(['log', `--max-count=${limit}`, '--format=%H%x09%s', `${from}..${to}`, '--', folder], { cwd: this.repository }),
      this.git(['rev-list', '--count', `${from}..${to}`, '--', folder], { cwd: this.repository }),
    ]);
    if (listed.exitCode !== 0) return { count: 0, commits: [] };
    const commits = String(listed.stdout)
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf('\t');
        return { commit: line.slice(0, tab), subject: plainText(line.slice(tab + 1), 200) };
      });
    return { count: counted.exitCode === 0 ? Number(String(counted.stdout).trim()) || commits.length : commits.length, commits };
  }
}
