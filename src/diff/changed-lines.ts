import { GitError, gitLocation, resolveCommit } from './git-base.js';
import type { ChangedLines } from '../report/report-context.js';

/**
 * The lines of the project that differ from `ref` in the working tree (what a pull request
 * changes, when `ref` is its base), from `git diff --unified=0`; files git does not track yet
 * count as changed throughout.
 */
export async function changedLinesSince(projectRoot: string, ref: string): Promise<ChangedLines> {
  const { git, repository } = await gitLocation(projectRoot);
  const commit = await resolveCommit(git, repository, ref);
  // Prefixes stated, so a user's diff.noprefix or diff.mnemonicPrefix cannot change what is parsed.
  const diff = await git(
    ['-c', 'core.quotePath=off', 'diff', '--unified=0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--src-prefix=a/', '--dst-prefix=b/', '--relative', commit, '--', '.'],
    { cwd: projectRoot },
  );
  if (diff.exitCode !== 0) throw new GitError(`git diff against ${ref} failed: ${String(diff.stderr).trim()}`);
  const changed = new Map<string, Set<number> | 'all'>();
  let current: Set<number> | undefined;
  // File headers come after 'diff --git'; inside hunks, a '+++ ' line is an added line starting with '++ '.
  let inHeader = false;
  for (const line of String(diff.stdout).split('\n')) {
    if (line.startsWith('diff --git ')) {
      inHeader = true;
      current = undefined;
    } else if (inHeader && line.startsWith('@@')) {
      inHeader = false;
    }
    if (inHeader && line.startsWith('+++ ')) {
      // git ends the name with a tab when it holds a space.
      const target = line.slice(4).replace(/\t$/, '');
      current = undefined;
      if (target === '/dev/null') continue;
      const file = unquote(target).replace(/^b\//, '');
      current = new Set();
      changed.set(file, current);
    }
    if (line.startsWith('@@') && current) {
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!hunk) continue;
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let offset = 0; offset < count; offset++) current.add(start + offset);
    }
  }
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z', '--', '.'], { cwd: projectRoot });
  for (const file of String(untracked.stdout).split('\0').filter(Boolean)) changed.set(file, 'all');
  return changed;
}

/** A path as git writes it, C-quoted when it holds unusual characters. */
function unquote(text: string): string {
  if (!text.startsWith('"')) return text;
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let index = 1; index < text.length - 1; index++) {
    const char = text[index]!;
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = text[++index]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(text.slice(index, index + 3), 8));
      index += 2;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
