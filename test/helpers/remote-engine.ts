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
  /** Everything it printed so far: stdout, then its log's messages, one a line. */
  output(): string;
  /** Its log so far, each line as the JSON object it is (the engines of the tests log JSON). */
  logLines(): Record<string, unknown>[];
  /** Its log so far, as written (stderr). */
  rawLog(): string;
  /**
   * Stops it (SIGTERM), waits for it to exit, and removes its directory unless kept. Fails when
   * a line of its log was not a JSON object with a level, a time and a message.
   */
  stop(options?: { keepDirectory?: boolean }): Promise<void>;
}

/**
 * An engine's log, written as JSON (`--log-format json`): each line parsed; the lines that are
 * not a log object (a level, an ISO time, a message) kept apart, to fail the test that started it.
 */
export function parseLog(text: string): { lines: Record<string, unknown>[]; bad: string[] } {
  const lines: Record<string, unknown>[] = [];
  const bad: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (typeof parsed.level !== 'string' || typeof parsed.msg !== 'string' || typeof parsed.time !== 'string' || Number.isNaN(Date.parse(parsed.time))) throw new Error('not a log object');
      lines.push(parsed);
    } catch {
      bad.push(line);
    }
  }
  return { lines, bad };
}

/**
 * Starts the real binary's engine. `env` is the engine's environment (on top of the test
 * default plus WEFT_ENGINE_TOKEN); `${env:}` placeholders resolve from it, not from the CLI's.
 */
export async function startEngine(env: Record<string, string | undefined> = {}, directory?: string, args: readonly string[] = []): Promise<RemoteEngine> {
  const home = directory ?? (await makeTemporaryDirectory('weft-engine-'));
  // JSON logs unless a test asks for another format: every line of every engine's log is checked.
  const json = !args.includes('--log-format');
  const child = spawn(process.execPath, [weftBinary, 'engine', 'start', home, '--port', '0', ...(json ? ['--log-format', 'json'] : []), ...args], {
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
    output: () => {
      if (!json) return stdout + stderr;
      const { lines, bad } = parseLog(stderr);
      return stdout + [...lines.map((line) => String(line.msg)), ...bad].map((line) => `${line}\n`).join('');
    },
    logLines: () => parseLog(stderr).lines,
    rawLog: () => stderr,
    async stop(options = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      if (!options.keepDirectory && directory === undefined) await removeTemporaryDirectory(home);
      const bad = json ? parseLog(stderr).bad : [];
      if (bad.length > 0) throw new Error(`the engine logged lines that are not JSON log objects:\n${bad.slice(0, 5).join('\n')}`);
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
