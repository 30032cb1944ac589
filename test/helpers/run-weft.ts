import { spawn } from 'node:child_process';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where package.json lives). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The real binary, as npm installs it. */
export const weftBinary = path.join(repoRoot, 'bin', 'weft.cjs');

/** The CLI fixture projects. */
export const cliFixtures = path.join(repoRoot, 'test', 'fixtures', 'cli');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Working directory; the repository root by default. */
  cwd?: string;
  /**
   * Variables to set (a string) or remove (undefined) on top of the default environment:
   * this process's environment without FORCE_COLOR, WEFT_DEBUG and WEFT_WORKERS, plus NO_COLOR=1.
   */
  env?: Record<string, string | undefined>;
  /** Kill the process after this many milliseconds (the test then fails on `signal`). */
  timeoutMs?: number;
  /** Close the reading end of stdout at once, as `weft ... | head` does when head is done. */
  closeStdout?: boolean;
}

/** The environment the binary runs with: deterministic, colourless unless a test asks. */
export function weftEnvironment(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.WEFT_DEBUG;
  delete env.WEFT_WORKERS;
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

// At most this many binaries at once, so tests may start runs together without thrashing.
const maxRunning = Math.max(2, os.availableParallelism() + 1);
let running = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(task: () => Promise<T>): Promise<T> {
  // A finished run hands its slot straight to the next waiting one.
  if (running < maxRunning) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await task();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Spawns `node bin/weft.cjs ...args` and collects its exit code and output. */
export async function runWeft(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  if (!existsSync(path.join(repoRoot, 'dist', 'weft.cjs'))) {
    throw new Error('dist/weft.cjs is missing: run `npm run build` before the CLI tests');
  }
  return withSlot(() => spawnWeft(args, options));
}

function spawnWeft(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [weftBinary, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: weftEnvironment(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 20_000,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    if (options.closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

/** A fresh directory under the OS temp dir; remove it with `removeTemporaryDirectory`. */
export function makeTemporaryDirectory(prefix = 'weft-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export function removeTemporaryDirectory(directory: string): Promise<void> {
  return rm(directory, { recursive: true, force: true });
}

/**
 * Copies a project (a path, or the name of a folder under test/fixtures/cli) into a new
 * temporary directory, which becomes the project root, and returns it. The caller removes it
 * with `removeTemporaryDirectory`.
 */
export async function copyFixture(source: string, prefix = 'weft-fixture-'): Promise<string> {
  const from = path.isAbsolute(source) ? source : existsSync(path.join(cliFixtures, source)) ? path.join(cliFixtures, source) : path.resolve(repoRoot, source);
  if (!existsSync(from)) throw new Error(`no fixture at ${from}`);
  const directory = await makeTemporaryDirectory(prefix);
  await cp(from, directory, { recursive: true });
  return directory;
}

/** Asserts a run's exit code (and that it was not killed), showing its output when it differs. */
export function expectExit(result: RunResult, code: number): void {
  assert.is(result.signal, null, `killed by ${result.signal}`);
  assert.is(result.code, code, `exit code ${result.code}, expected ${code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
}

/** A user's mistake never shows a stack trace, nor an internal error. */
export function expectNoStackTrace(result: Pick<RunResult, 'stdout' | 'stderr'>): void {
  for (const text of [result.stdout, result.stderr]) {
    assert.not.match(text, /^\s+at /m, `stack trace in output:\n${text}`);
    assert.not.match(text, /weft: internal error/, `internal error in output:\n${text}`);
  }
}
