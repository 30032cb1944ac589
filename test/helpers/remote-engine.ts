import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTemporaryDirectory, removeTemporaryDirectory, weftBinary, weftEnvironment } from './run-weft.js';

/** The admin token the test engines run with. */
export const engineToken = 'test-engine-token-5d1c9a7e2b';

/** A `weft engine start` process on a free loopback port, with its own state directory. */
export interface RemoteEngine {
  url: string;
  /** Where its state lives (.weft/state.db below it). */
  directory: string;
  process: ChildProcess;
  /** Everything it printed so far (stdout then stderr). */
  output(): string;
  /** Stops it (SIGTERM), waits for it to exit, and removes its directory unless kept. */
  stop(options?: { keepDirectory?: boolean }): Promise<void>;
}

/**
 * Starts the real binary's engine. `env` is the engine's environment (on top of the test
 * default plus WEFT_ENGINE_TOKEN); `${env:}` placeholders resolve from it, not from the CLI's.
 */
export async function startEngine(env: Record<string, string | undefined> = {}, directory?: string, args: readonly string[] = []): Promise<RemoteEngine> {
  const home = directory ?? (await makeTemporaryDirectory('weft-engine-'));
  const child = spawn(process.execPath, [weftBinary, 'engine', 'start', home, '--port', '0', ...args], {
    env: weftEnvironment({ WEFT_ENGINE_TOKEN: engineToken, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the engine did not start in 10 s:\n${stdout}${stderr}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the engine exited with ${code} before listening:\n${stdout}${stderr}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    directory: home,
    process: child,
    output: () => stdout + stderr,
    async stop(options = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      if (!options.keepDirectory && directory === undefined) await removeTemporaryDirectory(home);
    },
  };
}

/** Points a project's weft.yaml at a remote engine, its token from ${env:WEFT_ENGINE_TOKEN}. */
export async function targetEngine(project: string, url: string): Promise<void> {
  const file = path.join(project, 'weft.yaml');
  const text = await readFile(file, 'utf8');
  if (!/^spec:\n/m.test(text) || /^ {2}engine:/m.test(text)) throw new Error(`${file}: expected a spec without an engine`);
  await writeFile(file, text.replace(/^spec:\n/m, `spec:\n  engine:\n    url: ${url}\n    token: \${env:WEFT_ENGINE_TOKEN}\n`));
}
