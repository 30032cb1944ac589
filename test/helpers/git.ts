import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** Variables that would point git somewhere else than the test's repository (set in a git hook, say). */
export const gitRedirections = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_CEILING_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_CONFIG_COUNT',
  'GIT_CONFIG_PARAMETERS',
];

/** Git without the user's or the system's configuration: for the tests' git and the binary's own. */
export const hermeticGit: Record<string, string | undefined> = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull,
  ...Object.fromEntries(gitRedirections.map((name) => [name, undefined])),
};

/** git for setting up and inspecting a test repository; throws on failure, returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C' };
  for (const [name, value] of Object.entries(hermeticGit)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return execFileSync('git', ['-c', 'user.name=weft test', '-c', 'user.email=test@weft.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
