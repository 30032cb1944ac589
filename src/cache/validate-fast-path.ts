import path from 'node:path';
import { parseArgs } from 'node:util';
import { validateOptions } from '../cli/validate-options.js';
import { buildId, cachedResult, resultCacheFile } from './result-cache.js';

/**
 * `weft validate` answered from `.weft/cache/results.json` before the rest of weft is loaded
 * (bin/weft.cjs tries this first): the exit code when the recorded result still holds, after
 * writing it; undefined for anything else (the full run then runs, and records).
 */
export function serveCachedValidate(
  argv: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  stdout: { write(text: string): unknown; isTTY?: boolean },
  stderr: { write(text: string): unknown },
  bundleDirectory: string,
): number | undefined {
  const root = cacheableRoot(argv, cwd, env);
  const build = buildId(bundleDirectory);
  if (root === undefined || build === undefined) return undefined;
  const run = cachedResult(root, { argv, cwd, tty: stdout.isTTY === true }, env, build);
  if (!run) return undefined;
  if (env.WEFT_DEBUG === '1') stderr.write(`weft: the result of the last run, from ${path.relative(cwd, resultCacheFile(root)) || resultCacheFile(root)} (nothing it depended on changed)\n`);
  stdout.write(run.stdout);
  if (run.stderr !== '') stderr.write(run.stderr);
  return run.exitCode;
}

/**
 * The project root of a `weft validate` command line whose result may be cached: not with
 * --no-cache (or WEFT_NO_CACHE=1), not with --changed-since (git's state is not recorded), not
 * for a command line that does not parse (the full run says what is wrong).
 */
export function cacheableRoot(argv: readonly string[], cwd: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.WEFT_NO_CACHE === '1') return undefined;
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: validateOptions, allowPositionals: true, strict: true });
  } catch {
    return undefined;
  }
  if (parsed.values['no-cache'] === true || parsed.values['changed-since'] !== undefined || parsed.positionals.length > 1) return undefined;
  return path.resolve(cwd, parsed.positionals[0] ?? '.');
}
